import { DTypeError, ShapeError, ValueError } from '../../core/errors.js';
import { isFloating } from '../../core/dtype.js';
import { formatShape, shapesEqual } from '../../core/shape.js';
import { add, div, mul } from '../../tensor/ops/binary.js';
import { where } from '../../tensor/ops/compare.js';
import { sum } from '../../tensor/ops/reduce.js';
import { reshape } from '../../tensor/ops/shape.js';
import { logSoftmax } from '../../tensor/ops/softmax.js';
import { neg } from '../../tensor/ops/unary.js';
import type { Tensor } from '../../tensor/tensor.js';
import { Module } from '../module.js';
import { requireFloatInput } from './checks.js';
import { classDimOf, classIndexTerms, indexTargetShape, requireClassWeight, type NLLLossOptions } from './nll.js';
import { resolveReduction, type Reduction } from './reduction.js';

/** Options of `crossEntropy` / `CrossEntropyLoss`. */
export interface CrossEntropyOptions extends NLLLossOptions {
  /**
   * Label smoothing ε in [0, 1] (default 0): the target distribution becomes (1 − ε)·target + ε/C,
   * for class-index and class-probability targets alike.
   */
  labelSmoothing?: number;
}

/** `weight` [C] viewed as [1, C, 1, ...] so that it broadcasts along the class dim of `input`. */
function classWeightView(input: Tensor, weight: Tensor): Tensor {
  if (input.ndim <= 1) return weight;
  const shape = input.shape.map(() => 1);
  shape[1] = weight.shape[0]!;
  return reshape(weight, shape);
}

/**
 * Cross-entropy between logits and targets (torch.nn.functional.cross_entropy): logSoftmax over the class
 * dim followed by the negative log-likelihood. `input` holds unnormalised scores [N, C], [N, C, d1, ...]
 * (classes per position, e.g. [N, C, H, W] segmentation) or [C]. Two kinds of target:
 *
 * - **class indices**: int32 of shape [N] / [N, d1, ...] / [] with values in [0, C) or `ignoreIndex`
 *   (default −100). ℓᵢ = −w[tᵢ]·log pᵢ[tᵢ]; 'mean' divides by Σ w[tᵢ] over non-ignored targets (PyTorch's
 *   weighted mean; NaN if all are ignored). With label smoothing ε:
 *   loss = (1 − ε)·nll + (ε/C)·smooth, smoothᵢ = −Σ_c w_c·log pᵢ[c] (0 for ignored targets), reduced like the
 *   nll ('mean': Σ smoothᵢ / Σ w[tᵢ]).
 * - **class probabilities**: a float tensor of the input's shape and dtype (rows need not be one-hot).
 *   ℓᵢ = −Σ_c w_c·qᵢ[c]·log pᵢ[c] with q = (1 − ε)·target + ε/C; 'mean' divides by the number of
 *   samples/positions (N·d1·…), not by the weights — as PyTorch. `ignoreIndex` must then stay negative.
 *
 * `weight` is a float [C] tensor. A target with the input's shape is read as probabilities (and must be float);
 * any other shape as class indices (and must be int32).
 *
 * ```ts
 * crossEntropy(logits, tensor([2, 0, 1], { dtype: 'int32' }), { labelSmoothing: 0.1 }); // logits [3, C]
 * ```
 */
export function crossEntropy(input: Tensor, target: Tensor, options: CrossEntropyOptions = {}): Tensor {
  const reduction = resolveReduction('crossEntropy', options.reduction);
  const smoothing = options.labelSmoothing ?? 0;
  if (typeof smoothing !== 'number' || !(smoothing >= 0 && smoothing <= 1)) {
    throw new ValueError(`crossEntropy: labelSmoothing must be between 0 and 1, got ${String(smoothing)}`);
  }
  const ignoreIndex = options.ignoreIndex ?? -100;
  const weight = options.weight ?? null;
  requireFloatInput('crossEntropy', input);
  if (input.ndim === 0) throw new ShapeError('crossEntropy: input must be [C], [N, C] or [N, C, d1, ...], got a scalar');
  const classDim = classDimOf(input);
  const classes = input.shape[classDim]!;
  if (shapesEqual(target.shape, input.shape)) {
    if (!isFloating(target.dtype)) {
      throw new DTypeError(
        `crossEntropy: a target with the input's shape ${formatShape(input.shape)} holds class probabilities and must be ${input.dtype}, ` +
          `got ${target.dtype}; class-index targets (int32) have shape ${formatShape(indexTargetShape(input))}`,
      );
    }
    if (target.dtype !== input.dtype) {
      throw new DTypeError(`crossEntropy: target dtype ${target.dtype} differs from input dtype ${input.dtype}; convert with target.to('${input.dtype}')`);
    }
    if (ignoreIndex >= 0) {
      throw new ValueError(`crossEntropy: ignoreIndex (${ignoreIndex}) is not supported with class-probability targets`);
    }
    if (weight !== null) requireClassWeight('crossEntropy', input, weight, classes);
    return probabilityTargetLoss(input, target, weight, smoothing, reduction);
  }
  if (isFloating(target.dtype)) {
    throw new ShapeError(
      `crossEntropy: float target of shape ${formatShape(target.shape)} does not match input ${formatShape(input.shape)}; ` +
        `class probabilities need the input's shape, class indices (int32) need shape ${formatShape(indexTargetShape(input))}`,
    );
  }
  const logProb = logSoftmax(input, classDim);
  const terms = classIndexTerms('crossEntropy', logProb, target, weight, ignoreIndex);
  const nll = reduceIndexed(terms.perElement, terms.weightSum, reduction);
  if (smoothing === 0) return nll;
  const weighted = weight === null ? logProb : mul(logProb, classWeightView(input, weight));
  const smooth = where(terms.kept, neg(sum(weighted, classDim)), 0);
  const smoothReduced = reduceIndexed(smooth, terms.weightSum, reduction);
  return add(mul(nll, 1 - smoothing), mul(smoothReduced, smoothing / classes));
}

function reduceIndexed(perElement: Tensor, weightSum: Tensor, reduction: Reduction): Tensor {
  if (reduction === 'none') return perElement;
  const total = sum(perElement);
  return reduction === 'sum' ? total : div(total, weightSum);
}

function probabilityTargetLoss(input: Tensor, target: Tensor, weight: Tensor | null, smoothing: number, reduction: Reduction): Tensor {
  const classDim = classDimOf(input);
  const classes = input.shape[classDim]!;
  const logProb = logSoftmax(input, classDim);
  const q = smoothing > 0 ? add(mul(target, 1 - smoothing), smoothing / classes) : target;
  let product = mul(logProb, q);
  if (weight !== null) product = mul(product, classWeightView(input, weight));
  if (reduction === 'none') return neg(sum(product, classDim));
  const total = neg(sum(product));
  return reduction === 'sum' ? total : div(total, input.numel() / classes);
}

/**
 * `crossEntropy` as a module (torch.nn.CrossEntropyLoss); a class `weight` is kept as the buffer `weight`.
 *
 * ```ts
 * const criterion = new CrossEntropyLoss({ labelSmoothing: 0.1 });
 * const loss = criterion.forward(model.forward(x), labels); // labels: int32 [N]
 * ```
 */
export class CrossEntropyLoss extends Module {
  readonly reduction: Reduction;
  readonly ignoreIndex: number;
  readonly labelSmoothing: number;

  constructor(options: CrossEntropyOptions = {}) {
    super();
    this.reduction = resolveReduction('CrossEntropyLoss', options.reduction);
    this.ignoreIndex = options.ignoreIndex ?? -100;
    this.labelSmoothing = options.labelSmoothing ?? 0;
    if (!Number.isInteger(this.ignoreIndex)) throw new ValueError(`CrossEntropyLoss: ignoreIndex must be an integer, got ${this.ignoreIndex}`);
    if (!(this.labelSmoothing >= 0 && this.labelSmoothing <= 1)) {
      throw new ValueError(`CrossEntropyLoss: labelSmoothing must be between 0 and 1, got ${this.labelSmoothing}`);
    }
    this.registerBuffer('weight', options.weight ?? null);
  }

  forward(input: Tensor, target: Tensor): Tensor {
    return crossEntropy(input, target, {
      weight: this.getBuffer('weight'), ignoreIndex: this.ignoreIndex, labelSmoothing: this.labelSmoothing, reduction: this.reduction,
    });
  }

  override extraRepr(): string {
    return `reduction='${this.reduction}', ignoreIndex=${this.ignoreIndex}, labelSmoothing=${this.labelSmoothing}`;
  }
}
