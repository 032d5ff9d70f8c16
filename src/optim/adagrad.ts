import { fullLike } from '../tensor/ops/creation.js';
import { neg, sqrt } from '../tensor/ops/unary.js';
import type { Tensor } from '../tensor/tensor.js';
import { checkNonNegative } from './options.js';
import { Optimizer, stateNumber, stateTensor, type ParamGroup, type ParamGroupSpec, type ParamState, type ParamsInput } from './optimizer.js';
import { addScaled, addcdiv, addcmul } from './pointwise.js';

/** Options of `Adagrad` (torch.optim.Adagrad), defaulting to PyTorch's. */
export interface AdagradOptions {
  /** Learning rate (default 1e-2). */
  lr?: number;
  /** Learning-rate decay: step t uses lr / (1 + (t − 1)·lrDecay) (default 0). */
  lrDecay?: number;
  /** L2 penalty λ added to the gradient (default 0). */
  weightDecay?: number;
  /** Starting value of the sum of squared gradients (default 0). */
  initialAccumulatorValue?: number;
  /** Added to the denominator for stability (default 1e-10). */
  eps?: number;
  /** Maximise the objective instead of minimising it (default false). */
  maximize?: boolean;
}

/** Adagrad's options with every default filled in (the shape of its parameter groups). */
export type AdagradConfig = Required<AdagradOptions>;

/**
 * Adagrad (torch.optim.Adagrad, PyTorch 1.13's algorithm):
 *
 *     g ← ±∇θ + λθ;   clr = lr / (1 + (t − 1)·lrDecay)
 *     s ← s + g²;     θ ← θ − clr · g / (√s + eps)
 *
 * State per parameter, created when its group is added (as PyTorch does): `step` and `sum`, the latter
 * starting at the group's `initialAccumulatorValue`.
 *
 * ```ts
 * const opt = new Adagrad(model.parameters(), { lr: 0.1, lrDecay: 1e-3 });
 * opt.zeroGrad(); loss.backward(); opt.step();
 * ```
 */
export class Adagrad extends Optimizer<AdagradConfig> {
  constructor(params: ParamsInput<AdagradConfig>, options: AdagradOptions = {}) {
    super('Adagrad', params, { lr: 1e-2, lrDecay: 0, weightDecay: 0, initialAccumulatorValue: 0, eps: 1e-10, maximize: false }, options);
  }

  /** Adds a group and creates its parameters' state (`step` 0, `sum` = initialAccumulatorValue). */
  override addParamGroup(spec: ParamGroupSpec<AdagradConfig>): void {
    super.addParamGroup(spec);
    const group = this.paramGroups[this.paramGroups.length - 1]!;
    for (const p of group.params) this.state.set(p, { step: 0, sum: fullLike(p, group.initialAccumulatorValue) });
  }

  protected validateGroup(group: ParamGroup<AdagradConfig>, where: string): void {
    checkNonNegative('Adagrad', where, 'lrDecay', group.lrDecay);
    checkNonNegative('Adagrad', where, 'weightDecay', group.weightDecay);
    checkNonNegative('Adagrad', where, 'initialAccumulatorValue', group.initialAccumulatorValue);
    checkNonNegative('Adagrad', where, 'eps', group.eps);
  }

  protected update(param: Tensor, grad: Tensor, state: ParamState, group: ParamGroup<AdagradConfig>): Tensor {
    const step = stateNumber(state, 'step') + 1;
    state.step = step;
    let g = group.maximize ? neg(grad) : grad;
    if (group.weightDecay !== 0) g = addScaled(g, param, group.weightDecay);
    const clr = group.lr / (1 + (step - 1) * group.lrDecay);
    const previous = state.sum === undefined ? fullLike(param, group.initialAccumulatorValue) : stateTensor(state, 'sum');
    const sum = addcmul(previous, g, g, 1);
    state.sum = sum;
    const std = sqrt(sum).add(group.eps);
    return addcdiv(param, g, std, -clr);
  }
}
