/**
 * Bad inputs get errors that name the loss, the argument and the shapes or values; and edge values derived
 * by hand (all targets ignored, saturated probabilities, extreme logits, 0-d batchmean, the var clamp).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DTypeError, ShapeError, ValueError } from '../../../src/core/errors.js';
import { nn, tensor, type Tensor } from '../../../src/index.js';

const F = nn.functional;
const int = (data: number[]): Tensor => tensor(data, { dtype: 'int32' });
const logits = (): Tensor => tensor([[1, 2, 0.5], [0.1, -1, 2]]);

function throwsWith(fn: () => unknown, type: new (...args: never[]) => Error, ...patterns: RegExp[]): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof type, `expected ${type.name}, got ${String(e)}`);
    for (const p of patterns) assert.match((e as Error).message, p);
    return true;
  });
}

test('a class index out of range names the index, its position and the number of classes', () => {
  throwsWith(() => F.crossEntropy(logits(), int([1, 3])), ValueError, /crossEntropy/, /class index 3/, /at \[1\]/, /3 classes/);
  throwsWith(() => F.nllLoss(logits(), int([-1, 0])), ValueError, /nllLoss/, /class index -1/, /3 classes/);
  throwsWith(() => F.crossEntropy(tensor([[[0.1], [0.2]], [[0.3], [0.4]]]), tensor([[5], [0]], { dtype: 'int32' })), ValueError, /class index 5 at \[0, 0\]/, /2 classes/);
  // −100 (the default ignoreIndex) is not out of range; with another ignoreIndex it is.
  assert.doesNotThrow(() => F.crossEntropy(logits(), int([-100, 0])));
  throwsWith(() => F.crossEntropy(logits(), int([-100, 0]), { ignoreIndex: 1 }), ValueError, /class index -100/);
});

test('integer or bool targets for the binary cross-entropies are dtype errors', () => {
  throwsWith(() => F.bceLoss(tensor([0.3, 0.8]), int([0, 1])), DTypeError, /bceLoss/, /target/, /int32/, /\.to\('float32'\)/);
  throwsWith(() => F.bceWithLogitsLoss(tensor([0.3, 0.8]), tensor([false, true])), DTypeError, /bceWithLogitsLoss/, /bool/);
  throwsWith(() => F.bceLoss(tensor([0.3], { dtype: 'float64' }), tensor([1])), DTypeError, /float32 differs from input dtype float64/);
});

test('bceLoss rejects inputs outside [0, 1] and names the element', () => {
  throwsWith(() => F.bceLoss(tensor([0.3, 1.2]), tensor([0, 1])), ValueError, /bceLoss/, /element 1/, /1\.2/, /bceWithLogitsLoss/);
  throwsWith(() => F.bceLoss(tensor([Number.NaN]), tensor([0])), ValueError, /NaN/);
});

test('shape mismatches are errors naming the loss and both shapes (no silent broadcasting)', () => {
  const column = tensor([[0.5], [1.5]]);
  const flat = tensor([1, 2]);
  for (const [name, fn] of [
    ['mseLoss', () => F.mseLoss(column, flat)], ['l1Loss', () => F.l1Loss(column, flat)],
    ['smoothL1Loss', () => F.smoothL1Loss(column, flat)], ['huberLoss', () => F.huberLoss(column, flat)],
    ['bceLoss', () => F.bceLoss(tensor([[0.5], [0.5]]), flat)], ['bceWithLogitsLoss', () => F.bceWithLogitsLoss(column, flat)],
    ['klDiv', () => F.klDiv(column, flat)], ['gaussianNllLoss', () => F.gaussianNllLoss(column, flat, column)],
  ] as const) {
    throwsWith(fn, ShapeError, new RegExp(name), /\[2\]/, /\[2, 1\]/);
  }
});

test('dtype rules: float input, target of the same dtype', () => {
  throwsWith(() => F.mseLoss(int([1, 2]), int([1, 2])), DTypeError, /mseLoss: input must be float32 or float64, got int32/);
  throwsWith(() => F.l1Loss(tensor([1, 2], { dtype: 'float64' }), tensor([1, 2])), DTypeError, /l1Loss: target dtype float32 differs from input dtype float64/);
  throwsWith(() => F.nllLoss(logits(), tensor([0, 1])), DTypeError, /nllLoss: class-index target must be int32, got float32 \[2\]/);
  throwsWith(() => F.nllLoss(logits(), tensor([[0, 1, 0], [1, 0, 0]])), DTypeError, /nllLoss: class-index target must be int32, got float32/);
  throwsWith(() => F.crossEntropy(logits(), tensor([[0, 1, 0], [1, 0, 0]], { dtype: 'int32' })), DTypeError, /class probabilities/, /\[2\]/);
  throwsWith(() => F.crossEntropy(logits(), tensor([0, 1])), ShapeError, /crossEntropy: float target of shape \[2\]/);
  throwsWith(() => F.crossEntropy(logits(), int([0, 1, 2])), ShapeError, /target shape \[3\]/, /\[2, 3\]/, /must have shape \[2\]/);
  throwsWith(() => F.crossEntropy(tensor(1), int([0])), ShapeError, /scalar/);
});

test('weights must fit: one per class, or broadcastable to the input', () => {
  throwsWith(() => F.crossEntropy(logits(), int([0, 1]), { weight: tensor([1, 2]) }), ShapeError, /one entry per class \[3\]/, /got \[2\]/);
  throwsWith(() => F.nllLoss(logits(), int([0, 1]), { weight: tensor([1, 2, 3], { dtype: 'float64' }) }), DTypeError, /weight dtype float64/);
  throwsWith(() => F.bceWithLogitsLoss(logits(), tensor([[0, 1, 0], [1, 0, 0]]), { posWeight: tensor([1, 2]) }), ShapeError, /posWeight of shape \[2\] does not broadcast to the input shape \[2, 3\]/);
  throwsWith(() => F.bceLoss(tensor([0.1, 0.2]), tensor([0, 1]), { weight: tensor([[1, 2], [3, 4]]) }), ShapeError, /weight of shape \[2, 2\]/);
});

test('option values are validated', () => {
  throwsWith(() => F.mseLoss(tensor([1]), tensor([1]), { reduction: 'batchmean' as 'mean' }), ValueError, /mseLoss: reduction must be one of 'none', 'mean', 'sum', got "batchmean"/);
  throwsWith(() => F.klDiv(tensor([1]), tensor([1]), { reduction: 'avg' as 'mean' }), ValueError, /'batchmean'/);
  throwsWith(() => F.smoothL1Loss(tensor([1]), tensor([1]), { beta: -1 }), ValueError, /beta must be a finite number ≥ 0, got -1/);
  throwsWith(() => F.huberLoss(tensor([1]), tensor([1]), { delta: 0 }), ValueError, /delta must be a finite number > 0, got 0/);
  throwsWith(() => F.crossEntropy(logits(), int([0, 1]), { labelSmoothing: 1.5 }), ValueError, /labelSmoothing must be between 0 and 1/);
  throwsWith(() => F.crossEntropy(logits(), tensor([[0.2, 0.3, 0.5], [1, 0, 0]]), { ignoreIndex: 1 }), ValueError, /ignoreIndex \(1\) is not supported with class-probability targets/);
  throwsWith(() => new nn.MSELoss({ reduction: 'avg' as 'mean' }), ValueError, /MSELoss: reduction/);
  throwsWith(() => new nn.CrossEntropyLoss({ labelSmoothing: -0.1 }), ValueError, /CrossEntropyLoss: labelSmoothing/);
});

test('gaussianNllLoss: var shape rules and negative variances', () => {
  const x = tensor([[1, 2, 3], [4, 5, 6]]);
  throwsWith(() => F.gaussianNllLoss(x, x, tensor([1, 1, 1])), ShapeError, /var of shape \[3\] does not fit input \[2, 3\]/, /\[2, 3\], \[2\] or \[2, 1\]/);
  throwsWith(() => F.gaussianNllLoss(x, x, tensor([[1], [-0.5]])), ValueError, /var must be non-negative/, /element 1/, /-0\.5/);
  throwsWith(() => F.gaussianNllLoss(x, x, tensor([1, 1], { dtype: 'float64' })), DTypeError, /var dtype float64/);
});

test('quantileLoss: shapes and levels', () => {
  throwsWith(() => F.quantileLoss(tensor([[1, 2, 3]]), tensor([1]), [0.1, 0.9]), ShapeError, /pred \[1, 3\] and target \[1\] do not fit 2 quantiles/);
  throwsWith(() => F.quantileLoss(tensor([[1, 2]]), tensor([[1]]), [0.1, 0.9]), ShapeError, /target \[1, 1\]/);
  throwsWith(() => F.quantileLoss(tensor([[1, 2]]), tensor([1]), [0, 0.9]), ValueError, /quantile 0 must be a number in \(0, 1\), got 0/);
});

test('all targets ignored: mean is NaN (0/0, as PyTorch), sum is 0', () => {
  const labels = int([-100, -100]);
  assert.ok(Number.isNaN(F.crossEntropy(logits(), labels).item()));
  assert.ok(Number.isNaN(F.nllLoss(logits(), labels).item()));
  assert.equal(F.crossEntropy(logits(), labels, { reduction: 'sum' }).item(), 0);
  assert.deepEqual(Array.from(F.nllLoss(logits(), labels, { reduction: 'none' }).data()), [0, 0]);
});

test('ignored targets get zero gradient; the rest are normalised by the kept weights only', () => {
  const x = tensor([[0, Math.log(3), 0], [1, 1, 1]], { dtype: 'float64', requiresGrad: true });
  const weight = tensor([2, 0.5, 1], { dtype: 'float64' });
  // Row 0, class 1: p = 3/5, loss = −log(3/5)·0.5; mean divides by the kept weight 0.5 → −log(0.6).
  const loss = F.crossEntropy(x, int([1, -100]), { weight });
  assert.ok(Math.abs(loss.item() + Math.log(0.6)) < 1e-15);
  loss.backward();
  const g = Array.from(x.grad!.data());
  // ∂/∂x₀ = softmax − onehot = [0.2, −0.4, 0.2]; row 1 untouched.
  [0.2, -0.4, 0.2, 0, 0, 0].forEach((e, i) => assert.ok(Math.abs(g[i]! - e) < 1e-15, `grad[${i}] = ${g[i]}`));
});

test('saturated probabilities: each log clamps at −100 and the gradient stays finite', () => {
  const x = tensor([0, 1, 0, 1], { dtype: 'float64', requiresGrad: true });
  const y = tensor([1, 0, 0, 1], { dtype: 'float64' });
  const loss = F.bceLoss(x, y, { reduction: 'none' });
  // 0 − 1·max(log 0, −100), (0 − 1)·max(log 0, −100) − 0, and exactly 0 for the two matching pairs.
  Array.from(loss.data()).forEach((v, i) => assert.ok(v === [100, 100, 0, 0][i], `ℓ[${i}] = ${v}`));
  loss.sum().backward();
  assert.ok(Array.from(x.grad!.data()).every(Number.isFinite), `gradient ${x.grad!.toString()}`);
});

test('bceWithLogitsLoss is finite for extreme logits: softplus by hand', () => {
  const loss = F.bceWithLogitsLoss(tensor([200, -200, 200, -200, 0], { dtype: 'float64' }), tensor([0, 1, 1, 0, 1], { dtype: 'float64' }), { reduction: 'none' });
  // ℓ = softplus(x) − y·x: 200, 200, 0, 0, log 2.
  const v = Array.from(loss.data());
  [200, 200, 0, 0, Math.LN2].forEach((e, i) => assert.ok(Math.abs(v[i]! - e) < 1e-13, `ℓ[${i}] = ${v[i]}`));
});

test('klDiv batchmean divides by the batch size; on a 0-d input it is the plain value', () => {
  const x = tensor([[-1, -2], [-0.5, -1]], { dtype: 'float64' });
  const p = tensor([[0.5, 0.5], [0.25, 0.75]], { dtype: 'float64' });
  const sum = F.klDiv(x, p, { reduction: 'sum' }).item();
  assert.ok(Math.abs(F.klDiv(x, p, { reduction: 'batchmean' }).item() - sum / 2) < 1e-15);
  assert.ok(Math.abs(F.klDiv(x, p).item() - sum / 4) < 1e-15);
  // 0.25·log 0.25 − 0.25·(−0.5)
  const scalar = F.klDiv(tensor(-0.5, { dtype: 'float64' }), tensor(0.25, { dtype: 'float64' }), { reduction: 'batchmean' });
  assert.ok(Math.abs(scalar.item() - (0.25 * Math.log(0.25) + 0.125)) < 1e-15);
});

test('gaussianNllLoss clamps var at eps in value but passes its gradient straight through', () => {
  const v = tensor([0], { dtype: 'float64', requiresGrad: true });
  const loss = F.gaussianNllLoss(tensor([0.002], { dtype: 'float64' }), tensor([0], { dtype: 'float64' }), v);
  // 0.5·(log 1e-6 + 4e-6/1e-6); ∂/∂var = 0.5·(1/1e-6 − 4e-6/1e-12) = −1.5e6.
  assert.ok(Math.abs(loss.item() - 0.5 * (Math.log(1e-6) + 4)) < 1e-12);
  loss.backward();
  assert.ok(Math.abs(v.grad!.item() + 1.5e6) < 1e-6, `∂/∂var = ${v.grad!.item()}`);
});
