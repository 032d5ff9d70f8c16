import { ValueError } from '../../core/errors.js';
import { formatShape, normalizeDim, normalizeDims, type Shape } from '../../core/shape.js';
import { record } from '../graph.js';
import type { Tensor } from '../tensor.js';
import { div, mul } from './binary.js';
import { eq, where } from './compare.js';
import { expand, reshape } from './shape.js';
import { requireFloat, requireNumeric, wrap } from './util.js';

/** The shape of a reduction's result: reduced dims dropped, or kept as size 1 with `keepdim`. */
export function reducedShape(shape: Shape, dims: readonly number[], keepdim: boolean): number[] {
  const out: number[] = [];
  shape.forEach((d, i) => {
    if (!dims.includes(i)) out.push(d);
    else if (keepdim) out.push(1);
  });
  return out;
}

/** Reshapes a reduced gradient back to the keepdim shape and broadcasts it over the input's shape. */
export function expandReduced(g: Tensor, shape: Shape, dims: readonly number[]): Tensor {
  return expand(reshape(g, reducedShape(shape, dims, true)), shape);
}

/**
 * Sum over `dim` (one, several, or all when omitted), dropping them unless `keepdim` (torch.sum).
 * Sums are accumulated in double precision with compensation.
 */
export function sum(x: Tensor, dim?: number | readonly number[], keepdim = false): Tensor {
  requireNumeric('sum', x);
  const dims = normalizeDims(dim, x.ndim, 'sum');
  const outShape = reducedShape(x.shape, dims, keepdim);
  const out = wrap(x.backend.reduce('sum', x._storage, x.shape, dims), outShape, x.backend);
  return record(out, 'sum', [x], (g) => [expandReduced(g, x.shape, dims)]);
}

/** Mean over `dim` (or all dims) — floating dtypes only (torch.mean). */
export function mean(x: Tensor, dim?: number | readonly number[], keepdim = false): Tensor {
  requireFloat('mean', x);
  const dims = normalizeDims(dim, x.ndim, 'mean');
  let count = 1;
  for (const d of dims) count *= x.shape[d]!;
  return div(sum(x, dims, keepdim), count);
}

/**
 * Product over one dim, or all elements (torch.prod). The gradient is the product of the other elements,
 * exact also when the input contains zeros.
 */
export function prod(x: Tensor, dim?: number, keepdim = false): Tensor {
  requireNumeric('prod', x);
  if (dim === undefined) {
    const flat = reshape(x, [x.numel()]);
    const p = prod(flat, 0, false);
    return keepdim ? reshape(p, x.shape.map(() => 1)) : p;
  }
  const d = normalizeDim(dim, x.ndim, 'prod');
  const dims = x.ndim === 0 ? [] : [d];
  const outShape = reducedShape(x.shape, dims, keepdim);
  const out = wrap(x.backend.reduce('prod', x._storage, x.shape, dims), outShape, x.backend);
  return record(out, 'prod', [x], (g) => {
    if (x.ndim === 0) return [g];
    const isZero = eq(x, 0);
    const nonZero = where(isZero, 1, x);
    const gFull = expandReduced(g, x.shape, dims);
    const outFull = expandReduced(out, x.shape, dims);
    // Elements that are zero receive the product of the others, non-zero only if they are the only zero.
    const prodNonZero = expandReduced(prod(nonZero, d, false), x.shape, dims);
    const zeroCount = expandReduced(sum(isZero.to(x.dtype), d, false), x.shape, dims);
    const atZero = mul(gFull, where(eq(zeroCount, 1), prodNonZero, 0));
    return [where(isZero, atZero, div(mul(gFull, outFull), nonZero))];
  });
}

/** Throws when a reduction without identity (max, min, argmax) meets an empty dimension. */
export function requireNonEmpty(op: string, x: Tensor, dims: readonly number[]): void {
  for (const d of dims) {
    if (x.shape[d] === 0) throw new ValueError(`${op}: cannot reduce over an empty dimension ${d} of shape ${formatShape(x.shape)}`);
  }
  if (x.numel() === 0) throw new ValueError(`${op}: cannot reduce an empty tensor of shape ${formatShape(x.shape)}`);
}
