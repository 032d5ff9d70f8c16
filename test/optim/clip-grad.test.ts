/**
 * Gradient clipping against PyTorch 1.13's torch.nn.utils.clip_grad_norm_ / clip_grad_value_
 * (test/fixtures/optim.json): the total norm and the clipped gradients for L2, L1, L3 and max norms,
 * clipped and unclipped, float64 (1e-10) and float32 (1e-5); plus the in-place contract.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tensor, zeros, type Tensor } from '../../src/index.js';
import { clipGradNorm, clipGradValue } from '../../src/optim/index.js';
import { ValueError, DTypeError } from '../../src/core/errors.js';
import { FIXTURE_TOLERANCE, assertTensorClose, makeTensor, readFixture, type TensorSpec } from '../helpers/fixtures.js';

interface ClipNormCase {
  kind: 'clipGradNorm';
  name: string;
  maxNorm: number;
  normType: number | 'inf';
  grads: TensorSpec[];
  totalNorm: TensorSpec;
  clipped: TensorSpec[];
}

interface ClipValueCase {
  kind: 'clipGradValue';
  name: string;
  clipValue: number;
  grads: TensorSpec[];
  clipped: TensorSpec[];
}

const fixture = readFixture<{ cases: { kind: string }[] }>('optim.json');
const normCases = fixture.cases.filter((c): c is ClipNormCase => c.kind === 'clipGradNorm');
const valueCases = fixture.cases.filter((c): c is ClipValueCase => c.kind === 'clipGradValue');

function paramsWithGrads(grads: readonly TensorSpec[]): Tensor[] {
  return grads.map((g) => {
    const p = zeros(g.shape, { dtype: g.dtype, requiresGrad: true });
    p.grad = makeTensor(g);
    return p;
  });
}

test('optim fixture has clipping cases', () => {
  assert.ok(normCases.length >= 5);
  assert.ok(normCases.some((c) => c.totalNorm.data[0]! > c.maxNorm), 'a case that clips');
  assert.ok(normCases.some((c) => c.totalNorm.data[0]! < c.maxNorm), 'a case that does not clip');
  assert.ok(valueCases.length >= 1);
});

for (const c of normCases) {
  test(`clipGradNorm ${c.name}: total norm and clipped gradients match PyTorch`, () => {
    const tol = FIXTURE_TOLERANCE[c.totalNorm.dtype as 'float64' | 'float32'];
    const params = paramsWithGrads(c.grads);
    const gradObjects = params.map((p) => p.grad);
    const total = clipGradNorm(params, c.maxNorm, c.normType);
    assertTensorClose(total, c.totalNorm, tol, `${c.name} total norm`);
    params.forEach((p, i) => {
      assert.equal(p.grad, gradObjects[i], `${c.name}: the gradient tensor is updated in place`);
      assertTensorClose(p.grad!, c.clipped[i]!, tol, `${c.name} clipped grad ${i}`);
    });
  });
}

for (const c of valueCases) {
  test(`clipGradValue ${c.name}: clamped gradients match PyTorch`, () => {
    const params = paramsWithGrads(c.grads);
    clipGradValue(params, c.clipValue);
    params.forEach((p, i) => assertTensorClose(p.grad!, c.clipped[i]!, FIXTURE_TOLERANCE.float64, `${c.name} grad ${i}`));
  });
}

test('clipGradNorm by hand: ‖(3, 4)‖ = 5 scaled to norm 1; parameters without gradient are skipped', () => {
  const a = zeros([2], { dtype: 'float64', requiresGrad: true });
  const b = zeros([3], { dtype: 'float64', requiresGrad: true });
  a.grad = tensor([3, 4], { dtype: 'float64' });
  const total = clipGradNorm([a, b], 1);
  assert.equal(total.item(), 5);
  assert.equal(b.grad, null);
  const coef = 1 / (5 + 1e-6);
  assert.deepEqual(Array.from(a.grad.data()), [3 * coef, 4 * coef]);
  // A single tensor is accepted too; with maxNorm above the norm nothing changes (coefficient clamped to 1).
  const before = Array.from(a.grad.data());
  assert.ok(Math.abs(clipGradNorm(a, 10).item() - 1) < 1e-6);
  assert.deepEqual(Array.from(a.grad.data()), before);
});

test('clipGradNorm: no gradients gives 0; mixed dtypes and non-finite norms are errors', () => {
  const p = zeros([2], { requiresGrad: true });
  assert.equal(clipGradNorm([p], 1).item(), 0);
  const q = zeros([2], { dtype: 'float64', requiresGrad: true });
  p.grad = tensor([1, 2]);
  q.grad = tensor([1, 2], { dtype: 'float64' });
  assert.throws(() => clipGradNorm([p, q], 1), DTypeError);
  q.grad = tensor([Infinity, 1], { dtype: 'float64' });
  assert.throws(() => clipGradNorm([q], 1, 2, { errorIfNonfinite: true }), ValueError);
  assert.throws(() => clipGradNorm([q], 1, Number.NaN), ValueError);
});

test('clipGradValue by hand and its argument check', () => {
  const p = zeros([4], { dtype: 'float64', requiresGrad: true });
  p.grad = tensor([-3, -0.2, 0.7, 2], { dtype: 'float64' });
  clipGradValue([p], 0.5);
  assert.deepEqual(Array.from(p.grad.data()), [-0.5, -0.2, 0.5, 0.5]);
  assert.throws(() => clipGradValue([p], -1), ValueError);
});
