/**
 * `column_sums(x, rows, n, dst)` of the GEMM module: dst[j] = Σ_i x[i·n + j] for j < n (a Linear bias
 * gradient: the output gradient [rows, n] summed over its rows), with the arithmetic of `sumF32` (sum-f32.ts)
 * for that layout, so the two give the same bits: each float32 term promoted to double, rows taken four at a
 * time as (x₀ + x₁) + (x₂ + x₃) added to a double accumulator per column, the last rows mod 4 one by one, and
 * the accumulator rounded to float32 at the end. Four columns per pass (two f64x2 accumulators); the last
 * pass of a row length that is not a multiple of 4 reads up to 3 values past the row (and past the matrix)
 * and writes up to 3 past dst[n − 1], so the caller pads both regions by one vector. Addresses are bytes.
 */
import { FunctionBuilder, I32, ins, loopUntil, V128, type Code, type FunctionDef } from './emitter.js';

export function columnSumsFunction(): FunctionDef {
  const f = new FunctionBuilder('column_sums');
  const x = f.param(I32);
  const rows = f.param(I32);
  const n = f.param(I32);
  const dst = f.param(I32);
  const j = f.local(I32);
  const r = f.local(I32);
  const p = f.local(I32);
  const n4 = f.local(I32);
  const lo = f.local(V128);
  const hi = f.local(V128);
  // the promoted pair of columns (j, j + 1) (half 0) or (j + 2, j + 3) (half 1) of the row at p + row·n4
  const pair = (row: number, half: number): Code => [
    ...ins.get(p), ...(row === 0 ? [] : [...ins.get(n4), ...ins.i32(row), ...ins.i32Mul(), ...ins.i32Add()]),
    ...ins.v128Load64Zero(8 * half), ...ins.f64x2PromoteLowF32x4(),
  ];
  const fourRows = (acc: number, half: number): Code => [
    ...ins.get(acc),
    ...pair(0, half), ...pair(1, half), ...ins.f64x2Add(),
    ...pair(2, half), ...pair(3, half), ...ins.f64x2Add(),
    ...ins.f64x2Add(), ...ins.f64x2Add(), ...ins.set(acc),
  ];
  const oneRow = (acc: number, half: number): Code => [...ins.get(acc), ...pair(0, half), ...ins.f64x2Add(), ...ins.set(acc)];
  const store = (acc: number, lane: number, offset: number): Code => [
    ...ins.get(dst), ...ins.get(j), ...ins.i32(2), ...ins.i32Shl(), ...ins.i32Add(),
    ...ins.get(acc), ...ins.f64x2ExtractLane(lane), ...ins.f32DemoteF64(), ...ins.f32Store(offset),
  ];
  return f.build([
    ...ins.get(n), ...ins.i32(2), ...ins.i32Shl(), ...ins.set(n4),
    ...loopUntil([...ins.get(j), ...ins.get(n), ...ins.i32GeS()], [
      ...ins.f32(0), ...ins.f32x4Splat(), ...ins.tee(lo), ...ins.set(hi),
      ...ins.get(x), ...ins.get(j), ...ins.i32(2), ...ins.i32Shl(), ...ins.i32Add(), ...ins.set(p),
      ...ins.i32(0), ...ins.set(r),
      ...loopUntil([...ins.get(r), ...ins.i32(4), ...ins.i32Add(), ...ins.get(rows), ...ins.i32GtS()], [
        ...fourRows(lo, 0), ...fourRows(hi, 1),
        ...ins.get(p), ...ins.get(n4), ...ins.i32(4), ...ins.i32Mul(), ...ins.i32Add(), ...ins.set(p),
        ...ins.get(r), ...ins.i32(4), ...ins.i32Add(), ...ins.set(r),
      ]),
      ...loopUntil([...ins.get(r), ...ins.get(rows), ...ins.i32GeS()], [
        ...oneRow(lo, 0), ...oneRow(hi, 1),
        ...ins.get(p), ...ins.get(n4), ...ins.i32Add(), ...ins.set(p),
        ...ins.get(r), ...ins.i32(1), ...ins.i32Add(), ...ins.set(r),
      ]),
      ...store(lo, 0, 0), ...store(lo, 1, 4), ...store(hi, 0, 8), ...store(hi, 1, 12),
      ...ins.get(j), ...ins.i32(4), ...ins.i32Add(), ...ins.set(j),
    ]),
  ]);
}
