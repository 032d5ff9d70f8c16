import { DTypeError, ShapeError, ValueError } from '../../core/errors.js';
import { isFloating } from '../../core/dtype.js';
import { formatShape } from '../../core/shape.js';
import { squeeze, unsqueeze } from '../../tensor/ops/shape.js';
import { wrap } from '../../tensor/ops/util.js';
import type { Tensor } from '../../tensor/tensor.js';

/** A size given once for every spatial dim, or once per spatial dim (PyTorch's `int or tuple`). */
export type SpatialArg = number | readonly number[];

/**
 * Expands a `SpatialArg` to `d` integers ≥ `min`, with an error naming the op and the argument.
 * (PyTorch's `_single` / `_pair`.)
 */
export function spatial(value: SpatialArg, d: number, name: string, op: string, min: number): number[] {
  const list = typeof value === 'number' ? new Array<number>(d).fill(value) : [...value];
  if (list.length !== d) {
    throw new ValueError(`${op}: ${name} must be a number or a list of ${d} numbers, got [${list.join(', ')}]`);
  }
  if (list.some((v) => !Number.isInteger(v) || v < min)) {
    throw new ValueError(`${op}: ${name} must be ${min === 0 ? 'non-negative' : 'positive'} integers, got [${list.join(', ')}]`);
  }
  return list;
}

/** `(a, b)` as PyTorch prints tuples in a module's repr: `(3,)` or `(3, 3)`. */
export function tupleRepr(values: readonly number[]): string {
  return values.length === 1 ? `(${values[0]},)` : `(${values.join(', ')})`;
}

/**
 * Brings an unbatched input [C, ...S] to [1, C, ...S] (PyTorch accepts both for every conv/pool layer) and
 * checks the rank and dtype. Returns the batched input and a function that undoes the batching on a result.
 */
export function batchInput(x: Tensor, d: number, op: string): { input: Tensor; unbatch: (t: Tensor) => Tensor } {
  if (!isFloating(x.dtype)) throw new DTypeError(`${op}: expected a float32 or float64 input, got ${x.dtype}`);
  const names = d === 1 ? 'L' : d === 2 ? 'H, W' : 'D, H, W';
  if (x.ndim === d + 1) return { input: unsqueeze(x, 0), unbatch: (t) => squeeze(t, 0) };
  if (x.ndim === d + 2) return { input: x, unbatch: (t) => t };
  throw new ShapeError(`${op}: expected a ${d + 1}-D [C, ${names}] or ${d + 2}-D [N, C, ${names}] input, got shape ${formatShape(x.shape)}`);
}

/**
 * Output size of a pooling window along one dim (PyTorch's `pooling_output_shape`):
 * ⌊(size + 2p − d(k − 1) − 1 + (ceil ? s − 1 : 0)) / s⌋ + 1, and with ceilMode the last window must start
 * inside the input or its left padding ((out − 1)·s < size + p), else it is dropped.
 */
export function poolOutputSize(size: number, kernel: number, pad: number, stride: number, dilation: number, ceilMode: boolean): number {
  let out = Math.floor((size + 2 * pad - dilation * (kernel - 1) - 1 + (ceilMode ? stride - 1 : 0)) / stride) + 1;
  if (ceilMode && (out - 1) * stride >= size + pad) out--;
  return out;
}

/** Sizes of the window geometry of a pooling op, already validated. */
export interface PoolGeometry {
  kernel: number[];
  stride: number[];
  padding: number[];
  dilation: number[];
  /** Output spatial size. */
  out: number[];
  /** Padding after the input needed by the last (ceil-mode) window, beyond `padding`. */
  extra: number[];
}

/**
 * Resolves and checks a pooling op's geometry for an input of `inputShape` (its last `d` dims are spatial):
 * stride defaults to the kernel, padding is at most half the kernel, every output size is ≥ 1 (PyTorch's
 * `pool2d_shape_check`).
 */
export function poolGeometry(
  op: string,
  inputShape: readonly number[],
  d: number,
  args: { kernelSize: SpatialArg; stride?: SpatialArg | null; padding?: SpatialArg; dilation?: SpatialArg; ceilMode?: boolean },
): PoolGeometry {
  const kernel = spatial(args.kernelSize, d, 'kernelSize', op, 1);
  const stride = args.stride === undefined || args.stride === null ? kernel : spatial(args.stride, d, 'stride', op, 1);
  const padding = spatial(args.padding ?? 0, d, 'padding', op, 0);
  const dilation = spatial(args.dilation ?? 1, d, 'dilation', op, 1);
  const ceilMode = args.ceilMode ?? false;
  padding.forEach((p, i) => {
    if (p > Math.floor(kernel[i]! / 2)) {
      throw new ValueError(`${op}: padding should be at most half of the kernel size, got padding ${formatShape(padding)} for kernelSize ${formatShape(kernel)}`);
    }
  });
  const sizes = inputShape.slice(inputShape.length - d);
  const out = sizes.map((s, i) => poolOutputSize(s, kernel[i]!, padding[i]!, stride[i]!, dilation[i]!, ceilMode));
  if (out.some((o) => o < 1)) {
    throw new ShapeError(
      `${op}: input of shape ${formatShape(inputShape)} is too small for kernelSize ${formatShape(kernel)}, padding ${formatShape(padding)} ` +
        `and dilation ${formatShape(dilation)} (calculated output size ${formatShape(out)})`,
    );
  }
  const extra = sizes.map((s, i) => Math.max(0, (out[i]! - 1) * stride[i]! + dilation[i]! * (kernel[i]! - 1) + 1 - (s + 2 * padding[i]!)));
  return { kernel, stride, padding, dilation, out, extra };
}

/** `pad`'s argument (pairs from the last dim backwards) for per-dim (before, after) amounts. */
export function padArgument(before: readonly number[], after: readonly number[]): number[] {
  const out: number[] = [];
  for (let i = before.length - 1; i >= 0; i--) out.push(before[i]!, after[i]!);
  return out;
}

/** A constant tensor (no gradient) of `shape` with `like`'s dtype and backend. */
export function constantLike(values: ArrayLike<number>, shape: readonly number[], like: Tensor, dtype = like.dtype): Tensor {
  return wrap(like.backend.fromValues(dtype, values), shape, like.backend);
}
