/**
 * Where one whole-sequence LSTM/GRU run (recurrent-sequence.ts) keeps what its backward needs on its heap:
 * the saved area after the worker threads' control block.
 */
import type { RecurrentSequenceSpec } from '../backend.js';
import { CONTROL_BYTES } from './gemm-threads.js';
import { Layout } from './packed-gemm.js';

/** Where one run keeps what its backward needs: heap byte regions of the saved area (from CONTROL_BYTES). */
export interface Plan {
  s: RecurrentSequenceSpec;
  lstm: boolean;
  /** Gate count G: x and the gate gradients have G·H columns. */
  G: number;
  BH: number;
  /** Input-side operands: x [T·B, F] saved for ∂W_ih when there is an input weight. */
  input: boolean;
  xInAt: number;
  gatesAt: number;
  hSlots: number;
  cSlots: number;
  tcAt: number;
  savedBytes: number;
  /** Floats of the packed result: T·B·H outputs and the final states. */
  packedLength: number;
}

/** The saved area of a run of shape `s` (`input`: with an input weight, so x is kept for ∂W_ih). */
export function plan(s: RecurrentSequenceSpec, input: boolean): Plan {
  const { steps: T, batch: B, hidden: H } = s;
  const lstm = s.cell === 'lstm';
  const BH = B * H;
  const saved = new Layout();
  saved.end = CONTROL_BYTES; // the worker threads' control block
  const xInAt = input ? saved.floats(T * B * s.features) : 0;
  const gatesAt = saved.floats(T * B * 4 * H);
  // state slots: h_{t−1} of step t is slot t (slot t + 1 in reverse), so slots 0…T hold h0 … h_T
  const hSlots = saved.floats((T + 1) * BH);
  const cSlots = lstm ? saved.floats((T + 1) * BH) : 0;
  const tcAt = lstm ? saved.floats(T * BH) : 0;
  return { s, lstm, G: lstm ? 4 : 3, BH, input, xInAt, gatesAt, hSlots, cSlots, tcAt, savedBytes: saved.end, packedLength: T * BH + (lstm ? 2 : 1) * BH };
}
