import { mul, maximum } from '../tensor/ops/binary.js';
import { zerosLike } from '../tensor/ops/creation.js';
import { neg, sqrt } from '../tensor/ops/unary.js';
import { fusedAdamStep } from '../tensor/ops/adam-step.js';
import type { Tensor } from '../tensor/tensor.js';
import { checkNonNegative, checkUnitInterval } from './options.js';
import { Optimizer, stateNumber, stateTensor, type ParamGroup, type ParamState, type ParamsInput } from './optimizer.js';
import { addScaled, addcdiv, addcmul } from './pointwise.js';

/** Options of `Adam` and `AdamW`, defaulting to PyTorch's. */
export interface AdamOptions {
  /** Learning rate (default 1e-3). */
  lr?: number;
  /** Decay rates (β₁, β₂) of the first and second moment averages (default [0.9, 0.999]). */
  betas?: readonly [number, number];
  /** Added to the denominator for stability (default 1e-8). */
  eps?: number;
  /** Weight decay λ (default 0 for Adam — an L2 term added to the gradient; 1e-2 for AdamW — decoupled). */
  weightDecay?: number;
  /** Use the AMSGrad variant (the running maximum of the second moment) (default false). */
  amsgrad?: boolean;
  /** Maximise the objective instead of minimising it (default false). */
  maximize?: boolean;
}

/** Adam's options with every default filled in (the shape of its parameter groups). */
export type AdamConfig = Required<AdamOptions>;

/** Adam's and AdamW's built-in defaults (`weightDecay` differs between the two). */
export function adamDefaults(weightDecay: number): AdamConfig {
  return { lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay, amsgrad: false, maximize: false };
}

/** Range checks shared by Adam and AdamW. */
export function validateAdamGroup(owner: string, group: ParamGroup<AdamConfig>, where: string): void {
  checkNonNegative(owner, where, 'eps', group.eps);
  checkUnitInterval(owner, where, 'betas[0]', group.betas[0]);
  checkUnitInterval(owner, where, 'betas[1]', group.betas[1]);
  checkNonNegative(owner, where, 'weightDecay', group.weightDecay);
}

/**
 * One Adam step of a parameter (PyTorch 1.13's `_single_tensor_adam` / `_single_tensor_adamw`).
 * `decoupled` selects AdamW's θ ← θ·(1 − lr·λ) instead of Adam's g ← g + λθ.
 */
export function adamUpdate(param: Tensor, grad: Tensor, state: ParamState, group: ParamGroup<AdamConfig>, decoupled: boolean): Tensor {
  if (state.step === undefined) {
    state.step = 0;
    state.exp_avg = zerosLike(param);
    state.exp_avg_sq = zerosLike(param);
    if (group.amsgrad) state.max_exp_avg_sq = zerosLike(param);
  }
  const [beta1, beta2] = group.betas;
  const step = stateNumber(state, 'step') + 1;
  state.step = step;
  if (!group.amsgrad) {
    // one pass on backends with a fused step (the same numbers as the ops below)
    const fused = fusedAdamStep(param, grad, stateTensor(state, 'exp_avg'), stateTensor(state, 'exp_avg_sq'), {
      lr: group.lr, beta1, beta2, eps: group.eps, weightDecay: group.weightDecay, decoupled, maximize: group.maximize, step,
    });
    if (fused !== null) {
      [, state.exp_avg, state.exp_avg_sq] = fused;
      return fused[0];
    }
  }
  let g = group.maximize ? neg(grad) : grad;
  let p = param;
  if (decoupled) p = mul(param, 1 - group.lr * group.weightDecay);
  else if (group.weightDecay !== 0) g = addScaled(g, param, group.weightDecay);

  const expAvg = addScaled(mul(stateTensor(state, 'exp_avg'), beta1), g, 1 - beta1);
  const expAvgSq = addcmul(mul(stateTensor(state, 'exp_avg_sq'), beta2), g, g, 1 - beta2);
  state.exp_avg = expAvg;
  state.exp_avg_sq = expAvgSq;

  const biasCorrection1 = 1 - beta1 ** step;
  const biasCorrection2 = 1 - beta2 ** step;
  const stepSize = group.lr / biasCorrection1;
  const biasCorrection2Sqrt = Math.sqrt(biasCorrection2);
  let second = expAvgSq;
  if (group.amsgrad) {
    const previousMax = state.max_exp_avg_sq === undefined ? zerosLike(param) : stateTensor(state, 'max_exp_avg_sq');
    second = maximum(previousMax, expAvgSq);
    state.max_exp_avg_sq = second;
  }
  const denom = sqrt(second).div(biasCorrection2Sqrt).add(group.eps);
  return addcdiv(p, expAvg, denom, -stepSize);
}

/**
 * Adam (torch.optim.Adam, PyTorch 1.13's algorithm), with L2 weight decay added to the gradient:
 *
 *     g ← ±∇θ + λθ;   m ← β₁m + (1 − β₁)g;   v ← β₂v + (1 − β₂)g²
 *     v̂ ← max(v̂, v) (amsgrad, else v̂ = v)
 *     θ ← θ − lr/(1 − β₁ᵗ) · m / (√v̂ / √(1 − β₂ᵗ) + eps)
 *
 * State per parameter: `step`, `exp_avg`, `exp_avg_sq` and (amsgrad) `max_exp_avg_sq`.
 *
 * ```ts
 * const opt = new Adam(model.parameters(), { lr: 1e-3, amsgrad: true });
 * opt.zeroGrad(); loss.backward(); opt.step();
 * ```
 */
export class Adam extends Optimizer<AdamConfig> {
  constructor(params: ParamsInput<AdamConfig>, options: AdamOptions = {}) {
    super('Adam', params, adamDefaults(0), options);
  }

  protected validateGroup(group: ParamGroup<AdamConfig>, where: string): void {
    validateAdamGroup('Adam', group, where);
  }

  protected update(param: Tensor, grad: Tensor, state: ParamState, group: ParamGroup<AdamConfig>): Tensor {
    return adamUpdate(param, grad, state, group, false);
  }
}
