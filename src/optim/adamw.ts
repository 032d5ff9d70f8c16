import type { Tensor } from '../tensor/tensor.js';
import { adamDefaults, adamUpdate, validateAdamGroup, type AdamConfig, type AdamOptions } from './adam.js';
import { Optimizer, type ParamGroup, type ParamState, type ParamsInput } from './optimizer.js';

/**
 * AdamW (torch.optim.AdamW, PyTorch 1.13's algorithm): Adam with decoupled weight decay, applied to
 * the parameter before the moment update; `weightDecay` defaults to 1e-2.
 *
 *     θ ← θ·(1 − lr·λ);   g ← ±∇θ;   m ← β₁m + (1 − β₁)g;   v ← β₂v + (1 − β₂)g²
 *     v̂ ← max(v̂, v) (amsgrad, else v̂ = v)
 *     θ ← θ − lr/(1 − β₁ᵗ) · m / (√v̂ / √(1 − β₂ᵗ) + eps)
 *
 * State per parameter: `step`, `exp_avg`, `exp_avg_sq` and (amsgrad) `max_exp_avg_sq`.
 *
 * ```ts
 * const opt = new AdamW(model.parameters(), { lr: 3e-4, weightDecay: 0.05 });
 * opt.zeroGrad(); loss.backward(); opt.step();
 * ```
 */
export class AdamW extends Optimizer<AdamConfig> {
  constructor(params: ParamsInput<AdamConfig>, options: AdamOptions = {}) {
    super('AdamW', params, adamDefaults(1e-2), options);
  }

  protected validateGroup(group: ParamGroup<AdamConfig>, where: string): void {
    validateAdamGroup('AdamW', group, where);
  }

  protected update(param: Tensor, grad: Tensor, state: ParamState, group: ParamGroup<AdamConfig>): Tensor {
    return adamUpdate(param, grad, state, group, true);
  }
}
