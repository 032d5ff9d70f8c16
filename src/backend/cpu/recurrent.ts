import { allocTyped, type DType, type TypedArray } from '../../core/dtype.js';
import type { RecurrentCellSpec, RnnNonlinearity } from '../backend.js';

// Fused recurrent cells: one time step's recurrent GEMM (h_prev · W_hhᵀ) and every gate nonlinearity in one
// pass, and the hand-written backward of that step. Everything is accumulated in double precision and
// rounded once on store. Layouts (row-major): x-side gates [B, G·H], h_prev [B, S], W_hh [G·H, S], where
// S = spec.stateSize (H, or the projection size of a projected LSTM) and G the gate count.

const sigmoid = (v: number): number => 1 / (1 + Math.exp(-v));

/**
 * acc[b, j] = Σ_p h[b, p] · W[j, p] for one step (acc is [B, rows] in double precision). Blocked 2 rows of h ×
 * 4 rows of W, so each pass over p does 8 products for 6 loads.
 */
function recurrentProduct(h: TypedArray, w: TypedArray, batch: number, rows: number, stateSize: number): Float64Array {
  const acc = new Float64Array(batch * rows);
  const S = stateSize;
  let b = 0;
  for (; b + 1 < batch; b += 2) {
    const hA = b * S;
    const hB = hA + S;
    const aA = b * rows;
    const aB = aA + rows;
    let j = 0;
    for (; j + 3 < rows; j += 4) {
      const w0 = j * S;
      const w1 = w0 + S;
      const w2 = w1 + S;
      const w3 = w2 + S;
      let a0 = 0, a1 = 0, a2 = 0, a3 = 0, b0 = 0, b1 = 0, b2 = 0, b3 = 0;
      for (let p = 0; p < S; p++) {
        const x = h[hA + p]!;
        const y = h[hB + p]!;
        const v0 = w[w0 + p]!;
        const v1 = w[w1 + p]!;
        const v2 = w[w2 + p]!;
        const v3 = w[w3 + p]!;
        a0 += x * v0; a1 += x * v1; a2 += x * v2; a3 += x * v3;
        b0 += y * v0; b1 += y * v1; b2 += y * v2; b3 += y * v3;
      }
      acc[aA + j] = a0; acc[aA + j + 1] = a1; acc[aA + j + 2] = a2; acc[aA + j + 3] = a3;
      acc[aB + j] = b0; acc[aB + j + 1] = b1; acc[aB + j + 2] = b2; acc[aB + j + 3] = b3;
    }
    for (; j < rows; j++) {
      const w0 = j * S;
      let a0 = 0, b0 = 0;
      for (let p = 0; p < S; p++) {
        a0 += h[hA + p]! * w[w0 + p]!;
        b0 += h[hB + p]! * w[w0 + p]!;
      }
      acc[aA + j] = a0;
      acc[aB + j] = b0;
    }
  }
  for (; b < batch; b++) {
    for (let j = 0; j < rows; j++) {
      let a0 = 0;
      for (let p = 0; p < S; p++) a0 += h[b * S + p]! * w[j * S + p]!;
      acc[b * rows + j] = a0;
    }
  }
  return acc;
}

/**
 * out[r, :] += Σ_i coef(r, i) · src[i, :] for all r: the shared shape of both weight-side products of a
 * step's backward. `coef(r, i)` = c[r·cr + i·ci]; rows of `out` are blocked by 2 and terms of the sum by 4, so
 * each pass over the columns does 8 multiply-adds for 4 loads and 2 read-modify-writes.
 */
function accumulateRows(
  out: Float64Array, outRows: number, c: Float64Array, cr: number, ci: number, src: TypedArray, terms: number, cols: number,
): void {
  let r = 0;
  for (; r + 1 < outRows; r += 2) {
    const oA = r * cols;
    const oB = oA + cols;
    let i = 0;
    for (; i + 3 < terms; i += 4) {
      const ca0 = c[r * cr + i * ci]!, ca1 = c[r * cr + (i + 1) * ci]!, ca2 = c[r * cr + (i + 2) * ci]!, ca3 = c[r * cr + (i + 3) * ci]!;
      const cb0 = c[(r + 1) * cr + i * ci]!, cb1 = c[(r + 1) * cr + (i + 1) * ci]!;
      const cb2 = c[(r + 1) * cr + (i + 2) * ci]!, cb3 = c[(r + 1) * cr + (i + 3) * ci]!;
      if (ca0 === 0 && ca1 === 0 && ca2 === 0 && ca3 === 0 && cb0 === 0 && cb1 === 0 && cb2 === 0 && cb3 === 0) continue;
      const s0 = i * cols;
      const s1 = s0 + cols;
      const s2 = s1 + cols;
      const s3 = s2 + cols;
      for (let p = 0; p < cols; p++) {
        const v0 = src[s0 + p]!;
        const v1 = src[s1 + p]!;
        const v2 = src[s2 + p]!;
        const v3 = src[s3 + p]!;
        out[oA + p]! += ca0 * v0 + ca1 * v1 + ca2 * v2 + ca3 * v3;
        out[oB + p]! += cb0 * v0 + cb1 * v1 + cb2 * v2 + cb3 * v3;
      }
    }
    for (; i < terms; i++) {
      const ca = c[r * cr + i * ci]!;
      const cb = c[(r + 1) * cr + i * ci]!;
      const s0 = i * cols;
      for (let p = 0; p < cols; p++) {
        out[oA + p]! += ca * src[s0 + p]!;
        out[oB + p]! += cb * src[s0 + p]!;
      }
    }
  }
  for (; r < outRows; r++) {
    for (let i = 0; i < terms; i++) {
      const ca = c[r * cr + i * ci]!;
      if (ca === 0) continue;
      for (let p = 0; p < cols; p++) out[r * cols + p]! += ca * src[i * cols + p]!;
    }
  }
}

/** gradHPrev[b, p] = Σ_j dA[b, j] · W[j, p]: the state gradient of a step's backward, dA [B, rows]. */
function stateGrad(dA: Float64Array, w: TypedArray, batch: number, rows: number, stateSize: number): Float64Array {
  const gradH = new Float64Array(batch * stateSize);
  accumulateRows(gradH, batch, dA, rows, 1, w, rows, stateSize);
  return gradH;
}

/**
 * The two matrix products of a recurrent step. The kernels below do the gate arithmetic themselves and take
 * the products from here, so a backend with a faster GEMM (the wasm backend) reuses the same kernels.
 */
export interface RecurrentProducts {
  /** acc[b, j] = Σ_p h[b, p] · W[j, p]: h [B, S], W [rows, S] → [B, rows]. */
  hidden(h: TypedArray, w: TypedArray, batch: number, rows: number, stateSize: number): Float64Array;
  /** gradH[b, p] = Σ_j dA[b, j] · W[j, p]: dA [B, rows], W [rows, S] → [B, S]. */
  stateGrad(dA: Float64Array, w: TypedArray, batch: number, rows: number, stateSize: number): Float64Array;
}

/** The reference products, accumulated in double precision. */
export const referenceRecurrentProducts: RecurrentProducts = { hidden: recurrentProduct, stateGrad };

function store(dtype: DType, values: Float64Array): TypedArray {
  const out = allocTyped(dtype, values.length);
  out.set(values);
  return out;
}

/**
 * LSTM step (gate order i, f, g, o): a = xg + h_prev·W_hhᵀ; i, f, o = σ(aᵢ, a_f, a_o), g = tanh(a_g);
 * c = f·c_prev + i·g; h = o·tanh(c). `xg` already holds W_ih·x + b_ih + b_hh. Returns h and c [B, H] and the
 * activated gates [B, 4H] (saved for the backward).
 */
export function lstmCellKernel(
  xg: TypedArray, hPrev: TypedArray, cPrev: TypedArray, wHH: TypedArray, spec: RecurrentCellSpec, dtype: DType,
  products: RecurrentProducts = referenceRecurrentProducts,
): { h: TypedArray; c: TypedArray; gates: TypedArray } {
  const { batch, hidden: H } = spec;
  const rows = 4 * H;
  const a = products.hidden(hPrev, wHH, batch, rows, spec.stateSize);
  const h = allocTyped(dtype, batch * H);
  const c = allocTyped(dtype, batch * H);
  const gates = allocTyped(dtype, batch * rows);
  for (let b = 0; b < batch; b++) {
    const g0 = b * rows;
    for (let k = 0; k < H; k++) {
      const i = sigmoid(a[g0 + k]! + xg[g0 + k]!);
      const f = sigmoid(a[g0 + H + k]! + xg[g0 + H + k]!);
      const g = Math.tanh(a[g0 + 2 * H + k]! + xg[g0 + 2 * H + k]!);
      const o = sigmoid(a[g0 + 3 * H + k]! + xg[g0 + 3 * H + k]!);
      const cNew = f * cPrev[b * H + k]! + i * g;
      // Store c first, then read it back, so h uses the same rounded c the next step and the backward see.
      c[b * H + k] = cNew;
      h[b * H + k] = o * Math.tanh(c[b * H + k]!);
      gates[g0 + k] = i;
      gates[g0 + H + k] = f;
      gates[g0 + 2 * H + k] = g;
      gates[g0 + 3 * H + k] = o;
    }
  }
  return { h, c, gates };
}

/**
 * Backward of `lstmCellKernel` given ∂L/∂h and ∂L/∂c of the step's outputs: the gradients of xg (= of the
 * pre-activations) [B, 4H], of h_prev [B, S] and of c_prev [B, H].
 */
export function lstmCellBackwardKernel(
  gradH: TypedArray, gradC: TypedArray, gates: TypedArray, cPrev: TypedArray, c: TypedArray, wHH: TypedArray,
  spec: RecurrentCellSpec, dtype: DType, products: RecurrentProducts = referenceRecurrentProducts,
): { gradGates: TypedArray; gradHPrev: TypedArray; gradCPrev: TypedArray } {
  const { batch, hidden: H } = spec;
  const rows = 4 * H;
  const dA = new Float64Array(batch * rows);
  const gradCPrev = allocTyped(dtype, batch * H);
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
  return { gradGates: store(dtype, dA), gradHPrev: store(dtype, products.stateGrad(dA, wHH, batch, rows, spec.stateSize)), gradCPrev };
}

/**
 * GRU step (gate order r, z, n, PyTorch's form with the reset gate applied after the hidden product):
 * hg = h_prev·W_hhᵀ + b_hh; r = σ(xg_r + hg_r); z = σ(xg_z + hg_z); n = tanh(xg_n + r·hg_n);
 * h = (1 − z)·n + z·h_prev. `xg` holds W_ih·x + b_ih; `bHH` may be null (no bias). Returns h [B, H] and the
 * saved values [B, 4H] = (r, z, n, hg_n).
 */
export function gruCellKernel(
  xg: TypedArray, hPrev: TypedArray, wHH: TypedArray, bHH: TypedArray | null, spec: RecurrentCellSpec, dtype: DType,
  products: RecurrentProducts = referenceRecurrentProducts,
): { h: TypedArray; gates: TypedArray } {
  const { batch, hidden: H } = spec;
  const rows = 3 * H;
  const hg = products.hidden(hPrev, wHH, batch, rows, spec.stateSize);
  const h = allocTyped(dtype, batch * H);
  const gates = allocTyped(dtype, batch * 4 * H);
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

/**
 * Backward of `gruCellKernel` given ∂L/∂h: gradients of xg [B, 3H], of the hidden-side pre-activations
 * hg = h_prev·W_hhᵀ + b_hh [B, 3H] (from which the caller forms ∂W_hh and ∂b_hh) and of h_prev [B, H].
 */
export function gruCellBackwardKernel(
  gradH: TypedArray, gates: TypedArray, hPrev: TypedArray, wHH: TypedArray, spec: RecurrentCellSpec, dtype: DType,
  products: RecurrentProducts = referenceRecurrentProducts,
): { gradXg: TypedArray; gradHg: TypedArray; gradHPrev: TypedArray } {
  const { batch, hidden: H } = spec;
  const rows = 3 * H;
  const dX = new Float64Array(batch * rows);
  const dHg = new Float64Array(batch * rows);
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
  const gh = products.stateGrad(dHg, wHH, batch, rows, spec.stateSize);
  for (let i = 0; i < gh.length; i++) {
    const k = i % H;
    const b = (i - k) / H;
    gh[i]! += gradH[i]! * gates[b * 4 * H + H + k]!;
  }
  return { gradXg: store(dtype, dX), gradHg: store(dtype, dHg), gradHPrev: store(dtype, gh) };
}

/** Elman step: h = act(xg + h_prev·W_hhᵀ), act = tanh or relu; `xg` holds W_ih·x + b_ih + b_hh. */
export function rnnCellKernel(
  xg: TypedArray, hPrev: TypedArray, wHH: TypedArray, spec: RecurrentCellSpec, nonlinearity: RnnNonlinearity, dtype: DType,
  products: RecurrentProducts = referenceRecurrentProducts,
): TypedArray {
  const { batch, hidden: H } = spec;
  const a = products.hidden(hPrev, wHH, batch, H, spec.stateSize);
  const h = allocTyped(dtype, batch * H);
  const relu = nonlinearity === 'relu';
  for (let i = 0; i < h.length; i++) {
    const v = a[i]! + xg[i]!;
    h[i] = relu ? (v > 0 ? v : 0) : Math.tanh(v);
  }
  return h;
}

/** Backward of `rnnCellKernel` from its output h: gradients of xg (= of the pre-activation) [B, H] and h_prev [B, H]. */
export function rnnCellBackwardKernel(
  gradH: TypedArray, h: TypedArray, wHH: TypedArray, spec: RecurrentCellSpec, nonlinearity: RnnNonlinearity, dtype: DType,
  products: RecurrentProducts = referenceRecurrentProducts,
): { gradXg: TypedArray; gradHPrev: TypedArray } {
  const { batch, hidden: H } = spec;
  const dA = new Float64Array(batch * H);
  const relu = nonlinearity === 'relu';
  for (let i = 0; i < dA.length; i++) {
    const y = h[i]!;
    dA[i] = relu ? (y > 0 ? gradH[i]! : 0) : gradH[i]! * (1 - y * y);
  }
  return { gradXg: store(dtype, dA), gradHPrev: store(dtype, products.stateGrad(dA, wHH, batch, H, spec.stateSize)) };
}
