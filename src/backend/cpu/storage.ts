import type { DType, TypedArray } from '../../core/dtype.js';
import type { Storage } from '../backend.js';

/** CPU storage: a plain typed array (Float32Array, Float64Array, Int32Array, or Uint8Array for bool). */
export class CpuStorage implements Storage {
  constructor(
    readonly data: TypedArray,
    readonly dtype: DType,
  ) {}

  get size(): number {
    return this.data.length;
  }
}

/** Unwraps storage made by the CPU backend (a programming error otherwise). */
export function cpuData(x: Storage): TypedArray {
  if (!(x instanceof CpuStorage)) throw new TypeError('cpu backend: storage belongs to another backend');
  return x.data;
}
