"""Write README.md from nbs/index.ipynb without Quarto: `make readme`; `--check` fails if README.md differs.

What nbdev_readme makes with Quarto, made directly: the index's markdown, its visible code and their saved text
outputs; `#| hide` cells left out; links to chapters pointed at the notebooks in nbs/.
"""
import re, sys
from pathlib import Path

import nbformat

INDEX, README = Path('nbs/index.ipynb'), Path('README.md')

def cell_markdown(cell) -> str|None:
    "A cell as README markdown, or None for a hidden one"
    if re.match(r'\s*#\|\s*hide\b', cell.source): return None
    if cell.cell_type == 'markdown': return re.sub(r'\]\((\w+\.ipynb)\)', r'](nbs/\1)', cell.source)
    texts = [o.get('text') or o.get('data', {}).get('text/plain', '') for o in cell.outputs if o.get('name') != 'stderr']
    output = ''.join(t if t.endswith('\n') else t + '\n' for t in texts if t)
    return f'```python\n{cell.source}\n```' + ('\n\n' + re.sub(r'(?m)^(?=.)', '    ', output).rstrip() if output else '')

def readme() -> str:
    cells = nbformat.read(INDEX, as_version=4).cells
    return '\n\n'.join(filter(None, map(cell_markdown, cells))) + '\n'

if __name__ == '__main__':
    text = readme()
    if '--check' in sys.argv:
        if README.read_text() != text: sys.exit('README.md differs from nbs/index.ipynb: run `make readme` and commit it')
        print('README.md matches nbs/index.ipynb')
    else: README.write_text(text); print(f'wrote {README} from {INDEX}')
