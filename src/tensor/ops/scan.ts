import { normalizeDim } from '../../core/shape.js';
import { record } from '../graph.js';
import type { Tensor } from '../tensor.js';
import { flip } from './slicing.js';
import { requireNumeric, wrap } from './util.js';

/** Inclusive cumulative sum along `dim` (torch.cumsum); gradient = reversed cumsum of the gradient. */
export function cumsum(x: Tensor, dim: number): Tensor {
  requireNumeric('cumsum', x);
  if (x.ndim === 0) return x;
  const d = normalizeDim(dim, x.ndim, 'cumsum');
  const out = wrap(x.backend.cumsum(x._storage, x.shape, d), x.shape, x.backend);
  return record(out, 'cumsum', [x], (g) => [flip(cumsum(flip(g, d), d), d)]);
}
