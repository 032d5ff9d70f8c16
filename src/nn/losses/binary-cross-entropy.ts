import { DTypeError, ValueError } from '../../core/errors.js';
import { isFloating } from '../../core/dtype.js';
import { formatShape } from '../../core/shape.js';
import { noGrad } from '../../tensor/graph.js';
import { add, mul, sub } from '../../tensor/ops/binary.js';
import { eq, where } from '../../tensor/ops/compare.js';
import { clamp, exp, log, neg } from '../../tensor/ops/unary.js';
import type { Tensor } from '../../tensor/tensor.js';
import { Module } from '../module.js';
import { requireBroadcastWeight, requireFloatInput, requireSameShape } from './checks.js';
import { applyReduction, resolveReduction, type Reduction, type ReductionOptions } from './reduction.js';

/** Options of `bceLoss` / `BCELoss`. */
export interface BCELossOptions extends ReductionOptions {
  /** Rescaling weight of each element, broadcast to the input's shape (default none). */
  weight?: Tensor | null;
}

/** Options of `bceWithLogitsLoss` / `BCEWithLogitsLoss`. */
export interface BCEWithLogitsLossOptions extends BCELossOptions {
  /**
   * Weight of the positive term, broadcast to the input's shape — typically [C] for C independent labels,
   * (number of negatives)/(number of positives) per label to balance them (default none).
   */
  posWeight?: Tensor | null;
}

function requireBinaryTarget(loss: string, input: Tensor, target: Tensor): void {
  requireFloatInput(loss, input);
  if (!isFloating(target.dtype)) {
    throw new DTypeError(
      `${loss}: target must be a ${input.dtype} tensor of values in [0, 1], got ${target.dtype} ${formatShape(target.shape)}; ` +
        `convert 0/1 labels with target.to('${input.dtype}')`,
    );
  }
  if (target.dtype !== input.dtype) {
    throw new DTypeError(`${loss}: target dtype ${target.dtype} differs from input dtype ${input.dtype}; convert with target.to('${input.dtype}')`);
  }
  requireSameShape(loss, input, target);
}

/** max(log z, −100), with a finite (zero) gradient where z = 0 instead of 0·∞. */
function clampedLog(z: Tensor): Tensor {
  const isZero = eq(z, 0);
  return where(isZero, -100, clamp(log(where(isZero, 1, z)), -100));
}

/**
 * Binary cross-entropy between probabilities and targets (torch.nn.functional.binary_cross_entropy):
 * ℓᵢ = −wᵢ·[yᵢ·log xᵢ + (1 − yᵢ)·log(1 − xᵢ)], each log clamped at −100 as PyTorch does, so a saturated
 * prediction gives a large finite loss. `input` holds probabilities in [0, 1] (anything else, NaN included,
 * is an error: apply `sigmoid` first, or better use `bceWithLogitsLoss` on the raw scores); `target` is a
 * float tensor of the same shape and dtype (0/1 labels or soft labels); `weight` broadcasts to the input.
 * The gradient is that of this expression: wᵢ·(xᵢ − yᵢ)/(xᵢ(1 − xᵢ)) w.r.t. input (÷ N for 'mean') inside
 * (0, 1), a clamped log contributing nothing. PyTorch's kernel uses wᵢ·(xᵢ − yᵢ)/max(xᵢ(1 − xᵢ), 1e-12)
 * instead, so the two differ only where xᵢ(1 − xᵢ) < 1e-12 (xᵢ within about 1e-12 of 0 or 1).
 *
 * ```ts
 * bceLoss(tensor([0.8, 0.1]), tensor([1, 0])).item(); // −(log 0.8 + log 0.9)/2 ≈ 0.1643
 * ```
 */
export function bceLoss(input: Tensor, target: Tensor, options: BCELossOptions = {}): Tensor {
  const reduction = resolveReduction('bceLoss', options.reduction);
  requireBinaryTarget('bceLoss', input, target);
  const weight = options.weight ?? null;
  if (weight !== null) requireBroadcastWeight('bceLoss', input, weight, 'weight');
  const values = input.data();
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!(v >= 0 && v <= 1)) {
      throw new ValueError(
        `bceLoss: input must hold probabilities in [0, 1], but element ${i} (flat, shape ${formatShape(input.shape)}) is ${v}; ` +
          'apply sigmoid first, or pass the raw scores to bceWithLogitsLoss',
      );
    }
  }
  // (y − 1)·max(log(1 − x), −100) − y·max(log x, −100): PyTorch's CPU kernel, in its order.
  let loss = sub(mul(sub(target, 1), clampedLog(sub(1, input))), mul(target, clampedLog(input)));
  if (weight !== null) loss = mul(loss, weight);
  return applyReduction(loss, reduction);
}

/**
 * Sigmoid followed by binary cross-entropy, computed stably from the logits
 * (torch.nn.functional.binary_cross_entropy_with_logits):
 * ℓᵢ = wᵢ·[(1 − yᵢ)·xᵢ + lᵢ·(log(e^(−m) + e^(−xᵢ−m)) + m)], m = max(−xᵢ, 0), lᵢ = 1 + (pᵢ − 1)·yᵢ,
 * which equals −wᵢ·[pᵢ·yᵢ·log σ(xᵢ) + (1 − yᵢ)·log(1 − σ(xᵢ))] without overflow for any logit.
 * `target` is a float tensor of the input's shape and dtype; `weight` and `posWeight` (p) broadcast to the input.
 * Gradient w.r.t. input wᵢ·[(pᵢyᵢ + 1 − yᵢ)·σ(xᵢ) − pᵢyᵢ] (÷ N for 'mean').
 *
 * ```ts
 * bceWithLogitsLoss(tensor([2, -1]), tensor([1, 0]), { posWeight: tensor([3]) });
 * ```
 */
export function bceWithLogitsLoss(input: Tensor, target: Tensor, options: BCEWithLogitsLossOptions = {}): Tensor {
  const reduction = resolveReduction('bceWithLogitsLoss', options.reduction);
  requireBinaryTarget('bceWithLogitsLoss', input, target);
  const weight = options.weight ?? null;
  const posWeight = options.posWeight ?? null;
  if (weight !== null) requireBroadcastWeight('bceWithLogitsLoss', input, weight, 'weight');
  if (posWeight !== null) requireBroadcastWeight('bceWithLogitsLoss', input, posWeight, 'posWeight');
  // m only shifts the log-sum-exp; the expression is the same function of x for any constant m, so it is
  // taken without gradient (exact to every order).
  const m = noGrad(() => clamp(neg(input), 0));
  const logSumExp = log(add(exp(neg(m)), exp(sub(neg(input), m))));
  const linear = mul(sub(1, target), input);
  let loss: Tensor;
  if (posWeight === null) {
    loss = add(add(linear, m), logSumExp);
  } else {
    const logWeight = add(mul(sub(posWeight, 1), target), 1);
    loss = add(linear, mul(logWeight, add(logSumExp, m)));
  }
  if (weight !== null) loss = mul(loss, weight);
  return applyReduction(loss, reduction);
}

/**
 * `bceLoss` as a module (torch.nn.BCELoss). A `weight` is kept as the buffer `weight` (PyTorch's key).
 *
 * ```ts
 * const criterion = new BCELoss();
 * criterion.forward(sigmoid(logits), labels);
 * ```
 */
export class BCELoss extends Module {
  readonly reduction: Reduction;

  constructor(options: BCELossOptions = {}) {
    super();
    this.reduction = resolveReduction('BCELoss', options.reduction);
    this.registerBuffer('weight', options.weight ?? null);
  }

  forward(input: Tensor, target: Tensor): Tensor {
    return bceLoss(input, target, { weight: this.getBuffer('weight'), reduction: this.reduction });
  }

  override extraRepr(): string {
    return `reduction='${this.reduction}'`;
  }
}

/**
 * `bceWithLogitsLoss` as a module (torch.nn.BCEWithLogitsLoss); `weight` and `posWeight` are kept as the
 * buffers `weight` and `pos_weight` (PyTorch's keys).
 *
 * ```ts
 * const criterion = new BCEWithLogitsLoss({ posWeight: tensor([4, 1.5]) });
 * criterion.forward(logits, labels); // logits, labels: [N, 2]
 * ```
 */
export class BCEWithLogitsLoss extends Module {
  readonly reduction: Reduction;

  constructor(options: BCEWithLogitsLossOptions = {}) {
    super();
    this.reduction = resolveReduction('BCEWithLogitsLoss', options.reduction);
    this.registerBuffer('weight', options.weight ?? null);
    this.registerBuffer('pos_weight', options.posWeight ?? null);
  }

  forward(input: Tensor, target: Tensor): Tensor {
    return bceWithLogitsLoss(input, target, {
      weight: this.getBuffer('weight'), posWeight: this.getBuffer('pos_weight'), reduction: this.reduction,
    });
  }

  override extraRepr(): string {
    return `reduction='${this.reduction}'`;
  }
}
