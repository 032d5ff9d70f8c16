import type { Shape } from '../../core/shape.js';
import { broadcastStrides, sizeOf } from '../../core/shape.js';
import type { BinaryOp, CompareOp } from '../backend.js';
import { rowWalk, type RowWalk } from '../cpu/rows.js';
import { elementwiseModuleBytes, type ArithOp, type CmpOp, type OperandModes } from './elementwise-module.js';
import { MAX_PAGES } from './gemm-block.js';
import { ScratchHeap } from './scratch-heap.js';

/** Outputs smaller than this stay in the JS fast paths (copying in and out costs more than it saves). */
export const WASM_ELEMENTWISE_MIN = 4096;

type RowsKernel = (a: number, b: number, out: number, rows: number, len: number, aOffs: number, bOffs: number) => void;
type WhereKernel = (c: number, a: number, b: number, out: number, rows: number, len: number, cOffs: number, aOffs: number, bOffs: number) => void;

const ARITH_OPS: ReadonlySet<string> = new Set(['add', 'sub', 'mul', 'div']);

/** Byte size of a scratch region: whole 16-byte vectors plus one for the kernels' overrun. */
const region = (bytes: number): number => Math.ceil(bytes / 16) * 16 + 16;

/** A bump layout of one call's regions on the scratch heap. */
class Layout {
  end = 0;
  add(bytes: number): number {
    const at = this.end;
    this.end += region(bytes);
    return at;
  }
}

/** The mode pair of a two-operand walk, or null when a step is neither 0 nor 1 or both are 0. */
function modesOf(walk: RowWalk, first: number, second: number): OperandModes | null {
  const [s, t] = [walk.steps[first]!, walk.steps[second]!];
  if (s === 1 && t === 1) return 'vv';
  if (s === 1 && t === 0) return 'vs';
  if (s === 0 && t === 1) return 'sv';
  return null;
}

/**
 * Float32 relu, arithmetic, comparisons and `where` with broadcasting as wasm SIMD kernels
 * (elementwise-module.ts) on a scratch heap: operands and the row walk's offset tables are copied in, the
 * kernel runs four lanes at a time and the result is copied out into a new array. Bit-identical to the
 * reference kernels. Each method returns null where the walk does not fit the kernels (a strided operand,
 * or an output below WASM_ELEMENTWISE_MIN elements), and the caller uses the JS fast paths.
 */
export class WasmElementwise {
  private readonly heap = new ScratchHeap();
  private readonly k: Record<string, (...args: number[]) => void>;

  constructor() {
    const module = new WebAssembly.Module(elementwiseModuleBytes({ initialPages: 1, maximumPages: MAX_PAGES, shared: false }));
    this.k = new WebAssembly.Instance(module, { env: { memory: this.heap.memory } }).exports as Record<string, (...args: number[]) => void>;
  }

  relu(x: Float32Array): Float32Array | null {
    if (x.length < WASM_ELEMENTWISE_MIN) return null;
    const layout = new Layout();
    const xAt = layout.add(x.length * 4);
    const outAt = layout.add(x.length * 4);
    const heap = this.heap.f32(layout.end);
    if (heap === null) return null;
    heap.set(x, xAt >> 2);
    this.k.relu!(xAt, outAt, Math.ceil(x.length / 4) * 4);
    return heap.slice(outAt >> 2, (outAt >> 2) + x.length);
  }

  /** y > 0 ? g : +0 elementwise (same-length operands), bit-identical to where(gt(y, 0), g, 0); null below WASM_ELEMENTWISE_MIN. */
  reluGrad(y: Float32Array, g: Float32Array): Float32Array | null {
    if (y.length < WASM_ELEMENTWISE_MIN || g.length !== y.length) return null;
    const layout = new Layout();
    const yAt = layout.add(y.length * 4);
    const gAt = layout.add(g.length * 4);
    const outAt = layout.add(y.length * 4);
    const heap = this.heap.f32(layout.end);
    if (heap === null) return null;
    heap.set(y, yAt >> 2);
    heap.set(g, gAt >> 2);
    this.k.relu_grad!(yAt, gAt, outAt, Math.ceil(y.length / 4) * 4);
    return heap.slice(outAt >> 2, (outAt >> 2) + y.length);
  }

  binary(op: BinaryOp, a: Float32Array, aShape: Shape, b: Float32Array, bShape: Shape, outShape: Shape): Float32Array | null {
    if (!ARITH_OPS.has(op)) return null;
    const out = this.rows(op as ArithOp, 4, a, aShape, b, bShape, outShape);
    return out === null ? null : new Float32Array(out.buffer, out.byteOffset, out.byteLength >> 2);
  }

  compare(op: CompareOp, a: Float32Array, aShape: Shape, b: Float32Array, bShape: Shape, outShape: Shape): Uint8Array | null {
    return this.rows(op as CmpOp, 1, a, aShape, b, bShape, outShape);
  }

  where(cond: Uint8Array, condShape: Shape, a: Float32Array, aShape: Shape, b: Float32Array, bShape: Shape, outShape: Shape): Float32Array | null {
    const n = sizeOf(outShape);
    if (n < WASM_ELEMENTWISE_MIN) return null;
    const walk = rowWalk(outShape, [condShape, aShape, bShape].map((s) => broadcastStrides(s, outShape)), [0, 0, 0]);
    const [cs, as, bs] = walk.steps as [number, number, number];
    if (cs !== 1 || as !== 1 || (bs !== 0 && bs !== 1)) return null;
    const layout = new Layout();
    const at = [layout.add(cond.length), layout.add(a.length * 4), layout.add(b.length * 4)];
    const outAt = layout.add(n * 4);
    const tables = walk.offsets.map((t) => layout.add(t.length * 4));
    const heap = this.heap.f32(layout.end);
    if (heap === null) return null;
    new Uint8Array(heap.buffer).set(cond, at[0]!);
    heap.set(a, at[1]! >> 2);
    heap.set(b, at[2]! >> 2);
    const ints = new Int32Array(heap.buffer);
    walk.offsets.forEach((t, k) => ints.set(t, tables[k]! >> 2));
    (this.k[`where_${bs === 1 ? 'v' : 's'}`] as WhereKernel)(at[0]!, at[1]!, at[2]!, outAt, walk.rows, walk.length, tables[0]!, tables[1]!, tables[2]!);
    return heap.slice(outAt >> 2, (outAt >> 2) + n);
  }

  /**
   * dst[offset + Σ iₐ·strides[a]] += src (stridedScatter with accumulate) for float32 when the walk's rows
   * are contiguous in dst; false (nothing done) otherwise.
   */
  stridedAccumulate(dst: Float32Array, src: Float32Array, srcShape: Shape, strides: readonly number[], offset: number): boolean {
    if (src.length < WASM_ELEMENTWISE_MIN) return false;
    const walk = rowWalk(srcShape, [strides], [offset]);
    if (walk.steps[0] !== 1) return false;
    const layout = new Layout();
    const dstAt = layout.add(dst.length * 4);
    const srcAt = layout.add(src.length * 4);
    const table = layout.add(walk.rows * 4);
    const heap = this.heap.f32(layout.end);
    if (heap === null) return false;
    heap.set(dst, dstAt >> 2);
    heap.set(src, srcAt >> 2);
    new Int32Array(heap.buffer).set(walk.offsets[0]!, table >> 2);
    this.k.accumulate_rows!(dstAt, srcAt, walk.rows, walk.length, table);
    dst.set(heap.subarray(dstAt >> 2, (dstAt >> 2) + dst.length));
    return true;
  }

  /** Max or min (and the index of its first occurrence, NaN counting as the extreme) of each of `outer` contiguous rows of `size`. */
  argReduceRows(op: 'max' | 'min', x: Float32Array, outer: number, size: number): { values: Float32Array; indices: Int32Array } | null {
    if (x.length < WASM_ELEMENTWISE_MIN || size < 1) return null;
    const layout = new Layout();
    const xAt = layout.add(x.length * 4);
    const valuesAt = layout.add(outer * 4);
    const indicesAt = layout.add(outer * 4);
    const heap = this.heap.f32(layout.end);
    if (heap === null) return null;
    heap.set(x, xAt >> 2);
    if (size === 2) this.k[op === 'max' ? 'argmax_pairs' : 'argmin_pairs']!(xAt, valuesAt, indicesAt, Math.ceil(outer / 4) * 4);
    else this.k[op === 'max' ? 'argmax_rows' : 'argmin_rows']!(xAt, valuesAt, indicesAt, outer, size);
    return { values: heap.slice(valuesAt >> 2, (valuesAt >> 2) + outer), indices: new Int32Array(heap.buffer).slice(indicesAt >> 2, (indicesAt >> 2) + outer) };
  }

  /**
   * The gradient of max over rows of 2 scattered into zeros: out[2i + idx[i]] = 0 + g[i], the other element of
   * each pair +0 (idx[i] ∈ {0, 1}, as argReduceRows gives); null below WASM_ELEMENTWISE_MIN pairs.
   */
  scatterPairs(g: Float32Array, idx: Int32Array): Float32Array | null {
    const n = g.length;
    if (n < WASM_ELEMENTWISE_MIN || idx.length !== n) return null;
    const n4 = Math.ceil(n / 4) * 4;
    const layout = new Layout();
    const gAt = layout.add(n4 * 4);
    const idxAt = layout.add(n4 * 4);
    const outAt = layout.add(n4 * 8);
    const heap = this.heap.f32(layout.end);
    if (heap === null) return null;
    heap.set(g, gAt >> 2);
    new Int32Array(heap.buffer).set(idx, idxAt >> 2);
    this.k.scatter_pairs!(gAt, idxAt, outAt, n4);
    return heap.slice(outAt >> 2, (outAt >> 2) + 2 * n);
  }

  /** One two-operand kernel over the row walk; the output as bytes (outBytes per element). */
  private rows(op: ArithOp | CmpOp, outBytes: 1 | 4, a: Float32Array, aShape: Shape, b: Float32Array, bShape: Shape, outShape: Shape): Uint8Array | null {
    const n = sizeOf(outShape);
    if (n < WASM_ELEMENTWISE_MIN) return null;
    const walk = rowWalk(outShape, [broadcastStrides(aShape, outShape), broadcastStrides(bShape, outShape)], [0, 0]);
    const modes = modesOf(walk, 0, 1);
    if (modes === null) return null;
    const layout = new Layout();
    const aAt = layout.add(a.length * 4);
    const bAt = layout.add(b.length * 4);
    const outAt = layout.add(n * outBytes);
    const tables = walk.offsets.map((t) => layout.add(t.length * 4));
    const heap = this.heap.f32(layout.end);
    if (heap === null) return null;
    heap.set(a, aAt >> 2);
    heap.set(b, bAt >> 2);
    const ints = new Int32Array(heap.buffer);
    walk.offsets.forEach((t, k) => ints.set(t, tables[k]! >> 2));
    (this.k[`${op}_${modes}`] as RowsKernel)(aAt, bAt, outAt, walk.rows, walk.length, tables[0]!, tables[1]!);
    return new Uint8Array(heap.buffer).slice(outAt, outAt + n * outBytes);
  }
}
