import type { Backend, RecurrentCellSpec, RnnNonlinearity, Storage } from '../../backend/backend.js';
import { DTypeError, ShapeError, ValueError } from '../../core/errors.js';
import { formatShape } from '../../core/shape.js';
import { runBackward } from '../backward.js';
import { isGradEnabled, record } from '../graph.js';
import type { Tensor } from '../tensor.js';
import { where } from './compare.js';
import { zerosLike } from './creation.js';
import { cat, stack } from './join.js';
import { gemm, linearBias } from './matmul.js';
import { gruCell, lstmCell, rnnCell, type FusedCell } from './recurrent-cells.js';
import { reshape, transpose } from './shape.js';
import { narrow, select } from './slicing.js';
import { sameBackend, wrap } from './util.js';

/** Options of the fused sequence ops (`lstmSequence`, `gruSequence`, `rnnSequence`). */
export interface RecurrenceOptions {
  /** Run from the last time step to the first (the reverse direction of a bidirectional layer). */
  reverse?: boolean;
  /**
   * Valid length of each batch row (0 … T), or null for all T. Steps at or past a row's length leave its
   * state unchanged and emit zeros, so the final state is the state after the row's last valid step — in
   * reverse, the row starts at its own last valid step (pack_padded_sequence semantics).
   */
  lengths?: readonly number[] | null;
  /**
   * Diagnostics: called during the backward pass, for every time step t (from the last processed to the
   * first), with ∂L/∂h_t — the total gradient reaching the emitted hidden state of step t, [B, S].
   */
  onStateGrad?: (t: number, grad: Tensor) => void;
}

/** Options of the whole-layer ops (`lstmLayerSequence`, `gruLayerSequence`). */
export interface LayerSequenceOptions extends RecurrenceOptions {
  /** x is [B, T, F] and the output [B, T, S] (PyTorch's batch_first) instead of time-major; lengths stay per batch row. */
  batchFirst?: boolean;
}

/** The outputs of a fused sequence op: every step's hidden state and the final states. */
export interface RecurrenceResult {
  /** h_t of every step, time-major [T, B, S] (zeros past each row's length). */
  output: Tensor;
  /** The final states ([h] or [h, c]), each [B, size]. */
  state: Tensor[];
}

/**
 * LSTM over a whole sequence (gates i, f, g, o) from its precomputed input projection
 * xProj = x·W_ihᵀ + b_ih + b_hh [T, B, 4H]: one graph node whose forward runs the backend's fused `lstmCell`
 * step T times and whose backward runs `lstmCellBackward` T times (full BPTT). `wHR` [P, H] adds PyTorch's
 * projection h = (o·tanh c)·W_hrᵀ (then h0 and W_hh have P columns). Returns output [T, B, S], [h_T, c_T].
 */
export function lstmSequence(
  xProj: Tensor, h0: Tensor, c0: Tensor, wHH: Tensor, wHR: Tensor | null, options: RecurrenceOptions = {},
): RecurrenceResult {
  const hidden = xProj.shape[2]! / 4;
  const weights = wHR === null ? [wHH] : [wHH, wHR];
  return recurrence(lstmCell(hidden, wHR === null ? 0 : wHR.shape[0]!), xProj, [h0, c0], weights, options);
}

/**
 * GRU over a whole sequence (gates r, z, n; n = tanh(xg_n + r·(W_hn·h + b_hn))) from xProj = x·W_ihᵀ + b_ih
 * [T, B, 3H], with b_hh [3H] (or null) applied inside the recurrence. One graph node; see `lstmSequence`.
 */
export function gruSequence(xProj: Tensor, h0: Tensor, wHH: Tensor, bHH: Tensor | null, options: RecurrenceOptions = {}): RecurrenceResult {
  const hidden = xProj.shape[2]! / 3;
  return recurrence(gruCell(hidden, bHH !== null), xProj, [h0], bHH === null ? [wHH] : [wHH, bHH], options);
}

/** Elman RNN over a whole sequence, h_t = act(xProj_t + h_{t−1}·W_hhᵀ), xProj [T, B, H]; see `lstmSequence`. */
export function rnnSequence(
  xProj: Tensor, h0: Tensor, wHH: Tensor, nonlinearity: RnnNonlinearity = 'tanh', options: RecurrenceOptions = {},
): RecurrenceResult {
  if (nonlinearity !== 'tanh' && nonlinearity !== 'relu') {
    throw new ValueError(`rnnSequence: nonlinearity must be 'tanh' or 'relu', got ${JSON.stringify(nonlinearity)}`);
  }
  return recurrence(rnnCell(xProj.shape[2]!, nonlinearity), xProj, [h0], [wHH], options);
}

function checkInputs(cell: FusedCell, xProj: Tensor, state0: readonly Tensor[], weights: readonly Tensor[], lengths: readonly number[] | null): void {
  const op = `${cell.name}Sequence`;
  const all = [xProj, ...state0, ...weights];
  sameBackend(op, ...all);
  for (const t of all) {
    if (t.dtype !== xProj.dtype || (t.dtype !== 'float32' && t.dtype !== 'float64')) {
      throw new DTypeError(`${op}: every operand must be float32 or float64 of one dtype, got ${all.map((x) => x.dtype).join(', ')}`);
    }
  }
  if (xProj.ndim !== 3 || xProj.shape[2]! % cell.gateCount !== 0) {
    throw new ShapeError(`${op}: input projection must be [T, B, ${cell.gateCount}·H], got ${formatShape(xProj.shape)}`);
  }
  const batch = xProj.shape[1]!;
  state0.forEach((s, i) => {
    if (s.ndim !== 2 || s.shape[0] !== batch || s.shape[1] !== cell.stateSizes[i]) {
      throw new ShapeError(`${op}: initial state ${i} must be [${batch}, ${cell.stateSizes[i]}], got ${formatShape(s.shape)}`);
    }
  });
  const rows = xProj.shape[2]!;
  const w = weights[0]!;
  if (w.ndim !== 2 || w.shape[0] !== rows || w.shape[1] !== cell.stateSizes[0]) {
    throw new ShapeError(`${op}: W_hh must be [${rows}, ${cell.stateSizes[0]}], got ${formatShape(w.shape)}`);
  }
  if (lengths !== null) {
    if (lengths.length !== batch) throw new ShapeError(`${op}: ${lengths.length} lengths for a batch of ${batch}`);
    const steps = xProj.shape[0]!;
    lengths.forEach((l, i) => {
      if (!Number.isInteger(l) || l < 0 || l > steps) throw new ValueError(`${op}: lengths[${i}] = ${l} is not an integer in 0..${steps}`);
    });
  }
}

/** Bool [B, 1] storages per time step: row b active at t ⇔ t < lengths[b]; null where every row is active. */
function stepMasks(backend: Backend, lengths: readonly number[] | null, steps: number): (Storage | null)[] {
  const masks: (Storage | null)[] = [];
  for (let t = 0; t < steps; t++) {
    if (lengths === null || lengths.every((l) => t < l)) masks.push(null);
    else masks.push(backend.fromValues('bool', lengths.map((l) => (t < l ? 1 : 0))));
  }
  return masks;
}

function recurrence(
  cell: FusedCell, xProj: Tensor, state0: readonly Tensor[], weights: readonly Tensor[], options: RecurrenceOptions,
): RecurrenceResult {
  const lengths = options.lengths ?? null;
  checkInputs(cell, xProj, state0, weights, lengths);
  const backend = xProj.backend;
  const [steps, batch, rows] = xProj.shape as [number, number, number];
  const spec: RecurrentCellSpec = { batch, hidden: rows / cell.gateCount, stateSize: cell.stateSizes[0]! };
  const sizes = cell.stateSizes;
  const S = sizes[0]!;
  const fused = fusedSequence(cell, xProj, null, state0, weights, options);
  if (fused !== null) return fused;
  const masks = stepMasks(backend, lengths, steps);
  const order = Array.from({ length: steps }, (_, k) => (options.reverse ? steps - 1 - k : k));
  const zero = backend.full(xProj.dtype, 1, 0);
  const wS = weights.map((w) => w._storage);
  const masked = (mask: Storage, a: Storage, b: Storage, cols: number): Storage =>
    backend.where(mask, [batch, 1], a, [batch, cols], b, b === zero ? [] : [batch, cols], [batch, cols]);

  // Forward: states[k] is the state before the k-th processed step.
  const states: Storage[][] = [state0.map((s) => s._storage)];
  const saved: Storage[][] = [];
  const outLength = steps * batch * S;
  // h_{t−1} of every step in time order [T·B, S]: with the per-step gradients of the hidden-side
  // pre-activations it gives ∂W_hh = Σ_t gradHg_tᵀ·h_{t−1} as one GEMM.
  const hPrevAll = backend.full(xProj.dtype, outLength, 0);
  const packed = backend.full(xProj.dtype, outLength + sizes.reduce((a, n) => a + batch * n, 0), 0);
  for (const t of order) {
    const prev = states[states.length - 1]!;
    const xg = backend.strided(xProj._storage, [batch, rows], [rows, 1], t * batch * rows);
    const r = cell.step(backend, xg, prev, wS, spec);
    const mask = masks[t]!;
    let next = r.state;
    let emitted = next[0]!;
    if (mask !== null) {
      emitted = masked(mask, next[0]!, zero, S);
      next = next.map((s, i) => masked(mask, s, prev[i]!, sizes[i]!));
    }
    backend.stridedScatter(packed, emitted, [batch, S], [S, 1], t * batch * S, false);
    backend.stridedScatter(hPrevAll, prev[0]!, [batch, S], [S, 1], t * batch * S, false);
    saved.push(r.saved);
    states.push(next);
  }
  let at = outLength;
  const finalOffsets = sizes.map((n, i) => {
    const offset = at;
    backend.stridedScatter(packed, states[states.length - 1]![i]!, [batch, n], [n, 1], offset, false);
    at += batch * n;
    return offset;
  });

  const inputs = [xProj, ...state0, ...weights];
  const result = record(wrap(packed, [at], backend), `${cell.name}Sequence`, inputs, (g, needs) => {
    if (isGradEnabled()) return compositeVjp(cell, xProj, state0, weights, options, g, needs);
    const gS = g._storage;
    let gState = sizes.map((n, i) => backend.strided(gS, [batch, n], [n, 1], finalOffsets[i]!));
    const gradX = needs[0] ? backend.full(xProj.dtype, xProj.numel(), 0) : null;
    const wantHg = needs[1 + sizes.length]! || (cell.hiddenBias && needs[2 + sizes.length]!);
    // LSTM and RNN: the hidden-side pre-activation gradient is the input-side one (same storage), so the
    // weight GEMM reads gradX; the GRU's differs (b_hn sits inside the reset gate) and gets its own buffer.
    let gradHgAll: Storage | null = null;
    let hgIsX = false;
    const gradW: (Storage | null)[] = weights.map(() => null);
    for (let k = steps - 1; k >= 0; k--) {
      const t = order[k]!;
      const gOut = backend.strided(gS, [batch, S], [S, 1], t * batch * S);
      const gIn = [backend.binary('add', gState[0]!, [batch, S], gOut, [batch, S], [batch, S]), ...gState.slice(1)];
      options.onStateGrad?.(t, wrap(gIn[0]!, [batch, S], backend));
      const mask = masks[t]!;
      const gKernel = mask === null ? gIn : gIn.map((gi, i) => masked(mask, gi, zero, sizes[i]!));
      const sg = cell.stepBackward(backend, gKernel, saved[k]!, states[k]!, states[k + 1]!, wS, spec);
      if (gradX !== null) backend.stridedScatter(gradX, sg.gradXg, [batch, rows], [rows, 1], t * batch * rows, false);
      if (wantHg && sg.gradHg === sg.gradXg && gradX !== null) hgIsX = true;
      else if (wantHg) {
        gradHgAll ??= backend.full(xProj.dtype, xProj.numel(), 0);
        backend.stridedScatter(gradHgAll, sg.gradHg, [batch, rows], [rows, 1], t * batch * rows, false);
      }
      sg.gradWeights.forEach((gw, i) => {
        if (gw === null || !needs[1 + sizes.length + i]) return;
        const prevW = gradW[i]!;
        gradW[i] = prevW === null ? gw : backend.binary('add', prevW, weights[i]!.shape, gw, weights[i]!.shape, weights[i]!.shape);
      });
      gState = mask === null ? sg.gradPrev : sg.gradPrev.map((gp, i) => masked(mask, gp, gState[i]!, sizes[i]!));
    }
    if (hgIsX) gradHgAll = gradX;
    if (gradHgAll !== null) {
      const n = steps * batch;
      if (needs[1 + sizes.length]) {
        gradW[0] = backend.matmul(gradHgAll, hPrevAll, { batch: 1, m: rows, k: n, n: S, transA: true, transB: false, aBatchStride: 0, bBatchStride: 0 });
      }
      if (cell.hiddenBias && needs[2 + sizes.length]) gradW[1] = backend.reduce('sum', gradHgAll, [n, rows], [0]);
    }
    const gradWeights = gradW.map((gw, i) => (gw === null ? zerosLike(weights[i]!) : wrap(gw, weights[i]!.shape, backend)));
    return [
      gradX === null ? null : wrap(gradX, xProj.shape, backend),
      ...gState.map((gs, i) => wrap(gs, state0[i]!.shape, backend)),
      ...gradWeights,
    ];
  });
  return unpack(result, steps, batch, sizes);
}

/** The input side of a fused layer: xg = x·W_ihᵀ + bias, x [T, B, F], W_ih [G·H, F], bias [G·H] or null. */
interface InputSide {
  wIH: Tensor;
  bias: Tensor | null;
}

/** x·W_ihᵀ + bias [T, B, G·H] written with ops (the numbers of nn.functional.linear). */
function projection(x: Tensor, input: InputSide): Tensor {
  const [steps, batch, features] = x.shape as [number, number, number];
  const x2 = reshape(x, [steps * batch, features]);
  const y = input.bias === null ? gemm(x2, input.wIH, false, true) : linearBias(x2, input.wIH, input.bias);
  return reshape(y, [steps, batch, input.wIH.shape[0]!]);
}

/** Whether the operands of a layer have the shapes and dtype the fused layer path expects. */
function layerFits(
  x: Tensor, input: InputSide, state0: readonly Tensor[], weights: readonly Tensor[], gates: number, options: LayerSequenceOptions,
): boolean {
  const all = [x, input.wIH, ...(input.bias === null ? [] : [input.bias]), ...state0, ...weights];
  if (all.some((t) => t.dtype !== x.dtype || t.backend !== x.backend) || x.ndim !== 3) return false;
  const [steps, batch] = timeAndBatch(x, options);
  const features = x.shape[2]!;
  const lengths = options.lengths ?? null;
  if (lengths !== null && (lengths.length !== batch || lengths.some((l) => !Number.isInteger(l) || l < 0 || l > steps))) return false;
  const w = weights[0]!;
  const rows = w.shape[0]!;
  const hidden = rows / gates;
  return input.wIH.ndim === 2 && input.wIH.shape[0] === rows && input.wIH.shape[1] === features && w.ndim === 2 && w.shape[1] === hidden &&
    (input.bias === null || (input.bias.ndim === 1 && input.bias.shape[0] === rows)) &&
    state0.every((s) => s.ndim === 2 && s.shape[0] === batch && s.shape[1] === hidden) &&
    weights.slice(1).every((b) => b.ndim === 1 && b.shape[0] === rows);
}

/**
 * A whole LSTM layer direction (no projection) from its input: xg = x·W_ihᵀ + bias formed with the
 * recurrence, x [T, B, F] (or [B, T, F] with `options.batchFirst`, the output then [B, T, H]), W_ih [4H, F],
 * bias = b_ih + b_hh [4H] or null; otherwise as `lstmSequence`. Returns null where the backend has no
 * whole-sequence path for these operands (then use `lstmSequence` on the projection).
 */
export function lstmLayerSequence(
  x: Tensor, wIH: Tensor, bias: Tensor | null, h0: Tensor, c0: Tensor, wHH: Tensor, options: LayerSequenceOptions = {},
): RecurrenceResult | null {
  const input = { wIH, bias };
  if (!layerFits(x, input, [h0, c0], [wHH], 4, options)) return null;
  return fusedSequence(lstmCell(wHH.shape[1]!, 0), x, input, [h0, c0], [wHH], options);
}

/**
 * A whole GRU layer direction from its input: xg = x·W_ihᵀ + b_ih (bIH may be null), b_hh inside the
 * recurrence; otherwise as `gruSequence`. Null where the backend has no whole-sequence path.
 */
export function gruLayerSequence(
  x: Tensor, wIH: Tensor, bIH: Tensor | null, h0: Tensor, wHH: Tensor, bHH: Tensor | null, options: LayerSequenceOptions = {},
): RecurrenceResult | null {
  const input = { wIH, bias: bIH };
  const weights = bHH === null ? [wHH] : [wHH, bHH];
  if (!layerFits(x, input, [h0], weights, 3, options)) return null;
  return fusedSequence(gruCell(wHH.shape[1]!, bHH !== null), x, input, [h0], weights, options);
}

/**
 * The whole sequence through the backend's `recurrentSequence` (LSTM without projection, GRU), one graph
 * node like the step-by-step path, from the projection (`input` null: x is xProj) or from the layer input;
 * null where the backend has no such path (or a per-step diagnostic hook is set).
 */
function fusedSequence(
  cell: FusedCell, x: Tensor, input: InputSide | null, state0: readonly Tensor[], weights: readonly Tensor[], options: LayerSequenceOptions,
): RecurrenceResult | null {
  const backend = x.backend;
  const kind = cell.name === 'lstm' && weights.length === 1 ? 'lstm' : cell.name === 'gru' ? 'gru' : null;
  if (kind === null || backend.recurrentSequence === undefined || options.onStateGrad !== undefined) return null;
  const batchFirst = input !== null && options.batchFirst === true;
  const [steps, batch] = timeAndBatch(x, { batchFirst });
  const features = x.shape[2]!;
  const hidden = weights[0]!.shape[0]! / cell.gateCount;
  const run = backend.recurrentSequence(
    x._storage, input?.wIH._storage ?? null, input?.bias?._storage ?? null, state0.map((s) => s._storage), weights[0]!._storage,
    weights.length > 1 ? weights[1]!._storage : null,
    { cell: kind, steps, batch, hidden, features, reverse: options.reverse ?? false, lengths: options.lengths ?? null, batchFirst },
  );
  if (run === null) return null;
  const sizes = cell.stateSizes;
  const side = input === null ? [] : input.bias === null ? [input.wIH] : [input.wIH, input.bias];
  const inputs = [x, ...side, ...state0, ...weights];
  const length = steps * batch * hidden + sizes.length * batch * hidden;
  const result = record(wrap(run.packed, [length], backend), `${cell.name}Sequence`, inputs, (g, needs) => {
    if (isGradEnabled()) {
      const makeXProj = (): Tensor => (input === null ? x : projection(batchFirst ? transpose(x, 0, 1) : x, input));
      return compositeGrads(cell, inputs, makeXProj, state0, weights, { ...options, batchFirst }, g, needs);
    }
    const r = run.backward(g._storage, needs[0]!);
    const grads: (Tensor | null)[] = [
      r.gradX === null ? null : wrap(r.gradX, x.shape, backend),
      ...side.map((t, i) => wrap((i === 0 ? r.gradWIH : r.gradBias)!, t.shape, backend)),
      ...r.gradState.map((gs, i) => wrap(gs, state0[i]!.shape, backend)),
      wrap(r.gradWHH, weights[0]!.shape, backend),
      ...(weights.length > 1 ? [wrap(r.gradBHH!, weights[1]!.shape, backend)] : []),
    ];
    return grads.map((gr, i) => (needs[i] ? gr : null));
  });
  return unpack(result, steps, batch, sizes, batchFirst);
}

/** [T, B] of a layer input x, [T, B, F] or (batchFirst) [B, T, F]. */
function timeAndBatch(x: Tensor, options: LayerSequenceOptions): [number, number] {
  return options.batchFirst === true ? [x.shape[1]!, x.shape[0]!] : [x.shape[0]!, x.shape[1]!];
}

/** Splits the packed [T·B·S + Σ B·size] result into output [T, B, S] (or [B, T, S]) and the final states. */
function unpack(packed: Tensor, steps: number, batch: number, sizes: readonly number[], batchFirst = false): RecurrenceResult {
  const S = sizes[0]!;
  const output = reshape(narrow(packed, 0, 0, steps * batch * S), batchFirst ? [batch, steps, S] : [steps, batch, S]);
  let at = steps * batch * S;
  const state = sizes.map((n) => {
    const s = reshape(narrow(packed, 0, at, batch * n), [batch, n]);
    at += batch * n;
    return s;
  });
  return { output, state };
}

/**
 * The same sequence written with differentiable ops, packed like the fused result. Used for the backward
 * pass when it must be recorded (createGraph: higher-order gradients), where the fused kernel's output would
 * have no graph.
 */
function compositePacked(cell: FusedCell, xProj: Tensor, state0: readonly Tensor[], weights: readonly Tensor[], options: LayerSequenceOptions): Tensor {
  const [steps, batch] = xProj.shape as [number, number];
  const lengths = options.lengths ?? null;
  const backend = xProj.backend;
  let state = [...state0];
  const outputs: Tensor[] = new Array<Tensor>(steps);
  for (let k = 0; k < steps; k++) {
    const t = options.reverse ? steps - 1 - k : k;
    let next = cell.composite(select(xProj, 0, t), state, weights);
    let emitted = next[0]!;
    if (lengths !== null && lengths.some((l) => t >= l)) {
      const mask = wrap(backend.fromValues('bool', lengths.map((l) => (t < l ? 1 : 0))), [batch, 1], backend);
      emitted = where(mask, next[0]!, 0);
      const prev = state;
      next = next.map((s, i) => where(mask, s, prev[i]!));
    }
    outputs[t] = emitted;
    state = next;
  }
  const parts = steps > 0 ? [reshape(stack(outputs, options.batchFirst === true ? 1 : 0), [-1])] : [];
  return cat([...parts, ...state.map((s) => reshape(s, [-1]))], 0);
}

function compositeVjp(
  cell: FusedCell, xProj: Tensor, state0: readonly Tensor[], weights: readonly Tensor[], options: RecurrenceOptions,
  g: Tensor, needs: readonly boolean[],
): (Tensor | null)[] {
  return compositeGrads(cell, [xProj, ...state0, ...weights], () => xProj, state0, weights, options, g, needs);
}

/** The gradients of `inputs` through the composite sequence on the projection that `makeXProj` builds from them. */
function compositeGrads(
  cell: FusedCell, inputs: readonly Tensor[], makeXProj: () => Tensor, state0: readonly Tensor[], weights: readonly Tensor[],
  options: LayerSequenceOptions, g: Tensor, needs: readonly boolean[],
): (Tensor | null)[] {
  const targets = inputs.filter((_, i) => needs[i]);
  const packed = compositePacked(cell, makeXProj(), state0, weights, options);
  const grads = runBackward([packed], [g], { createGraph: true }, targets);
  return inputs.map((t, i) => (needs[i] ? grads.get(t) ?? zerosLike(t) : null));
}
