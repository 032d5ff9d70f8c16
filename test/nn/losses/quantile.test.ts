/**
 * quantileLoss / QuantileLoss against hand-derived values (the loss is not in PyTorch):
 * ρ_τ(u) = max(τ·u, (τ − 1)·u), u = y − ŷ, averaged over the quantile levels.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nn, tensor, type Tensor } from '../../../src/index.js';

const F = nn.functional;

function close(actual: Tensor | number[], expected: number[], tol: number, label: string): void {
  const values = Array.isArray(actual) ? actual : Array.from(actual.data());
  assert.equal(values.length, expected.length, `${label}: length`);
  values.forEach((v, i) => assert.ok(Math.abs(v - expected[i]!) <= tol * Math.max(1, Math.abs(expected[i]!)), `${label}[${i}]: ${v} vs ${expected[i]}`));
}

test('one sample, three quantiles: values and gradients by hand', () => {
  for (const dtype of ['float64', 'float32'] as const) {
    const tol = dtype === 'float64' ? 1e-15 : 1e-6;
    // u = 2.5 − [1, 2, 3] = [1.5, 0.5, −0.5]; ρ = [0.1·1.5, 0.5·0.5, 0.1·0.5] = [0.15, 0.25, 0.05]; mean 0.15.
    for (const reduction of ['none', 'mean', 'sum'] as const) {
      const pred = tensor([[1, 2, 3]], { dtype, requiresGrad: true });
      const y = tensor([2.5], { dtype, requiresGrad: true });
      const loss = F.quantileLoss(pred, y, [0.1, 0.5, 0.9], { reduction });
      assert.deepEqual(loss.shape, reduction === 'none' ? [1] : []);
      close(loss, [0.15], tol, `${dtype} ${reduction} value`);
      loss.sum().backward();
      // ∂ℓ/∂ŷ_q = (1/3)·(−τ if u > 0, 1 − τ if u < 0); ∂ℓ/∂y = −Σ_q ∂ℓ/∂ŷ_q.
      close(pred.grad!, [-0.1 / 3, -0.5 / 3, 0.1 / 3], tol, `${dtype} ${reduction} ∂/∂pred`);
      close(y.grad!, [0.5 / 3], tol, `${dtype} ${reduction} ∂/∂target`);
    }
  }
});

test('two samples, two quantiles: none / mean / sum', () => {
  const pred = (): Tensor => tensor([[0, 1], [4, 2]], { dtype: 'float64', requiresGrad: true });
  const y = tensor([2, 1], { dtype: 'float64' });
  // Row 0: u = [2, 1] → ρ = [0.25·2, 0.75·1] = [0.5, 0.75] → 0.625.
  // Row 1: u = [−3, −1] → ρ = [0.75·3, 0.25·1] = [2.25, 0.25] → 1.25.
  close(F.quantileLoss(pred(), y, [0.25, 0.75], { reduction: 'none' }), [0.625, 1.25], 1e-15, 'none');
  close(F.quantileLoss(pred(), y, [0.25, 0.75]), [0.9375], 1e-15, 'mean');
  const p = pred();
  const total = F.quantileLoss(p, y, [0.25, 0.75], { reduction: 'sum' });
  close(total, [1.875], 1e-15, 'sum');
  total.backward();
  close(p.grad!, [-0.125, -0.375, 0.375, 0.125], 1e-15, 'sum ∂/∂pred');
});

test('higher dims: pred [B, T, Q] against target [B, T]', () => {
  const pred = tensor([[[0, 0], [1, 1]], [[2, 3], [-1, 0]]], { dtype: 'float64' });
  const y = tensor([[1, 1], [2, 1]], { dtype: 'float64' });
  // τ = [0.2, 0.6]: (0,0)/1 → u=[1,1] → [0.2, 0.6] → 0.4; (1,1)/1 → 0; (2,3)/2 → u=[0,−1] → [0, 0.4] → 0.2;
  // (−1,0)/1 → u=[2,1] → [0.4, 0.6] → 0.5.
  const loss = F.quantileLoss(pred, y, [0.2, 0.6], { reduction: 'none' });
  assert.deepEqual(loss.shape, [2, 2]);
  close(loss, [0.4, 0, 0.2, 0.5], 1e-15, 'none');
});

test('the median level is half the absolute error; u = 0 takes the subgradient −τ', () => {
  const pred = tensor([[0.3], [-2], [5]], { dtype: 'float64' });
  const y = tensor([1, 1, 1], { dtype: 'float64' });
  close(F.quantileLoss(pred, y, [0.5], { reduction: 'none' }), [0.35, 1.5, 2], 1e-15, 'median');
  const at = tensor([[1]], { dtype: 'float64', requiresGrad: true });
  F.quantileLoss(at, tensor([1], { dtype: 'float64' }), [0.3]).backward();
  close(at.grad!, [-0.3], 1e-15, 'subgradient at u = 0');
});

test('the minimiser of the mean pinball loss over a sample is its τ-quantile', () => {
  // Samples 1..9, τ = 0.25: the slope in c is −τ·#{y > c} + (1 − τ)·#{y < c}, negative below 3 (−0.25 on
  // (2, 3)) and positive above (0.75 on (3, 4)), so the minimiser is 3, the 0.25-quantile (3rd of 9 values).
  const samples = tensor([1, 2, 3, 4, 5, 6, 7, 8, 9], { dtype: 'float64' });
  const lossAt = (c: number): number => F.quantileLoss(tensor(new Array(9).fill([c]), { dtype: 'float64' }), samples, [0.25]).item();
  const best = lossAt(3);
  // Mean over 9 samples of ρ: (0.75·(2 + 1) + 0.25·(1 + 2 + ... + 6)) / 9 = (2.25 + 5.25) / 9.
  assert.ok(Math.abs(best - 7.5 / 9) < 1e-15, `loss at 3 is ${best}`);
  for (const c of [1, 2, 2.5, 3.5, 4, 8]) assert.ok(lossAt(c) > best, `loss at ${c} should exceed loss at 3`);
  assert.ok(Math.abs(lossAt(2.5) - best - 0.25 * 0.5 / 9) < 1e-14, 'slope −0.25/9 on (2, 3)');
});

test('QuantileLoss module equals the functional form and validates its levels', () => {
  const criterion = new nn.QuantileLoss([0.1, 0.5, 0.9], { reduction: 'sum' });
  const pred = tensor([[1, 2, 3], [0, 0, 0]]);
  const y = tensor([2.5, -1]);
  assert.equal(criterion.forward(pred, y).item(), F.quantileLoss(pred, y, [0.1, 0.5, 0.9], { reduction: 'sum' }).item());
  assert.match(criterion.toString(), /quantiles=\[0\.1, 0\.5, 0\.9\]/);
  assert.throws(() => new nn.QuantileLoss([0.5, 1]), /QuantileLoss: quantile 1 must be a number in \(0, 1\), got 1/);
  assert.throws(() => new nn.QuantileLoss([]), /non-empty/);
});
