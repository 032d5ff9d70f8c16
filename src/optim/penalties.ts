import { ValueError } from '../core/errors.js';
import { add } from '../tensor/ops/binary.js';
import { sum } from '../tensor/ops/reduce.js';
import { abs, square } from '../tensor/ops/unary.js';
import { Tensor } from '../tensor/tensor.js';

function penalty(params: Tensor | Iterable<Tensor>, op: string, term: (p: Tensor) => Tensor): Tensor {
  const list = params instanceof Tensor ? [params] : [...params];
  let total: Tensor | null = null;
  for (const [i, p] of list.entries()) {
    if (!(p instanceof Tensor)) throw new ValueError(`${op}: params[${i}] is not a tensor`);
    const t = sum(term(p));
    total = total === null ? t : add(total, t);
  }
  if (total === null) throw new ValueError(`${op}: expected at least one parameter`);
  return total;
}

/**
 * L1 penalty Σ_p Σ_i |p_i| over all `params`, as a differentiable 0-d tensor (gradient sign(p), 0 at 0)
 * to add to a loss: `loss.add(l1Penalty(model.parameters()).mul(1e-4))`. All parameters must share a
 * dtype. PyTorch has no built-in; this is `sum(p.abs().sum() for p in params)`.
 *
 * ```ts
 * const loss = mseLoss(pred, y).add(l1Penalty(model.parameters()).mul(1e-4));
 * ```
 */
export function l1Penalty(params: Tensor | Iterable<Tensor>): Tensor {
  return penalty(params, 'l1Penalty', abs);
}

/**
 * L2 penalty Σ_p Σ_i p_i² over all `params` (no ½ factor), as a differentiable 0-d tensor
 * (gradient 2p). All parameters must share a dtype. PyTorch equivalent:
 * `sum(p.pow(2).sum() for p in params)`; for plain SGD, adding λ/2 · l2Penalty equals weightDecay λ.
 *
 * ```ts
 * const loss = mseLoss(pred, y).add(l2Penalty(model.parameters()).mul(5e-4));
 * ```
 */
export function l2Penalty(params: Tensor | Iterable<Tensor>): Tensor {
  return penalty(params, 'l2Penalty', square);
}
