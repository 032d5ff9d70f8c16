import { allocTyped, type DType, type TypedArray } from '../../core/dtype.js';
import type { Shape } from '../../core/shape.js';
import { stridesOf } from '../../core/shape.js';
import { rowWalk, type RowWalk } from '../cpu/rows.js';

/**
 * torch.gather and torch.scatter_add along `dim` by rows: element i of `index` (row-major over indexShape)
 * addresses x at its own coordinates with coordinate `dim` replaced by index[i]. Same visiting order and
 * arithmetic as the reference kernels (cpu/movement.ts), without per-element coordinate decoding
 * (one monomorphic loop per primitive, so the walk is not a per-element callback).
 */
/** The row walk of `index` over x's coordinates with coordinate `dim` zeroed, and x's stride along `dim`. */
function plan(shape: Shape, dim: number, indexShape: Shape): { walk: RowWalk; stride: number } {
  const xs = stridesOf(shape);
  return { walk: rowWalk(indexShape, [xs.map((s, d) => (d === dim ? 0 : s))], [0]), stride: xs[dim] ?? 1 };
}

export function gatherRows(x: TypedArray, shape: Shape, dim: number, index: Int32Array, indexShape: Shape, dtype: DType): TypedArray {
  const out = allocTyped(dtype, index.length);
  if (out.length === 0) return out;
  const { walk, stride } = plan(shape, dim, indexShape);
  const offsets = walk.offsets[0]!;
  const step = walk.steps[0]!;
  for (let r = 0, i = 0; r < walk.rows; r++) {
    for (let j = 0, t = offsets[r]!; j < walk.length; j++, t += step, i++) out[i] = x[t + index[i]! * stride]!;
  }
  return out;
}

export function scatterAddRows(x: TypedArray, shape: Shape, dim: number, index: Int32Array, indexShape: Shape, src: TypedArray): TypedArray {
  return scatterAddRowsInto(x.slice(), shape, dim, index, indexShape, src);
}

/** scatter_add into `out` in place (a copy of x, or zeros for the gradient of gather / max along a dim); returns it. */
export function scatterAddRowsInto(out: TypedArray, shape: Shape, dim: number, index: Int32Array, indexShape: Shape, src: TypedArray): TypedArray {
  if (index.length === 0) return out;
  const { walk, stride } = plan(shape, dim, indexShape);
  const { rows, length, offsets: [offsets], steps: [step] } = walk;
  if (out instanceof Float32Array && src instanceof Float32Array) scatterF32(out, src, index, offsets!, rows, length, step!, stride);
  else scatterAny(out, src, index, offsets!, rows, length, step!, stride);
  return out;
}

/** The scatter loop for float32 alone, so its element accesses stay monomorphic (the float32 training path). */
function scatterF32(out: Float32Array, src: Float32Array, index: Int32Array, offsets: Int32Array, rows: number, length: number, step: number, stride: number): void {
  for (let r = 0, i = 0; r < rows; r++) {
    for (let j = 0, t = offsets[r]!; j < length; j++, t += step, i++) out[t + index[i]! * stride]! += src[i]!;
  }
}

function scatterAny(out: TypedArray, src: TypedArray, index: Int32Array, offsets: Int32Array, rows: number, length: number, step: number, stride: number): void {
  for (let r = 0, i = 0; r < rows; r++) {
    for (let j = 0, t = offsets[r]!; j < length; j++, t += step, i++) out[t + index[i]! * stride]! += src[i]!;
  }
}
