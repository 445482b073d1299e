// The drawing pad's JavaScript against Python: `node --test tools/pad.test.mjs`, run by tools/test_pad.py
// (`make pad-check`), which writes the fixtures into $PAD_FIXTURES first:
//   model.bin           the site's network file (tools/build_pad.py)
//   test_images.bin     MNIST's 10,000 test digits, 784 bytes each
//   keras.bin           Keras' ten probabilities for each of them, float32
//   prepare.json        drawings to prepare: [{width, height, blank}], their grey levels in prepare_grey.bin and
//                       prepare_digit's 28x28 bytes for each in prepare_digits.bin
// The checks that need no fixtures run on their own; the others are skipped, saying why. Figures go to
// $PAD_FIXTURES/node_results.json for test_pad.py to report.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {greyOf, networkFrom, predict, prepareDigit, resizeLanczos, WEIGHT_COUNT} from '../mnist_book/pad.js';

const FIXTURES = process.env.PAD_FIXTURES;
const missing = FIXTURES ? false : 'PAD_FIXTURES is not set: run tools/test_pad.py, which writes the fixtures';
const read = name => fs.readFileSync(path.join(FIXTURES, name));
const results = {};
const save = () => { if (FIXTURES) fs.writeFileSync(path.join(FIXTURES, 'node_results.json'), JSON.stringify(results)); };
const arrayBuffer = bytes => bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);

test('grey levels are Pillow\'s: grey stays grey, colours weigh as ITU-R 601', () => {
  const rgba = Uint8Array.from([0, 0, 0, 255, 255, 255, 255, 255, 77, 77, 77, 255, 255, 0, 0, 255, 0, 255, 0, 255]);
  assert.deepEqual(Array.from(greyOf(rgba)), [0, 255, 77, 76, 150]);
});

test('a blank drawing has no digit; a wrong size is refused', () => {
  assert.equal(prepareDigit(new Uint8Array(100).fill(255), 10, 10), null);
  const faint = new Uint8Array(100).fill(255);
  faint[55] = 250;                                    // the range is stretched first: one darker pixel is ink
  assert.notEqual(prepareDigit(faint, 10, 10), null);
  assert.throws(() => prepareDigit(new Uint8Array(10), 5, 5), RangeError);
});

test('a single dot becomes one full pixel in the middle', () => {
  const grey = new Uint8Array(50 * 40).fill(255);
  grey[20 * 40 + 7] = 0;
  const digit = prepareDigit(grey, 40, 50);
  assert.equal(digit.reduce((a, b) => a + b, 0), 255 * 20 * 20);  // one pixel scaled up to fill the 20x20 box
  assert.equal(digit[4 * 28 + 4], 255);
  assert.equal(digit[3 * 28 + 3], 0);
});

test('resizing keeps a constant image constant', () => {
  const image = new Float32Array(37 * 23).fill(0.5);
  for (const v of resizeLanczos(image, 37, 23, 20, 12)) assert.ok(Math.abs(v - 0.5) < 1e-6);
});

test('a network file must hold the 407,050 weights', () => {
  assert.equal(WEIGHT_COUNT, 407_050);
  assert.throws(() => networkFrom(new ArrayBuffer(1000)), /holds 1628200 bytes, this one 1000/);
});

test('the forward pass gives the same digit as Keras on all 10,000 test digits, probabilities within 1e-5',
     {skip: missing}, () => {
  const network = networkFrom(arrayBuffer(read('model.bin')));
  const images = read('test_images.bin'), keras = new Float32Array(arrayBuffer(read('keras.bin')));
  const n = images.length / 784;
  assert.equal(keras.length, n * 10);
  let same = 0, largest = 0;
  const start = performance.now();
  for (let i = 0; i < n; i++) {
    const p = predict(network, images.subarray(784 * i, 784 * (i + 1)));
    const k = keras.subarray(10 * i, 10 * (i + 1));
    if (p.indexOf(Math.max(...p)) === k.indexOf(Math.max(...k))) same++;
    for (let d = 0; d < 10; d++) largest = Math.max(largest, Math.abs(p[d] - k[d]));
  }
  Object.assign(results, {forward_digits: n, forward_same: same, forward_largest: largest,
                          forward_ms: (performance.now() - start) / n});
  save();
  assert.equal(same, n, `${n - same} digits differ from Keras`);
  assert.ok(largest <= 1e-5, `largest probability difference ${largest}`);
});

test('the preparation gives prepare_digit\'s 28x28 bytes', {skip: missing}, () => {
  const cases = JSON.parse(read('prepare.json')), grey = read('prepare_grey.bin'), digits = read('prepare_digits.bin');
  let offset = 0, largest = 0, differing = 0, blanks = 0;
  cases.forEach(({width, height, blank}, i) => {
    const digit = prepareDigit(grey.subarray(offset, offset + width * height), width, height);
    offset += width * height;
    assert.equal(digit === null, blank, `drawing ${i}: blank in one and not the other`);
    if (blank) { blanks++; return; }
    const expected = digits.subarray(784 * i, 784 * (i + 1));
    let worst = 0;
    for (let j = 0; j < 784; j++) worst = Math.max(worst, Math.abs(digit[j] - expected[j]));
    if (worst) differing++;
    largest = Math.max(largest, worst);
  });
  Object.assign(results, {prepare_drawings: cases.length, prepare_blank: blanks, prepare_differing: differing,
                          prepare_largest: largest});
  save();
  assert.equal(largest, 0, `${differing} drawings differ, by up to ${largest} of 255`);
});
