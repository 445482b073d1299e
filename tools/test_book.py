"""The book's tests, as `make test` runs them.

1. `nbdev_test`: every notebook in `nbs/`, cells flagged `slow` or `notest` skipped (pass `--flags slow` to run them).
   The Chinese edition's notebooks (nbs/zh/) are run with the English ones.
2. Every notebook again, top to bottom in a real Jupyter kernel, as `jupyter nbconvert --execute` runs it
   (nbclient), on a copy in memory so that the committed notebooks are left as they are. Cells flagged as
   nbdev_test skips them (`#| slow`) are left out here too, unless `--flags` names the flag.

A notebook passes when both pass. Prints a line per notebook, then `N passed, N failed`, and exits non-zero on any failure.
"""
import argparse, subprocess, sys, time
from pathlib import Path

import nbformat
from nbdev.config import get_config
from nbdev.process import extract_directives
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, DeadKernelError

NBS = Path('nbs')
BIN = Path(sys.executable).parent

def run_nbdev_test(flags: str, n_workers: int) -> tuple:
    "Run nbdev_test; return the names of the notebooks it failed and its wall time"
    start = time.perf_counter()
    cmd = [str(BIN/'nbdev_test'), '--n_workers', str(n_workers), '--timing'] + (['--flags', flags] if flags else [])
    run = subprocess.run(cmd, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    print(run.stdout.strip())
    if run.returncode == 0: return set(), seconds
    print(run.stderr.strip()[-6000:], file=sys.stderr)  # the tracebacks, the list of failures last
    listed = run.stderr.split('=' * 50)[-1].split()
    return {name for name in listed if name.endswith('.ipynb')} or {'(nbdev_test)'}, seconds

def run_in_kernel(path: Path, timeout: int, skip: set) -> str|None:
    "Execute the notebook at `path` in a fresh Jupyter kernel, but for cells flagged with `skip`; return None, or the error"
    nb = nbformat.read(path, as_version=4)
    nb.cells = [c for c in nb.cells if c.cell_type != 'code' or not skip & extract_directives(c, remove=False).keys()]
    client = NotebookClient(nb, timeout=timeout, kernel_name='python3', resources={'metadata': {'path': str(path.parent)}})
    try: client.execute(stderr=subprocess.DEVNULL)  # the kernel's own log (TensorFlow's start-up notes); cell errors still come back
    except CellExecutionError as e: return ' '.join(f'{e.ename}: {e.evalue}'.split())[:300]
    except (DeadKernelError, TimeoutError) as e: return f'{type(e).__name__}: {e}'[:300]

def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--flags', default='', help="nbdev test flags to run, such as 'slow'")
    parser.add_argument('--n_workers', type=int, default=2, help='notebooks nbdev_test runs at once')
    parser.add_argument('--timeout', type=int, default=900, help='seconds one cell may take in the Jupyter run')
    args = parser.parse_args()
    notebooks = sorted((p for p in NBS.rglob('*.ipynb') if not p.name.startswith(('_', '.')) and '.ipynb_checkpoints' not in p.parts),
                       key=lambda p: (p.parent != NBS, str(p)))  # the English edition, then the Chinese (nbs/zh/)

    print(f'== nbdev_test ({len(notebooks)} notebooks)', flush=True)
    failed, seconds = run_nbdev_test(args.flags, args.n_workers)
    print(f'nbdev_test took {seconds:.0f} s')

    print(f'== Jupyter kernel, top to bottom', flush=True)
    errors = {}
    for path in notebooks:
        start = time.perf_counter()
        error = run_in_kernel(path, args.timeout, set(get_config().tst_flags.split()) - set(args.flags.split()))
        name = path.relative_to(NBS).as_posix()
        if error: errors[name] = error
        print(f"{'FAIL' if error else 'ok  '} {name} ({time.perf_counter() - start:.0f} s){': ' + error if error else ''}", flush=True)

    print('== notebooks')
    names = [path.relative_to(NBS).as_posix() for path in notebooks]
    # nbdev_test names a failed notebook by its file name alone, which both editions share: count it against both
    bad = {name for name in names if Path(name).name in failed} | set(errors) | (failed & {'(nbdev_test)'})
    for name in names:
        why = ', '.join(w for w, hit in (('nbdev_test', Path(name).name in failed), ('Jupyter', name in errors)) if hit)
        print(f"{'FAIL' if why else 'PASS'} {name}{' (' + why + ')' if why else ''}")
    if '(nbdev_test)' in failed: print('FAIL nbdev_test itself (see above)')
    print(f'{len(names) - len(bad & set(names))} passed, {len(bad)} failed')
    sys.exit(1 if bad else 0)

if __name__ == '__main__': main()
