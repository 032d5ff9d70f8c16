import type { Shape } from '../../core/shape.js';
import { broadcastStrides, shapesEqual, sizeOf } from '../../core/shape.js';

/**
 * For each element of `outShape` (row-major), the flat offset of the element of an operand of shape `shape`
 * that broadcasts onto it; `null` when the operand already has `outShape` (offset = index).
 */
export function broadcastOffsets(shape: Shape, outShape: Shape): Int32Array | null {
  if (shapesEqual(shape, outShape)) return null;
  return stridedOffsets(outShape, broadcastStrides(shape, outShape), 0);
}

/** Flat source offsets `offset + Σ iₐ·strides[a]` for every index of `outShape`, in row-major order. */
export function stridedOffsets(outShape: Shape, strides: readonly number[], offset: number): Int32Array {
  const n = sizeOf(outShape);
  const out = new Int32Array(n);
  const rank = outShape.length;
  if (n === 0) return out;
  if (rank === 0) {
    out[0] = offset;
    return out;
  }
  const last = rank - 1;
  const innerSize = outShape[last]!;
  const innerStride = strides[last]!;
  const counter = new Array<number>(rank).fill(0);
  let base = offset;
  for (let i = 0; i < n; i += innerSize) {
    for (let j = 0; j < innerSize; j++) out[i + j] = base + j * innerStride;
    // advance the outer counters (all dims but the last)
    for (let d = last - 1; d >= 0; d--) {
      counter[d]!++;
      base += strides[d]!;
      if (counter[d]! < outShape[d]!) break;
      base -= counter[d]! * strides[d]!;
      counter[d] = 0;
    }
  }
  return out;
}
