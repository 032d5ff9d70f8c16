/**
 * Vectorised float32 exp, sigmoid and tanh for generated wasm kernels (four lanes at a time, f32x4), as
 * instruction sequences over the emitter's locals.
 *
 * exp(x): x is clamped to [−87.3, 88], n = round(x·log₂e), r = x − n·ln2 in two parts (Cody–Waite, so r
 * carries no rounding error from n·ln2), e^r by a degree-6 polynomial (|r| ≤ ln2/2, Chebyshev fit: 2.6e-9
 * relative), scaled by 2ⁿ built in the exponent bits. Relative error: ≤ 2 float32 ulp.
 * sigmoid(x) = 1 / (1 + exp(−x)). tanh(x) = sign(x)·(1 − e)/(1 + e) with e = exp(−2|x|), and for |x| < 1/8 its
 * odd Taylor polynomial to x⁷ (avoids the cancellation in 1 − e): ≤ about 4 ulp.
 */
import type { Code } from './emitter.js';
import { ins, uleb, V128, type FunctionBuilder } from './emitter.js';

const op = (code: number): Code => [0xfd, ...uleb(code)];

/** SIMD instruction encoders the base emitter does not have (MVP SIMD opcodes). */
export const simd = {
  /** v128.const of four equal f32 lanes. */
  f32x4Const: (v: number): Code => {
    const lane = [...new Uint8Array(new Float32Array([v]).buffer)];
    return [...op(0x0c), ...lane, ...lane, ...lane, ...lane];
  },
  /** v128.const of four equal i32 lanes. */
  i32x4Const: (v: number): Code => {
    const lane = [...new Uint8Array(new Int32Array([v]).buffer)];
    return [...op(0x0c), ...lane, ...lane, ...lane, ...lane];
  },
  i32x4Splat: (): Code => op(0x11),
  f32x4Lt: (): Code => op(0x43),
  v128And: (): Code => op(0x4e),
  v128Or: (): Code => op(0x50),
  v128Xor: (): Code => op(0x51),
  /** bitselect(a, b, mask) = (a & mask) | (b & ~mask). */
  v128Bitselect: (): Code => op(0x52),
  f32x4Nearest: (): Code => op(0x6a),
  i32x4Shl: (): Code => op(0xab),
  i32x4Add: (): Code => op(0xae),
  f32x4Abs: (): Code => op(0xe0),
  f32x4Neg: (): Code => op(0xe1),
  f32x4Sqrt: (): Code => op(0xe3),
  f32x4Sub: (): Code => op(0xe5),
  f32x4Div: (): Code => op(0xe7),
  f32x4Min: (): Code => op(0xe8),
  i32x4TruncSatF32x4S: (): Code => op(0xf8),
  i32x4LtS: (): Code => op(0x39),
  f64x2Splat: (): Code => op(0x14),
  f64x2Sub: (): Code => op(0xf1),
  /** The two f64 lanes narrowed into the two low f32 lanes, the high two zero. */
  f32x4DemoteF64x2Zero: (): Code => op(0x5e),
  // scalar f64 (no f64 locals needed: values stay on the stack)
  f64Const: (v: number): Code => [0x44, ...new Uint8Array(new Float64Array([v]).buffer)],
  f64Load: (offset = 0): Code => [0x2b, ...uleb(3), ...uleb(offset)],
  f64Store: (offset = 0): Code => [0x39, ...uleb(3), ...uleb(offset)],
  f64Add: (): Code => [0xa0],
  f64Div: (): Code => [0xa3],
  f64PromoteF32: (): Code => [0xbb],
};

/** v128.const bytes of the i32 lanes 0, 1, 2, 3 (compared with the count left in a row, the mask of its valid lanes). */
export const LANE_INDEX: readonly number[] = [...new Uint8Array(new Int32Array([0, 1, 2, 3]).buffer)];

const LOG2E = 1.4426950408889634;
const LN2_HI = 0.693359375;
const LN2_LO = -2.12194440e-4;
// e^r on |r| ≤ ln2/2: degree-6 Chebyshev fit (polynomial error 2.6e-9, below float32 rounding), highest power first
const EXP_POLY = [
  0.0013948580825365075, 0.008375128890476282, 0.04166621827427398, 0.16666415477235538, 0.5000000107749462, 1.000000037727448,
  0.9999999999595484,
];
const TANH_TAYLOR = [-17 / 315, 2 / 15, -1 / 3]; // tanh x = x + x³(−1/3 + x²(2/15 − 17/315·x²))

/**
 * Scratch locals the math helpers share within one function (each helper leaves its result on the stack
 * and clobbers these).
 */
export interface SimdMathLocals {
  /** Use relaxed-SIMD multiply-add (fused where the CPU has FMA) in the polynomials. */
  fma: boolean;
  x: number;
  n: number;
  r: number;
  t: number;
}

/** Declares the scratch locals of the math helpers in `f`. */
export function simdMathLocals(f: FunctionBuilder, fma: boolean): SimdMathLocals {
  return { fma, x: f.local(V128), n: f.local(V128), r: f.local(V128), t: f.local(V128) };
}

/** Horner evaluation of Σ c[i]·v^(len−1−i) over local `v`, coefficients from the highest power. */
function horner(coefs: readonly number[], v: number, fma: boolean): Code {
  const out: Code = [...simd.f32x4Const(coefs[0]!)];
  for (let i = 1; i < coefs.length; i++) {
    if (fma) out.push(...ins.get(v), ...simd.f32x4Const(coefs[i]!), ...ins.f32x4RelaxedMadd());
    else out.push(...ins.get(v), ...ins.f32x4Mul(), ...simd.f32x4Const(coefs[i]!), ...ins.f32x4Add());
  }
  return out;
}

/**
 * exp of the f32x4 on top of the stack, left on the stack. With `lo` (a V128 local), exp(x + lo) for a small
 * correction |lo| ≤ ulp(x) (the rounding error of an argument computed as a difference), added to the reduced
 * argument so that it is not lost to rounding.
 */
export function expF32x4(l: SimdMathLocals, lo?: number): Code {
  return [
    ...simd.f32x4Const(88), ...simd.f32x4Min(), ...simd.f32x4Const(-87.3), ...ins.f32x4Max(), ...ins.set(l.x),
    ...ins.get(l.x), ...simd.f32x4Const(LOG2E), ...ins.f32x4Mul(), ...simd.f32x4Nearest(), ...ins.set(l.n),
    ...ins.get(l.x), ...ins.get(l.n), ...simd.f32x4Const(LN2_HI), ...ins.f32x4Mul(), ...simd.f32x4Sub(),
    ...ins.get(l.n), ...simd.f32x4Const(LN2_LO), ...ins.f32x4Mul(), ...simd.f32x4Sub(),
    ...(lo === undefined ? [] : [...ins.get(lo), ...ins.f32x4Add()]), ...ins.set(l.r),
    ...horner(EXP_POLY, l.r, l.fma),
    // 2ⁿ: (n + 127) << 23 as float bits
    ...ins.get(l.n), ...simd.i32x4TruncSatF32x4S(), ...simd.i32x4Const(127), ...simd.i32x4Add(), ...ins.i32(23), ...simd.i32x4Shl(),
    ...ins.f32x4Mul(),
  ];
}

/** sigmoid of the f32x4 on top of the stack, left on the stack. */
export function sigmoidF32x4(l: SimdMathLocals): Code {
  return [
    ...simd.f32x4Neg(), ...expF32x4(l), ...ins.set(l.t),
    ...simd.f32x4Const(1), ...simd.f32x4Const(1), ...ins.get(l.t), ...ins.f32x4Add(), ...simd.f32x4Div(),
  ];
}

/** tanh of the f32x4 on top of the stack, left on the stack (clobbers `l` and `v`, a further V128 local). */
export function tanhF32x4(l: SimdMathLocals, v: number): Code {
  return [
    ...ins.set(v),
    ...ins.get(v), ...simd.f32x4Abs(), ...simd.f32x4Const(-2), ...ins.f32x4Mul(), ...expF32x4(l), ...ins.set(l.t),
    // large branch: (1 − e)/(1 + e), in l.t
    ...simd.f32x4Const(1), ...ins.get(l.t), ...simd.f32x4Sub(),
    ...simd.f32x4Const(1), ...ins.get(l.t), ...ins.f32x4Add(), ...simd.f32x4Div(), ...ins.set(l.t),
    // small branch: |x|(1 + x²·P(x²)), in l.r
    ...ins.get(v), ...simd.f32x4Abs(), ...ins.set(l.x),
    ...ins.get(l.x), ...ins.get(l.x), ...ins.f32x4Mul(), ...ins.set(l.n),
    ...horner(TANH_TAYLOR, l.n, l.fma), ...ins.get(l.n), ...ins.f32x4Mul(), ...ins.get(l.x), ...ins.f32x4Mul(), ...ins.get(l.x), ...ins.f32x4Add(),
    ...ins.get(l.t),
    ...ins.get(l.x), ...simd.f32x4Const(0.125), ...simd.f32x4Lt(),
    ...simd.v128Bitselect(),
    // copy the sign of x
    ...ins.get(v), ...simd.i32x4Const(-0x80000000), ...simd.v128And(), ...simd.v128Or(),
  ];
}
