import { sizeOf } from '../../core/shape.js';
import { max } from '../../tensor/ops/minmax.js';
import { pad } from '../../tensor/ops/pad.js';
import { reshape } from '../../tensor/ops/shape.js';
import { slidingWindows } from '../../tensor/ops/unfold.js';
import type { Tensor } from '../../tensor/tensor.js';
import { batchInput, constantLike, padArgument, poolGeometry, type PoolGeometry, type SpatialArg } from './params.js';

/** Options of max pooling (torch.nn.functional.max_pool1d / max_pool2d). */
export interface MaxPoolOptions {
  /** Step between windows (default: the kernel size). */
  stride?: SpatialArg | null;
  /** Implicit −∞ padding on both sides, at most half the kernel (default 0). */
  padding?: SpatialArg;
  /** Spacing between window elements (default 1). */
  dilation?: SpatialArg;
  /** Use ⌈⌉ instead of ⌊⌋ for the output size, so a last partial window is kept (default false). */
  ceilMode?: boolean;
}

/**
 * Max pooling over the last `d` dims: the input is padded with −∞ (plus room for a ceil-mode last window),
 * read as a window view [N, C, ...O, ...k] and reduced with `max` over the flattened window, so the gradient
 * goes to the first maximum of each window in row-major window order, as PyTorch's kernel does.
 * Returns the pooled values and, when `withIndices`, the flat index of each maximum within the input's
 * spatial plane (int32), else null.
 */
export function maxPoolNd(
  op: string, d: number, x: Tensor, kernelSize: SpatialArg, options: MaxPoolOptions, withIndices: boolean,
): { values: Tensor; indices: Tensor | null } {
  const { input, unbatch } = batchInput(x, d, op);
  const g = poolGeometry(op, input.shape, d, { kernelSize, ...options });
  const needsPad = g.padding.some((p) => p > 0) || g.extra.some((e) => e > 0);
  const padded = needsPad
    ? pad(input, padArgument(g.padding, g.padding.map((p, i) => p + g.extra[i]!)), 'constant', -Infinity)
    : input;
  const windows = slidingWindows(padded, g, 'kernelLast', op);
  const lead = windows.shape.slice(0, 2 + d);
  const { values, indices } = max(reshape(windows, [...lead, sizeOf(g.kernel)]), -1);
  return { values: unbatch(values), indices: withIndices ? unbatch(inputIndices(indices, input.shape.slice(2), g)) : null };
}

/** Converts window-local argmax positions to flat positions in the (unpadded) input plane, as PyTorch reports. */
function inputIndices(windowIndex: Tensor, sizes: readonly number[], g: PoolGeometry): Tensor {
  const local = windowIndex.data();
  const d = sizes.length;
  const out = new Int32Array(local.length);
  const outCount = sizeOf(g.out);
  const coord = new Array<number>(d).fill(0);
  for (let i = 0; i < local.length; i++) {
    // output position (row-major over g.out) and kernel offset (row-major over g.kernel)
    let o = i % outCount;
    let k = local[i]!;
    for (let a = d - 1; a >= 0; a--) {
      coord[a] = (o % g.out[a]!) * g.stride[a]! - g.padding[a]! + (k % g.kernel[a]!) * g.dilation[a]!;
      o = Math.floor(o / g.out[a]!);
      k = Math.floor(k / g.kernel[a]!);
    }
    let flat = 0;
    for (let a = 0; a < d; a++) flat = flat * sizes[a]! + coord[a]!;
    out[i] = flat;
  }
  return constantLike(out, windowIndex.shape, windowIndex, 'int32');
}

/**
 * 1-D max pooling (torch.nn.functional.max_pool1d): x [N, C, L] (or [C, L]) → [N, C, Lout],
 * Lout = ⌊(L + 2p − d(k − 1) − 1)/s⌋ + 1 (⌈⌉ with ceilMode). With `returnIndices: true` returns
 * `[values, indices]`, indices (int32) into the length-L input as PyTorch's.
 *
 * ```ts
 * maxPool1d(randn([4, 8, 100]), 2).shape; // [4, 8, 50]
 * ```
 */
export function maxPool1d(x: Tensor, kernelSize: SpatialArg, options: MaxPoolOptions & { returnIndices: true }): [Tensor, Tensor];
export function maxPool1d(x: Tensor, kernelSize: SpatialArg, options?: MaxPoolOptions & { returnIndices?: false }): Tensor;
export function maxPool1d(x: Tensor, kernelSize: SpatialArg, options: MaxPoolOptions & { returnIndices?: boolean } = {}): Tensor | [Tensor, Tensor] {
  const r = maxPoolNd('maxPool1d', 1, x, kernelSize, options, options.returnIndices === true);
  return r.indices !== null ? [r.values, r.indices] : r.values;
}

/**
 * 2-D max pooling (torch.nn.functional.max_pool2d): x [N, C, H, W] (or [C, H, W]) → [N, C, Hout, Wout].
 * With `returnIndices: true` returns `[values, indices]`, indices (int32) flat into each H×W plane (h·W + w).
 *
 * ```ts
 * maxPool2d(randn([1, 3, 8, 8]), 2).shape; // [1, 3, 4, 4]
 * ```
 */
export function maxPool2d(x: Tensor, kernelSize: SpatialArg, options: MaxPoolOptions & { returnIndices: true }): [Tensor, Tensor];
export function maxPool2d(x: Tensor, kernelSize: SpatialArg, options?: MaxPoolOptions & { returnIndices?: false }): Tensor;
export function maxPool2d(x: Tensor, kernelSize: SpatialArg, options: MaxPoolOptions & { returnIndices?: boolean } = {}): Tensor | [Tensor, Tensor] {
  const r = maxPoolNd('maxPool2d', 2, x, kernelSize, options, options.returnIndices === true);
  return r.indices !== null ? [r.values, r.indices] : r.values;
}
