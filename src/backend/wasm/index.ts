import { allocTyped, type DType } from '../../core/dtype.js';
import { shapesEqual, sizeOf, type Shape } from '../../core/shape.js';
import type {
  AdamStepSpec, BinaryOp, CompareOp, FusedActivation, LinearBackwardGrads, LinearBackwardSpec, MatmulSpec, RecurrentSequenceRun, StridedOperand,
  RecurrentSequenceSpec, ReduceOp, Storage, UnaryOp, WindowProductOptions,
} from '../backend.js';
import { CpuBackend } from '../cpu/index.js';
import { CpuStorage, cpuData } from '../cpu/storage.js';
import { WasmAdam } from './adam-wasm.js';
import { sumF32 } from './sum-f32.js';
import { WasmSoftmax } from './softmax-wasm.js';
import { trailingRows, WasmRowReduce } from './row-reduce-wasm.js';
import { WasmElementwise, WASM_ELEMENTWISE_MIN } from './elementwise-wasm.js';
import { gatherRows, scatterAddRows, scatterAddRowsInto } from './gather-rows.js';
import { detectSimd, WasmGemm } from './gemm.js';
import { isThin } from './gemv.js';
import type { RecurrentProducts } from '../cpu/recurrent.js';
import { wasmRecurrentProducts } from './recurrent-f32.js';
import { WasmRecurrent } from './recurrent-sequence.js';
import { windowsForward, windowsInputGrad, windowsWeightGrad } from './window-gemm.js';

const f32 = (x: Storage): Float32Array => cpuData(x) as Float32Array;
const wrap32 = (x: Float32Array): Storage => new CpuStorage(x, 'float32');

/**
 * The fast float32 backend: WebAssembly SIMD kernels (GEMM with relaxed-SIMD fused multiply-add where the
 * runtime has it) generated at run time, with everything it does not accelerate — and every float64,
 * int32 and bool computation — done by the reference CPU kernels. Storage is the same plain typed arrays
 * the CPU backend uses; the wasm heap is scratch space for kernel calls, so no tensor lives on it and
 * memory is released by the garbage collector like any other array.
 */
export class WasmBackend extends CpuBackend {
  override readonly name: string = 'wasm';
  private gemmEngine: WasmGemm | null = null;
  private threadCount = 1;
  private products: RecurrentProducts | undefined;
  private sequences: WasmRecurrent | undefined;
  private adam: WasmAdam | undefined;
  private elementwiseKernels: WasmElementwise | undefined;
  private softmaxKernels: WasmSoftmax | undefined;
  private rowReduce: WasmRowReduce | undefined;

  /**
   * Threads for large GEMMs (torch.set_num_threads): 1 runs everything on the calling thread. More need a
   * thread spawner (the Node entry registers worker_threads) and shared WebAssembly memory.
   */
  setThreads(n: number): void {
    if (!Number.isInteger(n) || n < 1) throw new RangeError(`setNumThreads: expected a positive integer, got ${n}`);
    if (n === this.threadCount) return;
    this.threadCount = n;
    this.gemmEngine?.close();
    this.gemmEngine = null;
    this.sequences?.close();
    this.sequences = undefined;
  }

  /** The thread count set by setThreads (the threads actually used may be fewer where threads are unavailable). */
  get threads(): number {
    return this.threadCount;
  }

  /** The SIMD flavour the kernels use, decided when they are first compiled (null until then). */
  get flavour(): 'relaxed' | 'simd' | null {
    return this.gemmEngine === null ? null : this.gemmEngine.flavour;
  }

  private get gemm(): WasmGemm {
    if (this.gemmEngine === null) {
      const flavour = detectSimd();
      this.gemmEngine = new WasmGemm(flavour === 'relaxed' ? 'relaxed' : 'simd', this.threadCount);
    }
    return this.gemmEngine;
  }

  private get elementwise(): WasmElementwise {
    this.elementwiseKernels ??= new WasmElementwise();
    return this.elementwiseKernels;
  }

  override unary(op: UnaryOp, x: Storage, params?: readonly number[]): Storage {
    const out = op === 'relu' && x.dtype === 'float32' ? this.elementwise.relu(f32(x)) : null;
    return out === null ? super.unary(op, x, params) : wrap32(out);
  }

  reluGrad(y: Storage, g: Storage): Storage | null {
    const out = y.dtype === 'float32' && g.dtype === 'float32' ? this.elementwise.reluGrad(f32(y), f32(g)) : null;
    return out === null ? null : wrap32(out);
  }

  override binary(op: BinaryOp, a: Storage, aShape: Shape, b: Storage, bShape: Shape, outShape: Shape): Storage {
    const out = a.dtype === 'float32' ? this.elementwise.binary(op, f32(a), aShape, f32(b), bShape, outShape) : null;
    return out === null ? super.binary(op, a, aShape, b, bShape, outShape) : wrap32(out);
  }

  override compare(op: CompareOp, a: Storage, aShape: Shape, b: Storage, bShape: Shape, outShape: Shape): Storage {
    const out = a.dtype === 'float32' ? this.elementwise.compare(op, f32(a), aShape, f32(b), bShape, outShape) : null;
    return out === null ? super.compare(op, a, aShape, b, bShape, outShape) : new CpuStorage(out, 'bool');
  }

  override where(cond: Storage, condShape: Shape, a: Storage, aShape: Shape, b: Storage, bShape: Shape, outShape: Shape): Storage {
    const out = a.dtype === 'float32'
      ? this.elementwise.where(cpuData(cond) as Uint8Array, condShape, f32(a), aShape, f32(b), bShape, outShape)
      : null;
    return out === null ? super.where(cond, condShape, a, aShape, b, bShape, outShape) : wrap32(out);
  }

  override stridedScatter(dst: Storage, src: Storage, srcShape: Shape, strides: readonly number[], offset: number, accumulate: boolean): void {
    if (accumulate && dst.dtype === 'float32' && this.elementwise.stridedAccumulate(f32(dst), f32(src), srcShape, strides, offset)) return;
    super.stridedScatter(dst, src, srcShape, strides, offset, accumulate);
  }

  override argReduce(op: 'max' | 'min', x: Storage, shape: Shape, dim: number): { values: Storage; indices: Storage } {
    const size = shape.length === 0 ? 1 : shape[dim]!;
    const r = x.dtype === 'float32' && dim === shape.length - 1 ? this.elementwise.argReduceRows(op, f32(x), f32(x).length / size, size) : null;
    return r === null ? super.argReduce(op, x, shape, dim) : { values: wrap32(r.values), indices: new CpuStorage(r.indices, 'int32') };
  }

  /**
   * Float32 sum, max and min over the trailing dims (rows along the last dims: softmax's backward, logsumexp,
   * amax) of inputs from WASM_ELEMENTWISE_MIN elements as SIMD kernels (row-reduce-wasm.ts); other float32 sums
   * by sumF32. Bit-identical to the paths they replace.
   */
  override reduce(op: ReduceOp, x: Storage, shape: Shape, dims: readonly number[]): Storage {
    if (x.dtype !== 'float32') return super.reduce(op, x, shape, dims);
    const rows = f32(x).length >= WASM_ELEMENTWISE_MIN ? trailingRows(shape, dims) : null;
    if (rows !== null && op !== 'prod' && (op !== 'sum' || (rows[0] > 1 && rows[1] > 1))) {
      this.rowReduce ??= new WasmRowReduce();
      const out = this.rowReduce.run(op, f32(x), rows[0], rows[1]);
      if (out !== null) return wrap32(out);
    }
    const out = op === 'sum' ? sumF32(f32(x), shape, dims) : null;
    return out === null ? super.reduce(op, x, shape, dims) : wrap32(out);
  }

  /** Float32 softmax / log-softmax along any dim with the SIMD kernels of softmax-wasm.ts (within a few ulp of the reference). */
  override softmax(x: Storage, shape: Shape, dim: number, log: boolean): Storage {
    if (x.dtype !== 'float32') return super.softmax(x, shape, dim, log);
    this.softmaxKernels ??= new WasmSoftmax(detectSimd() === 'relaxed');
    const out = this.softmaxKernels.run(f32(x), shape, dim, log);
    return out === null ? super.softmax(x, shape, dim, log) : wrap32(out);
  }

  override gather(x: Storage, shape: Shape, dim: number, index: Storage, indexShape: Shape): Storage {
    return new CpuStorage(gatherRows(cpuData(x), shape, dim, cpuData(index) as Int32Array, indexShape, x.dtype), x.dtype);
  }

  override scatterAdd(x: Storage, shape: Shape, dim: number, index: Storage, indexShape: Shape, src: Storage): Storage {
    return new CpuStorage(scatterAddRows(cpuData(x), shape, dim, cpuData(index) as Int32Array, indexShape, cpuData(src)), x.dtype);
  }

  scatterAddZeros(dtype: DType, shape: Shape, dim: number, index: Storage, indexShape: Shape, src: Storage): Storage {
    const last = shape.length - 1;
    if (dtype === 'float32' && dim === last && shape[last] === 2 && indexShape[last] === 1 && shapesEqual(indexShape.slice(0, last), shape.slice(0, last))) {
      // windows of 2 (max pooling by 2): indices from argReduce are 0 or 1
      const out = this.elementwise.scatterPairs(f32(src), cpuData(index) as Int32Array);
      if (out !== null) return wrap32(out);
    }
    return new CpuStorage(scatterAddRowsInto(allocTyped(dtype, sizeOf(shape)), shape, dim, cpuData(index) as Int32Array, indexShape, cpuData(src)), dtype);
  }

  override adamStep(param: Storage, grad: Storage, expAvg: Storage, expAvgSq: Storage, spec: AdamStepSpec): {
    param: Storage; expAvg: Storage; expAvgSq: Storage;
  } | null {
    if (param.dtype !== 'float32') return null;
    this.adam ??= new WasmAdam();
    const r = this.adam.step(f32(param), f32(grad), f32(expAvg), f32(expAvgSq), spec);
    return r === null ? super.adamStep(param, grad, expAvg, expAvgSq, spec) : { param: wrap32(r.param), expAvg: wrap32(r.expAvg), expAvgSq: wrap32(r.expAvgSq) };
  }

  override matmul(a: Storage, b: Storage, spec: MatmulSpec): Storage {
    if (a.dtype !== 'float32') return super.matmul(a, b, spec);
    return new CpuStorage(this.gemm.matmul(cpuData(a) as Float32Array, cpuData(b) as Float32Array, spec), 'float32');
  }

  recurrentSequence(
    x: Storage, wIH: Storage | null, bias: Storage | null, state0: readonly Storage[], wHH: Storage, bHH: Storage | null,
    spec: RecurrentSequenceSpec,
  ): RecurrentSequenceRun | null {
    if (x.dtype !== 'float32' || spec.hidden < 4) return null;
    this.sequences ??= new WasmRecurrent(detectSimd() === 'relaxed', this.gemm.sequenceHeap());
    const or = (s: Storage | null): Float32Array | null => (s === null ? null : f32(s));
    const run = this.sequences.run(spec, f32(x), or(wIH), or(bias), state0.map(f32), f32(wHH), or(bHH));
    const opt = (a: Float32Array | null): Storage | null => (a === null ? null : wrap32(a));
    return {
      packed: wrap32(run.packed),
      backward: (g, needX) => {
        const r = run.backward(f32(g), needX);
        return {
          gradX: opt(r.gradX), gradWIH: opt(r.gradWIH), gradBias: opt(r.gradBias), gradBHH: opt(r.gradBHH),
          gradState: r.gradState.map(wrap32), gradWHH: wrap32(r.gradWHH),
        };
      },
    };
  }

  matmulBias(a: Storage, b: Storage, bias: Storage, spec: MatmulSpec, activation: FusedActivation | null = null): Storage | null {
    if (a.dtype !== 'float32' || spec.batch !== 1) return null;
    return wrap32(this.gemm.matmul(f32(a), f32(b), spec, f32(bias), 'row', activation === 'relu'));
  }

  linearBackward(grad: Storage, y: Storage | null, x: Storage, weight: Storage, spec: LinearBackwardSpec): LinearBackwardGrads | null {
    if (grad.dtype !== 'float32') return null;
    const r = this.gemm.linearBackward(f32(grad), y === null ? null : f32(y), f32(x), f32(weight), spec);
    if (r === null) return null;
    const opt = (v: Float32Array | null): Storage | null => (v === null ? null : wrap32(v));
    return { gradX: opt(r.gradX), gradWeight: opt(r.gradWeight), gradBias: opt(r.gradBias) };
  }

  matmulColumnBias(a: Storage, b: Storage, bias: Storage, spec: MatmulSpec): Storage | null {
    return a.dtype === 'float32' ? wrap32(this.gemm.matmul(f32(a), f32(b), spec, f32(bias), 'column')) : null;
  }

  matmulWindows(a: Storage, b: Storage, view: StridedOperand, spec: MatmulSpec, bias: Storage | null, options: WindowProductOptions = {}): Storage | null {
    const { sumBatch = false, relu = false, pairs } = options;
    if (pairs !== undefined && (!sumBatch || spec.k % 2 !== 0)) return null;
    if (a.dtype !== 'float32' || isThin(spec) || spec.transA || spec.batch * spec.m * spec.n * spec.k === 0) return null;
    if (!spec.transB && spec.aBatchStride === 0 && !sumBatch) return wrap32(windowsForward(this.gemm, f32(a), f32(b), view, spec, bias === null ? null : f32(bias), relu).values);
    if (spec.transB && spec.aBatchStride === spec.m * spec.k && sumBatch && !relu && bias === null) return wrap32(windowsWeightGrad(this.gemm, f32(a), f32(b), view, spec, pairs === undefined ? null : (cpuData(pairs) as Int32Array)));
    return null;
  }

  matmulWindowsPool2(a: Storage, b: Storage, view: StridedOperand, spec: MatmulSpec, bias: Storage | null): { values: Storage; indices: Storage } | null {
    if (a.dtype !== 'float32' || isThin(spec) || spec.transA || spec.transB || spec.aBatchStride !== 0 || spec.n % 2 !== 0 || spec.batch * spec.m * spec.n * spec.k === 0) return null;
    const r = windowsForward(this.gemm, f32(a), f32(b), view, spec, bias === null ? null : f32(bias), true, true);
    return { values: wrap32(r.values), indices: new CpuStorage(r.indices!, 'int32') };
  }

  matmulIntoWindows(a: Storage, b: Storage, spec: MatmulSpec, view: StridedOperand, size: number, accumulate: boolean, pairs?: Storage): Storage | null {
    if (a.dtype !== 'float32' || isThin(spec) || !spec.transA || spec.transB || spec.aBatchStride !== 0 || spec.batch * spec.m * spec.n * spec.k === 0) return null;
    if (pairs !== undefined && spec.n % 2 !== 0) return null;
    return wrap32(windowsInputGrad(this.gemm, f32(a), f32(b), spec, view, size, accumulate, pairs === undefined ? null : (cpuData(pairs) as Int32Array)));
  }

  protected override recurrentProducts(dtype: DType): RecurrentProducts {
    if (dtype !== 'float32') return super.recurrentProducts(dtype);
    this.products ??= wasmRecurrentProducts(() => this.gemm);
    return this.products;
  }
}

/** The wasm backend if this runtime has WebAssembly SIMD, else null. */
export function createWasmBackend(): WasmBackend | null {
  return detectSimd() === 'none' ? null : new WasmBackend();
}
