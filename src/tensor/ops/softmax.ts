import { normalizeDim } from '../../core/shape.js';
import { record } from '../graph.js';
import type { Tensor } from '../tensor.js';
import { mul, sub } from './binary.js';
import { sum } from './reduce.js';
import { exp } from './unary.js';
import { requireFloat, wrap } from './util.js';

/**
 * softmax along `dim`: exp(xᵢ − max) / Σⱼ exp(xⱼ − max), numerically stable (torch.softmax).
 * Gradient: y ⊙ (g − Σ g ⊙ y).
 */
export function softmax(x: Tensor, dim: number): Tensor {
  requireFloat('softmax', x);
  const d = normalizeDim(dim, x.ndim, 'softmax');
  const y = wrap(x.backend.softmax(x._storage, x.shape, d, false), x.shape, x.backend);
  return record(y, 'softmax', [x], (g) => [mul(y, sub(g, sum(mul(g, y), d, true)))]);
}

/**
 * log-softmax along `dim`: xᵢ − max − log Σⱼ exp(xⱼ − max), stable for large inputs (torch.log_softmax).
 * Gradient: g − exp(y) ⊙ Σ g.
 */
export function logSoftmax(x: Tensor, dim: number): Tensor {
  requireFloat('logSoftmax', x);
  const d = normalizeDim(dim, x.ndim, 'logSoftmax');
  const y = wrap(x.backend.softmax(x._storage, x.shape, d, true), x.shape, x.backend);
  return record(y, 'logSoftmax', [x], (g) => [sub(g, mul(exp(y), sum(g, d, true)))]);
}
