import { ValueError } from '../../core/errors.js';
import { mean, sum } from '../../tensor/ops/reduce.js';
import type { Tensor } from '../../tensor/tensor.js';

/**
 * How a loss combines its per-element values (PyTorch's `reduction`): `'none'` returns them unreduced,
 * `'mean'` (the default everywhere) their mean, `'sum'` their sum. The mean of zero elements is NaN, as in
 * PyTorch.
 */
export type Reduction = 'none' | 'mean' | 'sum';

/** The `reduction` option every loss takes. */
export interface ReductionOptions {
  /** 'none' | 'mean' | 'sum' (default 'mean'). */
  reduction?: Reduction;
}

/** Internal: the validated reduction (default 'mean'), or a ValueError naming the loss and the allowed values. */
export function resolveReduction<R extends string = Reduction>(
  loss: string, reduction: R | undefined, allowed: readonly R[] = ['none', 'mean', 'sum'] as unknown as readonly R[],
): R {
  const r = reduction ?? ('mean' as R);
  if (!allowed.includes(r)) {
    throw new ValueError(`${loss}: reduction must be one of ${allowed.map((a) => `'${a}'`).join(', ')}, got ${JSON.stringify(reduction)}`);
  }
  return r;
}

/** Internal: applies a 'none' | 'mean' | 'sum' reduction to per-element losses. */
export function applyReduction(loss: Tensor, reduction: Reduction): Tensor {
  if (reduction === 'none') return loss;
  return reduction === 'sum' ? sum(loss) : mean(loss);
}
