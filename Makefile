# The README's two commands, `make train` and `make test`, set up .venv on first use.
# Everything the project needs is declared in settings.ini; this file only calls it.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: train test check docs docs-check readme bench venv

## make train: train the book's network on MNIST, print its test accuracy, save it in _models/
train: $(STAMP)
	$(BIN)/mnist_book train --out _models/mnist_book.keras --force

## make test: nbdev_test, then every notebook in a real Jupyter kernel; ends with `N passed, N failed`
test: $(STAMP)
	$(BIN)/python tools/test_book.py

## make check: fail if nbdev_export, nbdev_clean or the README would change what git holds, or the notebooks
## stop reading as a book (tools/lint_book.py: file order, folded check cells, clean outputs, line lengths)
check: $(STAMP)
	$(BIN)/python tools/lint_book.py
	$(BIN)/nbdev_export
	$(BIN)/nbdev_clean
	@test -z "$$(git status --porcelain -- nbs mnist_book)" || { git status --short -- nbs mnist_book; \
	  echo "nbdev_export or nbdev_clean changed the files above: run them and commit the result"; exit 1; }
	$(BIN)/python tools/make_readme.py --check

## make readme: write README.md from nbs/index.ipynb
readme: $(STAMP)
	$(BIN)/python tools/make_readme.py

## make docs: build the site into _docs/, the Chinese edition (nbs/zh/) into _docs/zh/, with nbdev's processing and
## Sphinx (myst-nb, sphinx-book-theme; no Quarto), the two editions' Sphinx in parallel processes
docs: $(STAMP)
	@start=$$(date +%s); $(BIN)/python tools/build_docs.py && echo "make docs: $$(( $$(date +%s) - start )) s"

## make pad-check: the drawing pad against Python, in Node.js, Chromium and JupyterLab (tools/test_pad.py); builds
## the pad's files, training the network first if _models/pad/ holds no current one
.PHONY: pad-check
pad-check: $(STAMP)
	$(BIN)/python tools/test_pad.py

## make bench: train the book's network every way (Keras fit, JAX, PyTorch, mnist_book on each backend), each in a
## process of its own, in interleaved rounds; prints the tables and the three targets, writes _bench/results.json
bench: $(STAMP)
	$(BIN)/python -m mnist_book.bench --force

## make docs-check: serve _docs/ on 127.0.0.1 and check every page of both editions in headless Chromium
docs-check: $(STAMP)
	$(BIN)/python tools/check_docs.py

venv: $(STAMP)

$(STAMP): settings.ini setup.py
	@$(PYTHON) -c 'import sys; sys.exit(f"mnist_book needs Python 3.10 or newer; {sys.executable} is {sys.version.split()[0]}" if sys.version_info < (3, 10) else 0)'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev,jax,bench]"  # JAX and PyTorch: Keras' other backends
	@touch $@
