# The README's two commands, `make train` and `make test`, set up .venv on first use.
# Everything the project needs is declared in settings.ini; this file only calls it.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: train test check venv

## make train: train the book's network on MNIST and print its test accuracy
train: $(STAMP)
	$(BIN)/mnist_book_train

## make test: nbdev_test, then every notebook in a real Jupyter kernel; ends with `N passed, N failed`
test: $(STAMP)
	$(BIN)/python tools/test_book.py

## make check: fail if nbdev_export or nbdev_clean would change what git holds
check: $(STAMP)
	$(BIN)/nbdev_export
	$(BIN)/nbdev_clean
	@test -z "$$(git status --porcelain -- nbs mnist_book)" || { git status --short -- nbs mnist_book; \
	  echo "nbdev_export or nbdev_clean changed the files above: run them and commit the result"; exit 1; }

venv: $(STAMP)

$(STAMP): settings.ini setup.py
	@$(PYTHON) -c 'import sys; sys.exit(f"mnist_book needs Python 3.10 or newer; {sys.executable} is {sys.version.split()[0]}" if sys.version_info < (3, 10) else 0)'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	@touch $@
