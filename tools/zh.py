"""Keep the Chinese edition (nbs/zh/) in step with the English one: `python tools/zh.py check|sync|new`.

Each Chinese chapter is the twin of an English notebook of the same file name. Its markdown cells are its own (the
translation); its code cells are the English cells, carried over by `code_of`: the same code, without nbdev's export
directives (the package is exported once, from the English notebooks), with the code that English pages hide behind
an API card folded under 代码, and checks folded under 检查. Cells keep the English cell ids, so the pairs can be matched.

- `check` (run by `make check`): every chapter has its twin; the twins have the same cells in the same order, each
  code cell the English one as `code_of` carries it over, and each translation made from the English text as it is now
  (nbs/zh/_sources.json records a hash of the English markdown each translation was made from); and the saved outputs
  of each pair of code cells show the same numbers (durations, figures followed by s or ms, excepted).
- `sync`: carry the English code cells over again after an English chapter changed; lists the markdown cells whose
  English changed since they were translated, which a translator must then revise (`--accept` records them as revised).
- `new STEM TRANSLATION.json [REVISION]`: make the twin of `nbs/STEM.ipynb` from a translation of its markdown cells,
  by cell id, made from the English as it was at git REVISION (default: as it is now).

The appendices stay in English; the Chinese edition has a page per appendix with a Chinese summary and a link to it.
"""
import hashlib, json, re, subprocess, sys
from pathlib import Path

import nbformat

NBS = Path('nbs')
ZH = NBS/'zh'
SOURCES = ZH/'_sources.json'
DIRECTIVE = re.compile(r'^#\|\s*(default_exp|exports?|exporti)\b.*\n?', re.M)
TIMING = re.compile(r'\d+(?:\.\d+)?\s*(?:s|ms|µs|seconds?)\b')
NUMBER = re.compile(r'-?\d+(?:\.\d+)?(?:e[-+]?\d+)?')

def chapters() -> list:
    "The English notebooks that have a Chinese twin: the home page and the chapters before the appendices"
    listed = re.findall(r'-\s*(\S+\.ipynb)', (NBS/'sidebar.yml').read_text())
    return [name for name in listed if not name.startswith('9')]

def digest(text: str) -> str: return hashlib.sha1(text.encode()).hexdigest()[:12]

def code_of(source: str) -> str|None:
    "An English code cell as its Chinese twin holds it, or None where the twin has no such cell"
    hidden_by_card = bool(re.match(r'#\|\s*export\s*$', source, re.M)) and 'code-fold' not in source
    code = DIRECTIVE.sub('', source).replace('#| code-summary: Checks', '#| code-summary: 检查')
    if not code.strip(): return None
    return '#| code-fold: true\n#| code-summary: 代码\n' + code if hidden_by_card else code

def twin_cells(english) -> list:
    "The English cells that have twins: every markdown cell, and the code cells `code_of` keeps"
    return [c for c in english.cells if c.cell_type == 'markdown' or c.cell_type == 'code' and code_of(c.source) is not None]

def numbers(cell) -> list:
    "The numbers a code cell's saved text outputs show, durations left out"
    texts = [''.join(o.get('text', '')) for o in cell.get('outputs', [])]
    texts += [''.join(v) for o in cell.get('outputs', []) for k, v in o.get('data', {}).items() if k in ('text/plain', 'text/markdown')]
    return [float(n) for t in texts for n in NUMBER.findall(TIMING.sub('', t))]

def pair_problems(name: str, sources: dict) -> list:
    "Each way the Chinese twin of `name` differs from it where they must agree"
    english, path = nbformat.read(NBS/name, as_version=4), ZH/name
    if not path.is_file(): return [f'{name}: no Chinese twin ({path})']
    chinese, found = nbformat.read(path, as_version=4), []
    en = twin_cells(english)
    if [(c.cell_type, c.id) for c in en] != [(c.cell_type, c.id) for c in chinese.cells]:
        return [f'{name}: the twins have different cells; run `python tools/zh.py sync`']
    for e, z in zip(en, chinese.cells):
        if e.cell_type == 'code':
            if z.source != code_of(e.source): found.append(f'{name} cell {e.id}: the code differs from the English')
            elif numbers(e) != numbers(z):
                found.append(f'{name} cell {e.id}: the outputs show {numbers(z)[:6]}, the English {numbers(e)[:6]}')
        elif sources.get(name, {}).get(e.id) != digest(e.source):
            found.append(f'{name} cell {e.id}: the English text changed since it was translated')
    return found

def sync(accept: bool=False) -> list:
    "Carry the English code over into every twin; return the translations to revise"
    sources, revise = json.loads(SOURCES.read_text()), []
    for name in chapters():
        english, path = nbformat.read(NBS/name, as_version=4), ZH/name
        if not path.is_file(): revise.append(f'{name}: no Chinese twin yet; make it with `new`'); continue
        chinese = {c.id: c for c in nbformat.read(path, as_version=4).cells}
        cells = []
        for e in twin_cells(english):
            if e.cell_type == 'code':
                old = chinese.get(e.id)
                keep = old is not None and old.cell_type == 'code' and old.source == code_of(e.source)
                cells.append(old if keep else nbformat.v4.new_code_cell(code_of(e.source), id=e.id))
            else:
                cells.append(chinese.get(e.id) or nbformat.v4.new_markdown_cell(e.source, id=e.id))
                if sources.get(name, {}).get(e.id) != digest(e.source):
                    if accept: sources.setdefault(name, {})[e.id] = digest(e.source)
                    else: revise.append(f'{name} cell {e.id}')
        nb = nbformat.read(path, as_version=4)
        nb.cells = cells
        nbformat.write(nb, path)
    SOURCES.write_text(json.dumps(sources, indent=1, sort_keys=True) + '\n')
    return revise

def new(stem: str, translation: Path, base: str|None=None) -> None:
    "Make the Chinese twin of nbs/STEM.ipynb from a translation of its markdown cells, made from git revision `base`"
    english = nbformat.read(NBS/f'{stem}.ipynb', as_version=4)
    translated = english if base is None else nbformat.reads(subprocess.run(
        ['git', 'show', f'{base}:nbs/{stem}.ipynb'], capture_output=True, text=True, check=True).stdout, as_version=4)
    zh, cells = json.loads(translation.read_text()), []
    missing = [c.id for c in english.cells if c.cell_type == 'markdown' and c.id not in zh]
    if missing: sys.exit(f'{translation} lacks the markdown cells {missing}')
    for e in twin_cells(english):
        cells.append(nbformat.v4.new_code_cell(code_of(e.source), id=e.id) if e.cell_type == 'code'
                     else nbformat.v4.new_markdown_cell(zh[e.id], id=e.id))
    nb = nbformat.v4.new_notebook(cells=cells, metadata=english.metadata)
    ZH.mkdir(exist_ok=True)
    nbformat.write(nb, ZH/f'{stem}.ipynb')
    sources = json.loads(SOURCES.read_text()) if SOURCES.is_file() else {}
    sources[f'{stem}.ipynb'] = {c.id: digest(c.source) for c in translated.cells if c.cell_type == 'markdown'}
    SOURCES.write_text(json.dumps(sources, indent=1, sort_keys=True) + '\n')

if __name__ == '__main__':
    command = sys.argv[1] if len(sys.argv) > 1 else 'check'
    if command == 'new':
        new(sys.argv[2], Path(sys.argv[3]), sys.argv[4] if len(sys.argv) > 4 else None)
        print(f'wrote {ZH}/{sys.argv[2]}.ipynb')
    elif command == 'sync':
        revise = sync(accept='--accept' in sys.argv)
        print('\n'.join(f'revise the translation of {r}' for r in revise) or 'the Chinese edition is in step')
    elif command == 'check':
        sources = json.loads(SOURCES.read_text()) if SOURCES.is_file() else {}
        found = [p for name in chapters() for p in pair_problems(name, sources)]
        print('\n'.join(found) or f'the Chinese edition is in step with the English ({len(chapters())} chapters)')
        sys.exit(1 if found else 0)
    else: sys.exit(f'tools/zh.py: unknown command {command!r}; expected check, sync or new')
