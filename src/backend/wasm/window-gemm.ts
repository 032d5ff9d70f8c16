/**
 * A convolution's three products (im2col forward, weight gradient, input gradient with col2im) over chunks of
 * batch items as one GEMM each on the wasm GEMM heap, instead of one product per batch item: a chunk's columns
 * are copied from the input's window view onto the heap item by item ([items][k][n], the layout the per-item
 * products read), and the product reads them as one operand with grouped columns or depth (`BlockGroups` of
 * gemm-block.ts). A chunk (DEFAULT_CHUNK_FLOATS of operands) stays in cache from the copy to the packing, and
 * its product is large enough to split across threads by columns (items·n of them), where per-item products
 * were too small to split well.
 *
 * - forward: C[m × batch·n] = W[m × k] · cols[k × batch·n], stored per item ([batch, m, n]), the channel bias
 *   added on the heap per item while its chunk is in cache (`add_col`), then relu where asked (the kernel
 *   of the elementwise module, max(v, 0) lane-wise: the numbers of the relu op) and max pooling by 2 (its
 *   `argmax_pairs`: the numbers of the arg-max op over pairs); every element sums its k products in the
 *   order of the per-item product, so the numbers are those of `matmul` per item.
 * - weight gradient: ∂W[m × k] = Σ_b g[b] · cols[b]ᵀ as one sum of depth batch·n, chunk after chunk (the batch
 *   sum inside the product: float32 accumulation in another order than per-item products then a batch sum).
 * - gradients of a pooled chain (`pairs`): the product's gradient is written onto the heap from the pooled
 *   one, into zeros at the maxima, chunk by chunk, instead of being read from a full-size array.
 * - input gradient: cols'[k × batch·n] = Wᵀ · g[m × batch·n], stored per item, then added into the windows of
 *   a zeroed region on the heap (`accumulate_rows`, rows in order, items in order: the numbers of the scalar
 *   scatter) where the windows' rows have a unit step, else scattered from the heap.
 */
import type { MatmulSpec, StridedOperand } from '../backend.js';
import { copyByWalk, scatterByWalk } from '../cpu/elementwise-f32.js';
import { rowWalk, type RowWalk } from '../cpu/rows.js';
import { roundUp } from './gemm-block.js';
import { MR, NR } from './gemm-module.js';
import type { WasmGemm } from './gemm.js';

/** The im2col walk of one batch item (rows of the [k, n] columns) and each item's base offset in the input. */
function windowsWalk(view: StridedOperand): { walk: RowWalk; base: (item: number) => number } {
  return { walk: rowWalk(view.shape, [view.strides], [0]), base: (item) => view.offset + item * view.batchStride };
}

/** Floats of operands per chunk of batch items (1 MiB): a chunk's columns stay in cache from the copy to the packing. */
export const DEFAULT_CHUNK_FLOATS = 1 << 18;
let chunkFloats = DEFAULT_CHUNK_FLOATS;

/** Sets the chunk size in floats (tests cut small products into several chunks with it). */
export function setChunkFloats(floats: number): void {
  chunkFloats = floats;
}

/** Batch items per chunk for items of `item` column floats (at least one). */
function itemsPerChunk(item: number, batch: number): number {
  return Math.max(1, Math.min(batch, Math.floor(chunkFloats / Math.max(1, item))));
}

/** Copies items [b0, b1)'s [k, n] columns from x's windows onto the heap at byte `at`, items one after another. */
function fillColumns(heap: Float32Array, at: number, x: Float32Array, view: StridedOperand, b0: number, b1: number, item: number): void {
  const { walk, base } = windowsWalk(view);
  for (let b = b0; b < b1; b++) copyByWalk(x, heap.subarray((at >> 2) + (b - b0) * item, (at >> 2) + (b - b0 + 1) * item), walk, base(b));
}

/**
 * Writes items [b0, b1) of a product's gradient ([m, n] floats each) onto the heap at byte `at`: copied, or
 * with `pairs` (the gradient at the maxima of pooling pairs, [m, n/2] per item, and their 0/1 indices)
 * written into zeros at the maxima by `scatter_pairs` (the numbers of `scatterAddZeros` over the pairs) via
 * scratch regions `gAt`, `idxAt`. The region at `at` needs 8 floats of room past the items.
 */
function fillGradient(gemm: WasmGemm, heap: Float32Array, at: number, g: Float32Array, pairs: Int32Array | null, b0: number, b1: number, item: number, gAt: number, idxAt: number): void {
  if (pairs === null) {
    heap.set(g.subarray(b0 * item, b1 * item), at >> 2);
    return;
  }
  const [p0, p1] = [(b0 * item) / 2, (b1 * item) / 2];
  heap.set(g.subarray(p0, p1), gAt >> 2);
  new Int32Array(heap.buffer).set(pairs.subarray(p0, p1), idxAt >> 2);
  gemm.kernelSet.scatter_pairs(gAt, idxAt, at, Math.ceil((p1 - p0) / 4) * 4);
}

/**
 * out[b] = W · cols[b] (+ bias[:, None]), relu of that where `relu` → [batch, m, n], spec as `matmulWindows`'
 * forward call (A shared, not transposed). With `pool2` (relu implied, n even) the result is not returned
 * but reduced over adjacent pairs along n on the heap, chunk by chunk (`argmax_pairs`): the pairs' maxima
 * [batch, m, n/2] and 0/1 indices of the first maximum (NaN counting as the maximum).
 */
export function windowsForward(
  gemm: WasmGemm, w: Float32Array, x: Float32Array, view: StridedOperand, s: MatmulSpec, bias: Float32Array | null, relu = false, pool2 = false,
): { values: Float32Array; indices: Int32Array | null } {
  const { batch, m, k, n } = s;
  const per = itemsPerChunk(k * n, batch);
  const pairs = (batch * m * n) / 2;
  const { at: [aOff, bOff, cOff, biasOff, valuesOff, indicesOff], heap, work } = gemm.regions([
    m * k, per * k * n, (pool2 ? per : batch) * m * n, m, pool2 ? pairs + 4 : 0, pool2 ? pairs + 4 : 0,
  ]);
  heap.set(w.subarray(0, m * k), aOff! >> 2);
  if (bias !== null) heap.set(bias, biasOff! >> 2);
  const k4 = (count: number): number => Math.ceil(count / 4) * 4;
  for (let b0 = 0; b0 < batch; b0 += per) {
    const b1 = Math.min(batch, b0 + per);
    const cAt = cOff! + (pool2 ? 0 : b0 * m * n * 4);
    fillColumns(heap, bOff!, x, view, b0, b1, k * n);
    gemm.runBlock({
      aBase: aOff!, rsA: k, csA: 1, bBase: bOff!, rsB: 1, csB: n, cBase: cAt, ldc: n, m, n: (b1 - b0) * n, k, work,
      nGroup: n, bnStride: k * n, cnStride: m * n,
    });
    if (bias !== null) for (let b = 0; b < b1 - b0; b++) gemm.kernelSet.add_col(cAt + b * m * n * 4, m, n, biasOff!);
    // whole vectors of 4 (pairs): the last may read or write ≤ 3 past the chunk, into the next chunk's product
    // (not yet stored), the next chunk's pooled slots (not yet written) or a region's padding
    if (relu || pool2) gemm.kernelSet.relu(cAt, cAt, k4((b1 - b0) * m * n));
    if (pool2) gemm.kernelSet.argmax_pairs(cAt, valuesOff! + b0 * m * n * 2, indicesOff! + b0 * m * n * 2, k4(((b1 - b0) * m * n) / 2));
  }
  if (!pool2) return { values: heap.slice(cOff! >> 2, (cOff! >> 2) + batch * m * n), indices: null };
  return { values: heap.slice(valuesOff! >> 2, (valuesOff! >> 2) + pairs), indices: new Int32Array(heap.buffer).slice(indicesOff! >> 2, (indicesOff! >> 2) + pairs) };
}

/**
 * Σ_b g[b] · cols[b]ᵀ → [m, kc] for g [batch, m, n] (spec as `matmulWindows`' weight-gradient call: k = n
 * positions, n = kc): one sum of depth batch·n, computed chunk of items by chunk, each continuing the sums.
 * Where kc is narrower than a register tile and m is not (a first layer: one input channel, a short kernel)
 * the transpose cols·gᵀ [kc, m] is computed instead and transposed: fewer padded tile lanes, and the same
 * bits (each element is the same products summed in the same order; a multiply-add is symmetric).
 */
export function windowsWeightGrad(gemm: WasmGemm, g: Float32Array, x: Float32Array, view: StridedOperand, s: MatmulSpec, pairs: Int32Array | null = null): Float32Array {
  const { batch, m, k: positions, n: kc } = s;
  const lanes = (rows: number, cols: number): number => roundUp(rows, MR) * roundUp(cols, NR);
  const swap = lanes(kc, m) < lanes(m, kc);
  const per = itemsPerChunk((kc + m) * positions, batch);
  const half = pairs === null ? 0 : (per * m * positions) / 2 + 4;
  const { at: [gOff, colsOff, cOff, pgOff, idxOff], heap, work } = gemm.regions([per * m * positions + 8, per * kc * positions, m * kc, half, half]);
  const gRows = { base: gOff!, rs: positions, cs: 1, ks: m * positions };
  const colRows = { base: colsOff!, rs: positions, cs: 1, ks: kc * positions };
  const [a, b] = swap ? [colRows, gRows] : [gRows, colRows];
  for (let b0 = 0; b0 < batch; b0 += per) {
    const b1 = Math.min(batch, b0 + per);
    fillGradient(gemm, heap, gOff!, g, pairs, b0, b1, m * positions, pgOff!, idxOff!);
    fillColumns(heap, colsOff!, x, view, b0, b1, kc * positions);
    gemm.runBlock({
      aBase: a.base, rsA: a.rs, csA: a.cs, bBase: b.base, rsB: b.rs, csB: b.cs, cBase: cOff!, ldc: swap ? m : kc, m: swap ? kc : m, n: swap ? m : kc,
      k: (b1 - b0) * positions, work, accumulate: b0 > 0 ? 1 : 0, kGroup: positions, akStride: a.ks, bkStride: b.ks,
    });
  }
  const c = heap.slice(cOff! >> 2, (cOff! >> 2) + m * kc);
  if (!swap) return c;
  const out = new Float32Array(m * kc);
  for (let i = 0; i < kc; i++) for (let j = 0; j < m; j++) out[j * kc + i] = c[i * m + j]!;
  return out;
}

/**
 * A storage of `size` zeros into whose windows (`view`) item b of Wᵀ · g[b] is written (added where
 * `accumulate`), spec as `matmulIntoWindows`' call (A the weight [k, m] read transposed: m = kc rows of the
 * columns, k = channels, n positions).
 */
export function windowsInputGrad(
  gemm: WasmGemm, w: Float32Array, g: Float32Array, s: MatmulSpec, view: StridedOperand, size: number, accumulate: boolean, pairs: Int32Array | null = null,
): Float32Array {
  const { batch, m: kc, k: channels, n } = s;
  const { walk, base } = windowsWalk(view);
  const inHeap = accumulate && walk.steps[0] === 1;
  const rows = walk.offsets[0]!;
  const per = itemsPerChunk((kc + channels) * n, batch);
  const half = pairs === null ? 0 : (per * channels * n) / 2 + 4;
  const { at: [aOff, bOff, cOff, outOff, tableOff, pgOff, idxOff], heap, work } = gemm.regions([
    channels * kc, per * channels * n + 8, per * kc * n, inHeap ? size : 0, rows.length, half, half,
  ]);
  heap.set(w.subarray(0, channels * kc), aOff! >> 2);
  const out = inHeap ? null : new Float32Array(size);
  if (inHeap) {
    heap.fill(0, outOff! >> 2, (outOff! >> 2) + size);
    new Int32Array(heap.buffer).set(rows, tableOff! >> 2);
  }
  for (let b0 = 0; b0 < batch; b0 += per) {
    const b1 = Math.min(batch, b0 + per);
    fillGradient(gemm, heap, bOff!, g, pairs, b0, b1, channels * n, pgOff!, idxOff!);
    gemm.runBlock({
      aBase: aOff!, rsA: 1, csA: kc, bBase: bOff!, rsB: 1, csB: n, cBase: cOff!, ldc: n, m: kc, n: (b1 - b0) * n, k: channels, work,
      nGroup: n, bnStride: channels * n, cnStride: kc * n,
    });
    for (let b = b0; b < b1; b++) {
      const src = cOff! + (b - b0) * kc * n * 4;
      if (out === null) gemm.kernelSet.accumulate_rows(outOff! + base(b) * 4, src, walk.rows, walk.length, tableOff!);
      else scatterByWalk(out, heap.subarray(src >> 2, (src >> 2) + kc * n), walk, base(b), accumulate);
    }
  }
  return out ?? heap.slice(outOff! >> 2, (outOff! >> 2) + size);
}
