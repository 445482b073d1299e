"""Check the built site in a real browser: `make docs-check` (after `make docs`).

Serves `_docs/` on 127.0.0.1 and drives Debian's Chromium headless through Playwright, at 1366 px and on a 390 px
phone. Every page must load with no console error, no failed request and no request beyond 127.0.0.1; pass
axe-core (from npm, run offline in the page) with no serious or critical violation; draw its figures at twice
their displayed width, each with alt text; and keep everything on screen (code and output wrap with a hanging
indent; a wide table or formula scrolls inside a box that shows it). Every link inside the site must lead to a page
and an anchor that exist. Then what a reader relies on: previous/next in the sidebar's order, the sidebar's three
parts, the notebook, Colab and repository links, search that ranks and reads well at AA contrast, folded checks and
solutions that open by click and keyboard, API cards, source pages, formulas as MathML, the table of contents on a
phone, visible keyboard focus. Screenshots (desktop and phone: home, a chapter, search results, the glossary) go
to `_docs_check/`. The last line is `docs: N passed, N failed`.

The Chinese edition (`_docs/zh/`, from `nbs/zh/`) is checked as the English one: every page as above, its sidebar
(`nbs/zh/sidebar.yml`, the chapters translated so far) and previous/next, its notebooks, its folds (检查, 解答, 代码),
its search (过拟合, 激活函数), and a Chinese chapter's screenshots on desktop and phone. Then what joins the two:
`<html lang>` (en, zh-...), a font stack for Chinese on every system and Chinese glyphs that render, and on every page
of both a link in the header, reachable by keyboard, to the same page in the other edition (the page of the twin
notebook, as the files in nbs/ and nbs/zh/ say) or to its home page where there is none.
"""
import configparser, functools, http.server, json, re, subprocess, sys, tempfile, threading
from pathlib import Path
from urllib.parse import quote, urldefrag, urljoin, urlparse

import nbformat, yaml
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
DOCS, SHOTS, NBS = ROOT/'_docs', ROOT/'_docs_check', ROOT/'nbs'
CHROMIUM = '/usr/bin/chromium'  # Debian's package; Playwright's own browser download is not used
ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
        '--disable-component-update', '--disable-sync']
AXE_VERSION = '4.14.1'
AXE = ROOT/'.venv'/'node'/'node_modules'/'axe-core'/'axe.min.js'
DESKTOP, PHONE = {'width': 1366, 'height': 900}, {'width': 390, 'height': 844}
SEARCHES = {'softmax': ('network.html', 'glossary.html'), 'overfitting': ('overfitting.html',),
            'train_network': ('train.html#train_network',),
            '过拟合': ('zh/overfitting.html',), '激活函数': ('zh/network.html', 'zh/glossary.html')}
# Each edition: its folder in _docs/, its notebooks, what its folds and exercises are called, the language of its pages
EDITIONS = {'en': dict(folder='', nbs=NBS, checks='Checks', solution='Solution', exercise=r'Exercise \d+\.', lang='en',
                       switch='中文', prefix=''),
            'zh': dict(folder='zh/', nbs=NBS/'zh', checks='检查', solution='解答', exercise=r'练习 ?\d+\.', lang='zh',
                       switch='English', prefix='zh: ')}
FONTS_ZH = ['PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'Noto Sans CJK SC', 'Source Han Sans SC', 'WenQuanYi Micro Hei']
results = []

def check(name: str, ok: bool, detail: str = '') -> None:
    results.append(bool(ok))
    print(f"{'ok  ' if ok else 'FAIL'} {name}{': ' + detail if detail and not ok else ''}", flush=True)

def settings() -> configparser.SectionProxy:
    ini = configparser.ConfigParser()
    ini.read(ROOT/'settings.ini')
    return ini['DEFAULT']

def axe_script() -> Path:
    "axe-core's browser script, installed from npm into .venv/node/ on first use"
    if not AXE.is_file():
        subprocess.run(['npm', 'install', '--prefix', str(AXE.parents[2]), '--no-save', '--no-audit', '--no-fund',
                        f'axe-core@{AXE_VERSION}'], check=True, stdout=subprocess.DEVNULL)
    return AXE

def serve(folder: Path) -> tuple:
    "An HTTP server for `folder` on a free port of 127.0.0.1, in a thread"
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args): pass
    handler = functools.partial(Quiet, directory=str(folder))
    server = http.server.ThreadingHTTPServer(('127.0.0.1', 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f'http://127.0.0.1:{server.server_address[1]}/'

def sidebar(nbs: Path=NBS) -> list:
    "The sidebar.yml in `nbs` as (part or None, [notebook file names]); a translation's lists the chapters it has"
    parts = []
    for item in yaml.safe_load((nbs/'sidebar.yml').read_text())['website']['sidebar']['contents']:
        caption, listed = (None, [item]) if isinstance(item, str) else (item['section'], list(item['contents']))
        if nbs != NBS: listed = [nb for nb in listed if (nbs/nb).is_file()]
        if listed: parts.append((caption, listed))
    return parts

def edition(name: str) -> str:
    "The edition a page of _docs/ belongs to"
    return next((e for e, ed in EDITIONS.items() if ed['folder'] and name.startswith(ed['folder'])), 'en')

def hidden_code(path: Path) -> list:
    "First lines of the code the page must not show: cells marked `#| hide` or `#| echo: false` (not API cards)"
    cells = nbformat.read(path, as_version=4).cells
    shown = '\n'.join(c.source for c in cells if c.cell_type == 'code' and not re.search(r'^#\| *(hide|echo: *false)', c.source, re.M))
    lines = []
    for c in cells:
        if c.cell_type != 'code' or not re.search(r'^#\| *(hide|echo: *false)', c.source, re.M): continue
        code = [l for l in c.source.splitlines() if l.strip() and not l.startswith('#|')]
        if code and 'show_doc' not in code[0] and code[0] not in shown and len(code[0]) > 12: lines.append(code[0].strip())
    return lines

# --- what each page is asked, in the browser --------------------------------------------------------------------

# Boxes that may scroll sideways, and whether each shows it (a cue) and takes keyboard focus
OVERFLOW_JS = """() => {
  const vw = document.documentElement.clientWidth, bad = [];
  const main = document.querySelector('article.bd-article') || document.querySelector('main') || document.body;
  for (const el of main.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || (r.right <= vw + 1 && r.left >= -1)) continue;
    let box = el.parentElement, ok = false;
    while (box && box !== document.body) {
      const ox = getComputedStyle(box).overflowX;
      if (ox === 'auto' || ox === 'scroll') { ok = box.classList.contains('scrolls') && box.tabIndex >= 0; break; }
      if (ox === 'hidden' || ox === 'clip') break;  // clipped: cut off
      box = box.parentElement;
    }
    if (!ok) bad.push(`${el.tagName.toLowerCase()}.${[...el.classList].join('.')} ${Math.round(r.left)}..${Math.round(r.right)}px`);
    if (bad.length > 5) break;
  }
  const page = document.scrollingElement.scrollWidth > vw + 1 ? [`the page scrolls sideways (${document.scrollingElement.scrollWidth}px)`] : [];
  const cut = [...main.querySelectorAll('pre')].filter(p => p.offsetParent && p.scrollWidth > p.clientWidth + 1
               && !(p.classList.contains('scrolls') && p.tabIndex >= 0)).map(p => 'a block of code or output is cut off: ' + p.innerText.slice(0, 60));
  return [...page, ...cut, ...bad.map(b => 'off screen, not in a marked scroll box: ' + b)];
}"""

FIGURES_JS = """() => [...document.querySelectorAll('main img')].filter(i => i.offsetParent).map(i => ({
  src: i.getAttribute('src').slice(0, 80),
  // docutils writes the file's path when a figure has no alt text: that is no description
  alt: /[\\/]|\\.(png|jpe?g|svg|gif)$/i.test(i.getAttribute('alt') || '') ? '' : (i.getAttribute('alt') || '').trim(),
  natural: i.naturalWidth, shown: i.getBoundingClientRect().width, ok: i.complete && i.naturalWidth > 0}))"""

def visit(page, url: str, current: list) -> str:
    "Load `url`, wait for it to settle, and return its HTML"
    current.clear()
    page.goto(url, wait_until='networkidle')
    return page.content()

def run_axe(page, path: Path) -> list:
    page.add_script_tag(path=str(path))
    return page.evaluate("""async () => (await axe.run(document, {resultTypes: ['violations']})).violations
                           .map(v => ({id: v.id, impact: v.impact, n: v.nodes.length,
                                       where: v.nodes.slice(0, 2).map(n => n.target.join(' '))}))""")

def luminance(rgb) -> float:
    def channel(c):
        c /= 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b

def contrast(fg, bg) -> float:
    hi, lo = sorted((luminance(fg), luminance(bg)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)

COLOURS_JS = """(el) => {
  const parse = c => { const m = c.match(/[\\d.]+/g).map(Number); return m.length > 3 ? m : [...m, 1]; };
  let bg = null, node = el;
  while (node && node.nodeType === 1) {
    const c = parse(getComputedStyle(node).backgroundColor);
    if (c[3] > 0.99) { bg = c; break; }
    node = node.parentElement;
  }
  return {fg: parse(getComputedStyle(el).color), bg: bg || [255, 255, 255, 1]};
}"""

def search(page, root: str, query: str, folder: str='') -> dict:
    "Search from an edition's search page; the results in order (links from _docs/), their text, the contrast of what they show"
    page.goto(f'{root}{folder}search.html?q={quote(query)}', wait_until='networkidle')
    # Sphinx writes the summary (in the page's language) once the last result is shown
    try: page.wait_for_function("document.querySelector('#search-results .search-summary')?.innerText.trim()", timeout=15000)
    except Exception: return {'items': [], 'ratios': []}
    page.wait_for_timeout(800)  # the snippets arrive one by one
    items = page.eval_on_selector_all('#search-results ul.search > li', 'ls => ls.map(l => ({href: l.querySelector("a").getAttribute("href"), title: l.querySelector("a").innerText, snippet: (l.querySelector("p.context") || {}).innerText || ""}))')
    for i in items: i['href'] = urljoin(folder + 'search.html', i['href'])
    ratios = []
    for selector in ('#search-results ul.search > li > a', '#search-results ul.search p.context', '#search-results .search-summary'):
        for el in page.query_selector_all(selector)[:12]:
            c = page.evaluate(COLOURS_JS, el)
            ratios.append(round(contrast(c['fg'][:3], c['bg'][:3]), 2))
    return {'items': items, 'ratios': ratios}

def main():
    if not (DOCS/'index.html').is_file(): sys.exit('check_docs: no _docs/index.html; run `make docs` first')
    SHOTS.mkdir(exist_ok=True)
    cfg = settings()
    axe = axe_script()
    server, root = serve(DOCS)
    pages = sorted(p.relative_to(DOCS).as_posix() for p in DOCS.rglob('*.html') if not any(x.startswith('_') for x in p.relative_to(DOCS).parts))
    # The editions whose notebooks exist (a Chinese one without its pages is a failure, not a skip)
    editions = {e: ed for e, ed in EDITIONS.items() if (ed['nbs']/'sidebar.yml').is_file()}
    with sync_playwright() as pw, tempfile.TemporaryDirectory() as profile:
        browser = pw.chromium.launch_persistent_context(profile, executable_path=CHROMIUM, headless=True, args=ARGS,
                                                        viewport=DESKTOP)
        page = browser.new_page()
        page.set_default_timeout(15000)
        current = []
        page.on('console', lambda m: m.type == 'error' and current.append(f'console error: {m.text[:200]}'))
        page.on('pageerror', lambda e: current.append(f'script error: {str(e)[:200]}'))
        page.on('requestfailed', lambda r: current.append(f'request failed: {r.url[:120]} ({r.failure})'))
        page.on('response', lambda r: r.status >= 400 and current.append(f'HTTP {r.status}: {r.url[:120]}'))
        page.on('request', lambda r: r.url.startswith(('http:', 'https:', 'ws:', 'wss:')) and not r.url.startswith(root)
                and current.append(f'request beyond 127.0.0.1: {r.url[:120]}'))

        # --- every page, on a desktop screen ---
        bodies, links, problems, axe_found, figures, info = {}, set(), {}, {}, {}, {}
        for name in pages:
            bodies[name] = visit(page, root + name, current)
            links |= {urljoin(root + name, href) for href in page.eval_on_selector_all('a[href]', 'as => as.map(a => a.getAttribute("href"))')}
            figures[name] = page.evaluate(FIGURES_JS)
            current.extend(page.evaluate(OVERFLOW_JS))
            info[name] = page.evaluate("""() => ({
              notebook: (document.querySelector('.chapter-links a[download]') || {}).getAttribute?.('href') || null,
              colab: [...document.querySelectorAll('a[href^="https://colab.research.google.com/"]')].map(a => a.getAttribute('href')),
              prev: (document.querySelector('.prev-next-area a.left-prev') || {}).getAttribute?.('href') || null,
              next: (document.querySelector('.prev-next-area a.right-next') || {}).getAttribute?.('href') || null,
              title: (document.querySelector('main h1') || {}).innerText || '',
              description: (document.querySelector('meta[name=description]') || {}).content || '',
              shownDescription: (document.querySelector('.page-description') || {}).innerText || '',
              repo: [...document.querySelectorAll('a[href]')].map(a => a.getAttribute('href')),
              folds: [...document.querySelectorAll('details.fold')].map(d => [d.querySelector('summary').innerText.trim(), d.open]),
              adjacentStreams: document.querySelectorAll('.cell_output > .output.stream + .output.stream').length,
              prose: [...document.querySelectorAll('article p, article li, article td, article h1, article h2, article h3')].map(e => e.innerText).join(' | '),
              text: (document.querySelector('main') || document.body).innerText,
              lang: document.documentElement.lang,
              switch: [...document.querySelectorAll('a.language-switch')].map(a => { const r = a.getBoundingClientRect();
                return {href: a.getAttribute('href'), hreflang: a.hreflang, text: a.innerText.trim(),
                        lang: (a.querySelector('[lang]') || {}).lang || '', inHeader: !!a.closest('.bd-header-article'),
                        shown: r.width > 0 && r.height > 0 && r.top >= 0 && r.bottom <= innerHeight && getComputedStyle(a).visibility === 'visible'}; }),
            })""")
            axe_found[name] = run_axe(page, axe)
            problems[name] = list(current)
        for name in pages: check(f'page {name} loads cleanly, keeps everything on screen at 1366 px', not problems[name], '; '.join(problems[name][:5]))

        serious = {n: [v for v in found if v['impact'] in ('serious', 'critical')] for n, found in axe_found.items()}
        counts = {}
        for found in axe_found.values():
            for v in found: counts[v['impact']] = counts.get(v['impact'], 0) + 1
        print(f'axe-core {AXE_VERSION}: violations (rule x page) by impact over {len(pages)} pages: {counts or "none"}')
        check('axe-core finds no serious or critical violation on any page', not any(serious.values()),
              '; '.join(f"{n}: {v['id']} ({v['impact']}, {v['n']}x at {v['where']})" for n, vs in serious.items() for v in vs[:3])[:1500])

        lacking = [f"{n}: {f['src']} ({'no alt text' if not f['alt'] else ''}{', ' if not f['alt'] and f['natural'] < 2 * f['shown'] - 2 else ''}{'drawn at ' + str(f['natural']) + ' px for ' + str(round(f['shown'])) + ' px shown' if f['natural'] < 2 * f['shown'] - 2 else ''})"
                   for n, fs in figures.items() for f in fs if not f['alt'] or f['natural'] < 2 * f['shown'] - 2 or not f['ok']]
        total = sum(len(fs) for fs in figures.values())
        check(f'all {total} figures have alt text and are drawn at twice their displayed width', total and not lacking,
              f'{len(lacking)} do not: ' + '; '.join(lacking))

        dead = []
        for link in sorted(l for l in links if l.startswith(root)):
            target, fragment = urldefrag(link)
            target = target[len(root):] or 'index.html'
            if target.endswith('/'): target += 'index.html'
            if target not in bodies and not (DOCS/target).is_file(): dead.append(link[len(root):]); continue
            if fragment and target in bodies and not re.search(rf'''\bid=["']{re.escape(fragment)}["']''', bodies[target]):
                dead.append(link[len(root):])
        check(f'{len(links)} links inside the site lead to pages and anchors that exist', not dead, ', '.join(dead[:8]))

        # --- each edition: the book's order (sidebar, previous/next), notebook links, what its pages show, folds ---
        git_url, branch = cfg['git_url'].rstrip('/'), cfg['branch']
        user_repo = git_url.split('github.com/')[-1]
        page_ofs = {}
        for e, ed in editions.items():
            folder, nbs, say = ed['folder'], ed['nbs'], ed['prefix']
            where = nbs.relative_to(ROOT).as_posix()
            check(f'{say}the edition of {where}/ has its pages in _docs/{folder}', (DOCS/folder/'index.html').is_file())
            mine = {n: i for n, i in info.items() if edition(n) == e}
            if not mine: continue
            parts = sidebar(nbs)
            page_of = page_ofs[e] = {Path(urlparse(i['notebook']).path).name: n for n, i in mine.items() if i['notebook']}
            order = [page_of.get(nb, f'(no page links to {nb})') for _, listed in parts for nb in listed]
            missing = [nb for _, listed in parts for nb in listed if nb not in page_of]
            check(f'{say}every notebook in {where}/sidebar.yml has a page that offers it for download', not missing, str(missing))
            wrong = []
            for i, name in enumerate(order):
                if name not in info: continue
                want_prev, want_next = (order[i - 1] if i else None), (order[i + 1] if i + 1 < len(order) else None)
                got = tuple(urljoin(name, info[name][k]) if info[name][k] else None for k in ('prev', 'next'))
                if got != (want_prev, want_next):
                    wrong.append(f"{name}: previous {got[0]}, next {got[1]}; expected {want_prev}, {want_next}")
            check(f'{say}previous/next links follow the sidebar\'s reading order on every chapter', not wrong, '; '.join(wrong[:4]))

            page.goto(f'{root}{folder}index.html', wait_until='networkidle')
            nav = page.evaluate("""() => [...document.querySelectorAll('nav.bd-docs-nav p.caption, nav.bd-docs-nav a')]
                                   .map(e => e.matches('p.caption') ? ['part', e.innerText.trim()]
                                             : ['page', e.getAttribute('href') === '#' ? 'index.html' : e.getAttribute('href')])""")
            nav = [[kind, urljoin(folder + 'index.html', x) if kind == 'page' else x] for kind, x in nav]
            expected = [x for caption, listed in parts for x in ([['part', caption]] if caption else []) + [['page', page_of.get(nb)] for nb in listed]]
            check(f'{say}the sidebar lists the chapters in {where}/sidebar.yml\'s order, in its three parts',
                  nav == expected and sum(1 for c, _ in parts if c) == 3, f'{nav} != {expected}')

            bad = []
            for nb, name in page_of.items():
                i = info[name]
                local = DOCS/urljoin(name, i['notebook'])
                if not local.is_file() or local.read_bytes() != (nbs/nb).read_bytes(): bad.append(f'{name}: the download is not {where}/{nb}')
                colab = f'https://colab.research.google.com/github/{user_repo}/blob/{branch}/{where}/{nb}'
                if colab not in i['colab']: bad.append(f'{name}: no link to {colab} ({i["colab"][:2]})')
                if git_url not in [h.rstrip('/') for h in i['repo']]: bad.append(f'{name}: no link to the repository {git_url}')
                if '*' in i['description'] or '*' in i['shownDescription']: bad.append(f'{name}: the description shows asterisks')
            check(f'{say}each chapter offers its notebook (the original file), opens it in Colab, links the repository, '
                  'and describes itself without Markdown asterisks', not bad, '; '.join(bad[:6]))

            # --- what the home page, the glossary and the chapters show ---
            text = info[f'{folder}index.html']['text']
            accuracy = re.search(r'test accuracy:\s+(0\.\d{4})', text)
            check(f'{say}the home page shows the test accuracy', bool(accuracy) and float(accuracy.group(1)) >= 0.975, repr(text[:300]))
            page.screenshot(path=str(SHOTS/f'{folder.replace("/", "-")}home.png'))

            if f'{folder}glossary.html' in info:
                page.goto(f'{root}{folder}glossary.html', wait_until='networkidle')
                rows = page.eval_on_selector_all('main table tbody tr', 'rs => rs.map(r => [...r.cells].map(c => c.innerText))')
                bilingual = [r for r in rows if len(r) == 4 and r[1].strip() and re.search('[\u4e00-\u9fff]', r[3]) and r[2].endswith('.')]
                check(f'{say}the glossary shows each term in English and Chinese', len(rows) >= 30 and len(bilingual) == len(rows),
                      f'{len(rows)} rows, {len(bilingual)} with both languages')
                if not folder:
                    page.locator('main table').first.evaluate('t => t.scrollIntoView()')
                    page.screenshot(path=str(SHOTS/'glossary.png'))

            shown = info.get(f'{folder}scratch.html', {}).get('text', '')
            check(f'{say}the code the book teaches is shown on its page', all(s in shown for s in
                  ('class NaiveDense', 'def one_training_step', 'def rmsprop_update', 'tf.GradientTape() as tape')), shown[:200])
            leaks = [f'{page_of[nb]}: {line}' for nb in page_of for line in hidden_code(nbs/nb) if line in info[page_of[nb]]['text']]
            check(f'{say}cells marked `#| hide` or `#| echo: false` show no code', not leaks, '; '.join(leaks[:5]))

            # --- folds: checks and solutions start closed, open by click, Enter and Space ---
            checks = {n: [o for s, o in i['folds'] if s == ed['checks']] for n, i in mine.items()}
            solutions = {n: [o for s, o in i['folds'] if s == ed['solution']] for n, i in mine.items()}
            closed = {n: [s for s, o in i['folds'] if o] for n, i in mine.items()}
            check(f'{say}check cells are folded under a closed "{ed["checks"]}" toggle, every fold starts closed',
                  len(checks[f'{folder}train.html']) >= 3 and not any(closed.values()), str({n: v for n, v in closed.items() if v}))
            check(f'{say}each exercise\'s solution starts folded ("{ed["solution"]}")', len(solutions[f'{folder}evaluate.html']) >= 3,
                  str(solutions[f'{folder}evaluate.html']))
            if e != 'en':  # the twin of an English chapter folds as many checks and solutions (appendix summaries have no code)
                unlike = []
                for nb, n in page_of.items():
                    english = info.get(page_ofs.get('en', {}).get(nb, ''))
                    if not english or not any(c.cell_type == 'code' for c in nbformat.read(nbs/nb, as_version=4).cells): continue
                    want = [sum(1 for s, _ in english['folds'] if s == EDITIONS['en'][k]) for k in ('checks', 'solution')]
                    got = [len(checks[n]), len(solutions[n])]
                    if got != want: unlike.append(f"{n}: {got[0]} {ed['checks']} and {got[1]} {ed['solution']}; the English {want[0]} and {want[1]}")
                check(f'{say}each chapter folds as many checks and solutions as its English twin', not unlike, '; '.join(unlike[:4]))
            page.goto(f'{root}{folder}evaluate.html', wait_until='networkidle')
            nesting = page.evaluate("""(pattern) => {
              const folds = [...document.querySelectorAll('details.fold.callout')];
              const exercises = [...document.querySelectorAll('main p strong')].filter(s => new RegExp('^' + pattern + '$').test(s.innerText.trim()));
              return {folds: folds.length, cells: folds.map(f => f.querySelectorAll('div.cell').length),
                      exercisesInFolds: exercises.filter(e => e.closest('details')).length, exercises: exercises.length,
                      sectionsInFolds: folds.filter(f => f.querySelector('section, h2, h3')).length};
            }""", ed['exercise'])
            check(f'{say}each solution fold holds its code cells and no exercise or heading',
                  nesting['folds'] >= 3 and all(nesting['cells']) and not nesting['exercisesInFolds'] and not nesting['sectionsInFolds']
                  and nesting['exercises'] == nesting['folds'], str(nesting))
            toggles = []
            for selector in ('details.fold.callout > summary', 'details.fold.above-input > summary'):
                summary = page.locator(selector).first
                if not summary.count(): toggles.append((f'no {selector} on {folder}evaluate.html', False)); continue
                summary.scroll_into_view_if_needed()
                # its chevron is drawn (an inline ::before would show only a bar: its width and turn are lost)
                toggles.append(('chevron', summary.evaluate("""s => { const b = getComputedStyle(s, '::before');
                  return b.display !== 'inline' && parseFloat(b.width) >= 6 && b.transform !== 'none'; }""")))
                opened = lambda: summary.evaluate('s => s.parentElement.open')
                summary.click(); toggles.append(('click', opened()))
                summary.click(); toggles.append(('click again', not opened()))
                summary.focus(); page.keyboard.press('Enter'); toggles.append(('Enter', opened()))
                page.keyboard.press('Enter'); page.keyboard.press('Space'); toggles.append(('Space', opened()))
                visible = summary.evaluate('s => [...s.parentElement.querySelectorAll("pre")].some(p => p.offsetParent !== null)')
                toggles.append(('code visible when open', visible))
            check(f'{say}folds show a chevron, open and close by click, Enter and Space', all(ok for _, ok in toggles), str(toggles))

            # --- formulas ---
            page.goto(f'{root}{folder}network.html', wait_until='networkidle')
            drawn = page.evaluate("[...document.querySelectorAll('math')].filter(m => m.getBoundingClientRect().height > 0).length")
            fraction = page.evaluate("(f => f ? f.getBoundingClientRect().height : 0)(document.querySelector('math mfrac'))")
            tex = re.compile(r'\$[^\s$]|\\(frac|sum|mathrm|mathbf|cdot|left|right|begin|sqrt|times|partial|hat|top|exp|log|max|quad)\b')
            raw = [f'{n}: {m.group(0)}' for n, i in mine.items() for m in tex.finditer(i['prose'])]
            mathjax = [n for n, b in bodies.items() if edition(n) == e and re.search(r'<script[^>]+mathjax', b, re.I)]
            check(f'{say}formulas render as MathML, drawn at build time (no MathJax)', drawn >= 3 and fraction > 20 and not raw and not mathjax,
                  f'{drawn} drawn, fraction {fraction}px high, raw TeX left: {raw[:5]}, MathJax on {mathjax[:3]}')
            page.screenshot(path=str(SHOTS/f'{folder.replace("/", "-")}chapter.png'), full_page=False)

        doubled = {n: i['adjacentStreams'] for n, i in info.items() if i['adjacentStreams']}
        check('consecutive printed lines form one block of output', not doubled, str(doubled))

        # --- the two editions: language, fonts, and a link on every page to the same page in the other ---
        langs = [f"{n}: {i['lang']!r}" for n, i in info.items() if not re.match(rf"{EDITIONS[edition(n)]['lang']}(-|$)", i['lang'])]
        check('every page says its language in <html lang> (en, or zh-... in _docs/zh/)', not langs, '; '.join(langs[:6]))
        if len(editions) > 1:
            wrong = []
            for name, i in info.items():
                e = edition(name)
                other = next(o for o in editions if o != e)
                nb = Path(urlparse(i['notebook']).path).name if i['notebook'] else None
                if nb and (editions[other]['nbs']/nb).is_file(): want = page_ofs.get(other, {}).get(nb, f'(no page for {nb})')
                elif name == f"{EDITIONS[e]['folder']}search.html": want = f"{EDITIONS[other]['folder']}search.html"
                else: want = f"{EDITIONS[other]['folder']}index.html"
                switch = i['switch']
                if len(switch) != 1: wrong.append(f'{name}: {len(switch)} language links'); continue
                s = switch[0]
                got = urljoin(name, s['href'])
                if got != want: wrong.append(f'{name}: leads to {got}, not {want}')
                if s['text'] != EDITIONS[e]['switch'] or not s['lang'].startswith(EDITIONS[other]['lang']) \
                        or not s['hreflang'].startswith(EDITIONS[other]['lang']):
                    wrong.append(f"{name}: reads {s['text']!r} (lang {s['lang']!r}, hreflang {s['hreflang']!r})")
                if not (s['inHeader'] and s['shown']): wrong.append(f'{name}: the language link is not shown in the header')
            check(f'on all {len(info)} pages a link in the header (中文 / English, with its lang) leads to the same page in the '
                  'other edition, or to its home page where nbs/ or nbs/zh/ has no twin', not wrong, '; '.join(wrong[:6]))

            page.goto(root + 'zh/load.html', wait_until='networkidle')
            fonts = page.evaluate("""() => {
              const p = document.querySelector('main p'), style = getComputedStyle(p);
              // Two different characters drawn in the page's font: tofu (a missing glyph) draws both as the same box
              const draw = (ch) => { const c = document.createElement('canvas'); c.width = c.height = 40;
                const g = c.getContext('2d'); g.font = `32px ${style.fontFamily}`; g.fillText(ch, 2, 34);
                return [...g.getImageData(0, 0, 40, 40).data].join(','); };
              return {family: style.fontFamily, distinct: draw('中') !== draw('国') && draw('中') !== draw('\\uE000'),
                      ink: draw('中') !== draw(' ')};
            }""")
            lacking = [f for f in FONTS_ZH if f not in fonts['family']]
            check('Chinese pages use a font stack that covers Chinese on Windows, macOS, Linux and phones, and Chinese '
                  'characters render as glyphs (not boxes)', not lacking and fonts['distinct'] and fonts['ink'], f'{fonts}; lacking {lacking}')
            keyboard = []
            for start in ('load.html', 'zh/load.html'):
                page.goto(root + start, wait_until='networkidle')
                for _ in range(30):
                    page.keyboard.press('Tab')
                    f = page.evaluate("""() => { const e = document.activeElement, s = getComputedStyle(e);
                      return {switch: e.matches('a.language-switch'), style: s.outlineStyle, width: parseFloat(s.outlineWidth)}; }""")
                    if f['switch']: break
                if not f['switch']: keyboard.append(f'{start}: 30 presses of Tab never reach the language link'); continue
                if f['style'] == 'none' or f['width'] < 2: keyboard.append(f'{start}: no visible focus on the language link {f}')
                with page.expect_navigation(wait_until='networkidle'): page.keyboard.press('Enter')
                twin = page.url[len(root):]
                if twin != ('zh/load.html' if start == 'load.html' else 'load.html'): keyboard.append(f'{start}: Enter led to {twin}')
            check('the language link is reached with Tab, shows its focus, and Enter leads to the twin page', not keyboard, '; '.join(keyboard))

        # --- API cards ---
        page.goto(root + 'train.html#train_network', wait_until='networkidle')
        card = page.evaluate("""() => {
          const s = document.getElementById('train_network');
          return s ? {tag: s.tagName, heading: s.querySelector('h2,h3,h4,h5').innerText.replace('#', '').trim(),
                      top: s.getBoundingClientRect().top} : null;
        }""")
        check('an API card is a heading whose anchor is its name (train.html#train_network)',
              card and card['heading'] == 'train_network' and -5 < card['top'] < 200, str(card))
        cards = []
        for name in pages:
            if not name.endswith('.html') or name.startswith('src/'): continue
            if 'api-card' not in bodies[name]: continue
            page.goto(root + name, wait_until='networkidle')
            cards += [{**c, 'page': name} for c in page.evaluate("""() => [...document.querySelectorAll('.api-card')].map(c => {
              const pre = c.querySelector('.api-sig pre');
              return {text: pre.innerText, links: pre.querySelectorAll('a').length, code: pre.querySelectorAll('code').length,
                      pad: parseFloat(getComputedStyle(pre).paddingLeft), source: (c.querySelector('a.api-source') || {}).getAttribute?.('href')}})""")]
        raw_md = [f"{c['page']}: {c['text'][:60]}" for c in cards if re.search(r'\]\(|`', c['text'])]
        private = [f"{c['page']}: {m}" for c in cards for m in re.findall(r'\b\w+(?:\.\w+)*\.(?:_\w+|src)\.[\w.]+', c['text'])]
        keyword = [f"{c['page']}: {c['text'][:40]}" for c in cards if not re.match(r'(class|def|async def) \w', c['text'])]
        padding = [f"{c['page']}: {c['pad']}px" for c in cards if c['pad'] < 8]
        outside = [f"{c['page']}: {c['source']}" for c in cards if not (c['source'] or '').startswith('src/')]
        classes = [c for c in cards if c['text'].startswith('class ')]
        check(f'{len(cards)} API cards: rendered Markdown and public names in signatures, `class` or `def`, '
              'padded boxes, source inside the site', cards and not (raw_md or private or keyword or padding or outside)
              and any(c['text'].startswith('class NaiveDense(') for c in classes) and any(c['links'] for c in cards),
              f'raw Markdown {raw_md[:3]}; private names {private[:3]}; no keyword {keyword[:3]}; padding {padding[:3]}; '
              f'source outside {outside[:3]}; classes {[c["text"][:30] for c in classes][:3]}')

        # Each card's source link lands on its def or class line of a source page in the site's frame
        landing, frames = [], []
        for source in sorted({c['source'] for c in cards if c['source']})[:400]:
            target, fragment = urldefrag(urljoin(root, source))
            line = re.search(rf'<span class="cl" id="{re.escape(fragment)}"[^>]*>(.*?)</span>\n', bodies.get(target[len(root):], ''), re.S)
            plain = re.sub(r'<[^>]+>', '', line.group(1)) if line else ''
            if not re.match(r'\s*(@|def |class |async def )', plain): landing.append(f'{source}: {plain[:40]!r}')
        for name in pages:
            if not name.startswith('src/'): continue
            text = re.sub(r'<[^>]+>', '', bodies[name])
            if 'AUTOGENERATED' in text or re.search(r'^# %%', text, re.M) or 'bd-sidebar-primary' not in bodies[name]:
                frames.append(name)
        check('source pages are in the site\'s frame, without generator markers, and cards link to their lines',
              not landing and not frames and any(p.startswith('src/') for p in pages), f'lines {landing[:4]}; pages {frames[:4]}')


        # --- keyboard focus is visible ---
        page.goto(root + 'load.html', wait_until='networkidle')
        focus = []
        for _ in range(40):
            page.keyboard.press('Tab')
            f = page.evaluate("""() => { const e = document.activeElement; const s = getComputedStyle(e);
              return {tag: e.tagName, inMain: !!e.closest('main'), style: s.outlineStyle, width: parseFloat(s.outlineWidth),
                      shadow: s.boxShadow}; }""")
            if f['tag'] == 'A': focus.append(f)
            if f['tag'] == 'A' and f['inMain']: break
        seen = [f for f in focus if f['style'] != 'none' and f['width'] >= 2]
        check('keyboard focus is visible on links (an outline of 2 px or more)', focus and len(seen) == len(focus) and focus[-1]['inMain'],
              str(focus[-3:]))


        # --- search, in each edition ---
        found = {}
        for q, want in SEARCHES.items():
            e = edition(want[0])
            if e not in editions: continue
            found[q] = search(page, root, q, EDITIONS[e]['folder'])
            hrefs = [i['href'] for i in found[q]['items']]
            print(f'search "{q}": ' + ', '.join(hrefs[:5]))
            check(f'searching "{q}" ranks {" or ".join(want)} first', hrefs and any(hrefs[0] == w or hrefs[0].startswith(w + '#') and '#' not in w for w in want),
                  str([(i['href'], i['title']) for i in found[q]['items'][:6]]))
            if q == [x for x, w in SEARCHES.items() if edition(w[0]) == e][-1]:  # the edition's last query: its page as a whole
                violations = [v for v in run_axe(page, axe) if v['impact'] in ('serious', 'critical')]
                check(f"{EDITIONS[e]['prefix']}axe-core finds no serious or critical violation among search results", not violations, str(violations[:3]))
                page.screenshot(path=str(SHOTS/f"{EDITIONS[e]['folder'].replace('/', '-')}search.png"))
        snippets = [i['snippet'] for f in found.values() for i in f['items'][:10]]
        tex = [s[:80] for s in snippets if re.search(r'\\[a-zA-Z]+|\$\$?\S', s)]
        stray = [s[:80] for s in snippets if re.search(r'(^|\s)source(\s+\w+)?\s*$|\bsource\s+(def|class)\b', s)]
        check('search snippets are plain text (no TeX, no stray "source")', any(snippets) and not tex and not stray, f'TeX {tex[:3]}; source {stray[:3]}')
        ratios = [r for f in found.values() for r in f['ratios']]
        check('search results meet WCAG AA contrast (4.5:1)', ratios and min(ratios) >= 4.5, f'lowest {min(ratios or [0])}: {sorted(ratios)[:6]}')

        # --- a 390 px phone ---
        page.set_viewport_size(PHONE)
        phone, phone_axe, switches = {}, {}, {}
        for name in pages:
            visit(page, root + name, current)
            phone[name] = page.evaluate(OVERFLOW_JS)
            phone_axe[name] = [v for v in run_axe(page, axe) if v['impact'] in ('serious', 'critical')]
            switches[name] = page.evaluate("""() => { const a = document.querySelector('a.language-switch'); if (!a) return false;
              const r = a.getBoundingClientRect(); return r.width > 0 && r.left >= 0 && r.right <= document.documentElement.clientWidth
                && r.top >= 0 && r.bottom <= innerHeight; }""")
            if name == 'zh/network.html': page.screenshot(path=str(SHOTS/'zh-chapter-phone.png'))
        check('axe-core finds no serious or critical violation on any page at 390 px', not any(phone_axe.values()),
              '; '.join(f"{n}: {v['id']} ({v['impact']}, {v['n']}x at {v['where']})" for n, vs in phone_axe.items() for v in vs[:3])[:1500])
        off = {n: p for n, p in phone.items() if p}
        check(f'at 390 px no page scrolls sideways and nothing is cut off, except inside marked scroll boxes', not off,
              '; '.join(f'{n}: {p[:2]}' for n, p in list(off.items())[:5]))
        if len(editions) > 1:
            hidden = [n for n, shown in switches.items() if not shown]
            check('at 390 px the language link is on screen at the top of every page', not hidden, ', '.join(hidden[:8]))
        tables = {}
        for name in [n for n in ('glossary.html', 'remedies.html', 'zh/glossary.html', 'zh/remedies.html') if n in bodies]:
            page.goto(root + name, wait_until='networkidle')
            tables[name] = page.evaluate("""() => [...document.querySelectorAll('main table')].map(t => {
              const box = t.closest('.pst-scrollable-table-container');
              const widths = [...t.rows[1].cells].map(c => c.getBoundingClientRect().width);
              return {box: !!box, scrolls: box ? box.scrollWidth > box.clientWidth + 1 : false,
                      cue: box ? box.classList.contains('scrolls') && getComputedStyle(box).backgroundImage.includes('gradient') : false,
                      focusable: box ? box.tabIndex >= 0 : false, narrowest: Math.min(...widths)}})""")
            if name == 'glossary.html':
                page.locator('main table').first.evaluate('t => t.scrollIntoView()')
                page.screenshot(path=str(SHOTS/'glossary-phone.png'))
        unreadable = {n: t for n, ts in tables.items() for t in ts
                      if not t['box'] or t['narrowest'] < 90 or (t['scrolls'] and not (t['cue'] and t['focusable']))}
        check(f'at 390 px the tables of {", ".join(tables)} keep readable columns or scroll in a box with a cue',
              all(tables.values()) and not unreadable, str(unreadable or tables))
        page.goto(root + 'network.html', wait_until='networkidle')
        formulas = page.evaluate("""() => [...document.querySelectorAll('.math-scroll')].map(b => ({
            overflow: getComputedStyle(b).overflowX, scrolls: b.scrollWidth > b.clientWidth + 1,
            cue: b.classList.contains('scrolls'), focusable: b.tabIndex >= 0}))""")
        check('at 390 px a formula wider than the screen scrolls in a box that shows it and takes focus',
              formulas and all(f['overflow'] in ('auto', 'scroll') and (not f['scrolls'] or (f['cue'] and f['focusable'])) for f in formulas),
              str(formulas))
        page.screenshot(path=str(SHOTS/'chapter-phone.png'))
        page.goto(root + 'train.html', wait_until='networkidle')
        hanging = page.evaluate("""() => {
          const lines = [...document.querySelectorAll('main div.highlight pre .cl')].filter(l => l.getClientRects().length);
          const ch = (() => { const s = document.createElement('span'); s.textContent = 'x'.repeat(100);
                              s.style.cssText = 'position:absolute; white-space:pre; visibility:hidden';
                              lines[0].closest('pre').appendChild(s); const w = s.getBoundingClientRect().width / 100; s.remove(); return w; })();
          const lh = parseFloat(getComputedStyle(lines[0]).lineHeight);
          const wrapped = lines.filter(l => l.getBoundingClientRect().height > 1.5 * lh);
          const wrong = wrapped.filter(l => { const i = parseInt(l.style.getPropertyValue('--i')) || 0;
            return Math.abs(parseFloat(getComputedStyle(l).paddingLeft) - (i + 4) * ch) > 1; });
          return {lines: lines.length, wrapped: wrapped.length, wrong: wrong.map(l => l.innerText.slice(0, 50))};
        }""")
        check('at 390 px wrapped lines of code and output keep their indentation (a hanging indent)',
              hanging['wrapped'] > 0 and not hanging['wrong'], str(hanging))
        page.screenshot(path=str(SHOTS/'train-phone.png'))
        toggle = page.locator('button.secondary-toggle').first
        reachable = toggle.is_visible()
        if reachable:
            toggle.click(); page.wait_for_timeout(500)
            reachable = page.locator('#pst-page-toc-nav a').first.is_visible()
        check('at 390 px the table of contents is one tap away', reachable)
        page.keyboard.press('Escape')
        page.goto(root + 'index.html', wait_until='networkidle')
        page.screenshot(path=str(SHOTS/'home-phone.png'))
        page.goto(f'{root}search.html?q=softmax', wait_until='networkidle')
        page.wait_for_timeout(1500)
        page.screenshot(path=str(SHOTS/'search-phone.png'))
        browser.close()
    server.shutdown()
    print(f'screenshots in {SHOTS.relative_to(ROOT)}/')
    print(f'docs: {sum(results)} passed, {len(results) - sum(results)} failed')
    sys.exit(0 if all(results) else 1)

if __name__ == '__main__': main()
