import type { AdamStepSpec } from '../backend.js';
import { ADAM_DECOUPLED, ADAM_L2, ADAM_MAXIMIZE, adamModuleBytes } from './adam-module.js';
import { MAX_PAGES } from './gemm-block.js';
import { ScratchHeap, vectorBytes } from './scratch-heap.js';

const F = Math.fround;

interface AdamExports {
  adam(p: number, g: number, m: number, v: number, n: number, decay: number, wd: number, b1: number, omb1: number,
    b2: number, omb2: number, bc2: number, eps: number, negStep: number, flags: number): void;
}

/**
 * The fused float32 Adam/AdamW step on a wasm scratch heap (adam-module.ts): parameter, gradient and both
 * moments are copied in, updated four lanes at a time and copied out into new arrays. Bit-identical to
 * adamStepF32 (the scalar reference of the same rounding sequence).
 */
export class WasmAdam {
  private readonly heap = new ScratchHeap();
  private readonly kernel: AdamExports;

  constructor() {
    const module = new WebAssembly.Module(adamModuleBytes({ initialPages: 1, maximumPages: MAX_PAGES, shared: false }));
    this.kernel = new WebAssembly.Instance(module, { env: { memory: this.heap.memory } }).exports as unknown as AdamExports;
  }

  /** The updated arrays, or null when the scratch heap cannot hold them (the caller uses the scalar loop). */
  step(param: Float32Array, grad: Float32Array, expAvg: Float32Array, expAvgSq: Float32Array, s: AdamStepSpec): {
    param: Float32Array; expAvg: Float32Array; expAvgSq: Float32Array;
  } | null {
    const n = param.length;
    const bytes = vectorBytes(n);
    const heap = this.heap.f32(4 * bytes);
    if (heap === null) return null;
    const [p, g, m, v] = [0, bytes, 2 * bytes, 3 * bytes];
    heap.set(param, p >> 2);
    heap.set(grad, g >> 2);
    heap.set(expAvg, m >> 2);
    heap.set(expAvgSq, v >> 2);
    const flags = (s.maximize ? ADAM_MAXIMIZE : 0) | (s.decoupled ? ADAM_DECOUPLED : s.weightDecay !== 0 ? ADAM_L2 : 0);
    this.kernel.adam(
      p, g, m, v, Math.ceil(n / 4) * 4, F(1 - s.lr * s.weightDecay), F(s.weightDecay), F(s.beta1), F(1 - s.beta1), F(s.beta2), F(1 - s.beta2),
      F(Math.sqrt(1 - s.beta2 ** s.step)), F(s.eps), F(-(s.lr / (1 - s.beta1 ** s.step))), flags,
    );
    return { param: heap.slice(p >> 2, (p >> 2) + n), expAvg: heap.slice(m >> 2, (m >> 2) + n), expAvgSq: heap.slice(v >> 2, (v >> 2) + n) };
  }
}
