import { ValueError } from '../../core/errors.js';
import { normalizeDims } from '../../core/shape.js';
import { noGrad, record } from '../graph.js';
import type { Tensor } from '../tensor.js';
import { add, div, mul, pow, sub } from './binary.js';
import { eq, where } from './compare.js';
import { amax } from './minmax.js';
import { expandReduced, mean, reducedShape, sum } from './reduce.js';
import { reshape } from './shape.js';
import { abs, exp, log, sign, sqrt } from './unary.js';
import { requireFloat, wrap } from './util.js';

/** Options of `var` and `std`. */
export interface VarianceOptions {
  /** Subtracted from the element count in the denominator: 1 = unbiased (default), 0 = population. */
  correction?: number;
  keepdim?: boolean;
}

/** Variance over `dim` (all when omitted): Σ(x − mean)² / (N − correction) (torch.var). */
export function variance(x: Tensor, dim?: number | readonly number[], options: VarianceOptions = {}): Tensor {
  requireFloat('var', x);
  const correction = options.correction ?? 1;
  const dims = normalizeDims(dim, x.ndim, 'var');
  let n = 1;
  for (const d of dims) n *= x.shape[d]!;
  const centred = sub(x, mean(x, dims, true));
  return div(sum(mul(centred, centred), dims, options.keepdim ?? false), Math.max(0, n - correction));
}

/** Standard deviation: √var (torch.std), same options. */
export function std(x: Tensor, dim?: number | readonly number[], options: VarianceOptions = {}): Tensor {
  return sqrt(variance(x, dim, options));
}

/**
 * log Σ exp(x) over `dim`, computed stably as m + log Σ exp(x − m) with m the (detached) maximum;
 * infinite maxima are handled as PyTorch does. Gradient: softmax(x)·g.
 */
export function logsumexp(x: Tensor, dim: number | readonly number[], keepdim = false): Tensor {
  requireFloat('logsumexp', x);
  const dims = normalizeDims(dim, x.ndim, 'logsumexp');
  if (x.numel() === 0) throw new ValueError('logsumexp: empty tensor');
  const m = noGrad(() => {
    const raw = amax(x, dims, true);
    return where(eq(abs(raw), Infinity), 0, raw);
  });
  const lse = add(log(sum(exp(sub(x, m)), dims, true)), m);
  return keepdim ? lse : reshape(lse, reducedShape(x.shape, dims, false));
}

/**
 * Vector p-norm over `dim` (all elements when omitted): (Σ|x|^p)^(1/p); p = Infinity gives max |x|,
 * p = 0 counts non-zeros, 'fro' is p = 2 (torch.norm / torch.linalg.vector_norm). The gradient is 0 where
 * the norm is 0, as PyTorch's.
 */
export function norm(x: Tensor, p: number | 'fro' = 2, dim?: number | readonly number[], keepdim = false): Tensor {
  requireFloat('norm', x);
  const order = p === 'fro' ? 2 : p;
  if (typeof order !== 'number' || Number.isNaN(order)) throw new ValueError(`norm: unsupported order ${String(p)}`);
  const dims = normalizeDims(dim, x.ndim, 'norm');
  const outShape = reducedShape(x.shape, dims, keepdim);
  if (order === Infinity || order === -Infinity) {
    const ax = abs(x);
    return order === Infinity ? amax(ax, dims, keepdim) : amaxNeg(ax, dims, keepdim);
  }
  const ax = x.backend.unary('abs', x._storage);
  if (order === 0) {
    const nz = x.backend.compare('ne', x._storage, x.shape, x.backend.full(x.dtype, 1, 0), [], x.shape);
    return wrap(x.backend.reduce('sum', x.backend.cast(nz, x.dtype), x.shape, dims), outShape, x.backend);
  }
  const powered = order === 1 ? ax : x.backend.unary('powScalar', ax, [order]);
  const s = x.backend.reduce('sum', powered, x.shape, dims);
  const out = wrap(order === 1 ? s : x.backend.unary('powScalar', s, [1 / order]), outShape, x.backend);
  return record(out, 'norm', [x], (g) => {
    const gFull = expandReduced(g, x.shape, dims);
    if (order === 1) return [mul(gFull, sign(x))];
    const nFull = expandReduced(out, x.shape, dims);
    const safeN = where(eq(nFull, 0), 1, nFull);
    const scale = order === 2 ? div(gFull, safeN) : div(mul(gFull, pow(abs(x), order - 2)), pow(safeN, order - 1));
    return [where(eq(nFull, 0), 0, mul(x, scale))];
  });
}

function amaxNeg(ax: Tensor, dims: number[], keepdim: boolean): Tensor {
  return mul(amax(mul(ax, -1), dims, keepdim), -1);
}
