/**
 * Float32 reductions of contiguous rows as WebAssembly SIMD, generated as bytes: row r is `len` elements at
 * x + r·len·4, its result the float32 at out + 4r. Reads may run up to 3 elements past a row (into the next
 * row or the caller's one-vector padding).
 *
 * - `max_rows(x, out, rows, len)` / `min_rows`: the reference kernel's rule (cpu/reduce.ts), best = ∓inf then
 *   best = v wherever v ≷ best or v is NaN, run in each of four lanes over every fourth element (the last
 *   vector's missing lanes read as ∓inf), then over the four lane results in lane order. The value equals the
 *   reference's (NaN if any element is NaN); only the sign of a zero result may differ (the reference keeps the
 *   row's first zero), which the caller restores.
 * - `sum_rows(x, out, rows, len)`: the row sum as sumF32 (sum-f32.ts) forms it, bit for bit: four double
 *   partial sums s₀…s₃ over elements 4i + 0…3 (two f64x2), the remainder added to s₀ in order, then
 *   f32((s₀ + s₁) + (s₂ + s₃)).
 */
import { encodeModule, F32, FunctionBuilder, I32, ins, lanes32, V128, type Code, type FunctionDef, type MemoryImport } from './emitter.js';
import { LANE_INDEX, simd } from './simd-math.js';

/** All ones in the low 64 bits: keeps f64x2 lane 0, zeroes lane 1. */
const LOW_LANE = [...new Array<number>(8).fill(0xff), ...new Array<number>(8).fill(0)];

/** The row loop shared by the kernels: `row` computes row r from x (a local advanced by len floats per row) into out + 4r. */
function rowsFunction(name: string, row: (f: FunctionBuilder, x: number, len: number) => { code: Code; result: Code }): FunctionDef {
  const f = new FunctionBuilder(name);
  const x = f.param(I32);
  const out = f.param(I32);
  const rows = f.param(I32);
  const len = f.param(I32);
  const r = f.local(I32);
  const body = row(f, x, len);
  return f.build([
    ...ins.block(), ...ins.loop(),
    ...ins.get(r), ...ins.get(rows), ...ins.i32GeS(), ...ins.brIf(1),
    ...body.code,
    ...ins.get(out), ...body.result, ...ins.f32Store(),
    ...ins.get(x), ...ins.get(len), ...ins.i32(2), ...ins.i32Shl(), ...ins.i32Add(), ...ins.set(x),
    ...ins.get(out), ...ins.i32(4), ...ins.i32Add(), ...ins.set(out),
    ...ins.get(r), ...ins.i32(1), ...ins.i32Add(), ...ins.set(r),
    ...ins.br(0), ...ins.end(), ...ins.end(),
  ]);
}

/** Byte address x + 4j. */
const at = (x: number, j: number): Code => [...ins.get(x), ...ins.get(j), ...ins.i32(2), ...ins.i32Shl(), ...ins.i32Add()];

function extremeRowsFunction(max: boolean): FunctionDef {
  return rowsFunction(max ? 'max_rows' : 'min_rows', (f, x, len) => {
    const j = f.local(I32);
    const best = f.local(V128);
    const v = f.local(V128);
    const fill = f.local(V128);
    const idx = f.local(V128);
    const b = f.local(F32);
    const s = f.local(F32);
    const beats = max ? ins.f32x4Gt : ins.f32x4Lt;
    const lane: Code[] = [1, 2, 3].map((k) => [
      ...ins.get(best), ...ins.f32x4ExtractLane(k), ...ins.set(s),
      ...ins.get(s), ...ins.get(b),
      ...ins.get(s), ...ins.get(b), ...(max ? ins.f32Gt() : ins.f32Lt()), ...ins.get(s), ...ins.get(s), ...ins.f32Ne(), ...ins.i32Or(),
      ...ins.select(), ...ins.set(b),
    ]);
    return {
      code: [
        ...ins.f32(max ? -Infinity : Infinity), ...ins.f32x4Splat(), ...ins.tee(fill), ...ins.set(best),
        ...ins.v128Const(LANE_INDEX), ...ins.set(idx),
        ...ins.i32(0), ...ins.set(j),
        ...ins.block(), ...ins.loop(),
        ...ins.get(j), ...ins.get(len), ...ins.i32GeS(), ...ins.brIf(1),
        // v = the vector, ∓inf in lanes past the row
        ...at(x, j), ...ins.v128Load(), ...ins.get(fill),
        ...ins.get(idx), ...ins.get(len), ...ins.get(j), ...ins.i32Sub(), ...ins.i32x4Splat(), ...simd.i32x4LtS(), ...ins.v128Bitselect(), ...ins.set(v),
        ...ins.get(v), ...ins.get(best),
        ...ins.get(v), ...ins.get(best), ...beats(), ...ins.get(v), ...ins.get(v), ...ins.f32x4Ne(), ...ins.v128Or(),
        ...ins.v128Bitselect(), ...ins.set(best),
        ...ins.get(j), ...ins.i32(4), ...ins.i32Add(), ...ins.set(j),
        ...ins.br(0), ...ins.end(), ...ins.end(),
        ...ins.get(best), ...ins.f32x4ExtractLane(0), ...ins.set(b),
        ...lane.flat(),
      ],
      result: ins.get(b),
    };
  });
}

function sumRowsFunction(): FunctionDef {
  return rowsFunction('sum_rows', (f, x, len) => {
    const j = f.local(I32);
    const lo = f.local(V128);
    const hi = f.local(V128);
    const v = f.local(V128);
    const vecEnd = f.local(I32);
    return {
      code: [
        ...ins.f32(0), ...ins.f32x4Splat(), ...ins.f64x2PromoteLowF32x4(), ...ins.tee(lo), ...ins.set(hi),
        ...ins.get(len), ...ins.i32(-4), ...ins.i32And(), ...ins.set(vecEnd),
        ...ins.i32(0), ...ins.set(j),
        ...ins.block(), ...ins.loop(),
        ...ins.get(j), ...ins.get(vecEnd), ...ins.i32GeS(), ...ins.brIf(1),
        ...at(x, j), ...ins.v128Load(), ...ins.set(v),
        ...ins.get(lo), ...ins.get(v), ...ins.f64x2PromoteLowF32x4(), ...ins.f64x2Add(), ...ins.set(lo),
        ...ins.get(hi), ...ins.get(v), ...ins.get(v), ...ins.i8x16Shuffle(lanes32(2, 3, 0, 1)), ...ins.f64x2PromoteLowF32x4(), ...ins.f64x2Add(), ...ins.set(hi),
        ...ins.get(j), ...ins.i32(4), ...ins.i32Add(), ...ins.set(j),
        ...ins.br(0), ...ins.end(), ...ins.end(),
        // the remainder into s₀ (lane 0 of lo), in order
        ...ins.block(), ...ins.loop(),
        ...ins.get(j), ...ins.get(len), ...ins.i32GeS(), ...ins.brIf(1),
        ...ins.get(lo), ...at(x, j), ...ins.f32Load(), ...simd.f64PromoteF32(), ...simd.f64x2Splat(), ...ins.v128Const(LOW_LANE), ...ins.v128And(), ...ins.f64x2Add(), ...ins.set(lo),
        ...ins.get(j), ...ins.i32(1), ...ins.i32Add(), ...ins.set(j),
        ...ins.br(0), ...ins.end(), ...ins.end(),
      ],
      result: [
        ...ins.get(lo), ...ins.f64x2ExtractLane(0), ...ins.get(lo), ...ins.f64x2ExtractLane(1), ...simd.f64Add(),
        ...ins.get(hi), ...ins.f64x2ExtractLane(0), ...ins.get(hi), ...ins.f64x2ExtractLane(1), ...simd.f64Add(),
        ...simd.f64Add(), ...ins.f32DemoteF64(),
      ],
    };
  });
}

/** The row-reduction module's bytes. */
export function rowReduceModuleBytes(memory: MemoryImport): Uint8Array<ArrayBuffer> {
  return encodeModule([extremeRowsFunction(true), extremeRowsFunction(false), sumRowsFunction()], memory);
}
