import { ShapeError, ValueError } from '../../core/errors.js';
import { formatShape, shapesEqual } from '../../core/shape.js';
import { noGrad } from '../../tensor/graph.js';
import { add, div, mul, sub } from '../../tensor/ops/binary.js';
import { isnan, where } from '../../tensor/ops/compare.js';
import { unsqueeze } from '../../tensor/ops/shape.js';
import { clamp, log, square } from '../../tensor/ops/unary.js';
import type { Tensor } from '../../tensor/tensor.js';
import { Module } from '../module.js';
import { requireInputDType, requireNumber, requireRegressionPair } from './checks.js';
import { applyReduction, resolveReduction, type Reduction, type ReductionOptions } from './reduction.js';

/** Options of `gaussianNllLoss` / `GaussianNLLLoss`. */
export interface GaussianNLLLossOptions extends ReductionOptions {
  /** Add the constant 0.5·log(2π), giving the full negative log-likelihood (default false). */
  full?: boolean;
  /** The variance is clamped from below at eps for stability (default 1e-6). */
  eps?: number;
}

/**
 * `variance` viewed so that it broadcasts against `input`, by PyTorch's rules: the input's shape
 * (heteroscedastic), the input's shape without its last dim (one variance per row: a trailing 1 is added),
 * or that shape with a trailing 1.
 */
function alignVariance(input: Tensor, variance: Tensor): Tensor {
  if (shapesEqual(variance.shape, input.shape)) return variance;
  const lead = input.shape.slice(0, -1);
  if (shapesEqual(variance.shape, lead)) return unsqueeze(variance, -1);
  if (variance.ndim > 0 && variance.shape[variance.ndim - 1] === 1 && shapesEqual(variance.shape.slice(0, -1), lead)) return variance;
  throw new ShapeError(
    `gaussianNllLoss: var of shape ${formatShape(variance.shape)} does not fit input ${formatShape(input.shape)}; ` +
      `it must be ${formatShape(input.shape)}, ${formatShape(lead)} or ${formatShape([...lead, 1])}`,
  );
}

/**
 * max(v, eps) in value, with the gradient of v passed through unchanged even where clamped — PyTorch clamps
 * a clone of var in place under no_grad, so its gradient ignores the clamp. Exact: the added term is v − v = 0.
 */
function clampStraightThrough(v: Tensor, eps: number): Tensor {
  const clamped = noGrad(() => clamp(v, eps));
  const zero = sub(v, v.detach());
  return add(clamped, where(isnan(zero), 0, zero));
}

/**
 * Gaussian negative log-likelihood (torch.nn.functional.gaussian_nll_loss) of `target` under
 * N(input, var): ℓᵢ = 0.5·(log max(varᵢ, eps) + (inputᵢ − targetᵢ)² / max(varᵢ, eps)) [+ 0.5·log 2π with
 * `full`]. `input` and `target` have the same shape and dtype; `variance` (PyTorch's `var`) has the input's
 * shape, the input's shape without the last dim, or that with a trailing 1 (one variance shared along the last
 * dim). Negative variances are an error. The clamp at `eps` (default 1e-6) does not stop the gradient w.r.t.
 * var: it is 0.5·(1/v − (x − y)²/v²) at v = max(var, eps), as PyTorch's.
 *
 * ```ts
 * const [mu, logVar] = model.forward(x).chunk(2, -1);
 * gaussianNllLoss(mu, y, logVar.exp());
 * ```
 */
export function gaussianNllLoss(input: Tensor, target: Tensor, variance: Tensor, options: GaussianNLLLossOptions = {}): Tensor {
  const reduction = resolveReduction('gaussianNllLoss', options.reduction);
  const eps = requireNumber('gaussianNllLoss', 'eps', options.eps ?? 1e-6, (v) => v >= 0, 'a finite number ≥ 0');
  requireRegressionPair('gaussianNllLoss', input, target);
  requireInputDType('gaussianNllLoss', input, variance, 'var');
  const v = alignVariance(input, variance);
  const values = variance.data();
  for (let i = 0; i < values.length; i++) {
    if (values[i]! < 0) {
      throw new ValueError(`gaussianNllLoss: var must be non-negative, but element ${i} (flat, shape ${formatShape(variance.shape)}) is ${values[i]}`);
    }
  }
  const vc = clampStraightThrough(v, eps);
  let loss = mul(add(log(vc), div(square(sub(input, target)), vc)), 0.5);
  if (options.full ?? false) loss = add(loss, 0.5 * Math.log(2 * Math.PI));
  return applyReduction(loss, reduction);
}

/**
 * `gaussianNllLoss` as a module (torch.nn.GaussianNLLLoss); `forward(input, target, variance)`.
 *
 * ```ts
 * const criterion = new GaussianNLLLoss({ full: true });
 * criterion.forward(mean, y, variance);
 * ```
 */
export class GaussianNLLLoss extends Module {
  readonly reduction: Reduction;
  readonly full: boolean;
  readonly eps: number;

  constructor(options: GaussianNLLLossOptions = {}) {
    super();
    this.reduction = resolveReduction('GaussianNLLLoss', options.reduction);
    this.full = options.full ?? false;
    this.eps = requireNumber('GaussianNLLLoss', 'eps', options.eps ?? 1e-6, (v) => v >= 0, 'a finite number ≥ 0');
  }

  forward(input: Tensor, target: Tensor, variance: Tensor): Tensor {
    return gaussianNllLoss(input, target, variance, { full: this.full, eps: this.eps, reduction: this.reduction });
  }

  override extraRepr(): string {
    return `reduction='${this.reduction}', full=${this.full}, eps=${this.eps}`;
  }
}
