import { Tensor } from '../../tensor/tensor.js';

/** A recurrent state as the modules take and return it: a tensor, nested arrays of them ([h, c]), or null. */
export type RecurrentState = Tensor | null | readonly RecurrentState[];

/**
 * The same state cut from the autograd graph (every tensor `detach()`ed; values shared, nothing copied) —
 * PyTorch's `h.detach()` / `tuple(s.detach() for s in state)` between truncated-BPTT chunks.
 *
 * ```ts
 * let [out, state] = lstm.forward(chunk, state);
 * state = detachState(state); // the next chunk starts here without a path back into this one
 * ```
 */
export function detachState<S extends RecurrentState>(state: S): S {
  if (state === null) return state;
  if (state instanceof Tensor) return state.detach() as S;
  return (state as readonly RecurrentState[]).map((s) => detachState(s)) as unknown as S;
}
