import { ValueError } from '../../core/errors.js';
import { sizeOf } from '../../core/shape.js';
import { gemm } from '../../tensor/ops/matmul.js';
import { reshape } from '../../tensor/ops/shape.js';
import type { Tensor } from '../../tensor/tensor.js';
import { batchInput, constantLike } from './params.js';

/** Target size of adaptive pooling: one number for every spatial dim, or one per dim (null keeps the input's size). */
export type AdaptiveSize = number | readonly (number | null)[];

/**
 * PyTorch's adaptive window of output i over `size` input elements: [⌊i·size/out⌋, ⌈(i + 1)·size/out⌉).
 */
export function adaptiveWindow(i: number, size: number, out: number): [number, number] {
  return [Math.floor((i * size) / out), Math.ceil(((i + 1) * size) / out)];
}

/** The [out, size] averaging matrix: row i holds 1/(end − start) over its adaptive window. */
function averagingMatrix(size: number, out: number): Float64Array {
  const m = new Float64Array(out * size);
  for (let i = 0; i < out; i++) {
    const [start, end] = adaptiveWindow(i, size, out);
    for (let j = start; j < end; j++) m[i * size + j] = 1 / (end - start);
  }
  return m;
}

/** Resolves the output size against the input's spatial sizes. */
export function resolveAdaptiveSize(op: string, outputSize: AdaptiveSize, sizes: readonly number[]): number[] {
  const d = sizes.length;
  const list = typeof outputSize === 'number' ? new Array<number>(d).fill(outputSize) : [...outputSize];
  if (list.length !== d) throw new ValueError(`${op}: outputSize must be a number or ${d} entries, got [${list.join(', ')}]`);
  return list.map((o, i) => {
    const v = o ?? sizes[i]!;
    if (!Number.isInteger(v) || v < 1) throw new ValueError(`${op}: outputSize entries must be positive integers (or null), got [${list.join(', ')}]`);
    return v;
  });
}

/**
 * Adaptive average pooling over the last `d` dims. Each spatial dim is reduced separately by a GEMM with an
 * averaging matrix whose rows follow PyTorch's window rule (`adaptiveWindow`); the product of these
 * separable averages is the average over the rectangular window, and the gradient comes from the GEMMs.
 */
export function adaptiveAvgPoolNd(op: string, d: number, x: Tensor, outputSize: AdaptiveSize): Tensor {
  const { input, unbatch } = batchInput(x, d, op);
  const sizes = input.shape.slice(2);
  const out = resolveAdaptiveSize(op, outputSize, sizes);
  let y = input;
  for (let a = d - 1; a >= 0; a--) {
    const size = y.shape[2 + a]!;
    if (out[a] === size) continue;
    const matrix = constantLike(averagingMatrix(size, out[a]!), [out[a]!, size], x);
    const before = y.shape.slice(0, 2 + a);
    const after = y.shape.slice(3 + a);
    if (after.length === 0) {
      // last dim: [B, size] · matrixᵀ [size, out]
      y = reshape(gemm(reshape(y, [sizeOf(before), size]), matrix, false, true, op), [...before, out[a]!]);
    } else {
      // inner dim: matrix [out, size] · [B, size, rest] (matrix shared over the batch)
      y = reshape(gemm(matrix, reshape(y, [sizeOf(before), size, sizeOf(after)]), false, false, op), [...before, out[a]!, ...after]);
    }
  }
  return unbatch(y);
}

/**
 * 1-D adaptive average pooling (torch.nn.functional.adaptive_avg_pool1d): x [N, C, L] (or [C, L]) →
 * [N, C, outputSize], output i averaging x[⌊iL/out⌋ .. ⌈(i+1)L/out⌉).
 *
 * ```ts
 * adaptiveAvgPool1d(randn([4, 64, 250]), 1).shape; // [4, 64, 1]
 * ```
 */
export function adaptiveAvgPool1d(x: Tensor, outputSize: AdaptiveSize): Tensor {
  return adaptiveAvgPoolNd('adaptiveAvgPool1d', 1, x, outputSize);
}

/**
 * 2-D adaptive average pooling (torch.nn.functional.adaptive_avg_pool2d): x [N, C, H, W] (or [C, H, W]) →
 * [N, C, outH, outW].
 *
 * ```ts
 * adaptiveAvgPool2d(randn([1, 8, 13, 9]), [4, null]).shape; // [1, 8, 4, 9]
 * ```
 */
export function adaptiveAvgPool2d(x: Tensor, outputSize: AdaptiveSize): Tensor {
  return adaptiveAvgPoolNd('adaptiveAvgPool2d', 2, x, outputSize);
}
