import type { Tensor } from './tensor.js';

/**
 * The vector-Jacobian product of one recorded op: given the gradient of the output, the gradients of the
 * inputs (null where an input needs none). `needs[i]` says whether input i needs a gradient, so an op can
 * skip work. It is written with ops, so when run with grad mode on it records a graph of its own
 * (that is how higher-order gradients work).
 */
export type BackwardFn = (grad: Tensor, needs: readonly boolean[]) => readonly (Tensor | null | undefined)[];

/** A node of the define-by-run tape: the op that made a tensor, its inputs and its backward closure. */
export class GraphNode {
  /** Set once the backward closure has run without `retainGraph`; the saved tensors are then freed. */
  released = false;

  constructor(
    readonly op: string,
    readonly inputs: readonly Tensor[],
    public backwardFn: BackwardFn | null,
  ) {}
}

let gradEnabled = true;

/** Whether ops currently record the graph (false inside `noGrad`). */
export function isGradEnabled(): boolean {
  return gradEnabled;
}

/** Runs `fn` with grad mode set to `enabled`, restoring the previous mode afterwards (even on throw). */
export function withGradMode<T>(enabled: boolean, fn: () => T): T {
  const previous = gradEnabled;
  gradEnabled = enabled;
  try {
    return fn();
  } finally {
    gradEnabled = previous;
  }
}

/**
 * Runs `fn` without recording any graph (PyTorch's `torch.no_grad()`): tensors made inside have
 * `requiresGrad = false`. Use it for evaluation and for parameter updates.
 *
 * ```ts
 * const pred = noGrad(() => model.forward(x));
 * ```
 */
export function noGrad<T>(fn: () => T): T {
  return withGradMode(false, fn);
}

/** Runs `fn` with graph recording on, even inside `noGrad` (PyTorch's `torch.enable_grad()`). */
export function enableGrad<T>(fn: () => T): T {
  return withGradMode(true, fn);
}

/**
 * Records `output` as made by `op` from `inputs` when grad mode is on and any input requires a gradient.
 * Returns `output` for chaining.
 */
export function record(output: Tensor, op: string, inputs: readonly Tensor[], backward: BackwardFn): Tensor {
  if (!gradEnabled) return output;
  let any = false;
  for (const t of inputs) if (t.requiresGrad) any = true;
  if (!any) return output;
  output._setGradFn(new GraphNode(op, inputs, backward));
  return output;
}
