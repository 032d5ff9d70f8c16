import type { AdamStepSpec } from '../../backend/backend.js';
import type { Tensor } from '../tensor.js';
import { wrap } from './util.js';

/**
 * One fused Adam/AdamW update (see `AdamStepSpec`) of a parameter and its first and second moments, on
 * backends that have one for the parameter's dtype: returns the new [param, expAvg, expAvgSq] (not recorded
 * for autograd), or null when the backend has no fused step and the caller should use ops. Same numbers as
 * the op-by-op update in optim/adam.ts.
 */
export function fusedAdamStep(param: Tensor, grad: Tensor, expAvg: Tensor, expAvgSq: Tensor, spec: AdamStepSpec): [Tensor, Tensor, Tensor] | null {
  const backend = param.backend;
  if (backend.adamStep === undefined || grad.backend !== backend || grad.dtype !== param.dtype) return null;
  const r = backend.adamStep(param._storage, grad._storage, expAvg._storage, expAvgSq._storage, spec);
  if (r === null) return null;
  return [wrap(r.param, param.shape, backend), wrap(r.expAvg, param.shape, backend), wrap(r.expAvgSq, param.shape, backend)];
}
