import { add } from '../../tensor/ops/binary.js';
import {
  gruLayerSequence, gruSequence, lstmLayerSequence, lstmSequence, rnnSequence, type RecurrenceOptions, type RecurrenceResult,
} from '../../tensor/ops/recurrence.js';
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
 * Internal: one layer in one direction over a time-major input x [T, B, F]. The input projection of every
 * time step is one GEMM (`linear` on [T·B, F]); the recurrence is one fused sequence op. `state0` is [h0]
 * or [h0, c0], each [B, size]. b_hh folds into the projection except for the GRU, whose b_hn sits inside
 * the reset gate.
 */
export function runDirection(
  mode: RecurrentMode, x: Tensor, state0: readonly Tensor[], w: DirectionWeights, options: RecurrenceOptions,
): RecurrenceResult {
  // a backend with a whole-sequence path takes the layer input and forms the projection itself
  if (mode === 'GRU') {
    return gruLayerSequence(x, w.wIH, w.bIH, state0[0]!, w.wHH, w.bHH, options) ??
      gruSequence(linear(x, w.wIH, w.bIH), state0[0]!, w.wHH, w.bHH, options);
  }
  const bias = w.bIH !== null && w.bHH !== null ? add(w.bIH, w.bHH) : w.bIH ?? w.bHH;
  if (mode === 'LSTM' && w.wHR === null) {
    const fused = lstmLayerSequence(x, w.wIH, bias, state0[0]!, state0[1]!, w.wHH, options);
    if (fused !== null) return fused;
  }
  const xProj = linear(x, w.wIH, bias);
  if (mode === 'LSTM') return lstmSequence(xProj, state0[0]!, state0[1]!, w.wHH, w.wHR, options);
  return rnnSequence(xProj, state0[0]!, w.wHH, mode === 'RNN_RELU' ? 'relu' : 'tanh', options);
}
