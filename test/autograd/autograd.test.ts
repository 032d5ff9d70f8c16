import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as T from '../../src/index.js';

const f64 = { dtype: 'float64' as const, requiresGrad: true };

test('backward on a scalar fills .grad of leaves (d/dx Σx² = 2x)', () => {
  const x = T.tensor([1, -2, 3], f64);
  x.pow(2).sum().backward();
  assert.deepEqual(x.grad!.toArray(), [2, -4, 6]);
});

test('gradients accumulate across backward calls until reset', () => {
  const x = T.tensor([1, 2], f64);
  x.mul(3).sum().backward();
  x.mul(3).sum().backward();
  assert.deepEqual(x.grad!.toArray(), [6, 6]);
  x.grad = null;
  x.mul(3).sum().backward();
  assert.deepEqual(x.grad!.toArray(), [3, 3]);
});

test('backward with an explicit gradient for a non-scalar output', () => {
  const x = T.tensor([1, 2, 3], f64);
  const y = x.mul(x);
  y.backward(T.tensor([1, 0.5, 0], { dtype: 'float64' }));
  assert.deepEqual(x.grad!.toArray(), [2, 2, 0]);
});

test('backward on a non-scalar without a gradient is a clear error', () => {
  const x = T.tensor([1, 2, 3], f64);
  assert.throws(() => x.mul(2).backward(), (e: Error) => e instanceof T.AutogradError && /scalar outputs/.test(e.message) && /\[3\]/.test(e.message));
});

test('backward through a freed graph fails; retainGraph allows a second pass', () => {
  const x = T.tensor([0.5, 1.5], f64);
  const y = x.exp().sum();
  y.backward();
  assert.throws(() => y.backward(), (e: Error) => e instanceof T.AutogradError && /second time/.test(e.message));
  const z = x.exp().sum();
  x.grad = null;
  z.backward(null, { retainGraph: true });
  z.backward();
  assert.ok(Math.abs((x.grad!.data()[0]! as number) - 2 * Math.exp(0.5)) < 1e-12);
});

test('backward on a tensor that does not require grad is an error', () => {
  assert.throws(() => T.tensor([1, 2]).sum().backward(), T.AutogradError);
});

test('createGraph gives differentiable gradients: d²/dx² x³ = 6x', () => {
  const x = T.tensor([2, -1], f64);
  const [g] = T.grad(x.pow(3).sum(), [x], { createGraph: true });
  assert.deepEqual(g!.toArray(), [12, 3]);
  assert.equal(g!.requiresGrad, true);
  const [h] = T.grad(g!.sum(), [x]);
  assert.deepEqual(h!.toArray(), [12, -6]);
});

test('backward with createGraph accumulates a differentiable .grad', () => {
  const x = T.tensor([3], f64);
  x.pow(2).sum().backward(null, { createGraph: true });
  const g = x.grad!;
  x.grad = null;
  g.sum().backward();
  assert.deepEqual(x.grad!.toArray(), [2]);
});

test('grad() returns gradients without touching .grad, and checks unused inputs', () => {
  const x = T.tensor([1, 2], f64);
  const unused = T.tensor([5], f64);
  const [gx] = T.grad(x.mul(x).sum(), [x]);
  assert.deepEqual(gx!.toArray(), [2, 4]);
  assert.equal(x.grad, null);
  assert.throws(() => T.grad(x.sum(), [x, unused]), /not used/);
  const [, gu] = T.grad(x.sum(), [x, unused], { allowUnused: true });
  assert.equal(gu, null);
});

test('noGrad records nothing; detach cuts the graph; requiresGrad propagates', () => {
  const x = T.tensor([1, 2], f64);
  const y = T.noGrad(() => x.mul(2));
  assert.equal(y.requiresGrad, false);
  assert.equal(x.mul(2).requiresGrad, true);
  assert.equal(x.detach().requiresGrad, false);
  assert.equal(x.detach().mul(2).requiresGrad, false);
  assert.equal(T.tensor([1]).add(1).requiresGrad, false);
  assert.equal(T.isGradEnabled(), true);
});

test('requiresGrad cannot be set on non-leaves or integer tensors', () => {
  const x = T.tensor([1, 2], f64);
  assert.throws(() => { x.mul(2).requiresGrad = false; }, T.AutogradError);
  assert.throws(() => T.tensor([1], { dtype: 'int32', requiresGrad: true }), T.DTypeError);
});

test('retainGrad keeps the gradient of an intermediate tensor', () => {
  const x = T.tensor([1, 2], f64);
  const h = x.mul(3).retainGrad();
  h.pow(2).sum().backward();
  assert.deepEqual(h.grad!.toArray(), [6, 12]);
  assert.deepEqual(x.grad!.toArray(), [18, 36]);
});

test('a diamond graph sums gradients along both paths', () => {
  const x = T.tensor([2], f64);
  const a = x.mul(3);
  const y = a.mul(a).add(a).sum(); // 9x² + 3x
  y.backward();
  assert.deepEqual(x.grad!.toArray(), [39]);
});

test('a long chain (10 000 ops) backpropagates without stack overflow', () => {
  const x = T.tensor([1], f64);
  let y = x;
  for (let i = 0; i < 10000; i++) y = y.add(0.001);
  y.sum().backward();
  assert.deepEqual(x.grad!.toArray(), [1]);
});

test('gradient dtype and shape mismatch in backward are explained', () => {
  const x = T.tensor([1, 2], f64);
  assert.throws(() => x.mul(2).backward(T.tensor([1, 2, 3], { dtype: 'float64' })), (e: Error) => /\[3\]/.test(e.message) && /\[2\]/.test(e.message));
  assert.throws(() => x.mul(2).backward(T.tensor([1, 2])), /dtype/);
});
