/**
 * Dropout, Dropout1d, Dropout2d: statistics on large tensors (fraction zeroed ≈ p within ~7σ, mean
 * preserved by the 1/(1 − p) scaling within ~7σ), survivors scaled exactly by 1/(1 − p), whole channels
 * for the channel variants, gradient = the mask, identity in eval mode, reproducible with a seed, and
 * validation of p and of the input rank.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DTypeError, Generator, ShapeError, ValueError, manualSeed, nn, ones, tensor } from '../../../src/index.js';

test('dropout zeroes a fraction ≈ p and preserves the mean', () => {
  const p = 0.3;
  const n = 100_000;
  const out = nn.functional.dropout(ones([200, 500], { dtype: 'float64' }), p, true, new Generator(11));
  const v = out.data();
  let zeros = 0;
  let sum = 0;
  for (const x of v) {
    if (x === 0) zeros++;
    else assert.equal(x, 1 / (1 - p));
    sum += x;
  }
  // σ(fraction) = √(p(1−p)/n) ≈ 0.00145; σ(mean) = √(p/(1−p)/n) ≈ 0.0021.
  assert.ok(Math.abs(zeros / n - p) < 0.01, `fraction zeroed ${zeros / n}`);
  assert.ok(Math.abs(sum / n - 1) < 0.015, `mean ${sum / n}`);
});

test('Dropout module: same seed ⇒ same mask, different seed ⇒ different mask; manualSeed drives the default', () => {
  const x = ones([1000]);
  const a = new nn.Dropout(0.5, { generator: new Generator(3) }).forward(x).data();
  const b = new nn.Dropout(0.5, { generator: new Generator(3) }).forward(x).data();
  const c = new nn.Dropout(0.5, { generator: new Generator(4) }).forward(x).data();
  assert.deepEqual(a, b);
  assert.notDeepEqual(a, c);
  const d = new nn.Dropout(0.5);
  manualSeed(99);
  const first = d.forward(x).data();
  manualSeed(99);
  assert.deepEqual(d.forward(x).data(), first);
});

test('dropout gradient is the mask; eval mode and p = 0 are the identity; p = 1 zeroes', () => {
  const x = ones([50, 40], { dtype: 'float64', requiresGrad: true });
  const out = nn.functional.dropout(x, 0.4, true, new Generator(5));
  out.sum().backward();
  assert.deepEqual(Array.from(x.grad!.data()), Array.from(out.data()));
  const d = new nn.Dropout(0.4);
  assert.equal(d.eval().forward(x), x);
  assert.equal(nn.functional.dropout(x, 0), x);
  assert.ok(Array.from(nn.functional.dropout(x, 1).data()).every((v) => v === 0));
});

test('dropout validates p and dtype', () => {
  for (const p of [-0.1, 1.5, Number.NaN]) {
    assert.throws(() => new nn.Dropout(p), ValueError);
    assert.throws(() => nn.functional.dropout(ones([2]), p), /between 0 and 1/);
  }
  assert.throws(() => nn.functional.dropout(tensor([1, 2], { dtype: 'int32' }), 0.5), DTypeError);
});

test('Dropout2d zeroes whole feature maps with probability ≈ p; Dropout1d whole channels', () => {
  const p = 0.25;
  const x = ones([8, 100, 3, 3], { dtype: 'float64' });
  const v = new nn.Dropout2d(p, { generator: new Generator(8) }).forward(x).data();
  let dropped = 0;
  for (let ch = 0; ch < 800; ch++) {
    const plane = Array.from(v.subarray(ch * 9, ch * 9 + 9));
    assert.ok(plane.every((e) => e === plane[0]), `channel ${ch} is not uniform`);
    if (plane[0] === 0) dropped++;
    else assert.equal(plane[0], 1 / (1 - p));
  }
  // 800 channels: σ ≈ 0.0153.
  assert.ok(Math.abs(dropped / 800 - p) < 0.08, `fraction of dropped channels ${dropped / 800}`);
  const un = new nn.Dropout2d(0.5, { generator: new Generator(1) }).forward(ones([6, 2, 2])).data();
  for (let ch = 0; ch < 6; ch++) assert.equal(new Set(un.subarray(ch * 4, ch * 4 + 4)).size, 1);
  const v1 = new nn.Dropout1d(0.5, { generator: new Generator(2) }).forward(ones([3, 4, 5])).data();
  let zeroChannels = 0;
  for (let ch = 0; ch < 12; ch++) {
    const row = v1.subarray(ch * 5, ch * 5 + 5);
    assert.equal(new Set(row).size, 1);
    if (row[0] === 0) zeroChannels++;
  }
  assert.ok(zeroChannels > 0 && zeroChannels < 12);
  assert.throws(() => new nn.Dropout2d(0.5).forward(ones([2, 3])), ShapeError);
  assert.throws(() => new nn.Dropout1d(0.5).forward(ones([2, 3, 4, 5])), ShapeError);
  const frozen = new nn.Dropout2d(0.5).eval();
  assert.equal(frozen.forward(x), x);
});
