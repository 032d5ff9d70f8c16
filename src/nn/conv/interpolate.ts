import { DTypeError, ShapeError, ValueError } from '../../core/errors.js';
import { isFloating, type DType } from '../../core/dtype.js';
import { formatShape } from '../../core/shape.js';
import { add, mul } from '../../tensor/ops/binary.js';
import { indexSelect } from '../../tensor/ops/indexing.js';
import type { Tensor } from '../../tensor/tensor.js';
import { adaptiveAvgPoolNd } from './adaptiveAvgPool.js';
import { constantLike } from './params.js';

/** Interpolation algorithms of `interpolate` (PyTorch's `mode`). */
export type InterpolateMode = 'nearest' | 'linear' | 'bilinear' | 'trilinear' | 'area';

/** Options of `interpolate` (torch.nn.functional.interpolate); exactly one of `size` and `scaleFactor`. */
export interface InterpolateOptions {
  /** Output spatial size (a number for every spatial dim, or one per dim). */
  size?: number | readonly number[];
  /** Multiplier of the spatial size: output = ⌊input · scaleFactor⌋. */
  scaleFactor?: number | readonly number[];
  /** Default 'nearest'. 'linear' needs a 3-D, 'bilinear' a 4-D, 'trilinear' a 5-D input. */
  mode?: InterpolateMode;
  /**
   * Linear modes only: true maps the corner pixels' centres onto each other (source = i·(in − 1)/(out − 1));
   * false (default) maps pixel areas (source = (i + ½)·in/out − ½, clamped at 0).
   */
  alignCorners?: boolean | null;
  /** Derive the interpolation scale from the output size instead of `scaleFactor` (default false). */
  recomputeScaleFactor?: boolean | null;
}

const LINEAR_RANK: Partial<Record<InterpolateMode, number>> = { linear: 3, bilinear: 4, trilinear: 5 };

/** Rounds as the input's precision does: PyTorch computes scales and weights in the input dtype. */
function rounder(dtype: DType): (v: number) => number {
  return dtype === 'float32' ? Math.fround : (v) => v;
}

/**
 * PyTorch's legacy 'nearest' source indices: src = min(⌊fl(scale · i)⌋, in − 1), scale = 1/scaleFactor when a
 * scale factor is used, in/out otherwise, both rounded to the input's precision.
 */
export function nearestIndices(inSize: number, outSize: number, scaleFactor: number | null, dtype: DType): Int32Array {
  const r = rounder(dtype);
  const scale = scaleFactor !== null && scaleFactor > 0 ? r(1 / scaleFactor) : r(inSize / outSize);
  const idx = new Int32Array(outSize);
  for (let i = 0; i < outSize; i++) idx[i] = Math.min(Math.floor(r(scale * i)), inSize - 1);
  return idx;
}

/** Source positions and weights of linear interpolation along one dim. */
export interface LinearTaps {
  index0: Int32Array;
  index1: Int32Array;
  lambda0: Float64Array;
  lambda1: Float64Array;
}

/**
 * PyTorch's linear taps: with alignCorners, src = scale·i, scale = (in − 1)/(out − 1) (0 when out = 1);
 * otherwise src = max(scale·(i + ½) − ½, 0), scale = 1/scaleFactor or in/out. The scale is rounded to the input's
 * precision, src is computed in double, i₀ = ⌊src⌋, i₁ = min(i₀ + 1, in − 1), λ₁ = clamp(src − i₀, 0, 1) and
 * λ₀ = 1 − λ₁ rounded to the input's precision. Equal sizes copy.
 */
export function linearTaps(inSize: number, outSize: number, alignCorners: boolean, scaleFactor: number | null, dtype: DType): LinearTaps {
  const r = rounder(dtype);
  const taps: LinearTaps = {
    index0: new Int32Array(outSize), index1: new Int32Array(outSize), lambda0: new Float64Array(outSize), lambda1: new Float64Array(outSize),
  };
  let scale: number;
  if (alignCorners) scale = outSize > 1 ? r((inSize - 1) / (outSize - 1)) : 0;
  else scale = scaleFactor !== null && scaleFactor > 0 ? r(1 / scaleFactor) : r(inSize / outSize);
  for (let i = 0; i < outSize; i++) {
    if (inSize === outSize) {
      taps.index0[i] = i;
      taps.index1[i] = i;
      taps.lambda0[i] = 1;
      continue;
    }
    let src = alignCorners ? scale * i : scale * (i + 0.5) - 0.5;
    if (src < 0) src = 0;
    const i0 = Math.floor(src);
    taps.index0[i] = i0;
    taps.index1[i] = i0 < inSize - 1 ? i0 + 1 : i0;
    const l1 = r(Math.min(Math.max(src - i0, 0), 1));
    taps.lambda1[i] = l1;
    taps.lambda0[i] = r(1 - l1);
  }
  return taps;
}

function perDim(value: number | readonly number[], d: number, name: string, inputShape: readonly number[]): number[] {
  const list = typeof value === 'number' ? new Array<number>(d).fill(value) : [...value];
  if (list.length !== d) {
    throw new ShapeError(`interpolate: input of shape ${formatShape(inputShape)} has ${d} spatial dims but ${name} has ${list.length} entries [${list.join(', ')}]`);
  }
  return list;
}

/**
 * Resamples the spatial dims of x [N, C, ...S] (1 to 3 spatial dims) to a new size
 * (torch.nn.functional.interpolate): 'nearest' (PyTorch's legacy index rule, `nearestIndices`), 'linear' /
 * 'bilinear' / 'trilinear' (separable linear interpolation with PyTorch's source-index formula, `linearTaps`)
 * or 'area' (adaptive average pooling). Implemented with index selections and weights, so the gradient
 * scatters back through them.
 *
 * ```ts
 * interpolate(randn([1, 3, 8, 8]), { scaleFactor: 2, mode: 'bilinear', alignCorners: false }).shape; // [1, 3, 16, 16]
 * ```
 */
export function interpolate(x: Tensor, options: InterpolateOptions): Tensor {
  const mode = options.mode ?? 'nearest';
  if (!['nearest', 'linear', 'bilinear', 'trilinear', 'area'].includes(mode)) {
    throw new ValueError(`interpolate: unknown mode ${JSON.stringify(mode)}; expected nearest, linear, bilinear, trilinear or area`);
  }
  if (!isFloating(x.dtype)) throw new DTypeError(`interpolate: expected a float32 or float64 input, got ${x.dtype}`);
  if (x.ndim < 3 || x.ndim > 5) {
    throw new ShapeError(`interpolate: expected a 3-D, 4-D or 5-D input [N, C, ...spatial], got shape ${formatShape(x.shape)}`);
  }
  const linearRank = LINEAR_RANK[mode];
  if (linearRank !== undefined && x.ndim !== linearRank) {
    throw new ShapeError(`interpolate: got a ${x.ndim}-D input of shape ${formatShape(x.shape)}, but ${mode} mode needs a ${linearRank}-D input`);
  }
  const alignCorners = options.alignCorners ?? null;
  if (alignCorners !== null && linearRank === undefined) {
    throw new ValueError('interpolate: alignCorners can only be set with the interpolating modes linear, bilinear and trilinear');
  }
  const d = x.ndim - 2;
  const sizes = x.shape.slice(2);
  if ((options.size === undefined) === (options.scaleFactor === undefined)) {
    throw new ValueError('interpolate: give exactly one of size and scaleFactor');
  }
  let outSizes: number[];
  let scales: (number | null)[];
  if (options.size !== undefined) {
    if (options.recomputeScaleFactor) throw new ValueError('interpolate: recomputeScaleFactor is not meaningful with an explicit size');
    outSizes = perDim(options.size, d, 'size', x.shape);
    scales = new Array<number | null>(d).fill(null);
  } else {
    const factors = perDim(options.scaleFactor!, d, 'scaleFactor', x.shape);
    if (factors.some((f) => !(f > 0) || !Number.isFinite(f))) throw new ValueError(`interpolate: scaleFactor must be positive, got [${factors.join(', ')}]`);
    outSizes = sizes.map((s, i) => Math.floor(s * factors[i]!));
    scales = options.recomputeScaleFactor || mode === 'area' ? new Array<number | null>(d).fill(null) : factors;
  }
  if (outSizes.some((s) => !Number.isInteger(s) || s < 1)) {
    throw new ShapeError(`interpolate: output size ${formatShape(outSizes)} for input ${formatShape(x.shape)} must be positive integers`);
  }
  if (mode === 'area') return adaptiveAvgPoolNd('interpolate', d, x, outSizes);
  let y = x;
  // Innermost dim first, as PyTorch nests the interpolation (outer dims combine inner results).
  for (let a = d - 1; a >= 0; a--) {
    const dim = 2 + a;
    const inSize = sizes[a]!;
    const outSize = outSizes[a]!;
    const intTensor = (values: Int32Array): Tensor => constantLike(values, [values.length], x, 'int32');
    if (mode === 'nearest') {
      if (inSize === outSize && scales[a] === null) continue;
      y = indexSelect(y, dim, intTensor(nearestIndices(inSize, outSize, scales[a] ?? null, x.dtype)));
      continue;
    }
    if (inSize === outSize) continue; // PyTorch copies when the sizes agree, whatever the scale
    const taps = linearTaps(inSize, outSize, alignCorners ?? false, scales[a] ?? null, x.dtype);
    const weightShape = [outSize, ...new Array<number>(d - 1 - a).fill(1)];
    const weight = (values: Float64Array): Tensor => constantLike(values, weightShape, x);
    const y0 = mul(indexSelect(y, dim, intTensor(taps.index0)), weight(taps.lambda0));
    const y1 = mul(indexSelect(y, dim, intTensor(taps.index1)), weight(taps.lambda1));
    y = add(y0, y1);
  }
  return y;
}

/** The deprecated alias of `interpolate` (torch.nn.functional.upsample). */
export function upsample(x: Tensor, options: InterpolateOptions): Tensor {
  return interpolate(x, options);
}
