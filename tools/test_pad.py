"""Check the drawing pad against Python, in Node.js, in Chromium and in JupyterLab: `make pad-check`.

1. Node.js (`node --test tools/pad.test.mjs`): the page's forward pass gives the same digit as Keras on all 10,000
   test digits, with probabilities within 1e-5; its preparation gives `prepare_digit`'s bytes on 300 drawings
   (MNIST test digits disguised as photos, random scribbles, dots and lines).
2. Chromium, the page: the pad is ready to draw, loads its network from the site and nothing else, and answers as
   Python does for 60 drawings rasterised on its canvas (strokes traced from MNIST test digits, random scribbles);
   the mouse draws ten digits, each saved with the pad's "Save as PNG" link and given to `mnist_book predict`: same
   digit, same 28x28 image, probabilities within 1e-4. A pen and a finger draw too; Clear works from the keyboard;
   a screen reader hears the answer; a 390-pixel phone screen holds the pad without scrolling sideways.
3. Chromium, JupyterLab on 127.0.0.1: a notebook shows `DrawingPad`; the cells are run from the Run menu, the mouse
   draws in the widget, and the kernel's answer appears in it, equal to Python's for the widget's drawing; Clear from
   the keyboard empties it.

The site's pad files are built by tools/build_pad.py into a temporary folder (the network is trained first if
`_models/pad/` holds no current one), and served on 127.0.0.1 in a page that embeds the pad exactly as
nbs/11a_draw.ipynb does; `--site DIR` checks DIR/draw.html of a built site instead. Prints ok/FAIL per check and
`N passed, N failed`; exits non-zero on any failure. Timings are printed, never asserted. Screenshots of the pad on a
desktop, a phone and in JupyterLab go to `_docs_check/`.
"""
import argparse, base64, io, json, os, re, secrets, signal, socket, statistics, subprocess
import sys, tempfile, time, urllib.request
from pathlib import Path

import nbformat
import numpy as np
from PIL import Image, ImageDraw
from playwright.sync_api import TimeoutError as PlaywrightTimeout, sync_playwright

from check_docs import ARGS, CHROMIUM, serve  # the docs check's Chromium and local server, shared

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
SHOTS = ROOT/'_docs_check'
RASTER = 280
PAD = "document.getElementById('mnist-pad').mnistPad"
results = []

def check(name: str, ok: bool, detail: str = '') -> bool:
    results.append(bool(ok))
    print(f"{'ok  ' if ok else 'FAIL'} {name}{': ' + detail if detail else ''}", flush=True)
    return ok

# ---- Drawings -------------------------------------------------------------------------------------------------

def thin(ink: np.ndarray) -> np.ndarray:
    "Zhang and Suen's thinning of a boolean image down to lines one pixel wide"
    img = np.pad(ink.astype(np.uint8), 1)
    while True:
        changed = False
        for step in (0, 1):
            # the eight neighbours, from north clockwise: P2 ... P9 in Zhang and Suen's paper
            p = [img[:-2, 1:-1], img[:-2, 2:], img[1:-1, 2:], img[2:, 2:], img[2:, 1:-1], img[2:, :-2], img[1:-1, :-2],
                 img[:-2, :-2]]
            count = sum(q.astype(int) for q in p)
            turns = sum(((p[i] == 0) & (p[(i + 1) % 8] == 1)).astype(int) for i in range(8))
            first, second = ((p[0], p[2], p[4]), (p[2], p[4], p[6])) if step == 0 else ((p[0], p[2], p[6]), (p[0], p[4], p[6]))
            gone = ((img[1:-1, 1:-1] == 1) & (count >= 2) & (count <= 6) & (turns == 1)
                    & (np.prod(first, axis=0) == 0) & (np.prod(second, axis=0) == 0))
            if gone.any():
                img[1:-1, 1:-1][gone] = 0
                changed = True
        if not changed: return img[1:-1, 1:-1].astype(bool)

def trace(digit: np.ndarray) -> list:
    "Strokes (lists of (row, col)) that follow the thinned ink of a 28x28 digit, as a pen would"
    pixels = set(zip(*map(list, np.nonzero(thin(digit > 96)))))
    near = lambda p: sorted(((p[0] + dy, p[1] + dx) for dy in (-1, 0, 1) for dx in (-1, 0, 1)
                             if (dy or dx) and (p[0] + dy, p[1] + dx) in pixels), key=lambda q: (abs(q[0] - p[0]) + abs(q[1] - p[1]), q))
    seen, strokes = set(), []
    while len(seen) < len(pixels):
        left = sorted(pixels - seen)
        start = next((p for p in left if len(near(p)) == 1), left[0])  # an end of a line, if there is one
        path = [q for q in near(start) if q in seen][:1] + [start]       # join the strokes already drawn
        seen.add(start)
        while nxt := [q for q in near(path[-1]) if q not in seen]:
            seen.add(nxt[0]); path.append(nxt[0])
        close = [q for q in near(path[-1]) if q in seen and q not in path[-3:]]  # close loops such as a 0's
        strokes.append(path + close[:1])
    return strokes

def place(strokes: list, scale: float, dx: float, dy: float) -> list:
    "Strokes in 28x28 pixels as [x, y] points on the 280x280 pad, scaled and moved"
    return [[[round((c + 0.5) * 10 * scale + dx, 2), round((r + 0.5) * 10 * scale + dy, 2)] for r, c in s] for s in strokes]

def scribble(rng: np.random.Generator) -> list:
    "One to three random strokes anywhere on the pad"
    return [rng.uniform(10, RASTER - 10, (int(rng.integers(2, 8)), 2)).round(1).tolist() for _ in range(int(rng.integers(1, 4)))]

def photos(images: np.ndarray, rng: np.random.Generator, n: int) -> list:
    "Grey images for the preparation: MNIST digits as photos of any size, scribbles, dots, lines, light on dark"
    out = []
    for i in range(n):
        kind = i % 5
        if kind == 0:  # a digit, dark on light paper, stretched and off-centre
            w, h = int(rng.integers(20, 260)), int(rng.integers(20, 260))
            ink = Image.fromarray(255 - images[i]).resize((w, h), Image.BILINEAR)
            paper = Image.new('L', (w + int(rng.integers(0, 80)), h + int(rng.integers(0, 80))), int(rng.integers(170, 256)))
            paper.paste(ink, (int(rng.integers(0, paper.width - w + 1)), int(rng.integers(0, paper.height - h + 1))))
            out.append(np.asarray(paper))
        elif kind == 1:  # a digit bright on dark, small
            out.append(np.asarray(Image.fromarray(images[i]).resize((int(rng.integers(8, 60)),) * 2, Image.BICUBIC)))
        elif kind in (2, 3):  # scribbles, or a dot or a line, dark on white
            im = Image.new('L', (RASTER, RASTER), 255)
            draw = ImageDraw.Draw(im)
            if kind == 2:
                for stroke in scribble(rng): draw.line([tuple(p) for p in stroke], fill=int(rng.integers(0, 120)), width=int(rng.integers(1, 30)), joint='curve')
            else:
                x, y = rng.uniform(0, RASTER, 2)
                if rng.random() < 0.5: draw.line([(x, y), (x + rng.uniform(-200, 200), y + rng.uniform(-3, 3))], fill=0, width=int(rng.integers(1, 25)))
                else: draw.ellipse([x, y, x + rng.uniform(0, 20), y + rng.uniform(0, 20)], fill=0)
            out.append(np.asarray(im))
        else:  # noise of any contrast, or a blank sheet
            size = tuple(int(v) for v in rng.integers(1, 90, 2))
            out.append(np.full(size, int(rng.integers(0, 256)), np.uint8) if rng.random() < 0.2
                       else (rng.random(size) ** 4 * rng.uniform(5, 255)).astype(np.uint8))
    return out

# ---- Python's answers -----------------------------------------------------------------------------------------

def python_prepare(grey: np.ndarray):
    "prepare_digit's 28x28 bytes, or None where it finds the image blank"
    from mnist_book.digits import prepare_digit
    try: return prepare_digit(grey)
    except ValueError as e:
        if 'blank' in str(e): return None
        raise

def keras_probabilities(network, digits: list) -> np.ndarray:
    "The network's probabilities for prepared digits, as `mnist_book predict` computes them"
    from mnist_book.evaluate import predict_digits
    return predict_digits(network, np.stack(digits))[1] if digits else np.zeros((0, 10))

# ---- 1. Node.js -----------------------------------------------------------------------------------------------

def node_checks(tmp: Path, asset: Path, network, test_images: np.ndarray, rng) -> None:
    fixtures = tmp/'node'
    fixtures.mkdir()
    (fixtures/'model.bin').write_bytes((asset/'model.bin').read_bytes())
    (fixtures/'test_images.bin').write_bytes(test_images.tobytes())
    (fixtures/'keras.bin').write_bytes(keras_probabilities(network, list(test_images)).astype('<f4').tobytes())
    greys = photos(test_images, rng, 300)
    prepared = [python_prepare(g) for g in greys]
    (fixtures/'prepare.json').write_text(json.dumps([{'width': g.shape[1], 'height': g.shape[0], 'blank': p is None}
                                                     for g, p in zip(greys, prepared)]))
    (fixtures/'prepare_grey.bin').write_bytes(b''.join(g.tobytes() for g in greys))
    (fixtures/'prepare_digits.bin').write_bytes(b''.join((bytes(784) if p is None else p.tobytes()) for p in prepared))
    start = time.perf_counter()
    run = subprocess.run(['node', '--test', str(ROOT/'tools'/'pad.test.mjs')], capture_output=True, text=True,
                         env={**os.environ, 'PAD_FIXTURES': str(fixtures)}, cwd=ROOT)
    tests = re.findall(r'^# (pass|fail|skipped) (\d+)', run.stdout, re.M)
    check('node --test tools/pad.test.mjs', run.returncode == 0,
          ', '.join(f'{n} {w}' for w, n in tests) + f' in {time.perf_counter() - start:.1f} s' +
          ('' if run.returncode == 0 else '\n' + run.stdout[-3000:] + run.stderr[-2000:]))
    figures = json.loads((fixtures/'node_results.json').read_text()) if (fixtures/'node_results.json').exists() else {}
    if figures:
        check('node: forward pass', figures['forward_same'] == figures['forward_digits'] and figures['forward_largest'] <= 1e-5,
              f"same digit as Keras on {figures['forward_same']:,} of {figures['forward_digits']:,} test digits, "
              f"largest probability difference {figures['forward_largest']:.1e} (at most 1e-5); "
              f"{figures['forward_ms'] * 1000:.0f} µs a digit in Node")
        check('node: preparation', figures['prepare_largest'] == 0,
              f"{figures['prepare_drawings']} drawings ({figures['prepare_blank']} blank), largest pixel difference "
              f"from prepare_digit {figures['prepare_largest']} of 255")

# ---- 2. The page in Chromium ----------------------------------------------------------------------------------

def harness(folder: Path, asset: Path) -> Path:
    "A page that embeds the pad as nbs/11a_draw.ipynb does, with the pad's files in _static/pad/"
    cells = nbformat.read(ROOT/'nbs'/'11a_draw.ipynb', as_version=4).cells
    embed = next(c.source for c in cells if c.cell_type == 'markdown' and 'id="mnist-pad"' in c.source)
    (folder/'_static').mkdir(parents=True)
    (folder/'_static'/'pad').symlink_to(asset)
    (folder/'draw.html').write_text(
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,">'
        '<meta name="viewport" content="width=device-width, initial-scale=1"><title>Draw a digit</title>'
        '<style>body{font-family:system-ui,sans-serif;margin:0;padding:1rem;line-height:1.5}'
        'main{max-width:46rem;margin:auto}</style></head>'
        f'<body><main><h1>Draw a digit</h1>{embed}</main></body></html>')
    return folder

def watch(page, root: str, problems: list) -> None:
    "Record console errors, page errors, failed requests and requests beyond the site in `problems`"
    page.on('console', lambda m: problems.append(f'console {m.type}: {m.text}') if m.type == 'error' else None)
    page.on('pageerror', lambda e: problems.append(f'page error: {e}'))
    page.on('requestfailed', lambda r: problems.append(f'failed request: {r.url}'))
    page.on('response', lambda r: problems.append(f'{r.status}: {r.url}') if r.status >= 400 else None)
    page.on('request', lambda r: None if r.url.startswith((root, 'data:', 'blob:'))
            else problems.append(f'request beyond the site: {r.url}'))

def settle(page) -> None:
    "Wait two animation frames, so that the answer the pad schedules after a stroke is shown"
    page.evaluate('new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))')

def canvas_box(page, root_selector: str) -> dict:
    return page.evaluate(f"""() => {{ const c = document.querySelector('{root_selector} .mnist-pad-draw canvas');
        c.scrollIntoView({{block: 'center'}}); const r = c.getBoundingClientRect();
        return {{x: r.left, y: r.top, w: r.width, h: r.height}}; }}""")

def draw_with_mouse(page, box: dict, strokes: list) -> None:
    "Draw `strokes` (points on the 280x280 pad) with the mouse, a press, moves and a release per stroke"
    at = lambda p: (box['x'] + p[0] * box['w'] / RASTER, box['y'] + p[1] * box['h'] / RASTER)
    for stroke in strokes:
        page.mouse.move(*at(stroke[0]))
        page.mouse.down()
        for p in stroke[1:]: page.mouse.move(*at(p))
        page.mouse.up()

def state(page, root_selector: str = '#mnist-pad') -> dict:
    "The pad's answer as shown: digit, probabilities, the live region's sentence and the verdict"
    return page.evaluate(f"""() => {{ const r = document.querySelector('{root_selector} .mnist-pad');
        return {{digit: r.dataset.digit, probabilities: r.dataset.probabilities ? JSON.parse(r.dataset.probabilities) : null,
                live: r.querySelector('[aria-live]').textContent, verdict: r.querySelector('.mnist-pad-verdict').textContent,
                busy: r.dataset.busy, ink: !!r.querySelector('.mnist-pad-draw canvas')}}; }}""")

def page_grey(page) -> np.ndarray:
    "The pad's drawing as grey levels, read in the page"
    data = page.evaluate(f"""() => {{ const g = {PAD}.grey(); let s = '';
        for (let i = 0; i < g.length; i += 8192) s += String.fromCharCode(...g.subarray(i, i + 8192)); return btoa(s); }}""")
    return np.frombuffer(base64.b64decode(data), np.uint8).reshape(RASTER, RASTER)

def page_prepared(page):
    "The page's own preparation of its drawing (784 bytes) and its probabilities, or None for a blank pad"
    r = page.evaluate(f"() => {{ const p = {PAD}, r = p.predictGrey(p.grey()); "
                      "return r.digit ? {digit: Array.from(r.digit), probabilities: r.probabilities} : null; }")
    return (np.array(r['digit'], np.uint8).reshape(28, 28), np.array(r['probabilities'])) if r else (None, None)

def page_checks(pw, url: str, root: str, network, network_file: Path, test_images, test_labels, rng, tmp: Path) -> list:
    "Check the pad on the page; return the strokes of the ten digits drawn with the mouse, for JupyterLab"
    browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
    problems = []
    desktop = browser.new_context(viewport={'width': 1280, 'height': 900}, accept_downloads=True)
    page = desktop.new_page()
    watch(page, root, problems)
    page.goto(url, wait_until='load')
    page.wait_for_selector('#mnist-pad .mnist-pad[data-network]', timeout=30_000)
    ready = page.evaluate("() => { const r = document.querySelector('#mnist-pad .mnist-pad'); "
                          "return [Number(r.dataset.ready), Number(r.dataset.network)]; }")
    check('page: the pad is ready', True, f'drawing works {ready[0]:.0f} ms after the page starts loading, '
          f'the network is loaded at {ready[1]:.0f} ms')
    requested = page.evaluate("performance.getEntriesByType('resource').map(e => e.name)")
    pad_files = sorted(u.replace(root, '') for u in requested if '/pad/' in u)
    check('page: loads its network from the site', '_static/pad/model.bin' in pad_files and
          all(u.startswith(root) for u in requested), f"{', '.join(pad_files)}; all {len(requested)} files from the site")

    # Sixty drawings rasterised on the pad's canvas, prepared by the page and by prepare_digit
    digits = [i for i in range(200) if len(trace(test_images[i]))][:40]
    drawings = [place(trace(test_images[i]), rng.uniform(0.35, 1.0), rng.uniform(-20, 120), rng.uniform(-20, 120)) for i in digits]
    drawings += [scribble(rng) for _ in range(20)]
    largest, prob_largest, blanks, from_js, from_py = 0, 0.0, 0, [], []
    for strokes in drawings:
        page.evaluate(f"s => {{ {PAD}.clear(); {PAD}.drawStrokes(s); }}", strokes)
        js_digit, js_p = page_prepared(page)
        py_digit = python_prepare(page_grey(page))
        if (js_digit is None) != (py_digit is None): largest = 255; continue
        if py_digit is None: blanks += 1; continue
        largest = max(largest, int(np.abs(js_digit.astype(int) - py_digit).max()))
        from_js.append(js_p); from_py.append(py_digit)
    if from_py: prob_largest = float(np.abs(np.array(from_js) - keras_probabilities(network, from_py)).max())
    check('page: preparation of drawings on its canvas', largest == 0 and len(drawings) >= 50,
          f'{len(drawings)} drawings (40 traced from MNIST test digits, 20 scribbles), largest pixel difference from '
          f'prepare_digit {largest} of 255')
    check('page: probabilities of those drawings', prob_largest <= 1e-5,
          f'largest difference from Keras {prob_largest:.1e} (at most 1e-5)')

    # Ten digits drawn with the mouse, each saved as a PNG and read by `mnist_book predict`
    mouse_strokes, shown, pngs, seen = [], [], [], []
    for d in range(10):
        i = next(i for i in range(100, 2000) if test_labels[i] == d and len(trace(test_images[i])) <= 2)
        strokes = place(trace(test_images[i]), 0.8, 40, 30)
        page.click('#mnist-pad button')
        box = canvas_box(page, '#mnist-pad')
        draw_with_mouse(page, box, strokes)
        settle(page)
        shown.append(state(page))
        seen.append(page_prepared(page)[0])
        with page.expect_download() as download: page.click('#mnist-pad a[download]')
        pngs.append(tmp/'drawn'/f'drawn-{d}.png')
        pngs[-1].parent.mkdir(exist_ok=True)
        download.value.save_as(pngs[-1])
        mouse_strokes.append(strokes)
    cli = subprocess.run([str(BIN/'mnist_book'), 'predict', str(network_file), *map(str, pngs), '--save-input', str(tmp/'seen')],
                         capture_output=True, text=True, cwd=tmp)
    said = {Path(m[0]).name: (int(m[1]), float(m[2]))
            for m in re.findall(r'^(.*\.png): (\d) \(probability ([\d.]+)\)$', cli.stdout, re.M)}
    from mnist_book.digits import prepare_digit, read_image
    from_file = [prepare_digit(read_image(p)) for p in pngs]
    keras_p = keras_probabilities(network, from_file)
    same_digit = all(said.get(p.name, (None,))[0] == int(s['digit']) for p, s in zip(pngs, shown))
    printed = all(abs(said[p.name][1] - max(s['probabilities'])) <= 5e-4 for p, s in zip(pngs, shown) if p.name in said)
    same_image = all(np.array_equal(np.asarray(Image.open(tmp/'seen'/f'{p.stem}-28x28.png')), s) for p, s in zip(pngs, seen))
    prob_diff = float(np.abs(keras_p - np.array([s['probabilities'] for s in shown])).max())
    check('page: ten digits drawn with the mouse, then `mnist_book predict` on the saved PNGs',
          cli.returncode == 0 and len(said) == 10 and same_digit and printed and same_image and prob_diff <= 1e-4,
          f"the page read {''.join(s['digit'] for s in shown)} for digits 0-9 traced from MNIST; predict: "
          f"{''.join(str(said[p.name][0]) for p in pngs if p.name in said)}, the same 28x28 images: {same_image}, "
          f"largest probability difference {prob_diff:.1e} (at most 1e-4)" + ('' if cli.returncode == 0 else '\n' + cli.stderr[-1500:]))
    check('page: a screen reader hears the answer', all(re.match(f"The network reads an? {s['digit']}, probability", s['live']) for s in shown),
          repr(shown[-1]['live']))

    # A pen, and Clear from the keyboard
    page.evaluate(f"() => {{ window.__kinds = []; document.querySelector('#mnist-pad canvas')"
                  ".addEventListener('pointerdown', e => window.__kinds.push(e.pointerType)); }")
    page.click('#mnist-pad button')
    cdp = desktop.new_cdp_session(page)
    points = [(box['x'] + x, box['y'] + y) for x, y in [(140, 50), (142, 120), (141, 200), (139, 240)]]
    for kind, (x, y) in zip(['mousePressed'] + ['mouseMoved'] * 2 + ['mouseReleased'], points):
        cdp.send('Input.dispatchMouseEvent', {'type': kind, 'x': x, 'y': y, 'button': 'left', 'buttons': 0 if kind == 'mouseReleased' else 1,
                                              'clickCount': 1, 'pointerType': 'pen'})
    settle(page)
    pen = state(page)
    check('page: a pen draws', page.evaluate('window.__kinds') == ['pen'] and pen['digit'] != '',
          f"pointer {page.evaluate('window.__kinds')}, read as a {pen['digit']}")
    button = page.locator('#mnist-pad button')
    tabbable = button.evaluate("b => b.tagName === 'BUTTON' && b.tabIndex >= 0 && b.textContent === 'Clear'")
    button.focus()
    page.keyboard.press('Enter')
    settle(page)
    after_enter = state(page)
    draw_with_mouse(page, box, mouse_strokes[3])
    button.focus()
    page.keyboard.press('Space')
    settle(page)
    after_space = state(page)
    blank = bool((page_grey(page) == 255).all())
    check('page: Clear works from the keyboard', tabbable and blank and after_enter['digit'] == after_space['digit'] == ''
          and after_space['probabilities'] is None and after_space['live'] == 'The pad is empty.',
          'Enter and Space on the focused Clear button empty the pad and the answer')

    times = page.evaluate(f'{PAD}.times')
    check('page: prediction time', len(times) > 50, f'median {statistics.median(times):.2f} ms over {len(times)} '
          f'predictions (read, prepare, predict), slowest {max(times):.1f} ms, measured in the page')
    draw_with_mouse(page, box, mouse_strokes[7])
    settle(page)
    SHOTS.mkdir(exist_ok=True)
    page.locator('#mnist-pad').screenshot(path=SHOTS/'pad-desktop.png')

    # A phone: 390 pixels wide, a finger
    phone = browser.new_context(viewport={'width': 390, 'height': 844}, device_scale_factor=3, is_mobile=True, has_touch=True)
    mobile = phone.new_page()
    watch(mobile, root, problems)
    mobile.goto(url, wait_until='load')
    mobile.wait_for_selector('#mnist-pad .mnist-pad[data-network]', timeout=30_000)
    small = canvas_box(mobile, '#mnist-pad')
    fits = mobile.evaluate("""() => { const r = document.querySelector('#mnist-pad .mnist-pad'), w = innerWidth;
        return document.documentElement.scrollWidth <= w && [...r.querySelectorAll('canvas, li, button')]
            .every(e => { const b = e.getBoundingClientRect(); return b.left >= 0 && b.right <= w; }); }""")
    touch = mobile.context.new_cdp_session(mobile)
    stroke = [(small['x'] + x * small['w'] / RASTER, small['y'] + y * small['h'] / RASTER) for x, y in mouse_strokes[1][0]]
    touch.send('Input.dispatchTouchEvent', {'type': 'touchStart', 'touchPoints': [{'x': stroke[0][0], 'y': stroke[0][1]}]})
    for x, y in stroke[1:]: touch.send('Input.dispatchTouchEvent', {'type': 'touchMove', 'touchPoints': [{'x': x, 'y': y}]})
    touch.send('Input.dispatchTouchEvent', {'type': 'touchEnd', 'touchPoints': []})
    settle(mobile)
    finger = state(mobile)
    check('phone: the pad fits a 390-pixel screen and a finger draws', fits and finger['digit'] != '',
          f"canvas {small['w']:.0f} px wide, nothing wider than the screen: {fits}; the finger's stroke read as a {finger['digit']}")
    mobile.screenshot(path=SHOTS/'pad-phone.png')
    check('page: no console error, failed request or request beyond the site', not problems, '; '.join(problems[:5]))
    browser.close()
    return mouse_strokes

# ---- 3. JupyterLab --------------------------------------------------------------------------------------------

NOTEBOOK = ["from mnist_book.core import quiet_tensorflow\nquiet_tensorflow()\n"
            "from mnist_book.cli import load_network\nfrom mnist_book.pad import DrawingPad",
            "pad = DrawingPad(load_network('network.keras'))\npad"]

def free_port() -> int:
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]

def start_lab(folder: Path) -> tuple:
    "JupyterLab on 127.0.0.1 in `folder`, with its own settings and a random token: (process, address, token)"
    port, token = free_port(), secrets.token_hex(16)
    env = {**os.environ, **{k: str(folder/'.jupyter'/v) for k, v in [('JUPYTER_CONFIG_DIR', 'config'),
           ('JUPYTER_DATA_DIR', 'data'), ('JUPYTER_RUNTIME_DIR', 'runtime'), ('JUPYTERLAB_SETTINGS_DIR', 'settings'),
           ('JUPYTERLAB_WORKSPACES_DIR', 'workspaces')]}}
    for name, values in [('apputils-extension/notification', {'fetchNews': 'false', 'checkForUpdates': False}),
                         ('notebook-extension/tracker', {'autoStartDefaultKernel': True})]:  # no news, no kernel dialog
        settings = folder/'.jupyter'/'settings'/'@jupyterlab'/f'{name}.jupyterlab-settings'
        settings.parent.mkdir(parents=True, exist_ok=True)
        settings.write_text(json.dumps(values))
    log = open(folder/'.jupyter'/'lab.log', 'wb')
    lab = subprocess.Popen([sys.executable, '-m', 'jupyter', 'lab', '--no-browser', f'--port={port}', '--allow-root',
                            f'--IdentityProvider.token={token}', '--ServerApp.ip=127.0.0.1', f'--ServerApp.root_dir={folder}'],
                           cwd=folder, env=env, stdout=log, stderr=log, start_new_session=True)
    address = f'http://127.0.0.1:{port}/'
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline and lab.poll() is None:
        try:
            with urllib.request.urlopen(f'{address}api/status?token={token}', timeout=2): return lab, address, token
        except OSError: time.sleep(0.5)
    stop_lab(lab)
    raise RuntimeError('JupyterLab did not start within 90 s')

def stop_lab(lab) -> None:
    "Stop the JupyterLab server started here, and its kernels (its own process group)"
    if lab.poll() is not None: return
    os.killpg(lab.pid, signal.SIGTERM)
    try: lab.wait(timeout=20)
    except subprocess.TimeoutExpired: os.killpg(lab.pid, signal.SIGKILL); lab.wait()

def jupyter_checks(pw, tmp: Path, network_file: Path, network, strokes: list) -> None:
    folder = tmp/'lab'
    folder.mkdir()
    (folder/'network.keras').write_bytes(network_file.read_bytes())
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(s) for s in NOTEBOOK])
    nb.metadata['kernelspec'] = {'name': 'python3', 'display_name': 'Python 3', 'language': 'python'}
    nbformat.write(nb, folder/'pad.ipynb')
    start, lab, browser = time.perf_counter(), None, None
    try:
        lab, address, token = start_lab(folder)
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        page = browser.new_page(viewport={'width': 1280, 'height': 1000})
        page.goto(f'{address}lab/tree/pad.ipynb?token={token}', wait_until='load')
        page.wait_for_selector('.jp-Notebook .jp-Cell', timeout=60_000)
        try: page.locator('.jp-Dialog .jp-mod-accept').click(timeout=3_000)  # "Select Kernel", where it still asks
        except PlaywrightTimeout: pass
        page.wait_for_selector('.jp-Notebook-ExecutionIndicator[data-status="idle"]', timeout=60_000)
        page.locator('.lm-MenuBar-itemLabel', has_text=re.compile(r'^Run$')).click()
        page.locator('.lm-Menu-itemLabel', has_text=re.compile(r'^Run All Cells$')).click()
        page.wait_for_selector('.jp-OutputArea .mnist-pad[data-ready]', timeout=180_000)
        check('jupyter: Run All Cells shows the pad', True, f'{time.perf_counter() - start:.0f} s after starting JupyterLab')
        root = '.jp-OutputArea'
        box = canvas_box(page, root)
        draw_with_mouse(page, box, strokes[2])
        settle(page)
        page.wait_for_function("() => document.querySelector('.jp-OutputArea .mnist-pad').dataset.busy === '0'", timeout=60_000)
        shown = state(page, root)
        png = page.evaluate("() => document.querySelector('.jp-OutputArea .mnist-pad-draw canvas').toDataURL('image/png')")
        from mnist_book.digits import prepare_digit, read_image
        (tmp/'widget.png').write_bytes(base64.b64decode(png.split(',', 1)[1]))
        python = keras_probabilities(network, [prepare_digit(read_image(tmp/'widget.png'))])[0]
        kernel = np.array(shown['probabilities'] or [np.nan] * 10)
        check("jupyter: the mouse draws and the kernel's network answers", shown['digit'] == str(python.argmax()) and
              float(np.abs(kernel - python).max()) <= 1e-4 and re.match(f"The network reads an? {shown['digit']} ", shown['verdict']),
              f"the widget shows {shown['verdict']!r}; Python on the widget's drawing: {python.argmax()}, largest "
              f"probability difference {float(np.abs(kernel - python).max()):.1e}")
        page.locator(f'{root} .mnist-pad').screenshot(path=SHOTS/'pad-jupyter.png')
        page.locator(f'{root} .mnist-pad button').focus()
        page.keyboard.press('Enter')
        settle(page)
        page.wait_for_function("() => document.querySelector('.jp-OutputArea .mnist-pad').dataset.busy === '0'", timeout=60_000)
        cleared = state(page, root)
        check('jupyter: Clear from the keyboard empties the pad and the answer', cleared['probabilities'] is None and
              cleared['digit'] == '', repr(cleared['verdict']))
    except Exception as e:  # a timeout or a missing element: say what, with a screenshot and the server's log
        if browser and browser.contexts: browser.contexts[0].pages[0].screenshot(path=SHOTS/'pad-jupyter-failed.png')
        check('jupyter: the widget in JupyterLab', False, f"{type(e).__name__}: {str(e)[:400]} (screenshot in "
              f"{SHOTS.name}/pad-jupyter-failed.png)\n" + (folder/'.jupyter'/'lab.log').read_text()[-1500:])
    finally:
        if browser: browser.close()
        if lab: stop_lab(lab)

# ---- main -----------------------------------------------------------------------------------------------------

def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--site', type=Path, help="a built site to check (its draw.html and _static/pad/); default: "
                        "build the pad's files and serve a page that embeds the pad as the notebook does")
    parser.add_argument('--skip-jupyter', action='store_true', help='leave out the JupyterLab check')
    args = parser.parse_args()
    started = time.perf_counter()
    from mnist_book.core import quiet_tensorflow
    quiet_tensorflow()
    from mnist_book.data import load_mnist
    from mnist_book.pad import book_network, network_weights
    import hashlib
    with tempfile.TemporaryDirectory(prefix='pad-check-') as name:
        tmp = Path(name)
        if args.site: site = args.site.resolve()
        else:
            build = subprocess.run([sys.executable, str(ROOT/'tools'/'build_pad.py'), str(tmp/'static')],
                                   capture_output=True, text=True, cwd=ROOT)
            if not check('tools/build_pad.py', build.returncode == 0, (build.stdout + build.stderr).strip()[-1500:]): sys.exit(1)
            site = harness(tmp/'site', tmp/'static'/'pad')
        asset = site/'_static'/'pad'
        manifest = json.loads((asset/'model.json').read_text())
        network, network_file = book_network(ROOT/'_models'), ROOT/'_models'/'pad'/'network.keras'
        weights = b''.join(w.astype('<f4').tobytes() for w in network_weights(network))
        check("the page's network file holds the Keras network's weights", hashlib.sha256(weights).hexdigest() ==
              manifest['sha256'] == hashlib.sha256((asset/'model.bin').read_bytes()).hexdigest(),
              f"{manifest['bytes']:,} bytes, {manifest['format']}; test accuracy in the page's format "
              f"{manifest['test_accuracy']:.4f}, in Keras {manifest['keras_test_accuracy']:.4f}")
        _, (test_images, test_labels) = load_mnist()
        rng = np.random.default_rng(0)
        print('== Node.js', flush=True)
        node_checks(tmp, asset, network, test_images, rng)
        server, root = serve(site)
        with sync_playwright() as pw:
            print('== Chromium: the page', flush=True)
            strokes = page_checks(pw, f'{root}draw.html', root, network, network_file, test_images, test_labels, rng, tmp)
            if not args.skip_jupyter:
                print('== Chromium: JupyterLab', flush=True)
                jupyter_checks(pw, tmp, network_file, network, strokes)
        server.shutdown()
    print(f"{sum(results)} passed, {len(results) - sum(results)} failed in {time.perf_counter() - started:.0f} s")
    sys.exit(0 if all(results) else 1)

if __name__ == '__main__': main()
