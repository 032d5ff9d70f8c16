import { ValueError } from '../core/errors.js';
import { mul } from '../tensor/ops/binary.js';
import { neg } from '../tensor/ops/unary.js';
import type { Tensor } from '../tensor/tensor.js';
import { checkFinite, checkNonNegative } from './options.js';
import { Optimizer, stateTensor, type ParamGroup, type ParamState, type ParamsInput } from './optimizer.js';
import { addScaled } from './pointwise.js';

/** Options of `SGD` (torch.optim.SGD); all but `lr` default to PyTorch's. */
export interface SGDOptions {
  /** Learning rate (required). */
  lr: number;
  /** Momentum factor μ (default 0: plain gradient descent). */
  momentum?: number;
  /** Dampening τ of the momentum (default 0). */
  dampening?: number;
  /** L2 penalty λ added to the gradient: g + λ·θ (default 0). */
  weightDecay?: number;
  /** Nesterov momentum (default false; needs momentum > 0 and dampening 0). */
  nesterov?: boolean;
  /** Maximise the objective instead of minimising it (default false). */
  maximize?: boolean;
}

/** SGD's options with every default filled in (the shape of its parameter groups). */
export type SGDConfig = Required<SGDOptions>;

/**
 * Stochastic gradient descent with optional momentum, dampening, Nesterov momentum and weight decay —
 * PyTorch 1.13's `torch.optim.SGD` exactly:
 *
 *     g ← ±∇θ + λθ
 *     b ← g (first step),  b ← μ·b + (1 − τ)·g (later steps)       [momentum ≠ 0]
 *     g ← g + μ·b (nesterov)  or  g ← b
 *     θ ← θ − lr·g
 *
 * State per parameter: `momentum_buffer` (when momentum ≠ 0).
 *
 * ```ts
 * const opt = new SGD(model.parameters(), { lr: 0.1, momentum: 0.9, nesterov: true });
 * opt.zeroGrad(); loss.backward(); opt.step();
 * ```
 */
export class SGD extends Optimizer<SGDConfig> {
  constructor(params: ParamsInput<SGDConfig>, options: SGDOptions) {
    if (typeof options !== 'object' || options === null || options.lr === undefined) {
      throw new ValueError('SGD: the learning rate is required: new SGD(params, { lr })');
    }
    super('SGD', params, { lr: options.lr, momentum: 0, dampening: 0, weightDecay: 0, nesterov: false, maximize: false }, options);
  }

  protected validateGroup(group: ParamGroup<SGDConfig>, where: string): void {
    checkNonNegative('SGD', where, 'momentum', group.momentum);
    checkFinite('SGD', where, 'dampening', group.dampening);
    checkNonNegative('SGD', where, 'weightDecay', group.weightDecay);
    if (group.nesterov && (group.momentum <= 0 || group.dampening !== 0)) {
      throw new ValueError(`SGD: ${where}: Nesterov momentum requires momentum > 0 and dampening 0, got momentum ${group.momentum}, dampening ${group.dampening}`);
    }
  }

  protected update(param: Tensor, grad: Tensor, state: ParamState, group: ParamGroup<SGDConfig>): Tensor {
    let d = group.maximize ? neg(grad) : grad;
    if (group.weightDecay !== 0) d = addScaled(d, param, group.weightDecay);
    if (group.momentum !== 0) {
      // The buffer starts as the first gradient (PyTorch clones it; tensors here are never written in place).
      const buf = state.momentum_buffer === undefined
        ? d
        : addScaled(mul(stateTensor(state, 'momentum_buffer'), group.momentum), d, 1 - group.dampening);
      state.momentum_buffer = buf;
      d = group.nesterov ? addScaled(d, buf, group.momentum) : buf;
    }
    return addScaled(param, d, -group.lr);
  }
}

