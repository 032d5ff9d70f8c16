import type { Backend, RecurrentCellSpec, RnnNonlinearity, Storage } from '../../backend/backend.js';
import type { Tensor } from '../tensor.js';
import { relu, sigmoid, tanh } from './activation.js';
import { add, mul, sub } from './binary.js';
import { gemm } from './matmul.js';
import { narrow } from './slicing.js';

/**
 * Internal: one kind of recurrent cell as the sequence driver (`recurrence.ts`) sees it — a fused step on
 * backend storage, its hand-written backward, and the same step written with differentiable ops (the
 * composite form, used when a backward pass must itself be recorded for higher-order gradients).
 * `state[0]` is always the emitted hidden state h; an LSTM has a second state, c.
 */
export interface FusedCell {
  /** Name used in error messages and graph nodes ('lstm', 'gru', 'rnn'). */
  readonly name: string;
  /** Gate count G (xg has G·H columns). */
  readonly gateCount: number;
  /** Columns of each state: [h] or [h, c]. */
  readonly stateSizes: readonly number[];
  /** weights[1] is a hidden-side bias (GRU b_hh), whose gradient is Σ gradHg over steps and rows. */
  readonly hiddenBias: boolean;
  step(backend: Backend, xg: Storage, state: readonly Storage[], weights: readonly Storage[], spec: RecurrentCellSpec): StepResult;
  stepBackward(
    backend: Backend, gradState: readonly Storage[], saved: readonly Storage[], prev: readonly Storage[], next: readonly Storage[],
    weights: readonly Storage[], spec: RecurrentCellSpec,
  ): StepGrads;
  composite(xg: Tensor, state: readonly Tensor[], weights: readonly Tensor[]): Tensor[];
}

/** Internal: the new state of a fused step and what its backward needs. */
export interface StepResult {
  state: Storage[];
  saved: Storage[];
}

/**
 * Internal: gradients of one fused step. `gradHg` is the gradient of the hidden-side pre-activations
 * (h_prev·W_hhᵀ [+ b_hh]), from which the driver forms ∂W_hh for all steps as one GEMM; `gradWeights[i]` is
 * this step's contribution to weights[i] for the weights the driver does not form itself (W_hr), else null.
 */
export interface StepGrads {
  gradXg: Storage;
  gradHg: Storage;
  gradPrev: Storage[];
  gradWeights: (Storage | null)[];
}

function split(x: Tensor, parts: number, size: number): Tensor[] {
  const out: Tensor[] = [];
  for (let i = 0; i < parts; i++) out.push(narrow(x, 1, i * size, size));
  return out;
}

/** One GEMM on storage: op(x)[m, k] · op(w)[k, n], op = transpose when the flag is set. */
function storageProduct(backend: Backend, x: Storage, w: Storage, m: number, k: number, n: number, transB: boolean, transA = false): Storage {
  return backend.matmul(x, w, { batch: 1, m, k, n, transA, transB, aBatchStride: 0, bBatchStride: 0 });
}

/**
 * LSTM (gates i, f, g, o). Weights: [W_hh] or [W_hh, W_hr] with a projection h = (o·tanh c)·W_hrᵀ of size
 * `projSize` (PyTorch's proj_size); xg already includes b_ih + b_hh.
 */
export function lstmCell(hidden: number, projSize: number): FusedCell {
  const proj = projSize > 0;
  const stateSize = proj ? projSize : hidden;
  return {
    name: 'lstm',
    gateCount: 4,
    stateSizes: [stateSize, hidden],
    hiddenBias: false,
    step(backend, xg, state, weights, spec) {
      const r = backend.lstmCell(xg, state[0]!, state[1]!, weights[0]!, spec);
      const h = proj ? storageProduct(backend, r.h, weights[1]!, spec.batch, hidden, projSize, true) : r.h;
      return { state: [h, r.c], saved: [r.gates, r.h] };
    },
    stepBackward(backend, gradState, saved, prev, next, weights, spec) {
      let gradRaw = gradState[0]!;
      let gradWHR: Storage | null = null;
      if (proj) {
        // h = h_raw·W_hrᵀ: ∂W_hr = ghᵀ·h_raw [P, H], ∂h_raw = gh·W_hr [B, H].
        gradWHR = storageProduct(backend, gradState[0]!, saved[1]!, projSize, spec.batch, hidden, false, true);
        gradRaw = storageProduct(backend, gradState[0]!, weights[1]!, spec.batch, projSize, hidden, false);
      }
      const r = backend.lstmCellBackward(gradRaw, gradState[1]!, saved[0]!, prev[1]!, next[1]!, weights[0]!, spec);
      return { gradXg: r.gradGates, gradHg: r.gradGates, gradPrev: [r.gradHPrev, r.gradCPrev], gradWeights: [null, gradWHR] };
    },
    composite(xg, state, weights) {
      const [ai, af, ag, ao] = split(add(xg, gemm(state[0]!, weights[0]!, false, true)), 4, hidden);
      const c = add(mul(sigmoid(af!), state[1]!), mul(sigmoid(ai!), tanh(ag!)));
      const hRaw = mul(sigmoid(ao!), tanh(c));
      return [proj ? gemm(hRaw, weights[1]!, false, true) : hRaw, c];
    },
  };
}

/**
 * GRU (gates r, z, n; the reset gate multiplies the hidden product including b_hn). Weights: [W_hh] or
 * [W_hh, b_hh]; xg includes b_ih only.
 */
export function gruCell(hidden: number, hasBias: boolean): FusedCell {
  return {
    name: 'gru',
    gateCount: 3,
    stateSizes: [hidden],
    hiddenBias: hasBias,
    step(backend, xg, state, weights, spec) {
      const r = backend.gruCell(xg, state[0]!, weights[0]!, hasBias ? weights[1]! : null, spec);
      return { state: [r.h], saved: [r.gates] };
    },
    stepBackward(backend, gradState, saved, prev, _next, weights, spec) {
      const r = backend.gruCellBackward(gradState[0]!, saved[0]!, prev[0]!, weights[0]!, spec);
      return { gradXg: r.gradXg, gradHg: r.gradHg, gradPrev: [r.gradHPrev], gradWeights: [null, null] };
    },
    composite(xg, state, weights) {
      const h = state[0]!;
      let hg = gemm(h, weights[0]!, false, true);
      if (hasBias) hg = add(hg, weights[1]!);
      const [xr, xz, xn] = split(xg, 3, hidden);
      const [hr, hz, hn] = split(hg, 3, hidden);
      const r = sigmoid(add(xr!, hr!));
      const z = sigmoid(add(xz!, hz!));
      const n = tanh(add(xn!, mul(r, hn!)));
      return [add(n, mul(z, sub(h, n)))];
    },
  };
}

/** Elman RNN h = act(xg + h_prev·W_hhᵀ) with act tanh or relu. Weights: [W_hh]; xg includes b_ih + b_hh. */
export function rnnCell(hidden: number, nonlinearity: RnnNonlinearity): FusedCell {
  return {
    name: `rnn_${nonlinearity}`,
    gateCount: 1,
    stateSizes: [hidden],
    hiddenBias: false,
    step(backend, xg, state, weights, spec) {
      return { state: [backend.rnnCell(xg, state[0]!, weights[0]!, spec, nonlinearity)], saved: [] };
    },
    stepBackward(backend, gradState, _saved, _prev, next, weights, spec) {
      const r = backend.rnnCellBackward(gradState[0]!, next[0]!, weights[0]!, spec, nonlinearity);
      return { gradXg: r.gradXg, gradHg: r.gradXg, gradPrev: [r.gradHPrev], gradWeights: [null] };
    },
    composite(xg, state, weights) {
      const a = add(xg, gemm(state[0]!, weights[0]!, false, true));
      return [nonlinearity === 'relu' ? relu(a) : tanh(a)];
    },
  };
}
