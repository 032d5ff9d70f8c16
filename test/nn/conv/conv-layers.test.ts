// Convolution, pooling and resampling layers: hand-derived values, adjoint identities (a transposed
// convolution is the adjoint of the convolution; fold is the adjoint of unfold), default initialisation,
// state-dict keys, and the errors for bad shapes and options.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as T from '../../../src/index.js';
import type { Tensor } from '../../../src/index.js';
import { DTypeError, ShapeError, ValueError, nn } from '../../../src/index.js';

const F = nn.functional;
const gen = new T.Generator(77);
const randn = (shape: number[]): Tensor => T.randn(shape, { dtype: 'float64', generator: gen });
const dot = (a: Tensor, b: Tensor): number => T.sum(T.mul(a, b)).item();
const values = (t: Tensor): number[] => Array.from(t.data());
const close = (actual: number[], expected: number[], tol = 1e-12): void => {
  assert.equal(actual.length, expected.length, `length ${actual.length} vs ${expected.length}`);
  actual.forEach((v, i) => assert.ok(Math.abs(v - expected[i]!) <= tol, `element ${i}: ${v} vs ${expected[i]}`));
};

test('conv1d by hand: a difference kernel, with and without padding', () => {
  const x = T.tensor([[[1, 2, 3, 4, 5]]]);
  const w = T.tensor([[[1, 0, -1]]]);
  close(values(F.conv1d(x, w)), [-2, -2, -2]);
  close(values(F.conv1d(x, w, T.tensor([10]), { padding: 1 })), [8, 8, 8, 8, 14]);
  // dilation 2 reads x[i], x[i + 4]
  close(values(F.conv1d(x, w, null, { dilation: 2 })), [-4]);
});

test('conv2d by hand: groups keep channels apart', () => {
  const x = T.tensor([[[[1, 2], [3, 4]], [[10, 20], [30, 40]]]]);
  const w = T.tensor([[[[1, 1], [1, 1]]], [[[1, 0], [0, -1]]]]);
  close(values(F.conv2d(x, w, null, { groups: 2 })), [10, -30]);
});

test('convTranspose is the adjoint of conv: <conv(x), y> = <x, convTranspose(y)>', () => {
  const configs = [
    { d: 1, x: [2, 4, 11], w: [6, 2, 3], opts: { stride: 2, padding: 1, dilation: 2, groups: 2 } },
    { d: 2, x: [1, 2, 7, 6], w: [3, 2, 3, 2], opts: { stride: [2, 1], padding: [1, 0], dilation: [1, 2] } },
  ];
  for (const c of configs) {
    const x = randn(c.x);
    const w = randn(c.w);
    const y = c.d === 1 ? F.conv1d(x, w, null, c.opts) : F.conv2d(x, w, null, c.opts);
    const r = randn([...y.shape]);
    // the output padding that restores x's size
    const outputPadding = c.x.slice(2).map((size, i) => {
      const k = c.w[2 + i]!;
      const pick = (v: number | number[], j: number): number => (typeof v === 'number' ? v : v[j]!);
      const min = (y.shape[2 + i]! - 1) * pick(c.opts.stride, i) - 2 * pick(c.opts.padding, i) + pick(c.opts.dilation, i) * (k - 1) + 1;
      return size - min;
    });
    const opts = { ...c.opts, outputPadding };
    const back = c.d === 1 ? F.convTranspose1d(r, w, null, opts) : F.convTranspose2d(r, w, null, opts);
    assert.deepEqual([...back.shape], c.x);
    assert.ok(Math.abs(dot(y, r) - dot(x, back)) < 1e-10, `${c.d}-D adjoint identity`);
  }
});

test('fold is the adjoint of unfold, and unfold lists the blocks in PyTorch order', () => {
  const x = randn([2, 3, 5, 6]);
  const opts = { dilation: [1, 2], padding: 1, stride: [2, 1] };
  const cols = F.unfold(x, [2, 3], opts);
  assert.deepEqual([...cols.shape], [2, 18, 3 * 4]);
  const y = randn([...cols.shape]);
  assert.ok(Math.abs(dot(cols, y) - dot(x, F.fold(y, [5, 6], [2, 3], opts))) < 1e-10);
  const small = T.tensor([[[[1, 2, 3], [4, 5, 6]]]]);
  // 2×2 blocks of a 2×3 image: rows are kernel offsets (0,0), (0,1), (1,0), (1,1); columns are the 2 blocks
  assert.deepEqual(F.unfold(small, 2).toArray(), [[[1, 2], [2, 3], [4, 5], [5, 6]]]);
});

test('pooling by hand: max with indices and ceil mode, average divisors, adaptive windows', () => {
  const x = T.tensor([[[1, 3, 2, 5, 4]]]);
  const [v, i] = F.maxPool1d(x, 2, { returnIndices: true });
  close(values(v), [3, 5]);
  assert.deepEqual(values(i), [1, 3]);
  assert.equal(i.dtype, 'int32');
  close(values(F.maxPool1d(x, 2, { ceilMode: true })), [3, 5, 4]);
  const y = T.tensor([[[1, 2, 3, 4, 5]]]);
  close(values(F.avgPool1d(y, 2, { ceilMode: true })), [1.5, 3.5, 5]);
  // padding 1: windows [pad,1], [2,3], [4,5]; countIncludePad divides by 2 at the border
  close(values(F.avgPool1d(y, 2, { padding: 1 })), [0.5, 2.5, 4.5]);
  close(values(F.avgPool1d(y, 3, { stride: 2, padding: 1, countIncludePad: false })), [1.5, 3, 4.5]);
  // 5 → 2: windows [0, 3) and [2, 5)
  close(values(F.adaptiveAvgPool1d(y, 2)), [2, 4]);
  const [, idx2] = new nn.MaxPool2d(2, { returnIndices: true }).forward(T.tensor([[[[1, 9, 2], [3, 4, 8]]]]));
  assert.deepEqual(values(idx2), [1]);
});

test('max pooling sends the gradient to the first maximum of each window', () => {
  const x = T.tensor([[[2, 2, 1, 1]]], { dtype: 'float64', requiresGrad: true });
  T.sum(F.maxPool1d(x, 2)).backward();
  assert.deepEqual(values(x.grad!), [1, 0, 1, 0]);
});

test('interpolate by hand: nearest index rule and linear source positions', () => {
  const x = T.tensor([[[1, 2, 3]]]);
  close(values(F.interpolate(x, { size: 5 })), [1, 1, 2, 2, 3]); // ⌊i·3/5⌋ = 0 0 1 1 2
  const e = T.tensor([[[0, 10]]]);
  close(values(F.interpolate(e, { size: 3, mode: 'linear', alignCorners: true })), [0, 5, 10]);
  close(values(F.interpolate(e, { size: 4, mode: 'linear' })), [0, 2.5, 7.5, 10]);
  const img = T.tensor([[[[0, 1], [2, 3]]]]);
  close(values(F.interpolate(img, { size: [3, 3], mode: 'bilinear', alignCorners: true })), [0, 0.5, 1, 1, 1.5, 2, 2, 2.5, 3]);
  assert.deepEqual([...new nn.Upsample({ scaleFactor: 2 }).forward(img).shape], [1, 1, 4, 4]);
});

test('default initialisation: U(±1/√fanIn) for weight and bias, seeded, dtype option', () => {
  const conv = new nn.Conv2d(64, 32, 3, { generator: new T.Generator(1) });
  const w = values(conv.weight);
  const bound = 1 / Math.sqrt(64 * 9);
  assert.ok(w.every((v) => Math.abs(v) <= bound));
  const variance = w.reduce((a, v) => a + v * v, 0) / w.length;
  assert.ok(Math.abs(variance / (bound * bound / 3) - 1) < 0.05, `variance ${variance} vs uniform ${bound * bound / 3}`);
  assert.ok(values(conv.bias!).every((v) => Math.abs(v) <= bound));
  assert.ok(Math.max(...w.map(Math.abs)) > 0.95 * bound);
  const again = new nn.Conv2d(64, 32, 3, { generator: new T.Generator(1) });
  assert.deepEqual(values(again.weight), w);
  const grouped = new nn.Conv1d(4, 6, 3, { groups: 2, dtype: 'float64', bias: false });
  assert.deepEqual([...grouped.weight.shape], [6, 2, 3]);
  assert.equal(grouped.weight.dtype, 'float64');
  assert.ok(values(grouped.weight).every((v) => Math.abs(v) <= 1 / Math.sqrt(6)));
  assert.deepEqual(Object.keys(grouped.stateDict()), ['weight']);
  const up = new nn.ConvTranspose2d(4, 6, 3, { groups: 2 });
  assert.deepEqual([...up.weight.shape], [4, 3, 3, 3]);
  assert.ok(values(up.weight).every((v) => Math.abs(v) <= 1 / Math.sqrt(27)));
  assert.deepEqual(Object.keys(up.stateDict()), ['weight', 'bias']);
});

test('layers: repr, unbatched input, conversion to float64, ConvTranspose outputSize', () => {
  assert.equal(String(new nn.Conv1d(1, 32, 7, { padding: 3 })), 'Conv1d(1, 32, kernelSize=(7,), stride=(1,), padding=(3,))');
  assert.equal(String(new nn.Conv2d(2, 4, [3, 2], { padding: 'same', bias: false, paddingMode: 'reflect' })),
    'Conv2d(2, 4, kernelSize=(3, 2), stride=(1, 1), padding=same, bias=false, paddingMode=reflect)');
  const conv = new nn.Conv2d(2, 3, 3, { padding: 1 });
  assert.deepEqual([...conv.forward(T.randn([2, 5, 5])).shape], [3, 5, 5]);
  conv.to('float64');
  assert.equal(conv.forward(randn([1, 2, 4, 4])).dtype, 'float64');
  const up = new nn.ConvTranspose1d(2, 3, 3, { stride: 2, padding: 1 });
  assert.deepEqual([...up.forward(T.randn([1, 2, 5])).shape], [1, 3, 9]);
  assert.deepEqual([...up.forward(T.randn([1, 2, 5]), [10]).shape], [1, 3, 10]);
  assert.deepEqual([...up.forward(T.randn([1, 2, 5]), [1, 3, 10]).shape], [1, 3, 10]);
});

test('bad shapes and options are errors naming the layer, the expected size and the input shape', () => {
  assert.throws(() => new nn.Conv2d(3, 8, 3).forward(T.randn([1, 4, 8, 8])),
    (e: unknown) => e instanceof ShapeError && /Conv2d/.test(e.message) && /3 channels/.test(e.message) && /\[1, 4, 8, 8\]/.test(e.message));
  assert.throws(() => new nn.Conv1d(2, 2, 3).forward(T.randn([1, 2, 3, 4])), (e: unknown) => e instanceof ShapeError && /Conv1d/.test(e.message) && /\[1, 2, 3, 4\]/.test(e.message));
  assert.throws(() => new nn.Conv1d(1, 1, 5).forward(T.randn([1, 1, 3])), (e: unknown) => e instanceof ShapeError && /Conv1d/.test(e.message));
  assert.throws(() => new nn.Conv1d(2, 4, 3, { padding: 'same', stride: 2 }), (e: unknown) => e instanceof ValueError && /same.*strided/.test(e.message));
  assert.throws(() => new nn.Conv2d(3, 4, 3, { groups: 2 }), (e: unknown) => e instanceof ValueError && /inChannels \(3\) must be divisible by groups \(2\)/.test(e.message));
  assert.throws(() => new nn.Conv2d(4, 3, 3, { groups: 2 }), (e: unknown) => e instanceof ValueError && /outChannels \(3\)/.test(e.message));
  assert.throws(() => new nn.Conv2d(2, 2, [3, 3, 3]), ValueError);
  assert.throws(() => new nn.Conv1d(2, 2, 3).forward(T.randn([1, 2, 8], { dtype: 'float64' })), DTypeError);
  assert.throws(() => new nn.Conv1d(2, 2, 3, { paddingMode: 'mirror' as never }), ValueError);
  assert.throws(() => new nn.MaxPool1d(2, { padding: 2 }).forward(T.randn([1, 1, 8])), (e: unknown) => e instanceof ValueError && /half of the kernel/.test(e.message));
  assert.throws(() => new nn.MaxPool2d(3).forward(T.randn([1, 1, 2, 2])), (e: unknown) => e instanceof ShapeError && /MaxPool2d/.test(e.message));
  assert.throws(() => F.convTranspose1d(T.randn([1, 2, 4]), T.randn([2, 2, 3]), null, { stride: 2, outputPadding: 2 }), ValueError);
  assert.throws(() => new nn.ConvTranspose1d(2, 3, 3, { stride: 2 }).forward(T.randn([1, 2, 5]), [13]),
    (e: unknown) => e instanceof ShapeError && /between 11 and 12/.test(e.message));
  assert.throws(() => F.interpolate(T.randn([1, 1, 4]), { size: 8, scaleFactor: 2 }), ValueError);
  assert.throws(() => F.interpolate(T.randn([1, 1, 4]), { size: 8, alignCorners: true }), ValueError);
  assert.throws(() => F.interpolate(T.randn([1, 1, 4, 4]), { size: 8, mode: 'linear' }), (e: unknown) => e instanceof ShapeError && /linear mode needs a 3-D/.test(e.message));
  assert.throws(() => F.adaptiveAvgPool2d(T.randn([1, 1, 4, 4]), [2, 0]), ValueError);
  assert.throws(() => F.fold(T.randn([1, 8, 5]), [4, 4], 2), (e: unknown) => e instanceof ShapeError && /blocks/.test(e.message));
});
