import { ShapeError, ValueError } from '../core/errors.js';
import { normalizeDim, formatShape } from '../core/shape.js';
import { detachState, type RecurrentState } from '../nn/recurrent/state.js';
import { clipGradNorm } from '../optim/clipGrad.js';
import { narrow } from '../tensor/ops/slicing.js';
import type { Tensor } from '../tensor/tensor.js';

/** One chunk handed to the `step` function of `truncatedBptt`. */
export interface BpttChunk<S extends RecurrentState> {
  /** The chunk's slice of the input along the time dim (at most `chunkLength` steps). */
  input: Tensor;
  /** The same slice of the target, when one was given. */
  target: Tensor | null;
  /** The state carried from the previous chunk (detached), or the initial state. */
  state: S | null;
  /** Index of the chunk's first time step. */
  start: number;
}

/** Options of `truncatedBptt`. */
export interface TruncatedBpttOptions<S extends RecurrentState> {
  /** Time steps per chunk, k: the state is detached — the graph cut — every k steps. */
  chunkLength: number;
  /** The time dim of the input and target (default 1: batchFirst [B, T, …]; 0 for [T, B, …]). */
  timeDim?: number;
  /** Sliced along the time dim like the input (e.g. per-step targets). */
  target?: Tensor;
  /** The state before the first chunk (default null: the module's zeros). */
  initialState?: S | null;
  /** Runs the model on one chunk and returns its scalar loss and the state to carry on. */
  step: (chunk: BpttChunk<S>) => { loss: Tensor; state: S };
  /** When given: `zeroGrad()` before and `step()` after every chunk's backward (an `optim` optimiser). */
  optimizer?: { zeroGrad(): void; step(): unknown };
  /** Clip the gradients of `parameters` to this total norm before each optimiser step (`optim.clipGradNorm`). */
  maxGradNorm?: number;
  /** The parameters to clip (required with `maxGradNorm`). */
  parameters?: Iterable<Tensor>;
}

/** Result of `truncatedBptt`. */
export interface TruncatedBpttResult<S extends RecurrentState> {
  /** The loss of every chunk, in order. */
  losses: number[];
  /** The state after the last chunk (detached), to continue with the next sequence segment. */
  state: S | null;
}

/**
 * Truncated back-propagation through time: walks a long sequence in chunks of `chunkLength` steps, carrying
 * the recurrent state from chunk to chunk but detaching it at every boundary, so each backward pass spans
 * at most k steps (memory and time O(k), gradients truncated to k steps). For every chunk: zeroGrad,
 * `step(chunk)`, `loss.backward()`, optional gradient clipping, optimiser step, then `detachState`. Without an
 * optimiser the chunks' gradients accumulate in `.grad`. The equivalent PyTorch loop is
 * `for chunk in x.split(k, 1): out, h = rnn(chunk, h); loss.backward(); opt.step(); h = h.detach()`.
 *
 * ```ts
 * const { losses, state } = truncatedBptt(x, {
 *   chunkLength: 20, target: y, optimizer: opt, maxGradNorm: 1, parameters: model.parameters(),
 *   step: ({ input, target, state }) => {
 *     const [out, s] = lstm.forward(input, state);
 *     return { loss: mseLoss(head.forward(out), target!), state: s };
 *   },
 * });
 * ```
 */
export function truncatedBptt<S extends RecurrentState>(input: Tensor, options: TruncatedBpttOptions<S>): TruncatedBpttResult<S> {
  const k = options.chunkLength;
  if (!Number.isInteger(k) || k < 1) throw new ValueError(`truncatedBptt: chunkLength must be a positive integer, got ${k}`);
  const dim = normalizeDim(options.timeDim ?? 1, input.ndim, 'truncatedBptt');
  const steps = input.shape[dim]!;
  const target = options.target ?? null;
  if (target !== null && (target.ndim <= dim || target.shape[dim] !== steps)) {
    throw new ShapeError(`truncatedBptt: target ${formatShape(target.shape)} must have ${steps} steps in dim ${dim} like the input ${formatShape(input.shape)}`);
  }
  if (options.maxGradNorm !== undefined && options.parameters === undefined) {
    throw new ValueError('truncatedBptt: maxGradNorm needs the parameters to clip (options.parameters)');
  }
  const params = options.parameters === undefined ? [] : [...options.parameters];
  let state: S | null = options.initialState ?? null;
  const losses: number[] = [];
  for (let start = 0; start < steps; start += k) {
    const length = Math.min(k, steps - start);
    options.optimizer?.zeroGrad();
    const r = options.step({
      input: narrow(input, dim, start, length),
      target: target === null ? null : narrow(target, dim, start, length),
      state,
      start,
    });
    r.loss.backward();
    if (options.maxGradNorm !== undefined) clipGradNorm(params, options.maxGradNorm);
    options.optimizer?.step();
    losses.push(r.loss.item());
    state = detachState(r.state);
  }
  return { losses, state };
}
