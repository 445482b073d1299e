"""Build the docs site into `_docs/` without Quarto: `make docs`.

1. nbdev processes the notebooks into `_proc/`, as `nbdev_docs` would before it calls Quarto (hidden cells
   dropped, API cards added, front matter from each notebook's title and summary).
2. smalldocs (pinned in settings.ini) renders `_proc/` as the Quarto website that `nbs/_quarto.yml` describes.
3. Nothing is fetched from a CDN: the formulas, which smalldocs would typeset in the browser with KaTeX from a CDN,
   are turned into MathML at build time by latex2mathml (pure Python, pinned in settings.ini), which browsers draw
   natively; and the theme's web-font import is dropped, so pages use the system's sans-serif font.
4. Each API card's source link points at a page of the module's source inside the site, so the site works,
   and can be checked, with no network.

Pages are named after each notebook's `output-file` (`load.html` for `01_load.ipynb`), as Quarto names them.
"""
import html, json, re, shutil, sys, time, warnings
from pathlib import Path

import yaml
from nbdev.config import get_config
from nbdev.doclinks import _build_modidx
from nbdev.quarto import nbdev_sidebar, refresh_quarto_yml
from nbdev.serve import proc_nbs
from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import PythonLexer
from latex2mathml.converter import convert as tex_to_mathml
from smalldocs import layout
from smalldocs.site import build

MATH = re.compile(r'<span class="math (inline|display)">\\[(\[](.*?)\\[)\]]</span>', re.S)  # smalldocs' math spans
KATEX_TAGS = re.compile(rf'<(link|script)[^>]*{re.escape(layout.KATEX)}[^>]*>(</script>)?')

def process(cfg) -> Path:
    "nbdev's processing of the notebooks into `_proc/`, without the Quarto install that `nbdev_docs` attempts"
    refresh_quarto_yml()
    _build_modidx()
    nbdev_sidebar.__wrapped__(path=cfg.nbs_path)
    return proc_nbs(cfg.nbs_path, n_workers=0, force=True)

def front_matter(nb: dict) -> tuple:
    "The YAML front matter of a processed notebook, and the cell that holds it"
    cell = nb['cells'][0]
    match = re.match(r'---\n(.*?)\n---', ''.join(cell['source']), re.S)
    return (yaml.safe_load(match.group(1)) if match else {}), cell

def name_pages(proc: Path, cfg) -> None:
    "Rename processed notebooks after their `output-file` and make links between pages relative"
    site = f"{cfg.doc_host.rstrip('/')}{cfg.doc_baseurl.rstrip('/')}/"
    renames = {}
    for path in sorted(proc.glob('*.ipynb')):
        fm, _ = front_matter(json.loads(path.read_text()))
        new = Path(fm.get('output-file', path.name)).with_suffix('.ipynb').name
        if new != path.name: renames[path.name] = new
    def fix(text: str) -> str:
        text = text.replace(site, '')
        for old, new in renames.items(): text = re.sub(rf'(?<![\w/]){re.escape(old)}', new, text)
        return text
    for path in proc.glob('*.ipynb'):
        nb = json.loads(path.read_text())
        fm, cell = front_matter(nb)
        fm.pop('output-file', None)  # smalldocs names pages after the file, so the file takes the name
        cell['source'] = '---\n' + yaml.safe_dump(fm, allow_unicode=True, sort_keys=False) + '---\n'
        for c in nb['cells']:
            c['source'] = fix(''.join(c['source']))
            for out in c.get('outputs', []):
                if 'text/markdown' in out.get('data', {}): out['data']['text/markdown'] = fix(''.join(out['data']['text/markdown']))
        (proc/renames.get(path.name, path.name)).write_text(json.dumps(nb, indent=1, ensure_ascii=False))
        if path.name in renames: path.unlink()
    (proc/'sidebar.yml').write_text(fix((proc/'sidebar.yml').read_text()))

def drop_quarto_only(proc: Path) -> None:
    "Remove from `_proc/_quarto.yml` what only Quarto does: the commonmark copy for nbdev_readme, keep-md"
    path = proc/'_quarto.yml'
    quarto = yaml.safe_load(path.read_text())
    quarto['format'].pop('commonmark', None)
    quarto['format']['html'].pop('keep-md', None)
    path.write_text(yaml.safe_dump(quarto, sort_keys=False))

def write_sources(out: Path, cfg) -> None:
    "A page per module of the package, with an anchor per line, for the API cards' source links"
    (out/'src').mkdir()
    formatter = HtmlFormatter(linenos='inline', lineanchors='L', anchorlinenos=True)
    for module in sorted(Path(cfg.lib_path).glob('*.py')):
        if module.name.startswith('_'): continue
        body = highlight(module.read_text(), PythonLexer(), formatter)
        (out/'src'/f'{module.name}.html').write_text(
            f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{cfg.lib_name}/{module.name}</title>'
            f'<link rel="icon" href="../favicon.png"><style>{formatter.get_style_defs(".highlight")} body{{font-family:monospace}}</style></head>'
            f'<body><p><a href="../index.html">{html.escape(cfg.lib_name)}</a> / {module.name}</p>{body}</body></html>')

def mathml(match: re.Match) -> str:
    "A smalldocs math span with its TeX turned into MathML"
    kind, tex = match.group(1), html.unescape(match.group(2))
    return f'<span class="math {kind}">{tex_to_mathml(tex, display="block" if kind == "display" else "inline")}</span>'

def localise(out: Path, cfg) -> None:
    "Make the site self-contained: MathML for the formulas, no web font, the source code inside the site"
    source_url = re.compile(rf'{re.escape(cfg.git_url)}/blob/{cfg.branch}/{cfg.lib_path.name}/(\w+\.py)#L(\d+)')
    for page in out.rglob('*.html'):
        text = KATEX_TAGS.sub('', MATH.sub(mathml, page.read_text()))
        page.write_text(source_url.sub(r'src/\1.html#L-\2', text))
    for css in (out/'site_libs'/'themes').glob('*.css'):
        css.write_text(re.sub(r'@import url\(https://fonts\.googleapis\.com/[^)]*\);', '', css.read_text()))

def main():
    # The hidden set-up cells quiet TensorFlow's C++ log before importing it, on purpose: nbdev may run them.
    warnings.filterwarnings('ignore', message='Found cells containing imports and other code')
    start, cfg = time.perf_counter(), get_config()
    proc = process(cfg)
    unprocessed = [nb.name for nb in Path(cfg.nbs_path).glob('*.ipynb') if not nb.name.startswith('_') and not (proc/nb.name).exists()]
    if unprocessed: sys.exit(f"build_docs: nbdev could not process {', '.join(unprocessed)} (see the error above)")
    name_pages(proc, cfg)
    drop_quarto_only(proc)
    processed = time.perf_counter()
    site = build(str(proc), quiet=True)
    for warning in site.warnings: print(f'smalldocs: {warning}', file=sys.stderr)
    docs = cfg.config_path/cfg.doc_path.name
    shutil.rmtree(docs, ignore_errors=True)
    shutil.move(site.out, docs)
    write_sources(docs, cfg)
    localise(docs, cfg)
    pages = len(list(docs.glob('*.html')))
    print(f'{pages} pages in {docs.name}/: nbdev processing {processed - start:.1f} s, '
          f'rendering {time.perf_counter() - processed:.1f} s, {time.perf_counter() - start:.1f} s in all')

if __name__ == '__main__': main()
