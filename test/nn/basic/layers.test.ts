/**
 * Core layers beyond the PyTorch fixtures: default initialisation (bounds and std from PyTorch's
 * formulas), dtype handling (the `dtype` option and `module.to('float64')`), BatchNorm running statistics
 * on a hand-derived example, modes and buffers, Embedding padding, and argument / input validation.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DTypeError, Generator, ShapeError, ValueError, manualSeed, nn, ones, tensor, zeros } from '../../../src/index.js';

function std(v: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < v.length; i++) m += v[i]!;
  m /= v.length;
  let q = 0;
  for (let i = 0; i < v.length; i++) q += (v[i]! - m) ** 2;
  return Math.sqrt(q / v.length);
}

test('Linear: PyTorch shapes and default init U(−1/√in, 1/√in) for weight and bias', () => {
  const lin = new nn.Linear(400, 300, { generator: new Generator(1) });
  assert.deepEqual(lin.weight.shape, [300, 400]);
  assert.deepEqual(lin.bias!.shape, [300]);
  const bound = 1 / 20;
  const w = lin.weight.data();
  assert.ok(w.every((v) => Math.abs(v) <= bound));
  assert.ok(Math.abs(std(w) - bound / Math.sqrt(3)) < 0.01 * bound);
  const b = lin.bias!.data();
  assert.ok(b.every((v) => Math.abs(v) <= bound) && Math.max(...b) > 0.9 * bound);
  assert.equal(lin.toString(), 'Linear(inFeatures=400, outFeatures=300, bias=true)');
  manualSeed(5);
  const first = new nn.Linear(3, 2).weight.data();
  manualSeed(5);
  assert.deepEqual(new nn.Linear(3, 2).weight.data(), first);
  assert.throws(() => new nn.Linear(-1, 2), ValueError);
});

test('dtype option and module.to: parameters and floating buffers change, num_batches_tracked stays int32', () => {
  const lin = new nn.Linear(3, 2, { dtype: 'float64' });
  assert.equal(lin.weight.dtype, 'float64');
  assert.equal(lin.forward(ones([4, 3], { dtype: 'float64' })).dtype, 'float64');
  assert.throws(() => lin.forward(ones([4, 3])), DTypeError);
  assert.throws(() => new nn.Linear(3, 2, { dtype: 'int32' }), DTypeError);
  const model = new nn.Sequential(new nn.Linear(2, 2), new nn.BatchNorm1d(2), new nn.LayerNorm(2), new nn.Embedding(3, 2)).to('float64');
  const sd = model.stateDict();
  for (const [k, t] of Object.entries(sd)) assert.equal(t.dtype, k.endsWith('num_batches_tracked') ? 'int32' : 'float64', k);
  assert.ok(model.parameters().every((p) => p.requiresGrad));
  const bn = new nn.BatchNorm2d(3, { dtype: 'float64' });
  assert.equal(bn.runningMean!.dtype, 'float64');
});

test('BatchNorm1d: running statistics use the unbiased variance, output the biased one (hand-derived)', () => {
  const bn = new nn.BatchNorm1d(2, { dtype: 'float64' });
  const x = tensor([[1, 2], [3, 6]], { dtype: 'float64' });
  const y = bn.forward(x).data();
  // Per channel: means [2, 4], biased variances [1, 4], unbiased [2, 8].
  const eps = 1e-5;
  const expected = [-1 / Math.sqrt(1 + eps), -2 / Math.sqrt(4 + eps), 1 / Math.sqrt(1 + eps), 2 / Math.sqrt(4 + eps)];
  expected.forEach((e, i) => assert.ok(Math.abs(y[i]! - e) < 1e-14, `y[${i}]`));
  const close = (a: ArrayLike<number>, e: number[]): void => e.forEach((v, i) => assert.ok(Math.abs(a[i]! - v) < 1e-14, `${a[i]} vs ${v}`));
  close(bn.runningMean!.data(), [0.2, 0.4]); // 0.9·0 + 0.1·mean
  close(bn.runningVar!.data(), [1.1, 1.7]); // 0.9·1 + 0.1·unbiased
  assert.equal(bn.numBatchesTracked!.item(), 1);
  assert.equal(bn.numBatchesTracked!.dtype, 'int32');
  // Eval: normalise with the running statistics.
  bn.eval();
  const z = bn.forward(tensor([[0.2, 1.4]], { dtype: 'float64' })).data();
  close(z, [0, 1 / Math.sqrt(1.7 + eps)]);
  assert.equal(bn.numBatchesTracked!.item(), 1, 'eval does not count batches');
});

test('BatchNorm: cumulative average with momentum null; no buffers without trackRunningStats', () => {
  const bn = new nn.BatchNorm1d(1, { momentum: null, dtype: 'float64' });
  bn.forward(tensor([[0], [2]], { dtype: 'float64' })); // mean 1, unbiased var 2
  bn.forward(tensor([[4], [8]], { dtype: 'float64' })); // mean 6, unbiased var 8
  assert.ok(Math.abs(bn.runningMean!.item() - 3.5) < 1e-14); // (1 + 6)/2
  assert.ok(Math.abs(bn.runningVar!.item() - 5) < 1e-14); // (2 + 8)/2: the initial 1 is forgotten at step 1
  const free = new nn.BatchNorm1d(2, { trackRunningStats: false });
  assert.deepEqual(Object.keys(free.stateDict()), ['weight', 'bias']);
  assert.equal(free.runningMean, null);
  const plain = new nn.BatchNorm2d(2, { affine: false });
  assert.deepEqual(Object.keys(plain.stateDict()), ['running_mean', 'running_var', 'num_batches_tracked']);
  assert.equal(plain.parameters().length, 0);
});

test('BatchNorm validates rank, channels, batch size in training and momentum', () => {
  const bn = new nn.BatchNorm1d(3);
  assert.throws(() => bn.forward(zeros([2, 3, 4, 5])), ShapeError);
  assert.throws(() => bn.forward(zeros([2, 4])), /has 4 channels, expected 3/);
  assert.throws(() => bn.forward(zeros([1, 3])), /more than 1 value per channel/);
  bn.eval();
  assert.deepEqual(bn.forward(zeros([1, 3])).shape, [1, 3]);
  assert.throws(() => new nn.BatchNorm2d(2).forward(zeros([2, 2, 3])), ShapeError);
  assert.throws(() => new nn.BatchNorm1d(2, { momentum: 1.5 }), ValueError);
  assert.throws(() => new nn.BatchNorm1d(0), ValueError);
});

test('LayerNorm: defaults, keys without affine or bias, input validation', () => {
  const ln = new nn.LayerNorm([2, 3]);
  assert.ok(Array.from(ln.weight!.data()).every((v) => v === 1));
  assert.ok(Array.from(ln.bias!.data()).every((v) => v === 0));
  assert.deepEqual(Object.keys(new nn.LayerNorm(4, { elementwiseAffine: false }).stateDict()), []);
  assert.deepEqual(Object.keys(new nn.LayerNorm(4, { bias: false }).stateDict()), ['weight']);
  assert.throws(() => ln.forward(zeros([2, 3, 2])), ShapeError);
  // Each row normalised: mean 0, biased variance v/(v + eps).
  const y = new nn.LayerNorm(4, { eps: 0, dtype: 'float64' }).forward(tensor([[1, 2, 3, 4]], { dtype: 'float64' })).data();
  const s = Math.sqrt(1.25);
  [-1.5 / s, -0.5 / s, 0.5 / s, 1.5 / s].forEach((e, i) => assert.ok(Math.abs(y[i]! - e) < 1e-15));
});

test('Embedding: N(0,1) init, zero padding row, negative paddingIdx, index validation', () => {
  const emb = new nn.Embedding(500, 200, { paddingIdx: -2, generator: new Generator(3) });
  assert.equal(emb.paddingIdx, 498);
  const w = emb.weight.data();
  assert.ok(w.subarray(498 * 200, 499 * 200).every((v) => v === 0));
  assert.ok(Math.abs(std(w) - 1) < 0.01);
  const idx = tensor([[498, 1], [1, 498]], { dtype: 'int32' });
  const out = emb.forward(idx);
  assert.deepEqual(out.shape, [2, 2, 200]);
  out.sum().backward();
  const g = emb.weight.grad!.data();
  assert.ok(g.subarray(498 * 200, 499 * 200).every((v) => v === 0), 'padding row gets no gradient');
  assert.ok(g.subarray(200, 400).every((v) => v === 2), 'row 1 is used twice');
  assert.throws(() => emb.forward(tensor([1.0])), DTypeError);
  assert.throws(() => emb.forward(tensor([500], { dtype: 'int32' })), ShapeError);
  assert.throws(() => new nn.Embedding(5, 2, { paddingIdx: 5 }), ValueError);
  const frozen = nn.Embedding.fromPretrained(tensor([[1, 2], [3, 4]]));
  assert.equal(frozen.weight.requiresGrad, false);
  assert.deepEqual(Array.from(frozen.forward(tensor([1], { dtype: 'int32' })).data()), [3, 4]);
});

test('Flatten, Identity and activation modules', () => {
  const x = ones([2, 3, 4, 5]);
  assert.deepEqual(new nn.Flatten().forward(x).shape, [2, 60]);
  assert.deepEqual(new nn.Flatten(0, 2).forward(x).shape, [24, 5]);
  assert.equal(new nn.Identity().forward(x), x);
  assert.equal(new nn.LeakyReLU(0.2).toString(), 'LeakyReLU(negativeSlope=0.2)');
  assert.deepEqual(Array.from(new nn.LeakyReLU(0.2).forward(tensor([-1, 2])).data()), [Math.fround(-0.2), 2]);
  assert.deepEqual(Array.from(new nn.Softmax(0).forward(tensor([0, 0])).data()), [0.5, 0.5]);
  assert.throws(() => new nn.GELU('fast' as 'tanh'), ValueError);
  assert.throws(() => new nn.Softmax(0.5), ValueError);
  assert.equal(new nn.ReLU().parameters().length, 0);
});
