import { DTypeError, ShapeError, ValueError } from '../../core/errors.js';
import { formatShape } from '../../core/shape.js';
import { add, mul, sub } from '../../tensor/ops/binary.js';
import { ones, zeros } from '../../tensor/ops/creation.js';
import { mean } from '../../tensor/ops/reduce.js';
import { rsqrt } from '../../tensor/ops/unary.js';
import type { Tensor } from '../../tensor/tensor.js';
import { ones_, zeros_ } from '../init/fill.js';
import { Module } from '../module.js';
import { Parameter } from '../parameter.js';
import { checkSize, floatDType, reprValue, type FactoryOptions } from './options.js';

/**
 * Layer normalisation over the trailing dims given by `normalizedShape` (torch.nn.functional.layer_norm):
 * y = (x − E[x]) / √(Var[x] + eps) · weight + bias, with the biased variance, statistics per leading index.
 * `weight` and `bias` (either may be null) have shape `normalizedShape`.
 *
 * ```ts
 * layerNorm(x, [64], gamma, beta); // x: [batch, seq, 64]
 * ```
 */
export function layerNorm(
  x: Tensor, normalizedShape: readonly number[], weight: Tensor | null = null, bias: Tensor | null = null, eps = 1e-5,
): Tensor {
  const k = normalizedShape.length;
  const trailing = x.shape.slice(x.ndim - k);
  if (k === 0 || x.ndim < k || trailing.some((d, i) => d !== normalizedShape[i])) {
    throw new ShapeError(`layerNorm: input ${formatShape(x.shape)} does not end in normalizedShape ${formatShape(normalizedShape)}`);
  }
  for (const [name, p] of [['weight', weight], ['bias', bias]] as const) {
    if (p === null) continue;
    if (p.shape.length !== k || p.shape.some((d, i) => d !== normalizedShape[i])) {
      throw new ShapeError(`layerNorm: ${name} ${formatShape(p.shape)} must have normalizedShape ${formatShape(normalizedShape)}`);
    }
    if (p.dtype !== x.dtype) throw new DTypeError(`layerNorm: ${name} dtype ${p.dtype} differs from input dtype ${x.dtype}`);
  }
  const dims = Array.from({ length: k }, (_, i) => x.ndim - k + i);
  const centred = sub(x, mean(x, dims, true));
  const variance = mean(mul(centred, centred), dims, true);
  let y = mul(centred, rsqrt(add(variance, eps)));
  if (weight !== null) y = mul(y, weight);
  if (bias !== null) y = add(y, bias);
  return y;
}

/** Options of `LayerNorm` (PyTorch's defaults). */
export interface LayerNormOptions extends Omit<FactoryOptions, 'generator'> {
  /** Added to the variance (default 1e-5). */
  eps?: number;
  /** Learn `weight` (ones) and `bias` (zeros) of shape normalizedShape (default true). */
  elementwiseAffine?: boolean;
  /** With elementwiseAffine, also learn `bias` (default true). */
  bias?: boolean;
}

/**
 * Layer normalisation (torch.nn.LayerNorm): normalises over the trailing `normalizedShape` dims, then
 * applies the elementwise affine `weight` (init 1) and `bias` (init 0) — state-dict keys `weight`, `bias`.
 *
 * ```ts
 * const norm = new LayerNorm(64);
 * norm.forward(x); // x: [..., 64]
 * ```
 */
export class LayerNorm extends Module {
  readonly normalizedShape: readonly number[];
  readonly eps: number;
  readonly elementwiseAffine: boolean;
  weight: Parameter | null;
  bias: Parameter | null;

  constructor(normalizedShape: number | readonly number[], options: LayerNormOptions = {}) {
    super();
    const shape = typeof normalizedShape === 'number' ? [normalizedShape] : [...normalizedShape];
    if (shape.length === 0) throw new ValueError('LayerNorm: normalizedShape must have at least one dimension');
    shape.forEach((d) => checkSize('LayerNorm', 'normalizedShape entries', d));
    this.normalizedShape = Object.freeze(shape);
    this.eps = options.eps ?? 1e-5;
    if (!(this.eps >= 0)) throw new ValueError(`LayerNorm: eps must be non-negative, got ${this.eps}`);
    this.elementwiseAffine = options.elementwiseAffine ?? true;
    const dtype = floatDType('LayerNorm', options.dtype);
    if (this.elementwiseAffine) {
      this.weight = new Parameter(ones(shape, { dtype }));
    } else {
      this.weight = null;
      this.registerParameter('weight', null);
    }
    if (this.elementwiseAffine && (options.bias ?? true)) {
      this.bias = new Parameter(zeros(shape, { dtype }));
    } else {
      this.bias = null;
      this.registerParameter('bias', null);
    }
  }

  /** Sets weight to ones and bias to zeros. */
  resetParameters(): void {
    if (this.weight !== null) ones_(this.weight);
    if (this.bias !== null) zeros_(this.bias);
  }

  forward(x: Tensor): Tensor {
    return layerNorm(x, this.normalizedShape, this.weight, this.bias, this.eps);
  }

  override extraRepr(): string {
    return `${reprValue(this.normalizedShape)}, eps=${this.eps}, elementwiseAffine=${this.elementwiseAffine}`;
  }
}
