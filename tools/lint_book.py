"""Check what a reader of the notebooks relies on: `make check` runs it.

- Listing `nbs/` gives the book: the files are numbered in the sidebar's order, and no title says "Step N".
- Every check cell (a cell that asserts with `assert` or fastcore's `test_*`) is marked to fold, and only check
  cells are: its first lines are `#| code-fold: true` and `#| code-summary: Checks`.
- Saved outputs hold no TensorFlow start-up lines, temporary or home folders, download addresses or float noise.
- Lines of code are at most 120 characters, so that code and API cards do not scroll sideways.
- The Chinese edition (nbs/zh/) is checked the same way (its checks fold under 检查), and each of its chapters is
  in step with its English twin (tools/zh.py: the same code, the same numbers in the outputs, translations current).
"""
import ast, json, re, sys
from pathlib import Path

import nbformat

NBS = Path('nbs')
MARK = '#| code-fold: true\n#| code-summary: Checks\n'
ZH_MARK = '#| code-fold: true\n#| code-summary: 检查\n'
NOISE = {'a TensorFlow log line': re.compile(r'^[IWEF]\d{4} \d\d:\d\d|absl::InitializeLog|cuda drivers|cuInit', re.M),
         'a temporary or home folder': re.compile(r'/tmp/|/work/|/home/|/root/'),
         'a download address': re.compile(r'https?://storage\.googleapis'),
         'float noise': re.compile(r'\d\.\d*(?:0000000\d|9999999)\d*')}

def checks_something(source: str) -> bool:
    "Whether the cell's code asserts anything"
    try: tree = ast.parse('\n'.join(l for l in source.splitlines() if not l.startswith(('#|', '%', '!'))))
    except SyntaxError: return False
    return any(isinstance(n, ast.Assert) or isinstance(n, ast.Call) and isinstance(n.func, ast.Name)
               and n.func.id.startswith('test_') and n.func.id not in ('test_prepare_digit', 'test_readers', 'test_idx_headers')
               for n in ast.walk(tree)) or 'test_' in source and source.startswith(MARK)

def output_text(cell) -> str:
    "The text a reader sees in a cell's saved outputs"
    parts = []
    for out in cell.get('outputs', []):
        parts.append(''.join(out.get('text', '')))
        parts += [''.join(v) for k, v in out.get('data', {}).items() if k.startswith('text/')]
    return '\n'.join(parts)

def problems(path: Path) -> list:
    "Each way `path` falls short, as a line"
    found, nb = [], nbformat.read(path, as_version=4)
    mark = ZH_MARK if path.parent.name == 'zh' else MARK
    for i, cell in enumerate(nb.cells):
        where = f'{path.relative_to(NBS).as_posix()} cell {i}'
        if cell.cell_type == 'markdown':
            if re.search(r'^# Steps? \d', cell.source, re.M): found.append(f'{where}: a title says "Step N"')
            continue
        if cell.cell_type != 'code': continue
        marked, exported = cell.source.startswith(mark), re.match(r'#\|\s*exports?\b', cell.source)
        if not exported and not cell.source.startswith('#| hide') and checks_something(cell.source) and not marked:
            found.append(f'{where}: a check cell without the fold marker')
        if marked and cell.get('outputs') and any(o.get('output_type') != 'stream' or o.get('name') != 'stderr' for o in cell.outputs):
            found.append(f'{where}: a check cell that shows output; split it into a lesson cell and a check cell')
        found += [f'{where}: {what} in a saved output' for what, rx in NOISE.items() if rx.search(output_text(cell))]
        found += [f'{where}: line {n} is {len(l)} characters long (at most 120)' for n, l in enumerate(cell.source.splitlines(), 1)
                  if len(l) > 120]
    return found

def order_problems(folder: Path=NBS) -> list:
    "The sidebar lists the notebooks in the order of their file names"
    listed = re.findall(r'-\s*(\d\S*\.ipynb)', (folder/'sidebar.yml').read_text())
    on_disk = sorted(p.name for p in folder.glob('[0-9]*.ipynb'))
    return [] if listed == on_disk else [f'{folder}/sidebar.yml lists {listed}, the folder holds {on_disk}']

if __name__ == '__main__':
    sys.path.insert(0, str(Path(__file__).parent))
    import zh
    sources = json.loads(zh.SOURCES.read_text())
    found = order_problems() + order_problems(zh.ZH) + [p for path in sorted(NBS.glob('*.ipynb')) + sorted(zh.ZH.glob('*.ipynb'))
                                                       for p in problems(path)]
    found += [p for name in zh.chapters() for p in zh.pair_problems(name, sources)]
    print('\n'.join(found) or 'the notebooks read as a book: order, check cells, outputs and line lengths are in order')
    sys.exit(1 if found else 0)
