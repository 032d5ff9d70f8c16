import { DTypeError, ShapeError, ValueError } from '../../core/errors.js';
import { formatShape, stridesOf } from '../../core/shape.js';
import { div, mul } from '../../tensor/ops/binary.js';
import { ne, where } from '../../tensor/ops/compare.js';
import { gather, indexSelect } from '../../tensor/ops/indexing.js';
import { sum } from '../../tensor/ops/reduce.js';
import { flatten, reshape, squeeze, unsqueeze } from '../../tensor/ops/shape.js';
import { neg } from '../../tensor/ops/unary.js';
import type { Tensor } from '../../tensor/tensor.js';
import { Module } from '../module.js';
import { requireFloatInput, requireInputDType } from './checks.js';
import { resolveReduction, type Reduction, type ReductionOptions } from './reduction.js';

/** Options of `nllLoss` / `NLLLoss` (and the class-index part of `crossEntropy`). */
export interface NLLLossOptions extends ReductionOptions {
  /** Weight of each class, a 1-D tensor [C] of the input's dtype (default: all 1). */
  weight?: Tensor | null;
  /** Targets equal to this value contribute nothing, neither to the loss nor to the 'mean' denominator (default −100). */
  ignoreIndex?: number;
}

/** Internal: the class dimension (0 for an unbatched [C] input, else 1). */
export function classDimOf(input: Tensor): number {
  return input.ndim === 1 ? 0 : 1;
}

/** Internal: checks a per-class weight: 1-D [C] with the input's dtype. */
export function requireClassWeight(loss: string, input: Tensor, weight: Tensor, classes: number): void {
  requireInputDType(loss, input, weight, 'weight');
  if (weight.ndim !== 1 || weight.shape[0] !== classes) {
    throw new ShapeError(
      `${loss}: weight must be a 1-D tensor with one entry per class [${classes}] (input ${formatShape(input.shape)}), got ${formatShape(weight.shape)}`,
    );
  }
}

/** Internal: the target shape that goes with an input [N, C, d1, ...] (or [C]): [N, d1, ...] (or []). */
export function indexTargetShape(input: Tensor): number[] {
  return input.ndim === 1 ? [] : [input.shape[0]!, ...input.shape.slice(2)];
}

function positionOf(flat: number, shape: readonly number[]): string {
  const strides = stridesOf(shape);
  return `[${shape.map((s, d) => Math.floor(flat / strides[d]!) % s).join(', ')}]`;
}

/** Internal: per-element weighted negative log-likelihoods of class-index targets, and the 'mean' denominator. */
export interface ClassIndexTerms {
  /** −w[tᵢ]·input[i, tᵢ], 0 where tᵢ = ignoreIndex; shape of the target. */
  perElement: Tensor;
  /** True where the target is not ignored (bool, target's shape). */
  kept: Tensor;
  /** The target with ignored entries replaced by class 0 (safe to gather with). */
  safeTarget: Tensor;
  /** Σ over kept targets of w[tᵢ] (their count without weight): PyTorch's 'mean' denominator. */
  weightSum: Tensor;
}

/**
 * Internal: validates class-index targets against `input` ([N, C, d...] or [C]) and gathers the weighted
 * negative log-likelihood terms. `loss` names the caller in errors.
 */
export function classIndexTerms(loss: string, input: Tensor, target: Tensor, weight: Tensor | null, ignoreIndex: number): ClassIndexTerms {
  requireFloatInput(loss, input);
  if (input.ndim === 0) throw new ShapeError(`${loss}: input must be [C], [N, C] or [N, C, d1, ...], got a scalar`);
  if (target.dtype !== 'int32') {
    throw new DTypeError(
      `${loss}: class-index target must be int32, got ${target.dtype} ${formatShape(target.shape)} (input ${formatShape(input.shape)}); ` +
        `convert labels with target.to('int32')`,
    );
  }
  if (!Number.isInteger(ignoreIndex)) throw new ValueError(`${loss}: ignoreIndex must be an integer, got ${ignoreIndex}`);
  const classDim = classDimOf(input);
  const classes = input.shape[classDim]!;
  const expected = indexTargetShape(input);
  if (target.ndim !== expected.length || target.shape.some((s, i) => s !== expected[i])) {
    throw new ShapeError(
      `${loss}: target shape ${formatShape(target.shape)} does not match input ${formatShape(input.shape)}; ` +
        `class-index targets must have shape ${formatShape(expected)} (the input without its class dim ${classDim})`,
    );
  }
  if (weight !== null) requireClassWeight(loss, input, weight, classes);
  const labels = target.data();
  for (let i = 0; i < labels.length; i++) {
    const t = labels[i]!;
    if (t !== ignoreIndex && (t < 0 || t >= classes)) {
      throw new ValueError(
        `${loss}: target class index ${t} at ${positionOf(i, target.shape)} is out of range for ${classes} classes ` +
          `(valid: 0 to ${classes - 1}, or ignoreIndex ${ignoreIndex})`,
      );
    }
  }
  const kept = ne(target, ignoreIndex);
  const safeTarget = where(kept, target, 0);
  const picked = squeeze(gather(input, classDim, unsqueeze(safeTarget, classDim)), classDim);
  const keptF = kept.to(input.dtype);
  let perElement: Tensor;
  let weightSum: Tensor;
  if (weight === null) {
    perElement = where(kept, neg(picked), 0);
    weightSum = sum(keptF);
  } else {
    const w = reshape(indexSelect(weight, 0, flatten(safeTarget)), target.shape);
    perElement = where(kept, neg(mul(picked, w)), 0);
    weightSum = sum(mul(w, keptF));
  }
  return { perElement, kept, safeTarget, weightSum };
}

/**
 * Negative log-likelihood of class-index targets (torch.nn.functional.nll_loss), for log-probabilities
 * `input` [N, C], [N, C, d1, ...] (per-position classes, e.g. segmentation maps) or [C] (one sample), and
 * int32 `target` [N], [N, d1, ...] or [] with values in [0, C) or equal to `ignoreIndex`:
 * ℓᵢ = −w[tᵢ]·input[i, tᵢ] (0 where tᵢ = ignoreIndex). 'mean' divides Σℓᵢ by Σ w[tᵢ] over the non-ignored
 * targets — PyTorch's weighted mean, NaN when every target is ignored; 'sum' is Σℓᵢ; 'none' keeps the
 * target's shape. An index outside [0, C) is an error naming it, its position and C.
 *
 * ```ts
 * nllLoss(logSoftmax(logits, 1), tensor([2, 0], { dtype: 'int32' }));
 * ```
 */
export function nllLoss(input: Tensor, target: Tensor, options: NLLLossOptions = {}): Tensor {
  const reduction = resolveReduction('nllLoss', options.reduction);
  const terms = classIndexTerms('nllLoss', input, target, options.weight ?? null, options.ignoreIndex ?? -100);
  if (reduction === 'none') return terms.perElement;
  const total = sum(terms.perElement);
  return reduction === 'sum' ? total : div(total, terms.weightSum);
}

/**
 * `nllLoss` as a module (torch.nn.NLLLoss); a class `weight` is kept as the buffer `weight`.
 *
 * ```ts
 * const criterion = new NLLLoss({ ignoreIndex: 0 });
 * criterion.forward(logSoftmax(logits, 1), labels);
 * ```
 */
export class NLLLoss extends Module {
  readonly reduction: Reduction;
  readonly ignoreIndex: number;

  constructor(options: NLLLossOptions = {}) {
    super();
    this.reduction = resolveReduction('NLLLoss', options.reduction);
    this.ignoreIndex = options.ignoreIndex ?? -100;
    if (!Number.isInteger(this.ignoreIndex)) throw new ValueError(`NLLLoss: ignoreIndex must be an integer, got ${this.ignoreIndex}`);
    this.registerBuffer('weight', options.weight ?? null);
  }

  forward(input: Tensor, target: Tensor): Tensor {
    return nllLoss(input, target, { weight: this.getBuffer('weight'), ignoreIndex: this.ignoreIndex, reduction: this.reduction });
  }

  override extraRepr(): string {
    return `reduction='${this.reduction}', ignoreIndex=${this.ignoreIndex}`;
  }
}
