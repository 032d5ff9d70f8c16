import { add } from '../../tensor/ops/binary.js';
import {
  gruLayerSequence, gruSequence, lstmLayerSequence, lstmSequence, rnnSequence, type LayerSequenceOptions, type RecurrenceResult,
} from '../../tensor/ops/recurrence.js';
import { transpose } from '../../tensor/ops/shape.js';
import type { Tensor } from '../../tensor/tensor.js';
import { linear } from '../basic/linear.js';

/** PyTorch's recurrent modes (`RNNBase.mode`). */
export type RecurrentMode = 'LSTM' | 'GRU' | 'RNN_TANH' | 'RNN_RELU';

/** Gates per mode: LSTM i, f, g, o; GRU r, z, n; Elman one. */
export const GATE_COUNT: Readonly<Record<RecurrentMode, number>> = { LSTM: 4, GRU: 3, RNN_TANH: 1, RNN_RELU: 1 };

/** Internal: the parameters of one layer and direction (PyTorch's weight_ih_l{k}, ... without suffix). */
export interface DirectionWeights {
  wIH: Tensor;
  wHH: Tensor;
  bIH: Tensor | null;
  bHH: Tensor | null;
  /** LSTM projection weight_hr [P, H], or null. */
  wHR: Tensor | null;
}

/**
 * Internal: one layer in one direction over an input x [T, B, F] (or [B, T, F] with `options.batchFirst`,
 * the output then [B, T, S] too). The input projection of every time step is one GEMM (`linear` on
 * [T·B, F]); the recurrence is one fused sequence op. `state0` is [h0] or [h0, c0], each [B, size]. b_hh
 * folds into the projection except for the GRU, whose b_hn sits inside the reset gate.
 */
export function runDirection(
  mode: RecurrentMode, x: Tensor, state0: readonly Tensor[], w: DirectionWeights, options: LayerSequenceOptions,
): RecurrenceResult {
  // a backend with a whole-sequence path takes the layer input (in either layout) and forms the projection itself
  const bias = mode === 'GRU' ? w.bIH : w.bIH !== null && w.bHH !== null ? add(w.bIH, w.bHH) : w.bIH ?? w.bHH;
  const fused = mode === 'GRU' ? gruLayerSequence(x, w.wIH, w.bIH, state0[0]!, w.wHH, w.bHH, options)
    : mode === 'LSTM' && w.wHR === null ? lstmLayerSequence(x, w.wIH, bias, state0[0]!, state0[1]!, w.wHH, options)
    : null;
  if (fused !== null) return fused;
  if (options.batchFirst === true) {
    const r = stepwise(mode, transpose(x, 0, 1), state0, w, bias, options);
    return { output: transpose(r.output, 0, 1), state: r.state };
  }
  return stepwise(mode, x, state0, w, bias, options);
}

/** The projection as one GEMM, then the step-by-step sequence op, over a time-major x. */
function stepwise(
  mode: RecurrentMode, x: Tensor, state0: readonly Tensor[], w: DirectionWeights, bias: Tensor | null, options: LayerSequenceOptions,
): RecurrenceResult {
  if (mode === 'GRU') return gruSequence(linear(x, w.wIH, w.bIH), state0[0]!, w.wHH, w.bHH, options);
  const xProj = linear(x, w.wIH, bias);
  if (mode === 'LSTM') return lstmSequence(xProj, state0[0]!, state0[1]!, w.wHH, w.wHR, options);
  return rnnSequence(xProj, state0[0]!, w.wHH, mode === 'RNN_RELU' ? 'relu' : 'tanh', options);
}
