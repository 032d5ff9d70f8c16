/**
 * Float32 fused recurrent steps of the wasm backend: the same cell equations and layouts as the reference
 * (cpu/recurrent.ts), with the step's products on the SIMD GEMM — forward a = h_prev·W_hhᵀ, backward
 * ∂h_prev = dA·W_hh (the caller forms ∂W_hh for all steps as one GEMM) — and the gate arithmetic in one
 * float32 pass. Products are
 * accumulated in float32 (the reference accumulates in double), so results agree with it to float32
 * rounding, not bit for bit.
 */
import type { RecurrentCellSpec, RnnNonlinearity } from '../backend.js';
import type { WasmGemm } from './gemm.js';

const sigmoid = (v: number): number => 1 / (1 + Math.exp(-v));

/** h[B, S] · W[rows, S]ᵀ → [B, rows]. */
function hiddenProduct(gemm: WasmGemm, h: Float32Array, w: Float32Array, batch: number, rows: number, s: number): Float32Array {
  return gemm.matmul(h, w, { batch: 1, m: batch, k: s, n: rows, transA: false, transB: true, aBatchStride: 0, bBatchStride: 0 });
}

/** ∂h_prev = dA[B, rows]·W[rows, S]. */
function hiddenGrad(gemm: WasmGemm, dA: Float32Array, w: Float32Array, batch: number, rows: number, s: number): Float32Array {
  return gemm.matmul(dA, w, { batch: 1, m: batch, k: rows, n: s, transA: false, transB: false, aBatchStride: 0, bBatchStride: 0 });
}

/** LSTM step (gates i, f, g, o); see Backend.lstmCell. */
export function lstmCellF32(
  gemm: WasmGemm, xg: Float32Array, hPrev: Float32Array, cPrev: Float32Array, wHH: Float32Array, spec: RecurrentCellSpec,
): { h: Float32Array; c: Float32Array; gates: Float32Array } {
  const { batch, hidden: H } = spec;
  const rows = 4 * H;
  const a = hiddenProduct(gemm, hPrev, wHH, batch, rows, spec.stateSize);
  const h = new Float32Array(batch * H);
  const c = new Float32Array(batch * H);
  for (let b = 0; b < batch; b++) {
    const g0 = b * rows;
    for (let k = 0; k < H; k++) {
      const i = sigmoid(a[g0 + k]! + xg[g0 + k]!);
      const f = sigmoid(a[g0 + H + k]! + xg[g0 + H + k]!);
      const g = Math.tanh(a[g0 + 2 * H + k]! + xg[g0 + 2 * H + k]!);
      const o = sigmoid(a[g0 + 3 * H + k]! + xg[g0 + 3 * H + k]!);
      c[b * H + k] = f * cPrev[b * H + k]! + i * g;
      h[b * H + k] = o * Math.tanh(c[b * H + k]!);
      a[g0 + k] = i; // the product buffer becomes the saved gates
      a[g0 + H + k] = f;
      a[g0 + 2 * H + k] = g;
      a[g0 + 3 * H + k] = o;
    }
  }
  return { h, c, gates: a };
}

/** Backward of lstmCellF32; see Backend.lstmCellBackward. */
export function lstmCellBackwardF32(
  gemm: WasmGemm, gradH: Float32Array, gradC: Float32Array, gates: Float32Array, cPrev: Float32Array, c: Float32Array,
  wHH: Float32Array, spec: RecurrentCellSpec,
): { gradGates: Float32Array; gradHPrev: Float32Array; gradCPrev: Float32Array } {
  const { batch, hidden: H } = spec;
  const rows = 4 * H;
  const dA = new Float32Array(batch * rows);
  const gradCPrev = new Float32Array(batch * H);
  for (let b = 0; b < batch; b++) {
    const g0 = b * rows;
    for (let k = 0; k < H; k++) {
      const s = b * H + k;
      const i = gates[g0 + k]!;
      const f = gates[g0 + H + k]!;
      const g = gates[g0 + 2 * H + k]!;
      const o = gates[g0 + 3 * H + k]!;
      const tc = Math.tanh(c[s]!);
      const dh = gradH[s]!;
      const dc = gradC[s]! + dh * o * (1 - tc * tc);
      dA[g0 + k] = dc * g * i * (1 - i);
      dA[g0 + H + k] = dc * cPrev[s]! * f * (1 - f);
      dA[g0 + 2 * H + k] = dc * i * (1 - g * g);
      dA[g0 + 3 * H + k] = dh * tc * o * (1 - o);
      gradCPrev[s] = dc * f;
    }
  }
  const gradHPrev = hiddenGrad(gemm, dA, wHH, batch, rows, spec.stateSize);
  return { gradGates: dA, gradHPrev, gradCPrev };
}

/** GRU step (gates r, z, n; saved r, z, n, hg_n); see Backend.gruCell. */
export function gruCellF32(
  gemm: WasmGemm, xg: Float32Array, hPrev: Float32Array, wHH: Float32Array, bHH: Float32Array | null, spec: RecurrentCellSpec,
): { h: Float32Array; gates: Float32Array } {
  const { batch, hidden: H } = spec;
  const rows = 3 * H;
  const hg = hiddenProduct(gemm, hPrev, wHH, batch, rows, spec.stateSize);
  const h = new Float32Array(batch * H);
  const gates = new Float32Array(batch * 4 * H);
  for (let b = 0; b < batch; b++) {
    const x0 = b * rows;
    const s0 = b * 4 * H;
    for (let k = 0; k < H; k++) {
      const hr = hg[x0 + k]! + (bHH === null ? 0 : bHH[k]!);
      const hz = hg[x0 + H + k]! + (bHH === null ? 0 : bHH[H + k]!);
      const hn = hg[x0 + 2 * H + k]! + (bHH === null ? 0 : bHH[2 * H + k]!);
      const r = sigmoid(xg[x0 + k]! + hr);
      const z = sigmoid(xg[x0 + H + k]! + hz);
      const n = Math.tanh(xg[x0 + 2 * H + k]! + r * hn);
      h[b * H + k] = (1 - z) * n + z * hPrev[b * H + k]!;
      gates[s0 + k] = r;
      gates[s0 + H + k] = z;
      gates[s0 + 2 * H + k] = n;
      gates[s0 + 3 * H + k] = hn;
    }
  }
  return { h, gates };
}

/** Backward of gruCellF32; see Backend.gruCellBackward. */
export function gruCellBackwardF32(
  gemm: WasmGemm, gradH: Float32Array, gates: Float32Array, hPrev: Float32Array, wHH: Float32Array, spec: RecurrentCellSpec,
): { gradXg: Float32Array; gradHg: Float32Array; gradHPrev: Float32Array } {
  const { batch, hidden: H } = spec;
  const rows = 3 * H;
  const dX = new Float32Array(batch * rows);
  const dHg = new Float32Array(batch * rows);
  for (let b = 0; b < batch; b++) {
    const x0 = b * rows;
    const s0 = b * 4 * H;
    for (let k = 0; k < H; k++) {
      const r = gates[s0 + k]!;
      const z = gates[s0 + H + k]!;
      const n = gates[s0 + 2 * H + k]!;
      const hn = gates[s0 + 3 * H + k]!;
      const dh = gradH[b * H + k]!;
      const dan = dh * (1 - z) * (1 - n * n);
      const dar = dan * hn * r * (1 - r);
      const daz = dh * (hPrev[b * H + k]! - n) * z * (1 - z);
      dX[x0 + k] = dar;
      dX[x0 + H + k] = daz;
      dX[x0 + 2 * H + k] = dan;
      dHg[x0 + k] = dar;
      dHg[x0 + H + k] = daz;
      dHg[x0 + 2 * H + k] = dan * r;
    }
  }
  const gh = hiddenGrad(gemm, dHg, wHH, batch, rows, spec.stateSize);
  for (let b = 0; b < batch; b++) {
    for (let k = 0; k < H; k++) gh[b * H + k]! += gradH[b * H + k]! * gates[b * 4 * H + H + k]!;
  }
  return { gradXg: dX, gradHg: dHg, gradHPrev: gh };
}

/** Elman step; see Backend.rnnCell. */
export function rnnCellF32(
  gemm: WasmGemm, xg: Float32Array, hPrev: Float32Array, wHH: Float32Array, spec: RecurrentCellSpec, nonlinearity: RnnNonlinearity,
): Float32Array {
  const a = hiddenProduct(gemm, hPrev, wHH, spec.batch, spec.hidden, spec.stateSize);
  const relu = nonlinearity === 'relu';
  for (let i = 0; i < a.length; i++) {
    const v = a[i]! + xg[i]!;
    a[i] = relu ? (v > 0 ? v : 0) : Math.tanh(v);
  }
  return a;
}

/** Backward of rnnCellF32; see Backend.rnnCellBackward. */
export function rnnCellBackwardF32(
  gemm: WasmGemm, gradH: Float32Array, h: Float32Array, wHH: Float32Array, spec: RecurrentCellSpec,
  nonlinearity: RnnNonlinearity,
): { gradXg: Float32Array; gradHPrev: Float32Array } {
  const dA = new Float32Array(gradH.length);
  const relu = nonlinearity === 'relu';
  for (let i = 0; i < dA.length; i++) {
    const y = h[i]!;
    dA[i] = relu ? (y > 0 ? gradH[i]! : 0) : gradH[i]! * (1 - y * y);
  }
  const gradHPrev = hiddenGrad(gemm, dA, wHH, spec.batch, spec.hidden, spec.stateSize);
  return { gradXg: dA, gradHPrev };
}
