import { mul } from '../tensor/ops/binary.js';
import { zerosLike } from '../tensor/ops/creation.js';
import { neg, sqrt } from '../tensor/ops/unary.js';
import type { Tensor } from '../tensor/tensor.js';
import { checkNonNegative } from './options.js';
import { Optimizer, stateNumber, stateTensor, type ParamGroup, type ParamState, type ParamsInput } from './optimizer.js';
import { addScaled, addcdiv, addcmul } from './pointwise.js';

/** Options of `RMSprop` (torch.optim.RMSprop), defaulting to PyTorch's. */
export interface RMSpropOptions {
  /** Learning rate (default 1e-2). */
  lr?: number;
  /** Smoothing constant α of the squared-gradient average (default 0.99). */
  alpha?: number;
  /** Added to the denominator for stability (default 1e-8). */
  eps?: number;
  /** L2 penalty λ added to the gradient (default 0). */
  weightDecay?: number;
  /** Momentum factor μ (default 0). */
  momentum?: number;
  /** Normalise by the centred second moment (an estimate of the gradient's variance) (default false). */
  centered?: boolean;
  /** Maximise the objective instead of minimising it (default false). */
  maximize?: boolean;
}

/** RMSprop's options with every default filled in (the shape of its parameter groups). */
export type RMSpropConfig = Required<RMSpropOptions>;

/**
 * RMSprop (torch.optim.RMSprop, PyTorch 1.13's algorithm):
 *
 *     g ← ±∇θ + λθ;   v ← αv + (1 − α)g²
 *     ḡ ← αḡ + (1 − α)g and a = √(v − ḡ²) + eps (centered), else a = √v + eps
 *     b ← μb + g/a and θ ← θ − lr·b (momentum > 0), else θ ← θ − lr·g/a
 *
 * State per parameter: `step`, `square_avg`, `momentum_buffer` (momentum > 0), `grad_avg` (centered).
 *
 * ```ts
 * const opt = new RMSprop(model.parameters(), { lr: 1e-3, momentum: 0.9, centered: true });
 * opt.zeroGrad(); loss.backward(); opt.step();
 * ```
 */
export class RMSprop extends Optimizer<RMSpropConfig> {
  constructor(params: ParamsInput<RMSpropConfig>, options: RMSpropOptions = {}) {
    super('RMSprop', params, { lr: 1e-2, alpha: 0.99, eps: 1e-8, weightDecay: 0, momentum: 0, centered: false, maximize: false }, options);
  }

  protected validateGroup(group: ParamGroup<RMSpropConfig>, where: string): void {
    checkNonNegative('RMSprop', where, 'alpha', group.alpha);
    checkNonNegative('RMSprop', where, 'eps', group.eps);
    checkNonNegative('RMSprop', where, 'weightDecay', group.weightDecay);
    checkNonNegative('RMSprop', where, 'momentum', group.momentum);
  }

  protected update(param: Tensor, grad: Tensor, state: ParamState, group: ParamGroup<RMSpropConfig>): Tensor {
    if (state.step === undefined) {
      state.step = 0;
      state.square_avg = zerosLike(param);
      if (group.momentum > 0) state.momentum_buffer = zerosLike(param);
      if (group.centered) state.grad_avg = zerosLike(param);
    }
    state.step = stateNumber(state, 'step') + 1;
    let g = group.maximize ? neg(grad) : grad;
    if (group.weightDecay !== 0) g = addScaled(g, param, group.weightDecay);
    const alpha = group.alpha;
    const squareAvg = addcmul(mul(stateTensor(state, 'square_avg'), alpha), g, g, 1 - alpha);
    state.square_avg = squareAvg;
    let avg: Tensor;
    if (group.centered) {
      const gradAvg = addScaled(mul(this.buffer(state, 'grad_avg', param), alpha), g, 1 - alpha);
      state.grad_avg = gradAvg;
      avg = sqrt(addcmul(squareAvg, gradAvg, gradAvg, -1));
    } else {
      avg = sqrt(squareAvg);
    }
    avg = avg.add(group.eps);
    if (group.momentum > 0) {
      const buf = addcdiv(mul(this.buffer(state, 'momentum_buffer', param), group.momentum), g, avg, 1);
      state.momentum_buffer = buf;
      return addScaled(param, buf, -group.lr);
    }
    return addcdiv(param, g, avg, -group.lr);
  }

  /** A state buffer, created as zeros when an option that needs it was switched on after the first step. */
  private buffer(state: ParamState, key: string, param: Tensor): Tensor {
    return state[key] === undefined ? zerosLike(param) : stateTensor(state, key);
  }
}
