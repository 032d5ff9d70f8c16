import { normalizeDim, normalizeDims } from '../../core/shape.js';
import { record } from '../graph.js';
import type { Tensor } from '../tensor.js';
import { div, mul } from './binary.js';
import { eq } from './compare.js';
import { scatterAddToZeros } from './indexing.js';
import { expandReduced, reducedShape, requireNonEmpty, sum } from './reduce.js';
import { reshape, unsqueeze } from './shape.js';
import { requireNumeric, wrap } from './util.js';

/** Result of `max(x, dim)` / `min(x, dim)`: the extreme values and their (first) indices (int32). */
export interface ValuesIndices {
  values: Tensor;
  indices: Tensor;
}

/**
 * Max (or min) over `dims` (all when omitted). NaN propagates. The gradient is shared evenly among tied
 * extremes, as PyTorch's amax/amin and full max/min do.
 */
function extremeOver(op: 'max' | 'min', x: Tensor, dim: number | readonly number[] | undefined, keepdim: boolean, name: string): Tensor {
  requireNumeric(name, x);
  const dims = normalizeDims(dim, x.ndim, name);
  requireNonEmpty(name, x, dims);
  const out = wrap(x.backend.reduce(op, x._storage, x.shape, dims), reducedShape(x.shape, dims, keepdim), x.backend);
  return record(out, name, [x], (g) => {
    const mask = eq(x, expandReduced(out, x.shape, dims)).to(x.dtype);
    const count = expandReduced(sum(mask, dims), x.shape, dims);
    return [div(mul(expandReduced(g, x.shape, dims), mask), count)];
  });
}

function extremeAlong(op: 'max' | 'min', x: Tensor, dim: number, keepdim: boolean): ValuesIndices {
  requireNumeric(op, x);
  const d = normalizeDim(dim, x.ndim, op);
  requireNonEmpty(op, x, x.ndim === 0 ? [] : [d]);
  if (x.ndim === 0) return { values: x, indices: wrap(x.backend.full('int32', 1, 0), [], x.backend) };
  const r = x.backend.argReduce(op, x._storage, x.shape, d);
  const shape = reducedShape(x.shape, [d], keepdim);
  const indices = wrap(r.indices, shape, x.backend);
  const values = record(wrap(r.values, shape, x.backend), op, [x], (g) => {
    const idx = keepdim ? indices : unsqueeze(indices, d);
    const gk = keepdim ? g : unsqueeze(g, d);
    return [scatterAddToZeros(x, d, idx, gk)];
  });
  return { values, indices };
}

/** Largest element (a 0-d tensor), or `{ values, indices }` along `dim` (torch.max). */
export function max(x: Tensor): Tensor;
export function max(x: Tensor, dim: number, keepdim?: boolean): ValuesIndices;
export function max(x: Tensor, dim?: number, keepdim = false): Tensor | ValuesIndices {
  return dim === undefined ? extremeOver('max', x, undefined, false, 'max') : extremeAlong('max', x, dim, keepdim);
}

/** Smallest element (a 0-d tensor), or `{ values, indices }` along `dim` (torch.min). */
export function min(x: Tensor): Tensor;
export function min(x: Tensor, dim: number, keepdim?: boolean): ValuesIndices;
export function min(x: Tensor, dim?: number, keepdim = false): Tensor | ValuesIndices {
  return dim === undefined ? extremeOver('min', x, undefined, false, 'min') : extremeAlong('min', x, dim, keepdim);
}

/** Max over several dims (torch.amax); ties share the gradient. */
export function amax(x: Tensor, dim?: number | readonly number[], keepdim = false): Tensor {
  return extremeOver('max', x, dim, keepdim, 'amax');
}

/** Min over several dims (torch.amin); ties share the gradient. */
export function amin(x: Tensor, dim?: number | readonly number[], keepdim = false): Tensor {
  return extremeOver('min', x, dim, keepdim, 'amin');
}

function argExtreme(op: 'max' | 'min', x: Tensor, dim: number | undefined, keepdim: boolean): Tensor {
  if (dim === undefined) {
    const flat = reshape(x, [x.numel()]);
    const i = extremeAlong(op, flat, 0, false).indices;
    return keepdim ? reshape(i, x.shape.map(() => 1)) : i;
  }
  return extremeAlong(op, x, dim, keepdim).indices;
}

/** Index of the largest element (of the flattened tensor when `dim` is omitted), int32 (torch.argmax). */
export function argmax(x: Tensor, dim?: number, keepdim = false): Tensor {
  return argExtreme('max', x, dim, keepdim);
}

/** Index of the smallest element, int32 (torch.argmin). */
export function argmin(x: Tensor, dim?: number, keepdim = false): Tensor {
  return argExtreme('min', x, dim, keepdim);
}
