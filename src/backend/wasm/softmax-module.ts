/**
 * Float32 softmax and log-softmax over contiguous rows as WebAssembly SIMD, generated as bytes. Row r is
 * `len` elements at x + r·len·4; every function walks the rows in order, four lanes at a time, the last
 * vector of a row masked to its valid lanes (reads may run up to 3 elements past the row, into the next row
 * or the caller's one-vector padding; stores that run past a row are overwritten by the next row).
 *
 * - `softmax_rows(x, out, rows, len)`: m = max of the row (NaN if any element is NaN; 0 when every element
 *   is −inf, as the reference kernel), e = exp(x − m) by the vectorised exp (simd-math.ts, ≤ 2 ulp) of x − m
 *   held exactly as a float32 pair (TwoSum: rounding x − m to float32 alone would cost up to |x − m|/2 ulp), set to
 *   0 where x − m < −87.3 (below the exp's range: −inf, and the subnormal results the reference gives), the
 *   row sum of e accumulated in double precision (f64x2), and out = e · f32(1/sum).
 * - `softmax_stats(x, stats, rows, len)`: the same max and double sum without writing e, stored per row as
 *   two float64 at stats + 16r: (m, sum). The caller replaces sum by log(sum) for:
 * - `log_softmax_apply(x, out, rows, len, stats)`: out = f32((x − m) − lse) in double precision, the reference
 *   kernel's own arithmetic, so log-softmax differs from it only through the double-accumulated sum of
 *   float32 exps inside lse.
 */
import { encodeModule, F32, FunctionBuilder, I32, ins, lanes32, V128, type Code, type FunctionDef, type MemoryImport } from './emitter.js';
import { expF32x4, LANE_INDEX, simd, simdMathLocals } from './simd-math.js';

/** Below this, exp(x − m) is not a normal float32 (and the vectorised exp clamps): the kernel gives 0. */
const EXP_FLOOR = -87.3;

/** Variables every row function uses. */
function rowLocals(f: FunctionBuilder) {
  return { j: f.local(I32), xr: f.local(I32), v: f.local(V128), valid: f.local(V128), negInf: f.local(V128), idx: f.local(V128) };
}
type RowLocals = ReturnType<typeof rowLocals>;

/** `valid` = lanes j…j+3 of the row that lie before len (all four except in the last vector). */
function validLanes(l: RowLocals, len: number): Code {
  return [...ins.get(l.idx), ...ins.get(len), ...ins.get(l.j), ...ins.i32Sub(), ...ins.i32x4Splat(), ...simd.i32x4LtS(), ...ins.set(l.valid)];
}

/** Loops `body` over the row's vectors: j = 0, 4, … while j < len, with `valid` set for each. */
function overRow(l: RowLocals, len: number, body: Code): Code {
  return [
    ...ins.i32(0), ...ins.set(l.j),
    ...ins.block(), ...ins.loop(),
    ...ins.get(l.j), ...ins.get(len), ...ins.i32GeS(), ...ins.brIf(1),
    ...validLanes(l, len),
    ...body,
    ...ins.get(l.j), ...ins.i32(4), ...ins.i32Add(), ...ins.set(l.j),
    ...ins.br(0), ...ins.end(), ...ins.end(),
  ];
}

/** Byte address base + 4j. */
const at = (base: number, l: RowLocals): Code => [...ins.get(base), ...ins.get(l.j), ...ins.i32(2), ...ins.i32Shl(), ...ins.i32Add()];

/** Leaves the row's max (valid lanes only, NaN-propagating; 0 for an all −inf row) in the F32 local `m`. */
function rowMax(l: RowLocals, len: number, vmax: number, m: number): Code {
  return [
    ...ins.get(l.negInf), ...ins.set(vmax),
    ...overRow(l, len, [
      ...ins.get(vmax), ...at(l.xr, l), ...ins.v128Load(), ...ins.get(l.negInf), ...ins.get(l.valid), ...ins.v128Bitselect(), ...ins.f32x4Max(), ...ins.set(vmax),
    ]),
    ...ins.get(vmax), ...ins.get(vmax), ...ins.get(vmax), ...ins.i8x16Shuffle(lanes32(2, 3, 0, 1)), ...ins.f32x4Max(), ...ins.set(vmax),
    ...ins.get(vmax), ...ins.get(vmax), ...ins.get(vmax), ...ins.i8x16Shuffle(lanes32(1, 0, 3, 2)), ...ins.f32x4Max(), ...ins.f32x4ExtractLane(0), ...ins.set(m),
    ...ins.f32(0), ...ins.get(m), ...ins.get(m), ...ins.f32(-Infinity), ...ins.f32Eq(), ...ins.select(), ...ins.set(m),
  ];
}

/**
 * The row's exps and their double sum: for each vector, e = exp(x − m) (0 where x − m < EXP_FLOOR or the lane
 * is past the row), passed to `use` (code that reads local `e`), and added into the f64x2 sums `lo`, `hi`.
 */
function rowExps(f: FunctionBuilder, l: RowLocals, len: number, m: number, sums: { lo: number; hi: number }, fma: boolean, use: (e: number) => Code): Code {
  const vm = f.local(V128);
  const d = f.local(V128);
  const lo = f.local(V128);
  const t = f.local(V128);
  const e = f.local(V128);
  const math = simdMathLocals(f, fma);
  return [
    ...ins.get(m), ...ins.f32x4Splat(), ...ins.set(vm),
    ...ins.f32(0), ...ins.f32x4Splat(), ...ins.f64x2PromoteLowF32x4(), ...ins.tee(sums.lo), ...ins.set(sums.hi),
    ...overRow(l, len, [
      ...at(l.xr, l), ...ins.v128Load(), ...ins.set(l.v),
      // d + lo = x − m exactly (TwoSum: t = d − x is the part of −m that d holds, lo the rest)
      ...ins.get(l.v), ...ins.get(vm), ...ins.f32x4Sub(), ...ins.set(d),
      ...ins.get(d), ...ins.get(l.v), ...ins.f32x4Sub(), ...ins.set(t),
      ...ins.get(l.v), ...ins.get(d), ...ins.get(t), ...ins.f32x4Sub(), ...ins.f32x4Sub(),
      ...ins.get(vm), ...ins.f32x4Neg(), ...ins.get(t), ...ins.f32x4Sub(), ...ins.f32x4Add(), ...ins.set(lo),
      ...ins.get(d), ...ins.get(l.negInf), ...ins.get(l.valid), ...ins.v128Bitselect(), ...ins.set(d),
      ...ins.f32(0), ...ins.f32x4Splat(), ...ins.get(d), ...expF32x4(math, lo), ...ins.get(d), ...simd.f32x4Const(EXP_FLOOR), ...ins.f32x4Lt(), ...ins.v128Bitselect(), ...ins.set(e),
      ...use(e),
      ...ins.get(sums.lo), ...ins.get(e), ...ins.f64x2PromoteLowF32x4(), ...ins.f64x2Add(), ...ins.set(sums.lo),
      ...ins.get(sums.hi), ...ins.get(e), ...ins.get(e), ...ins.i8x16Shuffle(lanes32(2, 3, 0, 1)), ...ins.f64x2PromoteLowF32x4(), ...ins.f64x2Add(), ...ins.set(sums.hi),
    ]),
  ];
}

/** The f64 sum of the two f64x2 accumulators, left on the stack. */
const sumOf = (s: { lo: number; hi: number }): Code => [
  ...ins.get(s.lo), ...ins.get(s.hi), ...ins.f64x2Add(), ...ins.tee(s.lo), ...ins.f64x2ExtractLane(0), ...ins.get(s.lo), ...ins.f64x2ExtractLane(1), ...simd.f64Add(),
];

/** The shared frame: params (x, dst, rows, len, …extra), the row loop advancing x and dst by len floats. */
function rowsFunction(name: string, extra: number, dstStep: (len: number) => Code, body: (f: FunctionBuilder, l: RowLocals, p: { dst: number; len: number; extra: number[] }) => Code): FunctionDef {
  const f = new FunctionBuilder(name);
  const x = f.param(I32);
  const dst = f.param(I32);
  const rows = f.param(I32);
  const len = f.param(I32);
  const extras = Array.from({ length: extra }, () => f.param(I32));
  const r = f.local(I32);
  const l = rowLocals(f);
  const rowCode = body(f, l, { dst, len, extra: extras });
  return f.build([
    ...ins.f32(-Infinity), ...ins.f32x4Splat(), ...ins.set(l.negInf),
    ...ins.v128Const(LANE_INDEX), ...ins.set(l.idx),
    ...ins.get(x), ...ins.set(l.xr),
    ...ins.block(), ...ins.loop(),
    ...ins.get(r), ...ins.get(rows), ...ins.i32GeS(), ...ins.brIf(1),
    ...rowCode,
    ...ins.get(l.xr), ...ins.get(len), ...ins.i32(2), ...ins.i32Shl(), ...ins.i32Add(), ...ins.set(l.xr),
    ...ins.get(dst), ...dstStep(len), ...ins.i32Add(), ...ins.set(dst),
    ...ins.get(r), ...ins.i32(1), ...ins.i32Add(), ...ins.set(r),
    ...ins.br(0), ...ins.end(), ...ins.end(),
  ]);
}

const rowBytes = (len: number): Code => [...ins.get(len), ...ins.i32(2), ...ins.i32Shl()];

function softmaxRowsFunction(fma: boolean): FunctionDef {
  return rowsFunction('softmax_rows', 0, rowBytes, (f, l, { dst, len }) => {
    const vmax = f.local(V128);
    const m = f.local(F32);
    const sums = { lo: f.local(V128), hi: f.local(V128) };
    const scale = f.local(V128);
    return [
      ...rowMax(l, len, vmax, m),
      ...rowExps(f, l, len, m, sums, fma, (e) => [...at(dst, l), ...ins.get(e), ...ins.v128Store()]),
      ...simd.f64Const(1), ...sumOf(sums), ...simd.f64Div(), ...ins.f32DemoteF64(), ...ins.f32x4Splat(), ...ins.set(scale),
      ...overRow(l, len, [...at(dst, l), ...at(dst, l), ...ins.v128Load(), ...ins.get(scale), ...ins.f32x4Mul(), ...ins.v128Store()]),
    ];
  });
}

function softmaxStatsFunction(fma: boolean): FunctionDef {
  return rowsFunction('softmax_stats', 0, () => ins.i32(16), (f, l, { dst, len }) => {
    const vmax = f.local(V128);
    const m = f.local(F32);
    const sums = { lo: f.local(V128), hi: f.local(V128) };
    return [
      ...rowMax(l, len, vmax, m),
      ...rowExps(f, l, len, m, sums, fma, () => []),
      ...ins.get(dst), ...ins.get(m), ...simd.f64PromoteF32(), ...simd.f64Store(),
      ...ins.get(dst), ...sumOf(sums), ...simd.f64Store(8),
    ];
  });
}

function logSoftmaxApplyFunction(): FunctionDef {
  return rowsFunction('log_softmax_apply', 1, rowBytes, (f, l, { dst, len, extra }) => {
    const stats = extra[0]!;
    const mv = f.local(V128);
    const lse = f.local(V128);
    const half = (sel: Code): Code => [...sel, ...ins.f64x2PromoteLowF32x4(), ...ins.get(mv), ...simd.f64x2Sub(), ...ins.get(lse), ...simd.f64x2Sub(), ...simd.f32x4DemoteF64x2Zero()];
    return [
      ...ins.get(stats), ...simd.f64Load(), ...simd.f64x2Splat(), ...ins.set(mv),
      ...ins.get(stats), ...simd.f64Load(8), ...simd.f64x2Splat(), ...ins.set(lse),
      ...overRow(l, len, [
        ...at(l.xr, l), ...ins.v128Load(), ...ins.set(l.v),
        ...at(dst, l),
        ...half([...ins.get(l.v)]), ...half([...ins.get(l.v), ...ins.get(l.v), ...ins.i8x16Shuffle(lanes32(2, 3, 0, 1))]), ...ins.i8x16Shuffle(lanes32(0, 1, 4, 5)),
        ...ins.v128Store(),
      ]),
      ...ins.get(stats), ...ins.i32(16), ...ins.i32Add(), ...ins.set(stats),
    ];
  });
}

/** The softmax module's bytes; `fma` uses relaxed-SIMD multiply-add in the exp polynomial. */
export function softmaxModuleBytes(fma: boolean, memory: MemoryImport): Uint8Array<ArrayBuffer> {
  return encodeModule([softmaxRowsFunction(fma), softmaxStatsFunction(fma), logSoftmaxApplyFunction()], memory);
}
