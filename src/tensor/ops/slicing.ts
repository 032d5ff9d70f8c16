import { ShapeError, ValueError } from '../../core/errors.js';
import { formatShape, normalizeDim, normalizeDims, stridesOf, type Shape } from '../../core/shape.js';
import { record } from '../graph.js';
import type { Tensor } from '../tensor.js';
import { reshape, squeeze } from './shape.js';
import { wrap } from './util.js';

/**
 * Whether the view [offset + Σ iₐ·strides[a]] of `shape` visits all `size` elements in row-major order (the
 * strides are the contiguous ones wherever the dim has more than one element, e.g. non-overlapping pooling
 * windows that tile the input): then the view is a reshape and needs no copy.
 */
function isWholeLayout(shape: Shape, strides: readonly number[], offset: number, size: number): boolean {
  if (offset !== 0) return false;
  let expected = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    if (shape[d]! !== 1 && strides[d] !== expected) return false;
    expected *= shape[d]!;
  }
  return expected === size;
}

/**
 * Reads the strided view x[offset + Σ iₐ·strides[a]] as a new tensor of `outShape`. Its gradient scatters back
 * into a zero tensor of x's shape (`embedStrided`), and that one's gradient is this view again, so views are
 * differentiable to any order. A view that is x's own layout (isWholeLayout) is a reshape, with no copy.
 */
export function viewStrided(x: Tensor, outShape: Shape, strides: readonly number[], offset: number, op: string): Tensor {
  if (isWholeLayout(outShape, strides, offset, x.numel())) return reshape(x, outShape);
  const out = wrap(x.backend.strided(x._storage, outShape, strides, offset), outShape, x.backend);
  return record(out, op, [x], (g) => [embedStrided(g, x.shape, strides, offset, `${op}Backward`)]);
}

/**
 * Whether a strided view reaches every element at most once: sorted by |stride|, each dimension steps past
 * everything the smaller ones span (a sufficient condition; broadcast and overlapping windows fail it).
 */
export function reachesOnce(shape: Shape, strides: readonly number[]): boolean {
  const dims = shape.map((n, i) => [Math.abs(strides[i]!), n] as const).filter(([, n]) => n > 1).sort((a, b) => a[0] - b[0]);
  let extent = 1;
  for (const [stride, n] of dims) {
    if (stride < extent) return false;
    extent += stride * (n - 1);
  }
  return true;
}

/** Adds `src` into a zero tensor of `fullShape` at the strided positions (the adjoint of `viewStrided`). */
export function embedStrided(src: Tensor, fullShape: Shape, strides: readonly number[], offset: number, op: string): Tensor {
  let size = 1;
  for (const d of fullShape) size *= d;
  if (isWholeLayout(src.shape, strides, offset, size)) return reshape(src, fullShape);
  const storage = src.backend.full(src.dtype, size, 0);
  // where no position is reached twice the sum is a copy (and keeps the sign of −0, as PyTorch's scatter does)
  src.backend.stridedScatter(storage, src._storage, src.shape, strides, offset, !reachesOnce(src.shape, strides));
  const out = wrap(storage, fullShape, src.backend);
  return record(out, op, [src], (g) => [viewStrided(g, src.shape, strides, offset, `${op}Backward`)]);
}

/**
 * Elements start, start+step, ... before end along `dim`, with Python's slice rules: negative indices count
 * from the end, out-of-range bounds are clamped; `step` must be positive (as in PyTorch).
 */
export function slice(x: Tensor, dim: number, start?: number | null, end?: number | null, step = 1): Tensor {
  const d = normalizeDim(dim, x.ndim, 'slice');
  if (!Number.isInteger(step) || step <= 0) throw new ValueError(`slice: step must be a positive integer, got ${step}`);
  const size = x.shape[d]!;
  const clampIndex = (i: number): number => Math.min(Math.max(i < 0 ? i + size : i, 0), size);
  const s = clampIndex(start ?? 0);
  const e = Math.max(s, clampIndex(end ?? size));
  const length = Math.ceil((e - s) / step);
  if (s === 0 && length === size && step === 1) return x;
  const strides = stridesOf(x.shape);
  const outShape = [...x.shape];
  outShape[d] = length;
  const viewStridesList = strides.map((st, i) => (i === d ? st * step : st));
  return viewStrided(x, outShape, viewStridesList, s * strides[d]!, 'slice');
}

/** `length` elements from `start` along `dim` (torch.narrow); out-of-range is an error. */
export function narrow(x: Tensor, dim: number, start: number, length: number): Tensor {
  const d = normalizeDim(dim, x.ndim, 'narrow');
  const size = x.shape[d]!;
  const s = start < 0 ? start + size : start;
  if (!Number.isInteger(s) || !Number.isInteger(length) || s < 0 || length < 0 || s + length > size) {
    throw new ShapeError(`narrow: start ${start} and length ${length} do not fit dim ${dim} of size ${size} (shape ${formatShape(x.shape)})`);
  }
  return slice(x, d, s, s + length);
}

/** The sub-tensor at `index` along `dim`, that dim removed (x[..., index, ...]). */
export function select(x: Tensor, dim: number, index: number): Tensor {
  const d = normalizeDim(dim, x.ndim, 'select');
  const size = x.shape[d]!;
  const i = index < 0 ? index + size : index;
  if (!Number.isInteger(i) || i < 0 || i >= size) {
    throw new ShapeError(`select: index ${index} is out of range for dim ${dim} of size ${size} (shape ${formatShape(x.shape)})`);
  }
  return squeeze(narrow(x, d, i, 1), d);
}

/** Reverses the order of elements along `dims` (torch.flip). */
export function flip(x: Tensor, dims: number | readonly number[]): Tensor {
  const ds = normalizeDims(dims, x.ndim, 'flip');
  if (ds.length === 0 || x.numel() === 0) return x;
  const strides = stridesOf(x.shape);
  let offset = 0;
  const flipped = strides.map((st, i) => {
    if (!ds.includes(i)) return st;
    offset += (x.shape[i]! - 1) * st;
    return -st;
  });
  return viewStrided(x, x.shape, flipped, offset, 'flip');
}
