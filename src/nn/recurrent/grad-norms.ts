import { AutogradError } from '../../core/errors.js';
import { grad } from '../../autograd/grad.js';
import type { Tensor } from '../../tensor/tensor.js';
import type { RNNBase } from './rnn-base.js';

/** ‖∂L/∂h_t‖ of one layer and direction of a recurrent module. */
export interface StateGradNorms {
  layer: number;
  direction: 'forward' | 'reverse';
  /** norms[t] = ‖∂L/∂h_t‖₂ over the batch and the hidden units, for every time step t = 0 … T − 1. */
  norms: number[];
}

/** Result of `gradNormsThroughTime`. */
export interface GradNormsThroughTime {
  /** The loss value returned by `run`. */
  loss: number;
  /** One entry per layer and direction, in PyTorch's order (l0, l0_reverse, l1, …). */
  layers: StateGradNorms[];
}

/**
 * Gradient diagnostics through time: runs `run()` (a forward pass through `module` that returns a scalar
 * loss), then back-propagates and records, for every layer, direction and time step, the norm of the total
 * gradient reaching the hidden state h_t — ∂L/∂h_t including every path through later steps. Norms that
 * shrink geometrically towards t = 0 are vanishing gradients (the tanh RNN on long sequences); norms that
 * grow are exploding ones (clip with `optim.clipGradNorm`). Parameter `.grad`s are not touched (the
 * gradients are taken with `grad()` and dropped). The module's last `forward` call inside `run` is the one
 * measured; backward passes recorded with createGraph report nothing.
 *
 * ```ts
 * const { layers } = gradNormsThroughTime(model.rnn, () => mseLoss(model.forward(x), y));
 * console.log(layers[0].norms[0] / layers[0].norms[99]); // ≪ 1: vanishing
 * ```
 */
export function gradNormsThroughTime(module: RNNBase, run: () => Tensor): GradNormsThroughTime {
  const found = new Map<string, StateGradNorms>();
  module._stateGradProbe = (layer, direction, t, g) => {
    const key = `${layer}/${direction}`;
    let entry = found.get(key);
    if (entry === undefined) {
      entry = { layer, direction: direction === 1 ? 'reverse' : 'forward', norms: [] };
      found.set(key, entry);
    }
    const v = g.data();
    let s = 0;
    for (let i = 0; i < v.length; i++) s += v[i]! * v[i]!;
    entry.norms[t] = Math.sqrt(s);
  };
  let loss: Tensor;
  try {
    loss = run();
  } finally {
    module._stateGradProbe = null;
  }
  if (loss.numel() !== 1 || !loss.requiresGrad) {
    throw new AutogradError('gradNormsThroughTime: run() must return a scalar loss that depends on the module\'s parameters');
  }
  grad(loss, module.parameters(), { allowUnused: true });
  const layers = [...found.values()].sort((a, b) => a.layer - b.layer || (a.direction === 'forward' ? -1 : 1));
  return { loss: loss.item(), layers };
}
