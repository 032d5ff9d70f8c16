/**
 * The fused Adam/AdamW step as a WebAssembly SIMD kernel, generated as bytes:
 *
 * `adam(p, g, m, v, n, decay, wd, b1, oneMinusB1, b2, oneMinusB2, bc2Sqrt, eps, negStep, flags)` updates the
 * float32 arrays p (parameter), m and v (moments) in place from the gradient g, n elements (a multiple of 4;
 * the caller pads), four lanes at a time. Flags: 1 maximize (negate g), 2 decoupled (θ ← θ·decay), 4 L2
 * (g ← g + θ·wd). Every operation is one float32 operation, in the order of adam-f32.ts's scalar loop (which
 * rounds each double-precision intermediate to float32 exactly there), so the two are bit-identical: a sum,
 * product, quotient or square root of float32 values computed in double and rounded once equals the float32
 * operation.
 */
import { encodeModule, F32, FunctionBuilder, I32, ins, V128, type Code, type MemoryImport } from './emitter.js';

/** Flag bits of the `adam` kernel. */
export const ADAM_MAXIMIZE = 1;
export const ADAM_DECOUPLED = 2;
export const ADAM_L2 = 4;

function adamFunction(): ReturnType<FunctionBuilder['build']> {
  const f = new FunctionBuilder('adam');
  const p = f.param(I32);
  const g = f.param(I32);
  const m = f.param(I32);
  const v = f.param(I32);
  const n = f.param(I32);
  const scalars = Array.from({ length: 9 }, () => f.param(F32));
  const flags = f.param(I32);
  const [decay, wd, b1, omb1, b2, omb2, bc2, eps, negStep] = scalars.map(() => f.local(V128)) as [
    number, number, number, number, number, number, number, number, number,
  ];
  const off = f.local(I32);
  const end = f.local(I32);
  const gv = f.local(V128);
  const th = f.local(V128);
  const mv = f.local(V128);
  const vv = f.local(V128);
  const splats: Code = [];
  [decay, wd, b1, omb1, b2, omb2, bc2, eps, negStep].forEach((local, i) => splats.push(...ins.get(scalars[i]!), ...ins.f32x4Splat(), ...ins.set(local)));
  const flag = (bit: number): Code => [...ins.get(flags), ...ins.i32(bit), ...ins.i32And()];
  const at = (base: number): Code => [...ins.get(base), ...ins.get(off), ...ins.i32Add()];
  const mul = (a: Code, b: Code): Code => [...a, ...b, ...ins.f32x4Mul()];
  const body: Code = [
    ...splats,
    ...ins.get(n), ...ins.i32(2), ...ins.i32Shl(), ...ins.set(end),
    ...ins.block(), ...ins.loop(),
    ...ins.get(off), ...ins.get(end), ...ins.i32GeS(), ...ins.brIf(1),
    ...at(g), ...ins.v128Load(), ...ins.set(gv),
    ...at(p), ...ins.v128Load(), ...ins.set(th),
    ...flag(ADAM_MAXIMIZE), ...ins.if(), ...ins.get(gv), ...ins.f32x4Neg(), ...ins.set(gv), ...ins.end(),
    ...flag(ADAM_DECOUPLED), ...ins.if(), ...mul(ins.get(th), ins.get(decay)), ...ins.set(th), ...ins.end(),
    ...flag(ADAM_L2), ...ins.if(), ...ins.get(gv), ...mul(ins.get(th), ins.get(wd)), ...ins.f32x4Add(), ...ins.set(gv), ...ins.end(),
    // m = m·β₁ + g·(1 − β₁)
    ...mul([...at(m), ...ins.v128Load()], ins.get(b1)), ...mul(ins.get(gv), ins.get(omb1)), ...ins.f32x4Add(), ...ins.set(mv),
    // v = v·β₂ + (g·(1 − β₂))·g
    ...mul([...at(v), ...ins.v128Load()], ins.get(b2)), ...mul(mul(ins.get(gv), ins.get(omb2)), ins.get(gv)), ...ins.f32x4Add(), ...ins.set(vv),
    // θ + (m·negStep) / (√v / √(1 − β₂ᵗ) + ε)
    ...at(p),
    ...ins.get(th),
    ...mul(ins.get(mv), ins.get(negStep)),
    ...ins.get(vv), ...ins.f32x4Sqrt(), ...ins.get(bc2), ...ins.f32x4Div(), ...ins.get(eps), ...ins.f32x4Add(),
    ...ins.f32x4Div(), ...ins.f32x4Add(),
    ...ins.v128Store(),
    ...at(m), ...ins.get(mv), ...ins.v128Store(),
    ...at(v), ...ins.get(vv), ...ins.v128Store(),
    ...ins.get(off), ...ins.i32(16), ...ins.i32Add(), ...ins.set(off),
    ...ins.br(0), ...ins.end(), ...ins.end(),
  ];
  return f.build(body);
}

/** The Adam module's bytes (plain SIMD: it has no multiply-add to fuse). */
export function adamModuleBytes(memory: MemoryImport): Uint8Array<ArrayBuffer> {
  return encodeModule([adamFunction()], memory);
}
