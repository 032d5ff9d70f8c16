import { ShapeError, ValueError } from '../../core/errors.js';
import { formatShape, shapesEqual } from '../../core/shape.js';
import { mul, sub } from '../../tensor/ops/binary.js';
import { ge, where } from '../../tensor/ops/compare.js';
import { tensor } from '../../tensor/ops/creation.js';
import { mean } from '../../tensor/ops/reduce.js';
import { unsqueeze } from '../../tensor/ops/shape.js';
import type { Tensor } from '../../tensor/tensor.js';
import { Module } from '../module.js';
import { requireFloatInput, requireInputDType } from './checks.js';
import { applyReduction, resolveReduction, type Reduction, type ReductionOptions } from './reduction.js';

function checkQuantiles(loss: string, quantiles: readonly number[]): number[] {
  if (!Array.isArray(quantiles) || quantiles.length === 0) {
    throw new ValueError(`${loss}: quantiles must be a non-empty array of numbers in (0, 1), got ${JSON.stringify(quantiles)}`);
  }
  quantiles.forEach((q, i) => {
    if (typeof q !== 'number' || !(q > 0 && q < 1)) {
      throw new ValueError(`${loss}: quantile ${i} must be a number in (0, 1), got ${String(q)}`);
    }
  });
  return [...quantiles];
}

/**
 * Quantile (pinball) loss for predicting several quantiles at once — not in PyTorch; the loss of quantile
 * forecasters such as the Temporal Fusion Transformer. `pred` [..., Q] holds one prediction per quantile level
 * τ_q = `quantiles[q]` (each in (0, 1)), `target` [...] the observed value (same dtype). With u = y − ŷ_q,
 *
 *     ρ_τ(u) = max(τ·u, (τ − 1)·u)      (τ·u when the prediction is too low, (1 − τ)·|u| when too high)
 *
 * and the per-element loss is the average over the Q quantiles: ℓ = (1/Q)·Σ_q ρ_{τ_q}(y − ŷ_q), shape [...].
 * `reduction` then applies to ℓ: 'mean' = Σ ρ / (numel(target)·Q), 'sum' = Σ ℓ, 'none' = ℓ.
 * Minimising E ρ_τ(y − ŷ) over ŷ gives the τ-quantile of y. At u = 0 the subgradient w.r.t. ŷ is −τ.
 *
 * ```ts
 * quantileLoss(tensor([[1, 2, 3]]), tensor([2.5]), [0.1, 0.5, 0.9]).item();
 * // ((0.1·1.5) + (0.5·0.5) + (0.1·0.5)) / 3 = 0.15
 * ```
 */
export function quantileLoss(pred: Tensor, target: Tensor, quantiles: readonly number[], options: ReductionOptions = {}): Tensor {
  const reduction = resolveReduction('quantileLoss', options.reduction);
  const levels = checkQuantiles('quantileLoss', quantiles);
  requireFloatInput('quantileLoss', pred);
  requireInputDType('quantileLoss', pred, target, 'target');
  const q = levels.length;
  if (pred.ndim === 0 || pred.shape[pred.ndim - 1] !== q || !shapesEqual(target.shape, pred.shape.slice(0, -1))) {
    throw new ShapeError(
      `quantileLoss: pred ${formatShape(pred.shape)} and target ${formatShape(target.shape)} do not fit ${q} quantiles; ` +
        `expected pred [..., ${q}] and target [...] (pred without its last dim)`,
    );
  }
  const tau = tensor(levels, { dtype: pred.dtype });
  const u = sub(unsqueeze(target, -1), pred);
  const pinball = where(ge(u, 0), mul(u, tau), mul(u, sub(tau, 1)));
  return applyReduction(mean(pinball, -1), reduction);
}

/**
 * `quantileLoss` as a module, the quantile levels fixed at construction.
 *
 * ```ts
 * const criterion = new QuantileLoss([0.1, 0.5, 0.9]);
 * criterion.forward(model.forward(x), y); // [N, 3] vs [N]
 * ```
 */
export class QuantileLoss extends Module {
  readonly quantiles: readonly number[];
  readonly reduction: Reduction;

  constructor(quantiles: readonly number[], options: ReductionOptions = {}) {
    super();
    this.quantiles = checkQuantiles('QuantileLoss', quantiles);
    this.reduction = resolveReduction('QuantileLoss', options.reduction);
  }

  forward(pred: Tensor, target: Tensor): Tensor {
    return quantileLoss(pred, target, this.quantiles, { reduction: this.reduction });
  }

  override extraRepr(): string {
    return `quantiles=[${this.quantiles.join(', ')}], reduction='${this.reduction}'`;
  }
}
