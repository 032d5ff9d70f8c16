import { allocTyped, type DType, type TypedArray } from '../../core/dtype.js';
import type { Shape } from '../../core/shape.js';
import { sizeOf, stridesOf } from '../../core/shape.js';
import { stridedOffsets } from './offsets.js';
import { aroundDim } from './reduce.js';

export function stridedKernel(x: TypedArray, outShape: Shape, strides: readonly number[], offset: number, dtype: DType): TypedArray {
  const offsets = stridedOffsets(outShape, strides, offset);
  const out = allocTyped(dtype, offsets.length);
  for (let i = 0; i < offsets.length; i++) out[i] = x[offsets[i]!]!;
  return out;
}

export function stridedScatterKernel(dst: TypedArray, src: TypedArray, srcShape: Shape, strides: readonly number[], offset: number, accumulate: boolean): void {
  const offsets = stridedOffsets(srcShape, strides, offset);
  if (accumulate) for (let i = 0; i < offsets.length; i++) dst[offsets[i]!]! += src[i]!;
  else for (let i = 0; i < offsets.length; i++) dst[offsets[i]!] = src[i]!;
}

/**
 * Visits every index of `indexShape`, calling `visit(indexFlat, targetFlat)` where targetFlat is the flat
 * position in a tensor of `shape` at the same coordinates except along `dim`, where index[...] is used.
 */
function forEachAlongDim(shape: Shape, dim: number, index: Int32Array, indexShape: Shape, visit: (i: number, target: number) => void): void {
  const strides = stridesOf(shape);
  const n = sizeOf(indexShape);
  const rank = indexShape.length;
  const counter = new Array<number>(rank).fill(0);
  for (let i = 0; i < n; i++) {
    let target = 0;
    for (let d = 0; d < rank; d++) target += (d === dim ? index[i]! : counter[d]!) * strides[d]!;
    visit(i, target);
    for (let d = rank - 1; d >= 0; d--) {
      if (++counter[d]! < indexShape[d]!) break;
      counter[d] = 0;
    }
  }
}

export function gatherKernel(x: TypedArray, shape: Shape, dim: number, index: Int32Array, indexShape: Shape, dtype: DType): TypedArray {
  const out = allocTyped(dtype, index.length);
  forEachAlongDim(shape, dim, index, indexShape, (i, target) => {
    out[i] = x[target]!;
  });
  return out;
}

export function scatterAddKernel(x: TypedArray, shape: Shape, dim: number, index: Int32Array, indexShape: Shape, src: TypedArray, srcShape: Shape): TypedArray {
  const out = x.slice();
  const srcStrides = stridesOf(srcShape);
  const idxStrides = stridesOf(indexShape);
  forEachAlongDim(shape, dim, index, indexShape, (i, target) => {
    // src is read at the same coordinates as index (src may be larger than index, as torch allows)
    let rem = i;
    let s = 0;
    for (let d = 0; d < indexShape.length; d++) {
      const c = Math.floor(rem / idxStrides[d]!);
      rem -= c * idxStrides[d]!;
      s += c * srcStrides[d]!;
    }
    out[target]! += src[s]!;
  });
  return out;
}

export function indexSelectKernel(x: TypedArray, shape: Shape, dim: number, index: Int32Array, dtype: DType): TypedArray {
  const [outer, size, inner] = aroundDim(shape, dim);
  const out = allocTyped(dtype, outer * index.length * inner);
  for (let o = 0; o < outer; o++) {
    for (let j = 0; j < index.length; j++) {
      const src = (o * size + index[j]!) * inner;
      const dst = (o * index.length + j) * inner;
      for (let i = 0; i < inner; i++) out[dst + i] = x[src + i]!;
    }
  }
  return out;
}

export function indexAddKernel(x: TypedArray, shape: Shape, dim: number, index: Int32Array, src: TypedArray): TypedArray {
  const [outer, size, inner] = aroundDim(shape, dim);
  const out = x.slice();
  for (let o = 0; o < outer; o++) {
    for (let j = 0; j < index.length; j++) {
      const dst = (o * size + index[j]!) * inner;
      const from = (o * index.length + j) * inner;
      for (let i = 0; i < inner; i++) out[dst + i]! += src[from + i]!;
    }
  }
  return out;
}
