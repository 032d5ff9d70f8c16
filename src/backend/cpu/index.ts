import { allocTyped, type DType, type TypedArray } from '../../core/dtype.js';
import { sizeOf, type Shape } from '../../core/shape.js';
import type {
  AdamStepSpec, Backend, BinaryOp, CompareOp, GruCellGrads, GruCellResult, LstmCellGrads, LstmCellResult, MatmulSpec, RecurrentCellSpec,
  ReduceOp, RnnCellGrads, RnnNonlinearity, Storage, UnaryOp,
} from '../backend.js';
import { adamStepF32 } from './adam-f32.js';
import { binaryKernel, compareKernel, unaryKernel, whereKernel } from './elementwise.js';
import { binaryF32, compareF32, stridedCopy, stridedScatterRows, unaryF32, whereF32 } from './elementwise-f32.js';
import { matmulKernel } from './matmul.js';
import { gatherKernel, indexAddKernel, indexSelectKernel, scatterAddKernel } from './movement.js';
import {
  gruCellBackwardKernel, gruCellKernel, lstmCellBackwardKernel, lstmCellKernel, rnnCellBackwardKernel, rnnCellKernel,
  referenceRecurrentProducts, type RecurrentProducts,
} from './recurrent.js';
import { argReduceKernel, cumsumKernel, reduceKernel, softmaxKernel } from './reduce.js';
import { CpuStorage, cpuData } from './storage.js';

/**
 * The reference backend: plain typed arrays, float32 and float64 (plus int32 and bool), straightforward loops
 * computed in double precision. It is the oracle the fast backends are tested against. Float32 elementwise
 * ops and strided copies take the row-wise fast paths of elementwise-f32.ts, bit-identical to the generic
 * kernels of elementwise.ts / movement.ts (which serve the other dtypes and test the fast paths).
 */
export class CpuBackend implements Backend {
  readonly name: string = 'cpu';
  readonly dtypes: readonly DType[] = ['float32', 'float64', 'int32', 'bool'];

  private wrap(data: TypedArray, dtype: DType): CpuStorage {
    return new CpuStorage(data, dtype);
  }

  fromValues(dtype: DType, values: ArrayLike<number>): Storage {
    const data = allocTyped(dtype, values.length);
    if (dtype === 'bool') for (let i = 0; i < values.length; i++) data[i] = values[i] ? 1 : 0;
    else data.set(values as ArrayLike<number>);
    return this.wrap(data, dtype);
  }

  full(dtype: DType, size: number, value: number): Storage {
    const data = allocTyped(dtype, size);
    if (value !== 0) data.fill(dtype === 'bool' ? (value ? 1 : 0) : value);
    return this.wrap(data, dtype);
  }

  read(x: Storage): TypedArray {
    return cpuData(x).slice();
  }

  cast(x: Storage, dtype: DType): Storage {
    const src = cpuData(x);
    const out = allocTyped(dtype, src.length);
    if (dtype === 'bool') for (let i = 0; i < src.length; i++) out[i] = src[i] !== 0 ? 1 : 0;
    else if (dtype === 'int32') for (let i = 0; i < src.length; i++) out[i] = Math.trunc(src[i]!);
    else out.set(src);
    return this.wrap(out, dtype);
  }

  unary(op: UnaryOp, x: Storage, params?: readonly number[]): Storage {
    const out = (x.dtype === 'float32' ? unaryF32(op, cpuData(x) as Float32Array) : null) ?? unaryKernel(op, cpuData(x), x.dtype, params);
    return this.wrap(out, op === 'isnan' ? 'bool' : x.dtype);
  }

  binary(op: BinaryOp, a: Storage, aShape: Shape, b: Storage, bShape: Shape, outShape: Shape): Storage {
    const fast = a.dtype === 'float32' ? binaryF32(op, cpuData(a) as Float32Array, aShape, cpuData(b) as Float32Array, bShape, outShape) : null;
    if (fast !== null) return this.wrap(fast, 'float32');
    return this.wrap(binaryKernel(op, cpuData(a), aShape, cpuData(b), bShape, outShape, a.dtype), a.dtype);
  }

  compare(op: CompareOp, a: Storage, aShape: Shape, b: Storage, bShape: Shape, outShape: Shape): Storage {
    if (a.dtype === 'float32') return this.wrap(compareF32(op, cpuData(a) as Float32Array, aShape, cpuData(b) as Float32Array, bShape, outShape), 'bool');
    return this.wrap(compareKernel(op, cpuData(a), aShape, cpuData(b), bShape, outShape), 'bool');
  }

  where(cond: Storage, condShape: Shape, a: Storage, aShape: Shape, b: Storage, bShape: Shape, outShape: Shape): Storage {
    if (a.dtype === 'float32') {
      return this.wrap(whereF32(cpuData(cond) as Uint8Array, condShape, cpuData(a) as Float32Array, aShape, cpuData(b) as Float32Array, bShape, outShape), 'float32');
    }
    return this.wrap(whereKernel(cpuData(cond), condShape, cpuData(a), aShape, cpuData(b), bShape, outShape, a.dtype), a.dtype);
  }

  reduce(op: ReduceOp, x: Storage, shape: Shape, dims: readonly number[]): Storage {
    return this.wrap(reduceKernel(op, cpuData(x), shape, dims, x.dtype), x.dtype);
  }

  argReduce(op: 'max' | 'min', x: Storage, shape: Shape, dim: number): { values: Storage; indices: Storage } {
    const r = argReduceKernel(op, cpuData(x), shape, dim, x.dtype);
    return { values: this.wrap(r.values, x.dtype), indices: this.wrap(r.indices, 'int32') };
  }

  cumsum(x: Storage, shape: Shape, dim: number): Storage {
    return this.wrap(cumsumKernel(cpuData(x), shape, dim, x.dtype), x.dtype);
  }

  softmax(x: Storage, shape: Shape, dim: number, log: boolean): Storage {
    return this.wrap(softmaxKernel(cpuData(x), shape, dim, log, x.dtype), x.dtype);
  }

  matmul(a: Storage, b: Storage, spec: MatmulSpec): Storage {
    return this.wrap(matmulKernel(cpuData(a), cpuData(b), spec, a.dtype), a.dtype);
  }

  strided(x: Storage, outShape: Shape, strides: readonly number[], offset: number): Storage {
    const out = allocTyped(x.dtype, sizeOf(outShape));
    stridedCopy(cpuData(x), out, outShape, strides, offset);
    return this.wrap(out, x.dtype);
  }

  stridedScatter(dst: Storage, src: Storage, srcShape: Shape, strides: readonly number[], offset: number, accumulate: boolean): void {
    stridedScatterRows(cpuData(dst), cpuData(src), srcShape, strides, offset, accumulate);
  }

  gather(x: Storage, shape: Shape, dim: number, index: Storage, indexShape: Shape): Storage {
    return this.wrap(gatherKernel(cpuData(x), shape, dim, cpuData(index) as Int32Array, indexShape, x.dtype), x.dtype);
  }

  scatterAdd(x: Storage, shape: Shape, dim: number, index: Storage, indexShape: Shape, src: Storage): Storage {
    return this.wrap(scatterAddKernel(cpuData(x), shape, dim, cpuData(index) as Int32Array, indexShape, cpuData(src), indexShape), x.dtype);
  }

  indexSelect(x: Storage, shape: Shape, dim: number, index: Storage): Storage {
    return this.wrap(indexSelectKernel(cpuData(x), shape, dim, cpuData(index) as Int32Array, x.dtype), x.dtype);
  }

  indexAdd(x: Storage, shape: Shape, dim: number, index: Storage, src: Storage): Storage {
    return this.wrap(indexAddKernel(cpuData(x), shape, dim, cpuData(index) as Int32Array, cpuData(src)), x.dtype);
  }

  /** The fused Adam/AdamW step for float32 (adam-f32.ts: bit-identical to the op-by-op update); null for float64. */
  adamStep(param: Storage, grad: Storage, expAvg: Storage, expAvgSq: Storage, spec: AdamStepSpec): {
    param: Storage; expAvg: Storage; expAvgSq: Storage;
  } | null {
    if (param.dtype !== 'float32') return null;
    const f32 = (x: Storage): Float32Array => cpuData(x) as Float32Array;
    const r = adamStepF32(f32(param), f32(grad), f32(expAvg), f32(expAvgSq), spec);
    return { param: this.wrap(r.param, 'float32'), expAvg: this.wrap(r.expAvg, 'float32'), expAvgSq: this.wrap(r.expAvgSq, 'float32') };
  }

  /**
   * The matrix products the fused recurrent kernels use for `dtype`; a backend with a faster GEMM overrides
   * this and inherits the cells' gate arithmetic unchanged.
   */
  protected recurrentProducts(_dtype: DType): RecurrentProducts {
    return referenceRecurrentProducts;
  }

  lstmCell(xg: Storage, hPrev: Storage, cPrev: Storage, wHH: Storage, spec: RecurrentCellSpec): LstmCellResult {
    const r = lstmCellKernel(cpuData(xg), cpuData(hPrev), cpuData(cPrev), cpuData(wHH), spec, xg.dtype, this.recurrentProducts(xg.dtype));
    return { h: this.wrap(r.h, xg.dtype), c: this.wrap(r.c, xg.dtype), gates: this.wrap(r.gates, xg.dtype) };
  }

  lstmCellBackward(gradH: Storage, gradC: Storage, gates: Storage, cPrev: Storage, c: Storage, wHH: Storage, spec: RecurrentCellSpec): LstmCellGrads {
    const d = gates.dtype;
    const r = lstmCellBackwardKernel(cpuData(gradH), cpuData(gradC), cpuData(gates), cpuData(cPrev), cpuData(c), cpuData(wHH), spec, d, this.recurrentProducts(d));
    return { gradGates: this.wrap(r.gradGates, d), gradHPrev: this.wrap(r.gradHPrev, d), gradCPrev: this.wrap(r.gradCPrev, d) };
  }

  gruCell(xg: Storage, hPrev: Storage, wHH: Storage, bHH: Storage | null, spec: RecurrentCellSpec): GruCellResult {
    const r = gruCellKernel(cpuData(xg), cpuData(hPrev), cpuData(wHH), bHH === null ? null : cpuData(bHH), spec, xg.dtype, this.recurrentProducts(xg.dtype));
    return { h: this.wrap(r.h, xg.dtype), gates: this.wrap(r.gates, xg.dtype) };
  }

  gruCellBackward(gradH: Storage, gates: Storage, hPrev: Storage, wHH: Storage, spec: RecurrentCellSpec): GruCellGrads {
    const d = gates.dtype;
    const r = gruCellBackwardKernel(cpuData(gradH), cpuData(gates), cpuData(hPrev), cpuData(wHH), spec, d, this.recurrentProducts(d));
    return { gradXg: this.wrap(r.gradXg, d), gradHg: this.wrap(r.gradHg, d), gradHPrev: this.wrap(r.gradHPrev, d) };
  }

  rnnCell(xg: Storage, hPrev: Storage, wHH: Storage, spec: RecurrentCellSpec, nonlinearity: RnnNonlinearity): Storage {
    return this.wrap(rnnCellKernel(cpuData(xg), cpuData(hPrev), cpuData(wHH), spec, nonlinearity, xg.dtype, this.recurrentProducts(xg.dtype)), xg.dtype);
  }

  rnnCellBackward(gradH: Storage, h: Storage, wHH: Storage, spec: RecurrentCellSpec, nonlinearity: RnnNonlinearity): RnnCellGrads {
    const d = h.dtype;
    const r = rnnCellBackwardKernel(cpuData(gradH), cpuData(h), cpuData(wHH), spec, nonlinearity, d, this.recurrentProducts(d));
    return { gradXg: this.wrap(r.gradXg, d), gradHPrev: this.wrap(r.gradHPrev, d) };
  }
}
