/**
 * Float32 fast paths of the elementwise primitives, used by every backend that stores plain typed arrays:
 * monomorphic loops over Float32Array with broadcasting resolved into long rows (rows.ts). Each computes
 * exactly the reference formula of elementwise.ts in double precision and rounds once on store, so results
 * are bit-identical to the generic kernels. Comparisons, `where` and relu are branch-free (integer masks on
 * the float bits): their outcome is data-dependent, and a mispredicted branch per element costs more than
 * the arithmetic. Ops not listed here return null and the caller uses the generic kernels.
 */
import type { Shape } from '../../core/shape.js';
import { broadcastStrides, sizeOf } from '../../core/shape.js';
import { shapesEqual } from '../../core/shape.js';
import type { BinaryOp, CompareOp, UnaryOp } from '../backend.js';
import { rowWalk, type RowWalk } from './rows.js';

/** relu by bits: keeps x when its sign bit is clear or it is NaN, else +0 (so −0 → +0, as the reference). */
function reluBits(x: Float32Array, out: Float32Array): void {
  const xi = new Int32Array(x.buffer, x.byteOffset, x.length);
  const oi = new Int32Array(out.buffer, out.byteOffset, out.length);
  for (let i = 0; i < xi.length; i++) {
    const b = xi[i]!;
    oi[i] = b & (~(b >> 31) | -+((b & 0x7fffffff) > 0x7f800000));
  }
}


/** out[i] = f(x[i]) for the common unary ops; null for the others. */
export function unaryF32(op: UnaryOp, x: Float32Array): Float32Array | null {
  const n = x.length;
  const out = new Float32Array(n);
  switch (op) {
    case 'neg': for (let i = 0; i < n; i++) out[i] = -x[i]!; break;
    case 'abs': for (let i = 0; i < n; i++) out[i] = Math.abs(x[i]!); break;
    case 'sqrt': for (let i = 0; i < n; i++) out[i] = Math.sqrt(x[i]!); break;
    case 'rsqrt': for (let i = 0; i < n; i++) out[i] = 1 / Math.sqrt(x[i]!); break;
    case 'exp': for (let i = 0; i < n; i++) out[i] = Math.exp(x[i]!); break;
    case 'log': for (let i = 0; i < n; i++) out[i] = Math.log(x[i]!); break;
    case 'tanh': for (let i = 0; i < n; i++) out[i] = Math.tanh(x[i]!); break;
    case 'sigmoid': for (let i = 0; i < n; i++) out[i] = 1 / (1 + Math.exp(-x[i]!)); break;
    case 'relu': reluBits(x, out); break;
    case 'square': for (let i = 0; i < n; i++) { const v = x[i]!; out[i] = v * v; } break;
    case 'reciprocal': for (let i = 0; i < n; i++) out[i] = 1 / x[i]!; break;
    default: return null;
  }
  return out;
}

/** The arithmetic binary ops with a float32 fast path. */
const FAST_BINARY: ReadonlySet<BinaryOp> = new Set<BinaryOp>(['add', 'sub', 'mul', 'div', 'maximum', 'minimum']);

/** out = a op b with broadcasting for the arithmetic ops; null for the others. */
export function binaryF32(op: BinaryOp, a: Float32Array, aShape: Shape, b: Float32Array, bShape: Shape, outShape: Shape): Float32Array | null {
  if (!FAST_BINARY.has(op)) return null;
  const out = new Float32Array(sizeOf(outShape));
  if (out.length === 0) return out;
  if (shapesEqual(aShape, outShape) && shapesEqual(bShape, outShape)) {
    binaryRow(op, out, 0, a, 0, 1, b, 0, 1, out.length);
    return out;
  }
  const walk = rowWalk(outShape, [broadcastStrides(aShape, outShape), broadcastStrides(bShape, outShape)], [0, 0]);
  const [aOffsets, bOffsets] = walk.offsets as [Int32Array, Int32Array];
  const [as, bs] = walk.steps as [number, number];
  const len = walk.length;
  for (let r = 0, o = 0; r < walk.rows; r++, o += len) {
    binaryRow(op, out, o, a, aOffsets[r]!, as, b, bOffsets[r]!, bs, len);
  }
  return out;
}

function binaryRow(
  op: BinaryOp, out: Float32Array, o: number, a: Float32Array, ai: number, as: number, b: Float32Array, bi: number, bs: number, n: number,
): void {
  const end = o + n;
  if (bs === 0 && op !== 'maximum' && op !== 'minimum') {
    // a scalar or a broadcast row of b (a bias): one value per row, kept in a register
    const y = b[bi]!;
    switch (op) {
      case 'add': for (; o < end; o++, ai += as) out[o] = a[ai]! + y; break;
      case 'sub': for (; o < end; o++, ai += as) out[o] = a[ai]! - y; break;
      case 'mul': for (; o < end; o++, ai += as) out[o] = a[ai]! * y; break;
      default: for (; o < end; o++, ai += as) out[o] = a[ai]! / y; break;
    }
    return;
  }
  switch (op) {
    case 'add': for (; o < end; o++, ai += as, bi += bs) out[o] = a[ai]! + b[bi]!; break;
    case 'sub': for (; o < end; o++, ai += as, bi += bs) out[o] = a[ai]! - b[bi]!; break;
    case 'mul': for (; o < end; o++, ai += as, bi += bs) out[o] = a[ai]! * b[bi]!; break;
    case 'div': for (; o < end; o++, ai += as, bi += bs) out[o] = a[ai]! / b[bi]!; break;
    case 'maximum':
      for (; o < end; o++, ai += as, bi += bs) {
        const x = a[ai]!;
        const y = b[bi]!;
        out[o] = x !== x || y !== y ? NaN : x > y ? x : y;
      }
      break;
    case 'minimum':
      for (; o < end; o++, ai += as, bi += bs) {
        const x = a[ai]!;
        const y = b[bi]!;
        out[o] = x !== x || y !== y ? NaN : x < y ? x : y;
      }
      break;
    default: throw new Error(`binaryRow: ${op} has no float32 fast path`);
  }
}

/** Comparison with broadcasting of two float32 operands into a bool (0/1 byte) array. */
export function compareF32(op: CompareOp, a: Float32Array, aShape: Shape, b: Float32Array, bShape: Shape, outShape: Shape): Uint8Array {
  const out = new Uint8Array(sizeOf(outShape));
  if (out.length === 0) return out;
  const walk = rowWalk(outShape, [broadcastStrides(aShape, outShape), broadcastStrides(bShape, outShape)], [0, 0]);
  const [aOffsets, bOffsets] = walk.offsets as [Int32Array, Int32Array];
  const [as, bs] = walk.steps as [number, number];
  const len = walk.length;
  for (let r = 0, o = 0; r < walk.rows; r++) {
    let ai = aOffsets[r]!;
    let bi = bOffsets[r]!;
    const end = o + len;
    if (bs === 0) {
      // a scalar or a broadcast row of b: one value per row, kept in a register
      const y = b[bi]!;
      switch (op) {
        case 'eq': for (; o < end; o++, ai += as) out[o] = +(a[ai] === y); break;
        case 'ne': for (; o < end; o++, ai += as) out[o] = +(a[ai] !== y); break;
        case 'lt': for (; o < end; o++, ai += as) out[o] = +(a[ai]! < y); break;
        case 'le': for (; o < end; o++, ai += as) out[o] = +(a[ai]! <= y); break;
        case 'gt': for (; o < end; o++, ai += as) out[o] = +(a[ai]! > y); break;
        case 'ge': for (; o < end; o++, ai += as) out[o] = +(a[ai]! >= y); break;
      }
      continue;
    }
    switch (op) {
      case 'eq': for (; o < end; o++, ai += as, bi += bs) out[o] = +(a[ai] === b[bi]); break;
      case 'ne': for (; o < end; o++, ai += as, bi += bs) out[o] = +(a[ai] !== b[bi]); break;
      case 'lt': for (; o < end; o++, ai += as, bi += bs) out[o] = +(a[ai]! < b[bi]!); break;
      case 'le': for (; o < end; o++, ai += as, bi += bs) out[o] = +(a[ai]! <= b[bi]!); break;
      case 'gt': for (; o < end; o++, ai += as, bi += bs) out[o] = +(a[ai]! > b[bi]!); break;
      case 'ge': for (; o < end; o++, ai += as, bi += bs) out[o] = +(a[ai]! >= b[bi]!); break;
    }
  }
  return out;
}

/** out = cond ? a : b with broadcasting, float32 operands and a bool condition. */
export function whereF32(
  cond: Uint8Array, condShape: Shape, a: Float32Array, aShape: Shape, b: Float32Array, bShape: Shape, outShape: Shape,
): Float32Array {
  const out = new Float32Array(sizeOf(outShape));
  if (out.length === 0) return out;
  const walk = rowWalk(outShape, [condShape, aShape, bShape].map((s) => broadcastStrides(s, outShape)), [0, 0, 0]);
  const [cOffsets, aOffsets, bOffsets] = walk.offsets as [Int32Array, Int32Array, Int32Array];
  const [cs, as, bs] = walk.steps as [number, number, number];
  const len = walk.length;
  // select by bits: mask = −1 where cond ≠ 0 (bytes are 0…255, so (c | −c) >> 31 is 0 or −1)
  const ab = new Int32Array(a.buffer, a.byteOffset, a.length);
  const bb = new Int32Array(b.buffer, b.byteOffset, b.length);
  const ob = new Int32Array(out.buffer, out.byteOffset, out.length);
  for (let r = 0, o = 0; r < walk.rows; r++) {
    let ci = cOffsets[r]!;
    let ai = aOffsets[r]!;
    let bi = bOffsets[r]!;
    if (bs === 0) {
      const y = bb[bi]!;
      for (const end = o + len; o < end; o++, ci += cs, ai += as) {
        const c = cond[ci]!;
        const mask = (c | -c) >> 31;
        ob[o] = (ab[ai]! & mask) | (y & ~mask);
      }
      continue;
    }
    for (const end = o + len; o < end; o++, ci += cs, ai += as, bi += bs) {
      const c = cond[ci]!;
      const mask = (c | -c) >> 31;
      ob[o] = (ab[ai]! & mask) | (bb[bi]! & ~mask);
    }
  }
  return out;
}

/** out[i₀..] = x[offset + Σ iₐ·strides[a]] (permute, expand, slice, flip) for any typed array, by rows. */
export function stridedCopy<A extends Float32Array | Float64Array | Int32Array | Uint8Array>(
  x: A, out: A, outShape: Shape, strides: readonly number[], offset: number,
): void {
  if (out.length === 0) return;
  copyByWalk(x, out, rowWalk(outShape, [strides], [0]), offset);
}

/**
 * `stridedCopy` along a row walk planned once (base offset 0) and used at offset `base`: the im2col of a
 * convolution reads every batch item's windows with one walk.
 */
export function copyByWalk<A extends Float32Array | Float64Array | Int32Array | Uint8Array>(x: A, out: A, walk: RowWalk, base: number): void {
  const offsets = walk.offsets[0]!;
  const step = walk.steps[0]!;
  const len = walk.length;
  for (let r = 0, o = 0; r < walk.rows; r++) {
    let i = base + offsets[r]!;
    if (step === 1 && len >= 16) {
      out.set(x.subarray(i, i + len), o);
      o += len;
    } else {
      for (let j = 0; j < len; j++, i += step) out[o++] = x[i]!;
    }
  }
}

/** dst[offset + Σ iₐ·strides[a]] = src (or += when `accumulate`) for any typed array, by rows. */
export function stridedScatterRows<A extends Float32Array | Float64Array | Int32Array | Uint8Array>(
  dst: A, src: A, srcShape: Shape, strides: readonly number[], offset: number, accumulate: boolean,
): void {
  if (src.length === 0) return;
  scatterByWalk(dst, src, rowWalk(srcShape, [strides], [0]), offset, accumulate);
}

/** `stridedScatterRows` along a row walk planned once (base offset 0) and used at offset `base` (col2im per batch item). */
export function scatterByWalk<A extends Float32Array | Float64Array | Int32Array | Uint8Array>(dst: A, src: A, walk: RowWalk, base: number, accumulate: boolean): void {
  const offsets = walk.offsets[0]!;
  const step = walk.steps[0]!;
  const len = walk.length;
  for (let r = 0, o = 0; r < walk.rows; r++) {
    let i = base + offsets[r]!;
    if (accumulate) for (let j = 0; j < len; j++, i += step) dst[i]! += src[o++]!;
    else if (step === 1 && len >= 16) {
      dst.set(src.subarray(o, o + len), i);
      o += len;
    } else for (let j = 0; j < len; j++, i += step) dst[i] = src[o++]!;
  }
}
