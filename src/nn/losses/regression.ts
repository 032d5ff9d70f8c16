import { div, mul, sub } from '../../tensor/ops/binary.js';
import { lt, where } from '../../tensor/ops/compare.js';
import { abs, square } from '../../tensor/ops/unary.js';
import type { Tensor } from '../../tensor/tensor.js';
import { Module } from '../module.js';
import { requireNumber, requireRegressionPair } from './checks.js';
import { applyReduction, resolveReduction, type Reduction, type ReductionOptions } from './reduction.js';

/**
 * Mean squared error (torch.nn.functional.mse_loss): ℓᵢ = (xᵢ − yᵢ)², reduced by `reduction` (default
 * 'mean'). `input` and `target` are float tensors of the same dtype and shape (any shape); a shape mismatch is
 * an error (PyTorch would broadcast it with a warning). Gradient: 2(x − y)/N for 'mean'.
 *
 * ```ts
 * mseLoss(tensor([1, 2]), tensor([0, 0])).item(); // (1 + 4) / 2 = 2.5
 * ```
 */
export function mseLoss(input: Tensor, target: Tensor, options: ReductionOptions = {}): Tensor {
  const reduction = resolveReduction('mseLoss', options.reduction);
  requireRegressionPair('mseLoss', input, target);
  return applyReduction(square(sub(input, target)), reduction);
}

/**
 * Mean absolute error (torch.nn.functional.l1_loss): ℓᵢ = |xᵢ − yᵢ|, reduced by `reduction` (default 'mean').
 * Same shape and dtype rules as `mseLoss`. The gradient at xᵢ = yᵢ is 0, as PyTorch's.
 *
 * ```ts
 * l1Loss(tensor([1, -2]), tensor([0, 0]), { reduction: 'sum' }).item(); // 3
 * ```
 */
export function l1Loss(input: Tensor, target: Tensor, options: ReductionOptions = {}): Tensor {
  const reduction = resolveReduction('l1Loss', options.reduction);
  requireRegressionPair('l1Loss', input, target);
  return applyReduction(abs(sub(input, target)), reduction);
}

/** Options of `smoothL1Loss` / `SmoothL1Loss`. */
export interface SmoothL1LossOptions extends ReductionOptions {
  /** Where the loss turns from quadratic to linear (default 1; must be ≥ 0; 0 gives `l1Loss`). */
  beta?: number;
}

/**
 * Smooth L1 loss (torch.nn.functional.smooth_l1_loss): with z = |x − y|,
 * ℓ = 0.5·z²/β if z < β, else z − 0.5·β (default β = 1; β = 0 is the L1 loss). Same shape rules as `mseLoss`.
 * Gradient (x − y)/β inside the quadratic zone, sign(x − y) outside.
 *
 * ```ts
 * smoothL1Loss(tensor([0.5, 3]), tensor([0, 0]), { reduction: 'none' }); // [0.125, 2.5]
 * ```
 */
export function smoothL1Loss(input: Tensor, target: Tensor, options: SmoothL1LossOptions = {}): Tensor {
  const reduction = resolveReduction('smoothL1Loss', options.reduction);
  const beta = requireNumber('smoothL1Loss', 'beta', options.beta ?? 1, (v) => v >= 0, 'a finite number ≥ 0');
  requireRegressionPair('smoothL1Loss', input, target);
  const z = abs(sub(input, target));
  if (beta === 0) return applyReduction(z, reduction);
  const loss = where(lt(z, beta), div(mul(mul(z, 0.5), z), beta), sub(z, 0.5 * beta));
  return applyReduction(loss, reduction);
}

/** Options of `huberLoss` / `HuberLoss`. */
export interface HuberLossOptions extends ReductionOptions {
  /** Where the loss turns from quadratic to linear (default 1; must be > 0). */
  delta?: number;
}

/**
 * Huber loss (torch.nn.functional.huber_loss): with z = |x − y|, ℓ = 0.5·z² if z < δ, else δ·(z − 0.5·δ)
 * (default δ = 1). It equals δ·smoothL1Loss with β = δ. Same shape rules as `mseLoss`.
 *
 * ```ts
 * huberLoss(tensor([0.5, 3]), tensor([0, 0]), { delta: 2, reduction: 'none' }); // [0.125, 4]
 * ```
 */
export function huberLoss(input: Tensor, target: Tensor, options: HuberLossOptions = {}): Tensor {
  const reduction = resolveReduction('huberLoss', options.reduction);
  const delta = requireNumber('huberLoss', 'delta', options.delta ?? 1, (v) => v > 0, 'a finite number > 0');
  requireRegressionPair('huberLoss', input, target);
  const z = abs(sub(input, target));
  const loss = where(lt(z, delta), mul(mul(z, 0.5), z), mul(sub(z, 0.5 * delta), delta));
  return applyReduction(loss, reduction);
}

/**
 * `mseLoss` as a module (torch.nn.MSELoss).
 *
 * ```ts
 * const criterion = new MSELoss();
 * const loss = criterion.forward(model.forward(x), y);
 * ```
 */
export class MSELoss extends Module {
  readonly reduction: Reduction;

  constructor(options: ReductionOptions = {}) {
    super();
    this.reduction = resolveReduction('MSELoss', options.reduction);
  }

  forward(input: Tensor, target: Tensor): Tensor {
    return mseLoss(input, target, { reduction: this.reduction });
  }

  override extraRepr(): string {
    return `reduction='${this.reduction}'`;
  }
}

/** `l1Loss` as a module (torch.nn.L1Loss): `new L1Loss({ reduction: 'sum' }).forward(pred, y)`. */
export class L1Loss extends Module {
  readonly reduction: Reduction;

  constructor(options: ReductionOptions = {}) {
    super();
    this.reduction = resolveReduction('L1Loss', options.reduction);
  }

  forward(input: Tensor, target: Tensor): Tensor {
    return l1Loss(input, target, { reduction: this.reduction });
  }

  override extraRepr(): string {
    return `reduction='${this.reduction}'`;
  }
}

/** `smoothL1Loss` as a module (torch.nn.SmoothL1Loss): `new SmoothL1Loss({ beta: 0.5 }).forward(pred, y)`. */
export class SmoothL1Loss extends Module {
  readonly reduction: Reduction;
  readonly beta: number;

  constructor(options: SmoothL1LossOptions = {}) {
    super();
    this.reduction = resolveReduction('SmoothL1Loss', options.reduction);
    this.beta = requireNumber('SmoothL1Loss', 'beta', options.beta ?? 1, (v) => v >= 0, 'a finite number ≥ 0');
  }

  forward(input: Tensor, target: Tensor): Tensor {
    return smoothL1Loss(input, target, { reduction: this.reduction, beta: this.beta });
  }

  override extraRepr(): string {
    return `reduction='${this.reduction}', beta=${this.beta}`;
  }
}

/** `huberLoss` as a module (torch.nn.HuberLoss): `new HuberLoss({ delta: 2 }).forward(pred, y)`. */
export class HuberLoss extends Module {
  readonly reduction: Reduction;
  readonly delta: number;

  constructor(options: HuberLossOptions = {}) {
    super();
    this.reduction = resolveReduction('HuberLoss', options.reduction);
    this.delta = requireNumber('HuberLoss', 'delta', options.delta ?? 1, (v) => v > 0, 'a finite number > 0');
  }

  forward(input: Tensor, target: Tensor): Tensor {
    return huberLoss(input, target, { reduction: this.reduction, delta: this.delta });
  }

  override extraRepr(): string {
    return `reduction='${this.reduction}', delta=${this.delta}`;
  }
}
