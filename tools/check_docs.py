"""Check the built site in a real browser: `make docs-check` (after `make docs`).

Serves `_docs/` on 127.0.0.1 and drives Debian's Chromium headless through Playwright. Every page must load with
no console error, no failed request and no request beyond localhost; every image must decode; every link inside the
site must lead to a page and an anchor that exist. Then: the sidebar lists the chapters in the book's order,
searching "softmax" finds the page that explains it, formulas render as math, and the home page shows the test
accuracy. Screenshots of the home page and of a chapter go to `_docs_check/`.
"""
import functools, http.server, re, sys, tempfile, threading
from pathlib import Path
from urllib.parse import urldefrag, urljoin

import nbformat
from playwright.sync_api import sync_playwright

DOCS, SHOTS, NBS = Path('_docs'), Path('_docs_check'), Path('nbs')
CHROMIUM = '/usr/bin/chromium'  # Debian's package; Playwright's own browser download is not used
ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
        '--disable-component-update', '--disable-sync']
results = []

def check(name: str, ok: bool, detail: str = '') -> None:
    results.append(ok)
    print(f"{'ok  ' if ok else 'FAIL'} {name}{': ' + detail if detail and not ok else ''}", flush=True)

def serve(folder: Path) -> tuple:
    "An HTTP server for `folder` on a free port of 127.0.0.1, in a thread"
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args): pass
    handler = functools.partial(Quiet, directory=str(folder))
    server = http.server.ThreadingHTTPServer(('127.0.0.1', 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f'http://127.0.0.1:{server.server_address[1]}/'

def chapter_titles() -> list:
    "The H1 title of each notebook, in the sidebar's order"
    order = re.findall(r'-\s*(\S+\.ipynb)', (NBS/'sidebar.yml').read_text())
    def title(name):
        cells = nbformat.read(NBS/name, as_version=4).cells
        return next(m.group(1) for c in cells if c.cell_type == 'markdown' and (m := re.search(r'^# (.+)$', c.source, re.M)))
    return [title(name) for name in order]

def visit(page, url: str, problems: list) -> str:
    "Load `url`, wait for it to settle, and return its HTML"
    page.goto(url, wait_until='networkidle')
    broken = page.evaluate("[...document.images].filter(i => !(i.complete && i.naturalWidth > 0)).map(i => i.src.slice(0, 80))")
    problems += [f'image does not decode: {src}' for src in broken]
    return page.content()

def main():
    if not (DOCS/'index.html').is_file(): sys.exit('check_docs: no _docs/index.html; run `make docs` first')
    SHOTS.mkdir(exist_ok=True)
    server, root = serve(DOCS)
    pages = sorted(p.relative_to(DOCS).as_posix() for p in DOCS.rglob('*.html'))
    with sync_playwright() as pw, tempfile.TemporaryDirectory() as profile:
        browser = pw.chromium.launch_persistent_context(profile, executable_path=CHROMIUM, headless=True, args=ARGS,
                                                        viewport={'width': 1280, 'height': 900})
        page = browser.new_page()
        problems = {}
        current = []
        page.on('console', lambda m: m.type == 'error' and current.append(f'console error: {m.text[:200]}'))
        page.on('pageerror', lambda e: current.append(f'script error: {str(e)[:200]}'))
        page.on('requestfailed', lambda r: current.append(f'request failed: {r.url[:120]} ({r.failure})'))
        page.on('response', lambda r: r.status >= 400 and current.append(f'HTTP {r.status}: {r.url[:120]}'))
        page.on('request', lambda r: r.url.startswith(('http:', 'https:', 'ws:', 'wss:')) and not r.url.startswith(root)
                and current.append(f'request beyond localhost: {r.url[:120]}'))
        bodies, links = {}, set()
        for name in pages:
            current.clear()
            bodies[name] = visit(page, root + name, current)
            links |= {urljoin(root + name, href) for href in page.eval_on_selector_all('a[href]', 'as => as.map(a => a.getAttribute("href"))')}
            problems[name] = list(current)
        for name in pages: check(f'page {name} loads cleanly', not problems[name], '; '.join(problems[name][:5]))

        dead = []
        for link in sorted(l for l in links if l.startswith(root)):
            target, fragment = urldefrag(link)
            target = target[len(root):] or 'index.html'
            if target.endswith('/'): target += 'index.html'
            if target not in bodies and not (DOCS/target).is_file(): dead.append(link[len(root):]); continue
            if fragment and target in bodies and not re.search(rf'''(id|name)=["']{re.escape(fragment)}["']''', bodies[target]):
                dead.append(link[len(root):])
        check(f'{len(links)} links inside the site lead somewhere', not dead, ', '.join(dead[:8]))

        page.goto(root + 'index.html', wait_until='networkidle')
        sidebar = [t.strip() for t in page.locator('#quarto-sidebar a.sidebar-link, nav.sidebar a').all_inner_texts() if t.strip()]
        expected = chapter_titles()
        sections = [t for t in sidebar if t not in expected]  # the part headings between the chapters
        check('the sidebar lists the chapters in order, in three parts', [t for t in sidebar if t in expected] == expected
              and len(sections) == 3, f'{sidebar} != {expected}')
        text = page.inner_text('main') if page.locator('main').count() else page.inner_text('body')
        accuracy = re.search(r'test accuracy:\s+(0\.\d{4})', text)
        check('the home page shows the test accuracy', bool(accuracy) and float(accuracy.group(1)) >= 0.975, repr(text[:300]))
        page.screenshot(path=str(SHOTS/'home.png'))

        page.locator('input[type=search]').first.fill('softmax')
        page.wait_for_timeout(1000)
        hits = page.eval_on_selector_all('a[href]', 'as => as.filter(a => a.offsetParent !== null).map(a => a.getAttribute("href"))')
        check('searching "softmax" finds the page that explains it', any('network.html' in h for h in hits), str(hits[:10]))
        page.screenshot(path=str(SHOTS/'search.png'))

        page.goto(root + 'glossary.html', wait_until='networkidle')
        rows = page.eval_on_selector_all('main table tbody tr, body table tbody tr', 'rs => rs.map(r => [...r.cells].map(c => c.innerText))')
        bilingual = [r for r in rows if len(r) == 4 and r[1].strip() and re.search('[\u4e00-\u9fff]', r[3]) and r[2].endswith('.')]
        check('the glossary shows each term in English and Chinese', len(rows) >= 30 and len(bilingual) == len(rows),
              f'{len(rows)} rows, {len(bilingual)} with both languages')
        page.screenshot(path=str(SHOTS/'glossary.png'))

        page.goto(root + 'train.html', wait_until='networkidle')
        folds = page.eval_on_selector_all('details.code-fold', 'ds => ds.map(d => [d.querySelector("summary").innerText, d.open])')
        checks = [o for s, o in folds if s == 'Checks']
        check('check cells are folded under a closed "Checks" toggle', len(checks) >= 3 and not any(checks), str(folds[:8]))
        page.goto(root + 'evaluate.html', wait_until='networkidle')
        solutions = page.eval_on_selector_all('.callout-collapse', 'cs => cs.map(c => c.classList.contains("show"))')
        check('each exercise\'s solution starts folded', len(solutions) >= 3 and not any(solutions), str(solutions))
        page.goto(root + 'scratch.html', wait_until='networkidle')
        shown = page.inner_text('main') if page.locator('main').count() else page.inner_text('body')
        check('the code the book teaches is shown on its page', all(s in shown for s in
              ('class NaiveDense', 'def one_training_step', 'def rmsprop_update', 'tf.GradientTape() as tape')), shown[:200])

        page.goto(root + 'network.html', wait_until='networkidle')
        drawn = page.evaluate("[...document.querySelectorAll('math')].filter(m => m.getBoundingClientRect().height > 0).length")
        fraction = page.evaluate("(f => f ? f.getBoundingClientRect().height : 0)(document.querySelector('math mfrac'))")
        raw = re.findall(r'\$\$|\\frac|\\sum|\\mathrm', page.inner_text('body'))
        check('formulas render as math', drawn >= 3 and fraction > 20 and not raw, f'{drawn} drawn, fraction {fraction}px high, raw TeX left: {raw[:5]}')
        page.screenshot(path=str(SHOTS/'chapter.png'), full_page=True)
        browser.close()
    server.shutdown()
    print(f'screenshots in {SHOTS}/')
    print(f'docs: {sum(results)} passed, {len(results) - sum(results)} failed')
    sys.exit(0 if all(results) else 1)

if __name__ == '__main__': main()
