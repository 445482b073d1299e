"""Build the docs site into `_docs/` without Quarto, the English edition and the Chinese one in `_docs/zh/`: `make docs`.

1. nbdev processes the notebooks into `_proc/`, as `nbdev_docs` would before it calls Quarto (hidden cells dropped,
   API cards added, front matter from each notebook's title and summary).
2. Each processed notebook is converted into `_proc/site/` for myst-nb, reading Quarto's cell options as Quarto
   would: `#| echo: false` hides the code, `#| code-fold: true` folds it under its `#| code-summary`, `#| output:
   asis` puts its Markdown in the page, `#| fig-alt` is the figures' alt text, and a `::: {.callout-tip collapse=
   "true"}` block becomes a closed fold. API cards (nbdev's `show_doc`) become sections with nbdev's anchors, public
   names and Markdown comments in their signatures, and links to pages of the package's source inside the site.
3. Sphinx (pinned with myst-nb and sphinx-book-theme in settings.ini; configured in `tools/sphinx/`) renders them,
   with any warning an error, in the order of `nbs/sidebar.yml`; previous/next links, the search page, folds and
   the theme are its own. Formulas become MathML at build time (latex2mathml): no MathJax, nothing from a CDN.
4. The original notebooks go to `_docs/notebooks/` for "Download this notebook"; `nbs/assets/`, if there is one,
   to `_docs/assets/`; and if `tools/build_pad.py` exists it is run with `_docs/_static` as its argument, the
   folder where the drawing pad's files go.

Pages are named after each notebook's `output-file` (`load.html` for `01_load.ipynb`), as Quarto names them.
`--again` renders `_proc/` again without nbdev's processing, for work on the site's look (tools/sphinx/).

The Chinese edition (`nbs/zh/`, in the order of `nbs/zh/sidebar.yml`, which may list chapters not translated yet: they
are left out) goes through the same steps into `_docs/zh/`, with pages named as the English ones. It is a Sphinx
project of its own, built in a second process beside the English one: Sphinx's translations of its own words and the
word list of its Chinese search (jieba, with the glossary's terms and the chapters' titles as words of their own) are
global to a process, and each edition gets its own search, sidebar and previous/next. Links from a Chinese page to the
API cards and appendices (`../90_core.ipynb`), or to a chapter not translated yet, lead to the English pages. Every
page of each edition has a link to the same page in the other (its home page where there is none).
"""
import time
STARTED = time.perf_counter()  # imports included: nbdev's and Sphinx's take seconds
import html, importlib, io, os, itertools, json, logging, re, shutil, subprocess, sys, tokenize, warnings
from pathlib import Path

import yaml
from markdown_it import MarkdownIt
from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import PythonLexer

ROOT = Path(__file__).resolve().parents[1]
CONF = ROOT/'tools'/'sphinx'
CARD_START = re.compile(r'\A\s*---\s*\n')
MD_LINK = re.compile(r'\[((?:[^\[\]]|\[[^\]]*\])*)\]\(((?:\.\./)?[\w-]+\.html(?:#[\w.-]+)?)\)')  # nbdev's links to API cards
FENCE = re.compile(r'(^```.*?^```[ \t]*$)', re.S | re.M)
md = MarkdownIt('commonmark')
# The editions: the language Sphinx is given, the folder of _docs/ and of nbs/ each lives in, its link in the other's header
EDITIONS = {'en': dict(sphinx='en', lang='en', folder='', name='English'),
            'zh': dict(sphinx='zh_CN', lang='zh-CN', folder='zh', name='中文')}
CJK = re.compile(r'[\u3400-\u9fff]')

def process(cfg) -> Path:
    "nbdev's processing of the notebooks into `_proc/`, without the Quarto install that `nbdev_docs` attempts"
    from nbdev.doclinks import _build_modidx
    from nbdev.serve import proc_nbs
    _build_modidx()
    proc = proc_nbs(cfg.nbs_path, n_workers=0, force=True)
    unprocessed = [nb.relative_to(cfg.nbs_path).as_posix() for nb in [*Path(cfg.nbs_path).glob('*.ipynb'), *Path(cfg.nbs_path).glob('zh/*.ipynb')]
                   if not nb.name.startswith('_') and not (proc/nb.relative_to(cfg.nbs_path)).exists()]
    if unprocessed: sys.exit(f"build_docs: nbdev could not process {', '.join(unprocessed)} (see the error above)")
    return proc

def front_matter(nb: dict) -> tuple:
    "The YAML front matter of a processed notebook, and the cell that holds it"
    cell = nb['cells'][0]
    match = re.match(r'---\n(.*?)\n---', ''.join(cell['source']), re.S)
    return (yaml.safe_load(match.group(1)) if match else {}), cell

def name_pages(proc: Path, cfg, english: dict|None=None) -> dict:
    """Rename processed notebooks after their `output-file`, make links between pages relative; page -> notebook.
    A translation's pages (`english`: the English edition's page -> notebook) sit a folder below the English ones: its
    links to API cards, to `../NN_x.ipynb` and to chapters it lacks lead to English pages (`../x.html`)."""
    site = f"{cfg.doc_host.rstrip('/')}{cfg.doc_baseurl.rstrip('/')}/"
    renames = {}
    for path in sorted(proc.glob('*.ipynb')):
        fm, _ = front_matter(json.loads(path.read_text()))
        renames[path.name] = Path(fm.get('output-file', path.name)).with_suffix('.ipynb').name
    english_page = {nb: page for page, nb in (english or {}).items()}
    def to_english(m: re.Match) -> str:
        up, nb, anchor = m.group(1), m.group(2), m.group(3) or ''
        if (up or nb not in renames) and nb in english_page: return f'](../{english_page[nb]}.html{anchor})'
        return m.group(0)
    def fix(text: str) -> str:
        text = text.replace(site, '../' if english is not None else '')
        if english is not None: text = re.sub(r'\]\((\.\./)?([\w-]+\.ipynb)(#[\w.-]+)?\)', to_english, text)
        for old, new in renames.items():
            if old != new: text = re.sub(rf'(?<![\w/]){re.escape(old)}', new, text)
        return text
    for path in sorted(proc.glob('*.ipynb')):
        nb = json.loads(path.read_text())
        fm, cell = front_matter(nb)
        fm.pop('output-file', None)
        cell['source'] = '---\n' + yaml.safe_dump(fm, allow_unicode=True, sort_keys=False) + '---\n'
        for c in nb['cells']:
            c['source'] = fix(''.join(c['source']))
            for out in c.get('outputs', []):
                if 'text/markdown' in out.get('data', {}): out['data']['text/markdown'] = fix(''.join(out['data']['text/markdown']))
        path.unlink()
        (proc/renames[path.name]).write_text(json.dumps(nb, indent=1, ensure_ascii=False))
    return {Path(new).stem: old for old, new in renames.items()}

def reading_order(nbs: Path, notebooks: dict, translation: bool=False) -> list:
    "The sidebar's parts as (caption or None, [page names]), from the sidebar.yml in `nbs`; a translation's lists only the chapters it has"
    page = {nb: name for name, nb in notebooks.items()}
    parts = []
    for item in yaml.safe_load((nbs/'sidebar.yml').read_text())['website']['sidebar']['contents']:
        caption, listed = (None, [item]) if isinstance(item, str) else (item['section'], item['contents'])
        if translation: listed = [nb for nb in listed if (nbs/nb).is_file()]  # a chapter not translated yet
        unknown = [nb for nb in listed if nb not in page]
        if unknown: sys.exit(f"build_docs: {nbs}/sidebar.yml lists {', '.join(unknown)}, which nbdev did not process")
        if listed: parts.append((caption, [page[nb] for nb in listed]))
    return parts

# --- Markdown -----------------------------------------------------------------------------------------------------

def code_html(text: str) -> str:
    "Markdown inline code and text, as HTML"
    return md.renderInline(text).replace('<code>', '<code class="docutils literal notranslate">')

def link_html(match: re.Match) -> str:
    "An nbdev link to a page's anchor, as raw HTML (MyST would look the anchor up among its own)"
    return f'<a class="reference internal" href="{html.escape(match.group(2))}">{code_html(match.group(1))}</a>'

def plain_links(text: str) -> str:
    "Links inside a heading reduced to their text, so that titles in the sidebar and search stay plain"
    return MD_LINK.sub(lambda m: m.group(1), text)

def convert_markdown(text: str) -> str:
    "nbdev's links to anchors as raw HTML, outside code blocks; headings keep only the links' text"
    parts = FENCE.split(text)
    for i in range(0, len(parts), 2):
        lines = parts[i].split('\n')
        parts[i] = '\n'.join(plain_links(l) if l.startswith('#') else MD_LINK.sub(link_html, l) for l in lines)
    return ''.join(parts)

# --- API cards ----------------------------------------------------------------------------------------------------

def public_name(path: str) -> str:
    """The shortest public spelling of a dotted name that is the same object: `numpy.random._generator.Generator` is
    `numpy.random.Generator`. Middle parts are dropped, later ones kept first; names with a `_` part are private."""
    parts = path.split('.')
    if len(parts) < 3 and not any(p.startswith('_') for p in parts): return path
    def find(parts):
        for i in range(len(parts) - 1, 0, -1):
            try: obj = importlib.import_module('.'.join(parts[:i]))
            except Exception: continue
            for attr in parts[i:]:
                obj = getattr(obj, attr, None)
                if obj is None: return None
            return obj
    target = find(parts)
    if target is None: return path
    middle = parts[1:-1]
    for size in range(len(middle)):
        for keep in sorted(itertools.combinations(range(len(middle)), size), key=lambda k: [-i for i in reversed(k)]):
            candidate = [parts[0], *(middle[i] for i in keep), parts[-1]]
            if any(p.startswith('_') for p in candidate): continue
            if find(candidate) is target: return '.'.join(candidate)
    return path

def signature_html(code: str, kind: str) -> str:
    "A show_doc signature as highlighted HTML lines: `class` for classes, public names, Markdown comments rendered"
    lines = code.rstrip('\n').split('\n')
    lines[0] = re.sub(r'^def ', f'{kind} ', lines[0])
    if kind == 'class': lines[-1] = re.sub(r'\)\s*->\s*None\s*:\s*$', '):', lines[-1])  # __init__'s, not the class's
    formatter = HtmlFormatter(nowrap=True)
    out = []
    for line in lines:
        comment = ''
        try:
            for tok in tokenize.generate_tokens(io.StringIO(line + '\n').readline):
                if tok.type == tokenize.COMMENT: comment = line[tok.start[1]:]; line = line[:tok.start[1]]; break
        except (tokenize.TokenError, IndentationError, SyntaxError): pass
        line = re.sub(r'\b[A-Za-z_]\w*(?:\.[A-Za-z_]\w*){1,}', lambda m: public_name(m.group(0)), line)
        body = highlight(line, PythonLexer(), formatter).rstrip('\n')
        if comment:
            body += f'<span class="c1">#&nbsp;{MD_LINK.sub(link_html, md.renderInline(comment[1:].strip()))}</span>'
        indent = len(line) - len(line.lstrip(' '))
        out.append(f'<span class="cl" style="--i:{indent}">{body}</span>')
    return '\n'.join(out)

def card_cells(card: str, level: int, cfg, sources: dict) -> tuple:
    "An nbdev show_doc card as a Markdown cell: a heading with the name, the signature, the docstring; and its anchors"
    card = CARD_START.sub('', card)
    src = re.search(r'\[source\]\((\S+?)\)(\{[^}]*\})?', card)
    head = re.search(r'^(#+) (.+)$', card, re.M)
    sig = re.search(r'```python\n(.*?)```', card, re.S)
    if not (head and sig): raise ValueError(f'an API card build_docs cannot read: {card[:200]!r}')
    name = head.group(2).strip()
    rest = card[sig.end():].strip()
    kind, source_link = 'def', ''
    if src:
        module_line = re.search(rf'/blob/{re.escape(cfg.branch)}/{re.escape(cfg.lib_path.name)}/(\w+\.py)#L(\d+)$', src.group(1))
        if module_line:
            module, line = module_line.group(1), int(module_line.group(2))
            sources.setdefault(module, set()).add(line)
            text = (cfg.lib_path/module).read_text().splitlines()[line - 1:]
            definition = next((l for l in text if re.match(r'\s*(async\s+def|def|class)\b', l)), '')
            if definition.lstrip().startswith('class'): kind = 'class'
            source_link = (f'<a class="api-source" href="src/{module}.html#L{line}" '
                           f'aria-label="Source of {html.escape(name)}">source</a>')
    # The docstring comes as *italics*: plain text reads better under the signature
    doc = re.sub(r'^\*(.+)\*$', r'\1', rest, flags=re.S) if rest.count('\n') == 0 else rest
    anchors = list(dict.fromkeys([name.lower(), name]))
    cell = (f'{"#" * level} `{name}`\n\n'
            f'<div class="api-card"><div class="api-sig highlight-python notranslate"><div class="highlight">'
            f'<pre>{signature_html(sig.group(1), kind)}</pre></div></div>{source_link}</div>\n\n'
            f'{convert_markdown(doc)}\n')
    return cell, name, anchors

# --- cells --------------------------------------------------------------------------------------------------------

def directives(source: str) -> tuple:
    "Quarto's `#| key: value` options at the top of a code cell, and the code without them"
    lines, opts = source.split('\n'), {}
    while lines and lines[0].startswith('#|'):
        key, _, value = lines.pop(0)[2:].partition(':')
        try: parsed = yaml.safe_load(value) if value.strip() else True
        except yaml.YAMLError: parsed = value.strip()
        opts[key.strip()] = value.strip() if isinstance(parsed, dict) else parsed  # `fig-alt: Digits: 5 0 4` is text
    return opts, '\n'.join(lines)

def markdown_cell(text: str) -> dict:
    return {'cell_type': 'markdown', 'metadata': {}, 'source': text}

CALLOUT = re.compile(r'^::: *\{\.callout-(\w+)([^}]*)\}\s*$')

def callout_html(match: re.Match) -> str:
    "A Quarto callout's opening: a closed fold when it collapses, otherwise a note box"
    kind, attrs = match.group(1), match.group(2)
    title = re.search(r'title="([^"]*)"', attrs)
    title = html.escape(title.group(1) if title else kind.capitalize())
    if re.search(r'collapse="?true', attrs):
        return f'<details class="fold callout callout-{kind}">\n<summary><span class="fold-label">{title}</span></summary>\n'
    return f'<div class="admonition callout callout-{kind}">\n<p class="admonition-title">{title}</p>\n'

def convert_notebook(nb: dict, page: str, cfg, sources: dict) -> tuple:
    "A processed notebook as myst-nb reads it; its cards' anchors, and the terms it puts in bold"
    fm, _ = front_matter(nb)
    cells, cards, callouts, level = [], {}, [], 1
    title = fm.get('title', page)
    head = f'# {title}\n'
    if fm.get('description'):
        head += f'\n```{{container}} page-description\n{fm["description"]}\n```\n'
    cells.append(markdown_cell(head))
    for cell in nb['cells'][1:]:
        source = ''.join(cell['source'])
        if cell['cell_type'] == 'raw': continue
        if cell['cell_type'] == 'markdown':
            if source.strip().startswith('<!-- WARNING: THIS FILE WAS AUTOGENERATED!'): continue
            if (m := CALLOUT.match(source.strip())):
                callouts.append('details' if 'collapse' in m.group(2) else 'div')
                cells.append(markdown_cell(callout_html(m))); continue
            if source.strip() == ':::':
                if not callouts: raise ValueError(f'{page}: a ::: closes no callout')
                cells.append(markdown_cell(f'</{callouts.pop()}>\n')); continue
            for h in re.findall(r'^(#+) ', re.sub(FENCE, '', source), re.M):
                if callouts: raise ValueError(f'{page}: a heading inside a callout would break the fold')
                level = len(h)
            cells.append(markdown_cell(convert_markdown(source))); continue
        opts, code = directives(source)
        outputs = cell.get('outputs', [])
        markdown = [''.join(o['data']['text/markdown']) for o in outputs if 'text/markdown' in o.get('data', {})]
        if re.match(r'\s*show_doc\(', code) and markdown:
            for card in markdown:
                # A card is a section under the current heading; nbdev puts methods (####) a level below functions (###)
                depth = len((re.search(r'^(#+) ', card, re.M) or [None, '###'])[1])
                text, name, anchors = card_cells(card, min(6, level + 1 + max(0, depth - 3)), cfg, sources)
                cards[name] = anchors
                cells.append(markdown_cell(text))
            continue
        if opts.get('output') == 'asis' and markdown:
            if opts.get('echo', True) is not False:
                cells.append({**cell, 'source': code, 'outputs': []})
            cells.append(markdown_cell(convert_markdown('\n\n'.join(markdown)))); continue
        for out in outputs:  # a widget needs a kernel (and myst-nb would fetch its manager from a CDN): show its text
            if len(out.get('data', {})) > 1: out['data'].pop('application/vnd.jupyter.widget-view+json', None)
            if 'text/markdown' in out.get('data', {}):  # a Markdown output's links to anchors, as in a Markdown cell
                out['data']['text/markdown'] = convert_markdown(''.join(out['data']['text/markdown']))
        meta = dict(cell.get('metadata', {}))
        tags = list(meta.get('tags', []))
        if opts.get('echo') is False: tags.append('remove-input')
        if opts.get('output') is False: tags.append('remove-output')
        if opts.get('code-fold') is True:
            tags.append('hide-input')
            summary = str(opts.get('code-summary', 'Code'))
            meta['mystnb'] = {**meta.get('mystnb', {}), 'code_prompt_show': summary, 'code_prompt_hide': summary}
        if opts.get('fig-alt'):
            meta['mystnb'] = {**meta.get('mystnb', {}), 'image': {'alt': str(opts['fig-alt'])}}
        if tags: meta['tags'] = tags
        cells.append({**cell, 'metadata': meta, 'source': code})
    if callouts: raise ValueError(f'{page}: a callout is not closed with :::')
    nb = {**nb, 'metadata': {k: v for k, v in nb.get('metadata', {}).items() if k != 'widgets'}}
    bold = {m.lower() for c in cells if c['cell_type'] == 'markdown'
            for m in re.findall(r'\*\*([^*\n]{2,40}?)\*\*', ''.join(c['source'])) if not m.rstrip().endswith(('.', ':', '。', '：'))}
    plain = html.unescape(re.sub(r'<[^>]+>', '', md.renderInline(str(fm.get('description', '')))))
    return {**nb, 'cells': cells}, cards, bold, plain

def toc_cell(parts: list) -> dict:
    "The book's parts as hidden tables of contents on the home page: the sidebar and previous/next follow them"
    text = ''
    for caption, pages in parts:
        pages = [p for p in pages if p != 'index']
        if not pages: continue
        text += f'\n```{{toctree}}\n:hidden:\n{":caption: " + caption if caption else ""}\n\n' + '\n'.join(pages) + '\n```\n'
    return markdown_cell(text)

# --- source pages ---------------------------------------------------------------------------------------------------

def source_page(module: Path, cfg, notebooks: dict) -> str:
    "A module of the package as a page of the site: no generator markers, an anchor on each line"
    text = module.read_text()
    made_from = re.search(r'File to edit: \.\./\w+/(\S+\.ipynb)', text)
    lines = highlight(text, PythonLexer(), HtmlFormatter(nowrap=True)).split('\n')
    plain = text.split('\n')
    out, blank = [], False
    for number, (line, raw) in enumerate(zip(lines, plain), 1):
        if re.match(r'# (AUTOGENERATED!|%% )', raw): continue
        if not raw.strip():
            if blank: continue
            blank = True
        else: blank = False
        indent = len(raw) - len(raw.lstrip(' '))
        out.append(f'<span class="cl" id="L{number}" style="--i:{min(indent, 40)}">{line}</span>')
    page = {nb: name for name, nb in notebooks.items()}.get(made_from.group(1) if made_from else '')
    intro = (f'The whole module, as `nbdev_export` writes it from the chapter [](../{page}.ipynb), which explains '
             'it.') if page else ''
    return (f'---\norphan: true\nnosearch: true\n---\n# {cfg.lib_path.name}/{module.name}\n\n{intro}\n\n'
            '```{raw} html\n<div class="highlight-python notranslate source-listing"><div class="highlight"><pre>'
            + '\n'.join(out) + '</pre></div></div>\n```\n')

# --- search ---------------------------------------------------------------------------------------------------------

def scorer_js(data: dict) -> str:
    "Sphinx's search scorer with the book's ranking (see tools/sphinx/static/scorer.js), and its data"
    return f'const MNIST_SEARCH = {json.dumps(data, ensure_ascii=False, sort_keys=True)};\n' + (CONF/'scorer.js').read_text()

def glossary_terms(cells: list, glossary: str) -> dict:
    "Each glossary term -> the page the glossary links it to (the chapter that introduces it)"
    terms = {}
    for c in cells:
        texts = [''.join(c['source'])] if c['cell_type'] == 'markdown' else \
                [''.join(o['data']['text/markdown']) for o in c.get('outputs', []) if 'text/markdown' in o.get('data', {})]
        for text in texts:
            for term, target in re.findall(r'^\| *\[([^\]]+)\]\(([\w-]+)\.ipynb\)', text, re.M):
                terms.setdefault(term.lower(), []).extend([target, glossary])
    return terms

def term_names(chinese: str) -> list:
    """The Chinese names, of two characters or more, a glossary term goes by: `全连接（密集）层` is 全连接层 and 密集层,
    `ReLU（线性整流函数）` is 线性整流函数, `权重衰减（L2 正则化）` is 权重衰减 and 正则化"""
    names = [re.sub(r'（[^）]*）', '', chinese), re.sub(r'[^\s（）]*（([^）]*)）', r'\1', chinese)]
    words = [w for name in names for w in name.split()]
    return [w for w in dict.fromkeys(words) if CJK.search(w) and len(w) >= 2]

def chinese_terms(notebooks: dict, glossary: str) -> dict:
    "Each Chinese name of a glossary term (mnist_book.glossary) -> the page that introduces it and the glossary"
    from mnist_book.glossary import GLOSSARY
    page = {nb: name for name, nb in notebooks.items()}
    return {name: [page[t.chapter], glossary] for t in GLOSSARY if t.chapter in page for name in term_names(t.chinese)}

def search_words(notebooks: dict, titles: list) -> str:
    """jieba's user dictionary for the Chinese search: the glossary's terms and the chapters' titles are words of
    their own (过拟合 is indexed as 过拟合, not as 过 and 拟合), so that a search for them finds them"""
    from mnist_book.glossary import GLOSSARY
    words = [w for t in GLOSSARY for w in term_names(t.chinese)]
    words += [w for title in titles for w in str(title).split() if CJK.search(w) and len(w) >= 2]
    return ''.join(f'{w}\n' for w in dict.fromkeys(words))

# --- build ----------------------------------------------------------------------------------------------------------

def convert(proc: Path, site: Path, cfg, notebooks: dict, parts: list, edition: str='en') -> dict:
    "Write Sphinx's source folder for an edition; return the settings it needs beyond conf.py"
    shutil.rmtree(site, ignore_errors=True)
    (site/'src').mkdir(parents=True)
    order = [p for _, pages in parts for p in pages]
    listed = set(order)
    unlisted = sorted(set(notebooks) - listed)
    if unlisted: sys.exit(f"build_docs: {', '.join(notebooks[p] for p in unlisted)} not in the sidebar.yml beside them")
    sources, cards, defines, bold_terms, descriptions, titles = {}, {}, {}, {}, {}, []
    for page in order:
        raw = json.loads((proc/f'{page}.ipynb').read_text())
        titles.append(front_matter(raw)[0].get('title', ''))
        nb, page_cards, bold, descriptions[page] = convert_notebook(raw, page, cfg, sources)
        if page == 'index': nb['cells'].append(toc_cell(parts))
        for i, c in enumerate(nb['cells']): c['id'] = f'c{i}'
        cards[page] = page_cards
        for term in bold: bold_terms.setdefault(term, []).append(page)
        if re.search(r'glossary', page):
            defines.update(glossary_terms(nb['cells'], page))
            if edition != 'en': defines.update(chinese_terms(notebooks, page))
        (site/f'{page}.ipynb').write_text(json.dumps(nb, indent=1, ensure_ascii=False))
    for module in sorted(sources):
        (site/'src'/f'{module}.md').write_text(source_page(cfg.lib_path/module, cfg, notebooks))
    if not sources: (site/'src').rmdir()
    for term, pages in bold_terms.items():
        defines.setdefault(term, []).extend(p for p in pages if p not in defines.get(term, []))
    data = {'order': order, 'defines': defines,
            'cards': {p: sorted({a for anchors in c.values() for a in anchors}) for p, c in cards.items() if c}}
    (site/'_scorer.js').write_text(scorer_js(data))
    nbs = Path(cfg.nbs_path)/EDITIONS[edition]['folder']
    if (nbs/'assets').is_dir(): shutil.copytree(nbs/'assets', site/'assets')
    overrides = {'mnist_cards': cards, 'mnist_descriptions': descriptions, 'mnist_notebooks': {p: notebooks[p] for p in order},
                 'html_search_scorer': str((site/'_scorer.js').resolve()), 'language': EDITIONS[edition]['sphinx'],
                 'mnist_nbs_path': Path(cfg.nbs_path, EDITIONS[edition]['folder']).relative_to(cfg.config_path).as_posix()}
    if edition == 'zh':
        (site/'_words.txt').write_text(search_words(notebooks, titles))
        overrides |= {'html_search_language': 'zh', 'html_search_options': {'dict': str((site/'_words.txt').resolve())}}
    return overrides

def language_switch(other: str, pages: list) -> dict:
    """What each page of an edition needs for its link to the same page in the `other` edition, whose pages are `pages`:
    the other's folder seen from this one's (the English edition is at the top, a translation in a folder below)"""
    root = (EDITIONS[other]['folder'] + '/') if EDITIONS[other]['folder'] else '../'
    return {'root': root, 'pages': sorted({*pages, 'search'}), 'lang': EDITIONS[other]['lang'], 'text': EDITIONS[other]['name']}

def sphinx_build(site: Path, build: Path, overrides: dict) -> Path:
    "Render the site with Sphinx inside `build` (myst-nb writes beside its output); any warning fails"
    from sphinx.application import Sphinx
    from sphinx.util.console import nocolor
    if overrides.get('html_search_language') == 'zh':
        import jieba
        jieba.setLogLevel(logging.WARNING)  # no "Building prefix dict..." on every build
    nocolor()
    shutil.rmtree(build, ignore_errors=True)
    log = io.StringIO()
    app = Sphinx(site, CONF, build/'html', build/'doctrees', 'html', confoverrides=overrides, status=None, warning=log,
                 freshenv=True)
    app.build(force_all=True)
    warnings_seen = log.getvalue().strip()
    if warnings_seen or app.statuscode:
        sys.exit(f'build_docs: Sphinx warned on {site.name}/, which this build treats as an error:\n{warnings_seen}')
    return build/'html'

def sphinx_elsewhere(site: Path, build: Path, overrides: dict) -> subprocess.Popen:
    "Start Sphinx on `site` in a process of its own (`--sphinx SITE BUILD`), with the settings in SITE/_overrides.json"
    (site/'_overrides.json').write_text(json.dumps(overrides, ensure_ascii=False))
    return subprocess.Popen([sys.executable, __file__, '--sphinx', str(site), str(build)], cwd=ROOT)

def finish(html_out: Path, docs: Path, nbs: Path, notebooks: dict, site: Path) -> int:
    "Put a rendered edition in `docs`, with its original notebooks to download and its assets; return its page count"
    shutil.move(html_out, docs)
    (docs/'notebooks').mkdir()
    for notebook in notebooks.values(): shutil.copy2(nbs/notebook, docs/'notebooks'/notebook)
    if (site/'assets').is_dir(): shutil.copytree(site/'assets', docs/'assets', dirs_exist_ok=True)
    (docs/'.buildinfo').unlink(missing_ok=True)
    if (docs/'_sources').is_dir() and not any((docs/'_sources').iterdir()): (docs/'_sources').rmdir()
    return len(list(docs.glob('*.html')))

def main():
    if sys.argv[1:2] == ['--sphinx']:  # the second edition's Sphinx, started by sphinx_elsewhere
        site, build = Path(sys.argv[2]), Path(sys.argv[3])
        sphinx_build(site, build, json.loads((site/'_overrides.json').read_text()))
        return
    from nbdev.config import get_config
    # The hidden set-up cells quiet TensorFlow's C++ log before importing it, on purpose: nbdev may run them.
    warnings.filterwarnings('ignore', message='Found cells containing imports and other code')
    cfg = get_config()
    proc = cfg.config_path/'_proc'
    if '--again' in sys.argv[1:]:  # for work on the site itself: render again what nbdev processed last time
        notebooks = json.loads((proc/'pages.json').read_text())
    else:
        proc = process(cfg)
        notebooks = {'en': name_pages(proc, cfg)}
        notebooks['zh'] = name_pages(proc/'zh', cfg, english=notebooks['en']) if (proc/'zh').is_dir() else {}
        (proc/'pages.json').write_text(json.dumps(notebooks, indent=1))
    processed = time.perf_counter()
    editions = [e for e in EDITIONS if notebooks.get(e)]
    nbs = {e: Path(cfg.nbs_path)/EDITIONS[e]['folder'] for e in editions}
    site = {e: proc/('site' if e == 'en' else f'site-{e}') for e in editions}
    build = {e: proc/('build' if e == 'en' else f'build-{e}') for e in editions}
    parts = {e: reading_order(nbs[e], notebooks[e], translation=e != 'en') for e in editions}
    overrides, others = {}, {}
    for e in sorted(editions, key=lambda e: e == 'en'):  # the translations first, each rendered in a process of its own
        other = next((o for o in editions if o != e), None)
        overrides[e] = convert(proc/EDITIONS[e]['folder'], site[e], cfg, notebooks[e], parts[e], e)
        overrides[e]['mnist_language_switch'] = language_switch(other, [p for _, ps in parts[other] for p in ps]) if other else {}
        if e != 'en': others[e] = sphinx_elsewhere(site[e], build[e], overrides[e])
    try: html_out = {'en': sphinx_build(site['en'], build['en'], overrides['en'])}
    except SystemExit:
        for process_ in others.values(): process_.kill()
        raise
    for e, process_ in others.items():
        if process_.wait(): sys.exit(f'build_docs: Sphinx failed on the {e} edition (see above)')
        html_out[e] = build[e]/'html'
    docs = cfg.config_path/cfg.doc_path.name
    shutil.rmtree(docs, ignore_errors=True)
    pages = {e: finish(html_out[e], docs/EDITIONS[e]['folder'], nbs[e], overrides[e]['mnist_notebooks'], site[e]) for e in editions}
    rendered = time.perf_counter()
    pad = ROOT/'tools'/'build_pad.py'
    if pad.is_file():
        try: subprocess.run([sys.executable, str(pad), str(docs/'_static')], check=True, cwd=ROOT)
        except subprocess.CalledProcessError: sys.exit('build_docs: tools/build_pad.py failed (see above)')
        for e in editions:  # each edition's pages import the pad from their own _static/
            if e != 'en' and (docs/'_static'/'pad').is_dir(): shutil.copytree(docs/'_static'/'pad', docs/e/'_static'/'pad')
    counted = ' and '.join(f"{n} pages in {Path(docs.name, EDITIONS[e]['folder']).as_posix()}/" for e, n in pages.items())
    print(f'{counted}: imports and nbdev processing {processed - STARTED:.1f} s, conversion and Sphinx {rendered - processed:.1f} s, '
          f'drawing pad {time.perf_counter() - rendered:.1f} s; {time.perf_counter() - STARTED:.1f} s in all')

if __name__ == '__main__':
    main()
    # nbdev ran each notebook's cards in an IPython shell; each shell's exit handler collects garbage full of
    # TensorFlow objects, about a second a notebook. The site is written: leave without them.
    sys.stdout.flush(); sys.stderr.flush()
    os._exit(0)
