import { ValueError } from '../../core/errors.js';
import { sizeOf } from '../../core/shape.js';
import { div } from '../../tensor/ops/binary.js';
import { pad } from '../../tensor/ops/pad.js';
import { sum } from '../../tensor/ops/reduce.js';
import { reshape } from '../../tensor/ops/shape.js';
import { slidingWindows } from '../../tensor/ops/unfold.js';
import type { Tensor } from '../../tensor/tensor.js';
import { batchInput, constantLike, padArgument, poolGeometry, type PoolGeometry, type SpatialArg } from './params.js';

/** Options of average pooling (torch.nn.functional.avg_pool1d / avg_pool2d). */
export interface AvgPoolOptions {
  /** Step between windows (default: the kernel size). */
  stride?: SpatialArg | null;
  /** Implicit zero padding on both sides, at most half the kernel (default 0). */
  padding?: SpatialArg;
  /** Use ⌈⌉ instead of ⌊⌋ for the output size (default false). */
  ceilMode?: boolean;
  /** Count the zero padding in the divisor (default true). */
  countIncludePad?: boolean;
  /** Divide every window sum by this instead (avg_pool2d only in PyTorch; default none). */
  divisorOverride?: number | null;
}

/**
 * PyTorch's divisor for each output position: the product over dims of the window's extent clipped to
 * [−p, size + p) (countIncludePad) or to [0, size) (otherwise). A window that holds no input element gets 1
 * (its sum is 0, as PyTorch leaves such outputs at 0).
 */
function divisors(sizes: readonly number[], g: PoolGeometry, countIncludePad: boolean): Float64Array {
  const perDim = sizes.map((size, a) => {
    const counts = new Float64Array(g.out[a]!);
    for (let o = 0; o < counts.length; o++) {
      const start = o * g.stride[a]! - g.padding[a]!;
      const end = Math.min(start + g.kernel[a]!, size + g.padding[a]!);
      counts[o] = countIncludePad ? end - start : Math.min(end, size) - Math.max(start, 0);
    }
    return counts;
  });
  const out = new Float64Array(sizeOf(g.out)).fill(1);
  let inner = out.length;
  perDim.forEach((counts, a) => {
    inner /= g.out[a]!;
    for (let i = 0; i < out.length; i++) out[i]! *= counts[Math.floor(i / inner) % g.out[a]!]!;
  });
  for (let i = 0; i < out.length; i++) if (out[i]! <= 0) out[i] = 1;
  return out;
}

/**
 * Average pooling over the last `d` dims: zero padding (plus room for a ceil-mode last window), a window
 * view [N, C, ...O, ...k] summed over the window and divided by PyTorch's per-position divisor.
 */
export function avgPoolNd(op: string, d: number, x: Tensor, kernelSize: SpatialArg, options: AvgPoolOptions = {}): Tensor {
  const { input, unbatch } = batchInput(x, d, op);
  const g = poolGeometry(op, input.shape, d, { kernelSize, stride: options.stride, padding: options.padding, ceilMode: options.ceilMode });
  const override = options.divisorOverride ?? null;
  if (override !== null && (!Number.isInteger(override) || override === 0)) {
    throw new ValueError(`${op}: divisorOverride must be a non-zero integer, got ${override}`);
  }
  const needsPad = g.padding.some((p) => p > 0) || g.extra.some((e) => e > 0);
  const padded = needsPad ? pad(input, padArgument(g.padding, g.padding.map((p, i) => p + g.extra[i]!))) : input;
  const windows = slidingWindows(padded, g, 'kernelLast', op);
  const lead = windows.shape.slice(0, 2 + d);
  const sums = sum(reshape(windows, [...lead, sizeOf(g.kernel)]), -1);
  const divisor = override !== null
    ? new Float64Array(sizeOf(g.out)).fill(override)
    : divisors(input.shape.slice(2), g, options.countIncludePad ?? true);
  const divisorTensor = constantLike(divisor, g.out, x);
  return unbatch(div(sums, divisorTensor));
}

/**
 * 1-D average pooling (torch.nn.functional.avg_pool1d): x [N, C, L] (or [C, L]) → [N, C, Lout].
 *
 * ```ts
 * avgPool1d(randn([2, 4, 10]), 3, { stride: 2, padding: 1 }).shape; // [2, 4, 5]
 * ```
 */
export function avgPool1d(x: Tensor, kernelSize: SpatialArg, options: Omit<AvgPoolOptions, 'divisorOverride'> = {}): Tensor {
  return avgPoolNd('avgPool1d', 1, x, kernelSize, options);
}

/**
 * 2-D average pooling (torch.nn.functional.avg_pool2d): x [N, C, H, W] (or [C, H, W]) → [N, C, Hout, Wout].
 *
 * ```ts
 * avgPool2d(randn([1, 3, 8, 8]), 2).shape; // [1, 3, 4, 4]
 * ```
 */
export function avgPool2d(x: Tensor, kernelSize: SpatialArg, options: AvgPoolOptions = {}): Tensor {
  return avgPoolNd('avgPool2d', 2, x, kernelSize, options);
}
