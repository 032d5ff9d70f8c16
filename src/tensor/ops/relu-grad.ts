import { isGradEnabled } from '../graph.js';
import type { Tensor } from '../tensor.js';
import { gt, where } from './compare.js';
import { wrap } from './util.js';

/**
 * The vector-Jacobian product of ReLU: g where y > 0, else 0 (y the ReLU's output, g of y's shape), as
 * PyTorch's threshold_backward. One fused backend kernel where the backend has `reluGrad` and no graph is
 * recorded through g; otherwise `where(gt(y, 0), g, 0)` (differentiable in g, for double backward). Both give
 * the same numbers.
 */
export function reluGrad(y: Tensor, g: Tensor): Tensor {
  const backend = y.backend;
  const fusable = backend.reluGrad !== undefined && g.backend === backend && g.dtype === y.dtype
    && g.shape.length === y.shape.length && g.shape.every((d, i) => d === y.shape[i]) && !(isGradEnabled() && g.requiresGrad);
  const out = fusable ? backend.reluGrad!(y._storage, g._storage) : null;
  return out === null ? where(gt(y, 0), g, 0) : wrap(out, y.shape, backend);
}
