// The drawing pad of mnist_book: one ES module for the site's page (`mount`) and the Jupyter widget (anywidget's
// `render`). It prepares a drawing exactly as mnist_book.digits.prepare_digit does (Pillow's LANCZOS resampling
// and NumPy's float32 arithmetic included) and runs the book's network (784 -> 512 ReLU -> 10 softmax) from a file
// of float32 weights. Nothing here touches the DOM until `mount` or `render` is called, so Node can import it.

export const IMAGE_SIDE = 28;          // the network reads 28x28 digits...
export const DIGIT_BOX = 20;           // ...each scaled to fit a 20x20 box, as MNIST's were
export const PIXEL_MAX = 255;
export const RASTER = 280;             // the drawing is a 280x280 grey image: ten of its pixels per pixel of the digit
export const LINE_WIDTH = 20;          // a pen as wide as MNIST's strokes, about 2 of the 28 pixels
export const SHAPES = [[784, 512], [512], [512, 10], [10]];  // the weights in the file, one array after another
export const WEIGHT_COUNT = SHAPES.reduce((n, s) => n + s.reduce((a, b) => a * b, 1), 0);  // 407,050

const f32 = Math.fround;
const INK_THRESHOLD = f32(0.2), MIN_CONTRAST = f32(0.1);  // NumPy compares float32 arrays with float32 constants
const CLASSES = 10;

// ---- Preparing a drawing: mnist_book.digits.prepare_digit, step by step ---------------------------------------

/** Grey levels (0 black to 255 white) of RGBA pixels, as Pillow's convert('L') computes them. */
export function greyOf(rgba) {
  const grey = new Uint8Array(rgba.length / 4);
  for (let i = 0; i < grey.length; i++) {
    const j = 4 * i;
    grey[i] = (rgba[j] * 19595 + rgba[j + 1] * 38470 + rgba[j + 2] * 7471 + 0x8000) >>> 16;
  }
  return grey;
}

/** Round half to even, as NumPy and Python's round do. */
function roundEven(x) {
  const r = Math.round(x);
  return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** The median of float32 values as np.median computes it for an even count: the float32 mean of the middle two. */
function median(values) {
  const s = Float32Array.from(values).sort(), n = s.length;
  return n % 2 ? s[(n - 1) / 2] : f32(f32(s[n / 2 - 1] + s[n / 2]) / 2);
}

/** NumPy's pairwise summation of `a` (its order of additions), rounding each sum with `round`. */
function pairwiseSum(a, start, n, round) {
  if (n < 8) {
    let res = 0;
    for (let i = 0; i < n; i++) res = round(res + a[start + i]);
    return res;
  }
  if (n <= 128) {
    const r = Array.from({length: 8}, (_, j) => a[start + j]);
    let i = 8;
    for (; i < n - (n % 8); i += 8) for (let j = 0; j < 8; j++) r[j] = round(r[j] + a[start + i + j]);
    let res = round(round(round(r[0] + r[1]) + round(r[2] + r[3])) + round(round(r[4] + r[5]) + round(r[6] + r[7])));
    for (; i < n; i++) res = round(res + a[start + i]);
    return res;
  }
  let n2 = Math.floor(n / 2);
  n2 -= n2 % 8;
  return round(pairwiseSum(a, start, n2, round) + pairwiseSum(a, start + n2, n - n2, round));
}

const same = x => x;

/** Pillow's LANCZOS filter: a sinc windowed by a wider sinc, 3 pixels either side. */
function lanczos(x) {
  const sinc = t => (t === 0 ? 1 : Math.sin(t * Math.PI) / (t * Math.PI));
  return -3 <= x && x < 3 ? sinc(x) * sinc(x / 3) : 0;
}

/** Pillow's resampling weights (precompute_coeffs in Resample.c) from `inSize` pixels to `outSize`. */
function coefficients(inSize, outSize) {
  const scale = inSize / outSize, filterscale = Math.max(scale, 1), support = 3 * filterscale;
  const bounds = [], weights = [];
  for (let xx = 0; xx < outSize; xx++) {
    const center = (xx + 0.5) * scale, ss = 1 / filterscale;
    const xmin = Math.max(0, Math.trunc(center - support + 0.5));
    const xmax = Math.min(inSize, Math.trunc(center + support + 0.5)) - xmin;
    const k = [];
    let ww = 0;
    for (let x = 0; x < xmax; x++) { k.push(lanczos((x + xmin - center + 0.5) * ss)); ww += k[x]; }
    weights.push(ww !== 0 ? k.map(w => w / ww) : k);
    bounds.push(xmin);
  }
  return {bounds, weights};
}

/** Image.fromarray(float32 image).resize((width, height), Image.LANCZOS): two passes, horizontal first. */
export function resizeLanczos(image, w, h, width, height) {
  let out = image, outW = w;
  if (width !== w) {                              // Pillow skips a pass whose size does not change
    const {bounds, weights} = coefficients(w, width);
    out = new Float32Array(width * h);
    for (let y = 0; y < h; y++) {
      for (let xx = 0; xx < width; xx++) {
        const k = weights[xx], row = y * w + bounds[xx];
        let ss = 0;
        for (let x = 0; x < k.length; x++) ss += image[row + x] * k[x];
        out[y * width + xx] = ss;                 // stored as float32, as Pillow's "F" images are
      }
    }
    outW = width;
  }
  if (height !== h) {
    const {bounds, weights} = coefficients(h, height), src = out;
    out = new Float32Array(outW * height);
    for (let yy = 0; yy < height; yy++) {
      const k = weights[yy];
      for (let x = 0; x < outW; x++) {
        let ss = 0;
        for (let y = 0; y < k.length; y++) ss += src[(bounds[yy] + y) * outW + x] * k[y];
        out[yy * outW + x] = ss;
      }
    }
  }
  return out;
}

/** Scale `image` so that its longer side is `box` pixels, keeping its proportions (prepare_digit's _fit). */
function fit(image, w, h, box) {
  const scale = box / Math.max(h, w);
  const width = Math.max(1, roundEven(w * scale)), height = Math.max(1, roundEven(h * scale));
  const out = width === w && height === h ? Float32Array.from(image) : resizeLanczos(image, w, h, width, height);
  for (let i = 0; i < out.length; i++) out[i] = Math.min(1, Math.max(0, out[i]));
  return {digit: out, width, height};
}

/** Place the digit in a 28x28 image with its centre of mass in the middle (prepare_digit's _centre). */
function centre(digit, w, h) {
  const rowsTimes = new Float64Array(digit.length), colsTimes = new Float64Array(digit.length);
  for (let i = 0; i < digit.length; i++) { rowsTimes[i] = Math.floor(i / w) * digit[i]; colsTimes[i] = (i % w) * digit[i]; }
  const mass = pairwiseSum(digit, 0, digit.length, f32) || 1;
  const clip = (v, hi) => Math.min(Math.max(v, 0), hi);
  const top = clip(roundEven(IMAGE_SIDE / 2 - pairwiseSum(rowsTimes, 0, digit.length, same) / mass), IMAGE_SIDE - h);
  const left = clip(roundEven(IMAGE_SIDE / 2 - pairwiseSum(colsTimes, 0, digit.length, same) / mass), IMAGE_SIDE - w);
  const canvas = new Uint8Array(IMAGE_SIDE * IMAGE_SIDE);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++)
    canvas[(top + y) * IMAGE_SIDE + left + x] = roundEven(f32(digit[y * w + x] * PIXEL_MAX));
  return canvas;
}

/**
 * The digit as MNIST would have it, from grey levels (`width` x `height`, row by row): 784 bytes, bright ink on
 * black, scaled into 20x20 and centred by mass in 28x28. Null when the image is blank, where prepare_digit raises.
 */
export function prepareDigit(grey, width, height) {
  const n = width * height;
  if (!(n > 0) || grey.length !== n) throw new RangeError(`expected ${width}x${height} grey levels, got ${grey.length}`);
  let lo = Infinity, hi = -Infinity;
  for (let i = 0; i < n; i++) { lo = Math.min(lo, grey[i]); hi = Math.max(hi, grey[i]); }
  const ptp = hi - lo || 1, image = new Float32Array(n);
  for (let i = 0; i < n; i++) image[i] = (grey[i] - lo) / ptp;       // 0 to 1, rounded to float32 on storing
  const border = () => {
    const b = [];
    for (let x = 0; x < width; x++) b.push(image[x]);
    for (let x = 0; x < width; x++) b.push(image[(height - 1) * width + x]);
    for (let y = 0; y < height; y++) b.push(image[y * width]);
    for (let y = 0; y < height; y++) b.push(image[y * width + width - 1]);
    return b;
  };
  if (median(border()) > 0.5) for (let i = 0; i < n; i++) image[i] = 1 - image[i];  // dark ink on light paper
  const paper = median(border());
  let top = 0;
  for (let i = 0; i < n; i++) { image[i] = Math.max(0, f32(image[i] - paper)); top = Math.max(top, image[i]); }
  if (top < MIN_CONTRAST) return null;                                // blank: no digit stands out
  let r0 = height, r1 = -1, c0 = width, c1 = -1;
  for (let i = 0; i < n; i++) {
    image[i] = image[i] / top;
    if (image[i] > INK_THRESHOLD) {
      const y = Math.floor(i / width), x = i % width;
      r0 = Math.min(r0, y); r1 = Math.max(r1, y); c0 = Math.min(c0, x); c1 = Math.max(c1, x);
    }
  }
  const w = c1 - c0 + 1, h = r1 - r0 + 1, crop = new Float32Array(w * h);
  for (let y = 0; y < h; y++) crop.set(image.subarray((r0 + y) * width + c0, (r0 + y) * width + c0 + w), y * w);
  const {digit, width: dw, height: dh} = fit(crop, w, h, DIGIT_BOX);
  return centre(digit, dw, dh);
}

// ---- The network: two dense layers ----------------------------------------------------------------------------

/** The network in `buffer` (an ArrayBuffer of 407,050 little-endian float32 weights, as export_network writes). */
export function networkFrom(buffer) {
  if (buffer.byteLength !== 4 * WEIGHT_COUNT)
    throw new RangeError(`a network file holds ${4 * WEIGHT_COUNT} bytes, this one ${buffer.byteLength}`);
  const arrays = [];
  let offset = 0;
  for (const shape of SHAPES) {
    const size = shape.reduce((a, b) => a * b, 1);
    arrays.push(new Float32Array(buffer, offset, size));
    offset += 4 * size;
  }
  const [kernel1, bias1, kernel2, bias2] = arrays;
  return {kernel1, bias1, kernel2, bias2};
}

/** Fetch and read the network file at `url`. */
export async function loadNetwork(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: ${response.status} ${response.statusText}`);
  return networkFrom(await response.arrayBuffer());
}

/** The ten probabilities the network gives a prepared digit (784 bytes): relu(x W1 + b1) W2 + b2, then softmax. */
export function predict(network, digit) {
  const {kernel1, bias1, kernel2, bias2} = network, units = bias1.length;
  const hidden = Float64Array.from(bias1);
  for (let i = 0; i < digit.length; i++) {
    if (digit[i] === 0) continue;                                    // most pixels are background: skip their rows
    const x = f32(digit[i] / PIXEL_MAX), row = i * units;            // flatten_images: float32 pixels / 255
    for (let j = 0; j < units; j++) hidden[j] += x * kernel1[row + j];
  }
  const logits = Float64Array.from(bias2);
  for (let j = 0; j < units; j++) {
    const h = Math.max(0, hidden[j]);
    if (h === 0) continue;
    for (let k = 0; k < CLASSES; k++) logits[k] += h * kernel2[j * CLASSES + k];
  }
  const top = Math.max(...logits), exps = logits.map(z => Math.exp(z - top));
  const total = exps.reduce((a, b) => a + b, 0);
  return Array.from(exps, e => e / total);
}

// ---- The pad on a page ----------------------------------------------------------------------------------------

const STYLE = `
.mnist-pad{--pad-accent:var(--pst-color-primary,#0a6c7c);--pad-muted:var(--pst-color-text-muted,#555);
  display:flex;flex-wrap:wrap;gap:1.25rem;align-items:flex-start;margin:1rem 0;font-size:.95rem}
.mnist-pad-draw{display:flex;flex-direction:column;gap:.5rem;max-width:100%}
.mnist-pad-draw canvas{width:280px;max-width:calc(100% - 4px);aspect-ratio:1;touch-action:none;cursor:crosshair;
  background:#fff;box-shadow:0 0 0 2px var(--pad-muted);border-radius:4px;margin:2px}
.mnist-pad-buttons{display:flex;gap:.75rem;align-items:center}
.mnist-pad-buttons button{font:inherit;padding:.35rem 1.1rem;border-radius:6px;border:1px solid var(--pad-accent);
  background:var(--pad-accent);color:var(--pst-color-background,#fff);cursor:pointer}
.mnist-pad-buttons button:focus-visible,.mnist-pad-buttons a:focus-visible{outline:3px solid var(--pad-accent);
  outline-offset:2px}
.mnist-pad-buttons a{color:var(--pad-accent)}
.mnist-pad-result{display:flex;flex-wrap:wrap;gap:1rem 1.25rem;align-items:flex-start;flex:1 1 14rem;min-width:0}
.mnist-pad-seen{margin:0;padding:0;display:flex;flex-direction:column;gap:.3rem;align-items:flex-start;text-align:left}
.mnist-pad-seen canvas{width:112px;height:112px;image-rendering:pixelated;background:#000;border-radius:4px}
.mnist-pad-seen span{display:block;font-size:.8rem;line-height:1.3;color:var(--pad-muted);max-width:112px}
.mnist-pad-answer{flex:1 1 12rem;min-width:0}
.mnist-pad-verdict{margin:0 0 .4rem;font-weight:600;min-height:1.4em}
.mnist-pad-bars{list-style:none;margin:0;padding:0;display:grid;gap:2px}
.mnist-pad-bars li{display:grid;grid-template-columns:1.2em 1fr 3.2em;gap:.4rem;align-items:center;
  font-variant-numeric:tabular-nums;margin:0}
.mnist-pad-bars .bar{height:.9em;background:rgba(127,127,127,.18);border-radius:3px;overflow:hidden}
.mnist-pad-bars .fill{display:block;height:100%;width:0;background:var(--pad-accent)}
.mnist-pad-bars li.top{font-weight:600}
.mnist-pad-bars .value{text-align:right}
.mnist-pad-sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
`;

function addStyle(doc) {
  if (doc.getElementById('mnist-pad-style')) return;
  const style = doc.createElement('style');
  style.id = 'mnist-pad-style';
  style.textContent = STYLE;
  doc.head.appendChild(style);
}

function element(doc, tag, attributes = {}, children = []) {
  const e = doc.createElement(tag);
  for (const [k, v] of Object.entries(attributes)) k === 'text' ? (e.textContent = v) : e.setAttribute(k, v);
  for (const c of children) e.appendChild(c);
  return e;
}

/** Build the pad's elements inside `el`; returns the pieces the pad's behaviour needs. */
function build(el) {
  const doc = el.ownerDocument;
  addStyle(doc);
  el.replaceChildren();
  const canvas = element(doc, 'canvas', {width: RASTER, height: RASTER, role: 'img',
    'aria-label': 'Drawing area: draw one digit, 0 to 9, with a mouse, a finger or a pen'});
  const clear = element(doc, 'button', {type: 'button', text: 'Clear'});
  const save = element(doc, 'a', {href: '#', download: 'digit.png', text: 'Save as PNG'});
  const seen = element(doc, 'canvas', {width: IMAGE_SIDE, height: IMAGE_SIDE, role: 'img',
    'aria-label': 'The 28 by 28 digit the network reads'});
  const verdict = element(doc, 'p', {class: 'mnist-pad-verdict', text: 'Draw a digit in the white square.'});
  const rows = Array.from({length: CLASSES}, (_, d) => element(doc, 'li', {}, [
    element(doc, 'span', {class: 'label', text: String(d)}),
    element(doc, 'span', {class: 'bar', 'aria-hidden': 'true'}, [element(doc, 'span', {class: 'fill'})]),
    element(doc, 'span', {class: 'value', text: '–'})]));
  const bars = element(doc, 'ol', {class: 'mnist-pad-bars', 'aria-label': 'Probability of each digit'}, rows);
  const live = element(doc, 'p', {class: 'mnist-pad-sr', 'aria-live': 'polite'});
  const root = element(doc, 'div', {class: 'mnist-pad'}, [
    element(doc, 'div', {class: 'mnist-pad-draw'}, [canvas, element(doc, 'div', {class: 'mnist-pad-buttons'}, [clear, save])]),
    element(doc, 'div', {class: 'mnist-pad-result'}, [
      element(doc, 'div', {class: 'mnist-pad-seen'}, [seen, element(doc, 'span', {text: 'What the network reads: 28×28'})]),
      element(doc, 'div', {class: 'mnist-pad-answer'}, [verdict, bars, live])])]);
  el.appendChild(root);
  return {root, canvas, clear, save, seen, verdict, rows, live};
}

function a(digit) { return digit === 8 ? `an ${digit}` : `a ${digit}`; }  // an eight, a seven

function percent(p) { return p >= 0.995 ? '100%' : p < 0.005 ? '0%' : `${Math.round(p * 100)}%`; }

/** Show a prepared digit (or nothing) and its probabilities (or none) in the pad's elements. */
function show(ui, digit, probabilities) {
  const ctx = ui.seen.getContext('2d'), image = ctx.createImageData(IMAGE_SIDE, IMAGE_SIDE);
  for (let i = 0; i < IMAGE_SIDE * IMAGE_SIDE; i++) {
    const v = digit ? digit[i] : 0;
    image.data.set([v, v, v, 255], 4 * i);
  }
  ctx.putImageData(image, 0, 0);
  const best = probabilities ? probabilities.indexOf(Math.max(...probabilities)) : -1;
  ui.rows.forEach((row, d) => {
    const p = probabilities ? probabilities[d] : 0;
    row.querySelector('.fill').style.width = `${(100 * p).toFixed(1)}%`;
    row.querySelector('.value').textContent = probabilities ? percent(p) : '–';
    row.classList.toggle('top', d === best);
  });
  ui.verdict.textContent = best < 0 ? 'Draw a digit in the white square.'
    : `The network reads ${a(best)} (${percent(probabilities[best])}).`;
  ui.root.dataset.digit = best < 0 ? '' : String(best);
  ui.root.dataset.probabilities = probabilities ? JSON.stringify(probabilities) : '';
}

/** What the live region says once a stroke ends: the answer, and the runner-up. */
function announce(ui, probabilities) {
  if (!probabilities) { ui.live.textContent = 'The pad is empty.'; return; }
  const order = probabilities.map((p, d) => [p, d]).sort((a, b) => b[0] - a[0]);
  ui.live.textContent = `The network reads ${a(order[0][1])}, probability ${percent(order[0][0])}; ` +
    `next ${a(order[1][1])}, ${percent(order[1][0])}.`;
}

/**
 * The drawing behaviour, shared by the page and the widget: Pointer Events draw on the canvas; `answer(grey, ended,
 * start)` is asked for a new answer at most once an animation frame while drawing, and once more when a stroke ends
 * (`ended`); `start` is the time just before the canvas was read.
 */
function pad(ui, answer) {
  const ctx = ui.canvas.getContext('2d', {willReadFrequently: true});
  let last = null, pending = false, strokeEnded = false, empty = true;
  const paper = () => {
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, RASTER, RASTER);
    Object.assign(ctx, {strokeStyle: '#000', fillStyle: '#000', lineWidth: LINE_WIDTH, lineCap: 'round', lineJoin: 'round'});
  };
  const grey = () => greyOf(ctx.getImageData(0, 0, RASTER, RASTER).data);
  const update = () => {
    pending = false;
    const ended = strokeEnded, start = performance.now();
    strokeEnded = false;
    answer(empty ? null : grey(), ended, start);
  };
  const schedule = (ended = false) => {
    strokeEnded = strokeEnded || ended;
    if (!pending) { pending = true; requestAnimationFrame(update); }
  };
  const dot = ([x, y]) => { ctx.beginPath(); ctx.arc(x, y, LINE_WIDTH / 2, 0, 2 * Math.PI); ctx.fill(); };
  const line = ([x0, y0], [x1, y1]) => { ctx.beginPath(); ctx.moveTo(x0, y0); ctx.lineTo(x1, y1); ctx.stroke(); };
  const at = e => {
    const box = ui.canvas.getBoundingClientRect();
    return [(e.clientX - box.left) * RASTER / box.width, (e.clientY - box.top) * RASTER / box.height];
  };
  const down = e => {
    if (e.button !== 0) return;
    e.preventDefault();
    ui.canvas.setPointerCapture(e.pointerId);
    last = at(e);
    dot(last);
    empty = false;
    schedule();
  };
  const move = e => {
    if (!last) return;
    e.preventDefault();
    for (const p of e.getCoalescedEvents ? e.getCoalescedEvents() : [e]) { const q = at(p); line(last, q); last = q; }
    schedule();
  };
  const up = () => { if (last) { last = null; schedule(true); } };
  const clear = () => { paper(); empty = true; last = null; schedule(true); };
  ui.canvas.addEventListener('pointerdown', down);
  ui.canvas.addEventListener('pointermove', move);
  ui.canvas.addEventListener('pointerup', up);
  ui.canvas.addEventListener('pointercancel', up);
  ui.clear.addEventListener('click', clear);
  ui.save.addEventListener('click', () => { ui.save.href = ui.canvas.toDataURL('image/png'); });
  paper();
  /** Draw strokes (lists of [x, y] in the 280x280 raster) as the pointer would, for tests and demonstrations. */
  const drawStrokes = strokes => {
    for (const stroke of strokes) {
      if (!stroke.length) continue;
      dot(stroke[0]);
      for (let i = 1; i < stroke.length; i++) line(stroke[i - 1], stroke[i]);
      empty = false;
    }
    schedule(true);
  };
  const destroy = () => {
    for (const [type, fn] of [['pointerdown', down], ['pointermove', move], ['pointerup', up], ['pointercancel', up]])
      ui.canvas.removeEventListener(type, fn);
  };
  return {clear, drawStrokes, grey, destroy};
}

/**
 * Put a drawing pad in `el` that runs the network in the page. The network file is fetched from `options.network`,
 * by default model.bin beside this module. Returns the pad's controls; they are also `el.mnistPad`.
 */
export function mount(el, options = {}) {
  const ui = build(el), times = [];
  let network = null;
  const local = (grey, ended, start) => {
    let digit = null, probabilities = null;
    if (grey && network) {
      digit = prepareDigit(grey, RASTER, RASTER);
      probabilities = digit && predict(network, digit);
      times.push(performance.now() - start);
    } else if (grey) ui.verdict.textContent = 'Loading the network…';
    if (!grey || network) show(ui, digit, probabilities);
    if (ended && (!grey || network)) announce(ui, probabilities);
    ui.root.dataset.answered = String(Number(ui.root.dataset.answered || 0) + 1);
  };
  const controls = pad(ui, local);
  ui.root.dataset.ready = performance.now().toFixed(1);           // drawing works from here on
  const url = options.network || new URL('model.bin', import.meta.url);
  const loaded = loadNetwork(url).then(n => {
    network = n;
    ui.root.dataset.network = performance.now().toFixed(1);
    const start = performance.now(), grey = controls.grey();
    if (grey.some(v => v < 255)) local(grey, true, start);
  }, error => { ui.verdict.textContent = `The network could not be loaded (${error.message}).`; throw error; });
  const api = {...controls, times, loaded, root: ui.root, predictGrey: grey => {
    const digit = prepareDigit(grey, RASTER, RASTER);
    return {digit, probabilities: digit && network && predict(network, digit)};
  }};
  el.mnistPad = api;
  return api;
}

// ---- The pad in Jupyter: anywidget's view, where the kernel's network answers ---------------------------------

/**
 * anywidget's render: the drawing goes to the kernel as grey levels (the `drawing` trait, 280x280 bytes); the kernel
 * prepares it with prepare_digit, runs its Keras network, and answers with `digit` (784 bytes), `probabilities` and
 * an `answered` count. One drawing at a time is in flight; the latest one is sent when the answer comes.
 */
function render({model, el}) {
  const ui = build(el);
  let inFlight = false, queued = null, endedPending = false;
  const bytes = name => {
    const v = model.get(name);
    return v && v.byteLength ? new Uint8Array(v.buffer, v.byteOffset, v.byteLength) : new Uint8Array(0);
  };
  const same = (a, b) => a.length === b.length && a.every((v, i) => v === b[i]);
  const probabilities = () => { const p = model.get('probabilities'); return p && p.length ? p : null; };
  const finish = () => {                                             // the answer shown is the latest drawing's
    if (endedPending) { endedPending = false; announce(ui, probabilities()); }
    ui.root.dataset.busy = '0';
  };
  const send = raster => {
    if (same(raster, bytes('drawing'))) { finish(); return; }       // the kernel holds this drawing already
    inFlight = true;
    ui.root.dataset.busy = '1';
    model.set('drawing', new DataView(raster.buffer, raster.byteOffset, raster.byteLength));
    model.save_changes();
  };
  const ask = (grey, ended) => {
    endedPending = endedPending || ended;
    const raster = grey || new Uint8Array(0);
    if (inFlight) { queued = raster; ui.root.dataset.busy = '1'; } else send(raster);
  };
  const answered = () => {
    const digit = bytes('digit');
    show(ui, digit.length ? digit : null, probabilities());
    if (model.get('error')) ui.verdict.textContent = model.get('error');
    ui.root.dataset.answered = String(model.get('answered'));
    inFlight = false;
    if (queued) { const next = queued; queued = null; send(next); } else finish();
  };
  model.on('change:answered', answered);
  const controls = pad(ui, ask);
  ui.root.dataset.ready = 'true';
  ui.root.dataset.busy = '0';
  el.mnistPad = controls;
  return () => { model.off('change:answered', answered); controls.destroy(); };
}

export default {render};
