import { allocTyped, type DType, type TypedArray } from '../../core/dtype.js';
import type { Shape } from '../../core/shape.js';
import { stridesOf } from '../../core/shape.js';
import type { ReduceOp } from '../backend.js';
import { stridedOffsets } from './offsets.js';

/**
 * Reduction over `dims`. Sums use Neumaier-compensated accumulation in double precision, so the result is
 * within an ulp or two of the exact sum; max/min propagate NaN as PyTorch does.
 */
export function reduceKernel(op: ReduceOp, x: TypedArray, shape: Shape, dims: readonly number[], dtype: DType): TypedArray {
  const strides = stridesOf(shape);
  const keptShape: number[] = [];
  const keptStrides: number[] = [];
  const redShape: number[] = [];
  const redStrides: number[] = [];
  for (let d = 0; d < shape.length; d++) {
    if (dims.includes(d)) {
      redShape.push(shape[d]!);
      redStrides.push(strides[d]!);
    } else {
      keptShape.push(shape[d]!);
      keptStrides.push(strides[d]!);
    }
  }
  const kept = stridedOffsets(keptShape, keptStrides, 0);
  const red = stridedOffsets(redShape, redStrides, 0);
  const out = allocTyped(dtype, kept.length);
  const m = red.length;
  for (let i = 0; i < kept.length; i++) {
    const base = kept[i]!;
    switch (op) {
      case 'sum': {
        let s = 0;
        let c = 0;
        for (let j = 0; j < m; j++) {
          const v = x[base + red[j]!]!;
          const t = s + v;
          c += Math.abs(s) >= Math.abs(v) ? s - t + v : v - t + s;
          s = t;
        }
        out[i] = s + c;
        break;
      }
      case 'prod': {
        let p = 1;
        for (let j = 0; j < m; j++) p *= x[base + red[j]!]!;
        out[i] = p;
        break;
      }
      case 'max': {
        let best = -Infinity;
        for (let j = 0; j < m; j++) {
          const v = x[base + red[j]!]!;
          if (v > best || v !== v) best = v;
          if (best !== best) break;
        }
        out[i] = best;
        break;
      }
      case 'min': {
        let best = Infinity;
        for (let j = 0; j < m; j++) {
          const v = x[base + red[j]!]!;
          if (v < best || v !== v) best = v;
          if (best !== best) break;
        }
        out[i] = best;
        break;
      }
    }
  }
  return out;
}

/** Splits `shape` around `dim` into [outer, size, inner] for the along-one-dim kernels. */
export function aroundDim(shape: Shape, dim: number): [number, number, number] {
  let outer = 1;
  let inner = 1;
  for (let d = 0; d < dim; d++) outer *= shape[d]!;
  for (let d = dim + 1; d < shape.length; d++) inner *= shape[d]!;
  return [outer, shape.length === 0 ? 1 : shape[dim]!, inner];
}

export function argReduceKernel(op: 'max' | 'min', x: TypedArray, shape: Shape, dim: number, dtype: DType): { values: TypedArray; indices: Int32Array } {
  const [outer, size, inner] = aroundDim(shape, dim);
  const values = allocTyped(dtype, outer * inner);
  const indices = new Int32Array(outer * inner);
  if (inner === 1) {
    argReduceContiguous(op === 'max', x, outer, size, values, indices);
    return { values, indices };
  }
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const base = o * size * inner + i;
      let best = x[base]!;
      let bestIdx = 0;
      if (best === best) {
        for (let j = 1; j < size; j++) {
          const v = x[base + j * inner]!;
          if (v !== v) {
            best = v;
            bestIdx = j;
            break;
          }
          if (op === 'max' ? v > best : v < best) {
            best = v;
            bestIdx = j;
          }
        }
      }
      values[o * inner + i] = best;
      indices[o * inner + i] = bestIdx;
    }
  }
  return { values, indices };
}

/** argReduceKernel along a contiguous last dim: the same visiting order and comparisons, without the inner loop. */
function argReduceContiguous(max: boolean, x: TypedArray, outer: number, size: number, values: TypedArray, indices: Int32Array): void {
  for (let o = 0, base = 0; o < outer; o++, base += size) {
    let best = x[base]!;
    let bestIdx = 0;
    if (best === best) {
      for (let j = 1; j < size; j++) {
        const v = x[base + j]!;
        if (v !== v) {
          best = v;
          bestIdx = j;
          break;
        }
        if (max ? v > best : v < best) {
          best = v;
          bestIdx = j;
        }
      }
    }
    values[o] = best;
    indices[o] = bestIdx;
  }
}

export function cumsumKernel(x: TypedArray, shape: Shape, dim: number, dtype: DType): TypedArray {
  const [outer, size, inner] = aroundDim(shape, dim);
  const out = allocTyped(dtype, x.length);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const base = o * size * inner + i;
      let s = 0;
      for (let j = 0; j < size; j++) {
        s += x[base + j * inner]!;
        out[base + j * inner] = s;
      }
    }
  }
  return out;
}

/** softmax(x)ᵢ = exp(xᵢ − max) / Σ exp(xⱼ − max); log-softmax = xᵢ − max − log Σ exp(xⱼ − max). */
export function softmaxKernel(x: TypedArray, shape: Shape, dim: number, log: boolean, dtype: DType): TypedArray {
  const [outer, size, inner] = aroundDim(shape, dim);
  const out = allocTyped(dtype, x.length);
  const exps = new Float64Array(size);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const base = o * size * inner + i;
      let max = -Infinity;
      for (let j = 0; j < size; j++) {
        const v = x[base + j * inner]!;
        if (v > max || v !== v) max = v;
      }
      if (max === -Infinity) max = 0; // all -inf: softmax is NaN as in PyTorch (0/0), log-softmax -inf - log 0
      let sum = 0;
      for (let j = 0; j < size; j++) {
        const e = Math.exp(x[base + j * inner]! - max);
        exps[j] = e;
        sum += e;
      }
      if (log) {
        const lse = Math.log(sum);
        for (let j = 0; j < size; j++) out[base + j * inner] = x[base + j * inner]! - max - lse;
      } else {
        for (let j = 0; j < size; j++) out[base + j * inner] = exps[j]! / sum;
      }
    }
  }
  return out;
}
