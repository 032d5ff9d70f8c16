/**
 * Fused float32 Adam/AdamW step (`Backend.adamStep`) as a WebAssembly SIMD kernel on a heap of its own, in
 * one pass over the parameter. Every f32x4 operation rounds to float32 exactly where the op-by-op update
 * (optim/adam.ts with optim/pointwise.ts: scalars become float32 tensors, each op rounds its result) rounds —
 * add, multiply, divide and square root are correctly rounded in both — and the optional terms are written so
 * that leaving them out is exact (a factor of 1, or a lane select), so the result is bit-identical to it.
 */
import type { AdamStepSpec } from '../backend.js';
import { encodeModule, F32, FunctionBuilder, I32, ins, V128, type Code } from './emitter.js';
import { MAX_PAGES } from './gemm-block.js';
import { simd } from './simd-math.js';

const PAGE = 65536;

interface AdamKernel {
  adam(p: number, g: number, m: number, v: number, bytes: number, gSign: number, decay: number, wd: number, l2: number, b1: number,
    oneMinusB1: number, b2: number, oneMinusB2: number, bc2Sqrt: number, eps: number, negStep: number): void;
}

function adamModule(): Uint8Array<ArrayBuffer> {
  const f = new FunctionBuilder('adam');
  const [p, g, m, v, bytes] = [f.param(I32), f.param(I32), f.param(I32), f.param(I32), f.param(I32)];
  const scalars = ['gSign', 'decay', 'wd'].map(() => f.param(F32));
  const l2 = f.param(I32);
  const more = ['b1', 'omb1', 'b2', 'omb2', 'bc2', 'eps', 'negStep'].map(() => f.param(F32));
  const [gSign, decay, wd, b1, omb1, b2, omb2, bc2, eps, negStep] = [...scalars, ...more].map(() => f.local(V128));
  const l2Mask = f.local(V128);
  const i = f.local(I32);
  const [vg, vt, vm, vv] = [f.local(V128), f.local(V128), f.local(V128), f.local(V128)];
  const splat = (from: number, to: number): Code => [...ins.get(from), ...ins.f32x4Splat(), ...ins.set(to)];
  const at = (base: number): Code => [...ins.get(base), ...ins.get(i), ...ins.i32Add()];
  const load = (base: number): Code => [...at(base), ...ins.v128Load()];
  const mul = (a: Code, b: Code): Code => [...a, ...b, ...ins.f32x4Mul()];
  const add = (a: Code, b: Code): Code => [...a, ...b, ...ins.f32x4Add()];
  const get = (l: number): Code => ins.get(l);
  const body: Code = [
    ...[...scalars, ...more].flatMap((s, k) => splat(s, [gSign, decay, wd, b1, omb1, b2, omb2, bc2, eps, negStep][k]!)),
    ...ins.get(l2), ...simd.i32x4Splat(), ...ins.set(l2Mask),
    ...ins.block(), ...ins.loop(),
    ...ins.get(i), ...ins.get(bytes), ...ins.i32GeS(), ...ins.brIf(1),
    ...mul(load(g), get(gSign)), ...ins.set(vg),
    ...mul(load(p), get(decay)), ...ins.set(vt),
    // Adam's L2 term g + θ·λ where l2 is set (all-ones lanes), else g untouched
    ...add(get(vg), mul(get(vt), get(wd))), ...get(vg), ...get(l2Mask), ...simd.v128Bitselect(), ...ins.set(vg),
    ...add(mul(load(m), get(b1)), mul(get(vg), get(omb1))), ...ins.set(vm),
    ...add(mul(load(v), get(b2)), mul(mul(get(vg), get(omb2)), get(vg))), ...ins.set(vv),
    ...at(m), ...get(vm), ...ins.v128Store(),
    ...at(v), ...get(vv), ...ins.v128Store(),
    ...at(p),
    ...get(vt),
    ...mul(get(vm), get(negStep)),
    ...add([...get(vv), ...simd.f32x4Sqrt(), ...get(bc2), ...simd.f32x4Div()], get(eps)),
    ...simd.f32x4Div(), ...ins.f32x4Add(), ...ins.v128Store(),
    ...ins.get(i), ...ins.i32(16), ...ins.i32Add(), ...ins.set(i),
    ...ins.br(0), ...ins.end(), ...ins.end(),
  ];
  return encodeModule([f.build(body)], { initialPages: 1, maximumPages: MAX_PAGES, shared: false });
}

const F = Math.fround;

/** Runs fused Adam steps on its own wasm heap (grown to the largest parameter, then reused). */
export class WasmAdam {
  private readonly memory = new WebAssembly.Memory({ initial: 1, maximum: MAX_PAGES });
  private readonly kernel: AdamKernel;
  private heap: Float32Array;

  constructor() {
    this.kernel = new WebAssembly.Instance(new WebAssembly.Module(adamModule()), { env: { memory: this.memory } }).exports as unknown as AdamKernel;
    this.heap = new Float32Array(this.memory.buffer);
  }

  /** One step from the parameter, its gradient and both moments; returns new arrays. */
  step(
    param: Float32Array, grad: Float32Array, expAvg: Float32Array, expAvgSq: Float32Array, s: AdamStepSpec,
  ): { param: Float32Array; expAvg: Float32Array; expAvgSq: Float32Array } {
    const n = param.length;
    const stride = Math.ceil(n / 4) * 4; // padded lanes compute garbage that is never read back
    const need = 4 * stride * 4;
    if (need > this.memory.buffer.byteLength) this.memory.grow(Math.ceil((need - this.memory.buffer.byteLength) / PAGE));
    if (this.heap.buffer !== this.memory.buffer) this.heap = new Float32Array(this.memory.buffer);
    const h = this.heap;
    const [p, g, m, v] = [0, stride, 2 * stride, 3 * stride];
    h.set(param, p);
    h.set(grad, g);
    h.set(expAvg, m);
    h.set(expAvgSq, v);
    const l2 = !s.decoupled && s.weightDecay !== 0;
    this.kernel.adam(
      p * 4, g * 4, m * 4, v * 4, stride * 4, s.maximize ? -1 : 1, s.decoupled ? F(1 - s.lr * s.weightDecay) : 1, F(s.weightDecay), l2 ? -1 : 0,
      F(s.beta1), F(1 - s.beta1), F(s.beta2), F(1 - s.beta2), F(Math.sqrt(1 - s.beta2 ** s.step)), F(s.eps), F(-(s.lr / (1 - s.beta1 ** s.step))),
    );
    return { param: h.slice(p, p + n), expAvg: h.slice(m, m + n), expAvgSq: h.slice(v, v + n) };
  }
}
