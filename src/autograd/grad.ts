import { AutogradError } from '../core/errors.js';
import { runBackward } from '../tensor/backward.js';
import type { Tensor } from '../tensor/tensor.js';

/** Options of `grad()` (torch.autograd.grad). */
export interface GradOptions {
  /** Gradients of the outputs (the "vector" of the vector-Jacobian product); required for non-scalar outputs. */
  gradOutputs?: readonly (Tensor | null)[] | Tensor;
  /** Keep the graph for another backward (default: `createGraph`). */
  retainGraph?: boolean;
  /** Record the computation so the returned gradients can be differentiated again. */
  createGraph?: boolean;
  /** Return null for inputs the outputs do not depend on, instead of throwing. */
  allowUnused?: boolean;
}

/**
 * Gradients of `outputs` with respect to `inputs`, returned instead of accumulated into `.grad`
 * (torch.autograd.grad). With `createGraph: true` the results can be differentiated again — the way to get
 * forces F = −∂E/∂positions that a loss can train through, or a WGAN-GP gradient penalty.
 *
 * ```ts
 * const [dEdx] = grad(energy, [positions], { createGraph: true });
 * const forces = dEdx.neg();
 * ```
 */
export function grad(outputs: Tensor | readonly Tensor[], inputs: Tensor | readonly Tensor[], options: GradOptions = {}): (Tensor | null)[] {
  const outs = Array.isArray(outputs) ? (outputs as readonly Tensor[]) : [outputs as Tensor];
  const ins = Array.isArray(inputs) ? (inputs as readonly Tensor[]) : [inputs as Tensor];
  const seedsRaw = options.gradOutputs;
  const seeds = seedsRaw === undefined ? outs.map(() => null) : Array.isArray(seedsRaw) ? (seedsRaw as readonly (Tensor | null)[]) : [seedsRaw as Tensor];
  if (seeds.length !== outs.length) {
    throw new AutogradError(`grad: got ${seeds.length} gradOutputs for ${outs.length} outputs`);
  }
  ins.forEach((t, i) => {
    if (!t.requiresGrad) throw new AutogradError(`grad: input ${i} does not require grad`);
  });
  const grads = runBackward(outs, seeds, { retainGraph: options.retainGraph, createGraph: options.createGraph }, ins);
  return ins.map((t, i) => {
    const g = grads.get(t);
    if (g === undefined) {
      if (options.allowUnused) return null;
      throw new AutogradError(`grad: input ${i} was not used to compute the outputs; pass { allowUnused: true } to get null for it`);
    }
    return options.createGraph ? g : g.detach();
  });
}
