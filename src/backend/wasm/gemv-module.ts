/**
 * The thin-product kernels of the GEMM module (products with m, n or k = 1, which register tiles would
 * mostly waste), float32 SIMD with separate multiply and add:
 *
 * - `dot_rows(x, ldx, v, y, rows, len)`: y[i] = Σ_p x[i·ldx + p]·v[p] for i < rows (four partial sums over
 *   p, added at the end, then the len mod 4 tail);
 * - `axpy_rows(x, ldx, v, y, rows, len)`: y[j] = Σ_p v[p]·x[p·ldx + j] for j < len, p < rows (y is
 *   overwritten; len is rounded up to 4 and y padded by the caller).
 *
 * Addresses are bytes, ldx in elements.
 */
import { F32, FunctionBuilder, I32, ins, loopUntil, V128, type Code, type FunctionDef } from './emitter.js';

const at = (base: Code, index: Code): Code => [...base, ...index, ...ins.i32(2), ...ins.i32Shl(), ...ins.i32Add()];

export function dotRowsFunction(): FunctionDef {
  const f = new FunctionBuilder('dot_rows');
  const x = f.param(I32);
  const ldx = f.param(I32);
  const v = f.param(I32);
  const y = f.param(I32);
  const rows = f.param(I32);
  const len = f.param(I32);
  const i = f.local(I32);
  const p = f.local(I32);
  const row = f.local(I32);
  const len4 = f.local(I32);
  const acc = f.local(V128);
  const s = f.local(F32);
  const lane = (k: number): Code => [...ins.get(acc), ...ins.f32x4ExtractLane(k)];
  return f.build([
    ...ins.get(len), ...ins.i32(-4), ...ins.i32And(), ...ins.set(len4),
    ...loopUntil([...ins.get(i), ...ins.get(rows), ...ins.i32GeS()], [
      ...at(ins.get(x), [...ins.get(i), ...ins.get(ldx), ...ins.i32Mul()]), ...ins.set(row),
      ...ins.f32(0), ...ins.f32x4Splat(), ...ins.set(acc),
      ...ins.i32(0), ...ins.set(p),
      ...loopUntil([...ins.get(p), ...ins.get(len4), ...ins.i32GeS()], [
        ...ins.get(acc),
        ...at(ins.get(row), ins.get(p)), ...ins.v128Load(), ...at(ins.get(v), ins.get(p)), ...ins.v128Load(), ...ins.f32x4Mul(),
        ...ins.f32x4Add(), ...ins.set(acc),
        ...ins.get(p), ...ins.i32(4), ...ins.i32Add(), ...ins.set(p),
      ]),
      ...lane(0), ...lane(1), ...ins.f32Add(), ...lane(2), ...lane(3), ...ins.f32Add(), ...ins.f32Add(), ...ins.set(s),
      ...loopUntil([...ins.get(p), ...ins.get(len), ...ins.i32GeS()], [
        ...ins.get(s), ...at(ins.get(row), ins.get(p)), ...ins.f32Load(), ...at(ins.get(v), ins.get(p)), ...ins.f32Load(), ...ins.f32Mul(),
        ...ins.f32Add(), ...ins.set(s),
        ...ins.get(p), ...ins.i32(1), ...ins.i32Add(), ...ins.set(p),
      ]),
      ...at(ins.get(y), ins.get(i)), ...ins.get(s), ...ins.f32Store(),
      ...ins.get(i), ...ins.i32(1), ...ins.i32Add(), ...ins.set(i),
    ]),
  ]);
}

export function axpyRowsFunction(): FunctionDef {
  const f = new FunctionBuilder('axpy_rows');
  const x = f.param(I32);
  const ldx = f.param(I32);
  const v = f.param(I32);
  const y = f.param(I32);
  const rows = f.param(I32);
  const len = f.param(I32);
  const p = f.local(I32);
  const j = f.local(I32);
  const row = f.local(I32);
  const scale = f.local(V128);
  const zero = f.local(V128);
  return f.build([
    ...ins.f32(0), ...ins.f32x4Splat(), ...ins.set(zero),
    ...loopUntil([...ins.get(j), ...ins.get(len), ...ins.i32GeS()], [
      ...at(ins.get(y), ins.get(j)), ...ins.get(zero), ...ins.v128Store(),
      ...ins.get(j), ...ins.i32(4), ...ins.i32Add(), ...ins.set(j),
    ]),
    ...loopUntil([...ins.get(p), ...ins.get(rows), ...ins.i32GeS()], [
      ...at(ins.get(x), [...ins.get(p), ...ins.get(ldx), ...ins.i32Mul()]), ...ins.set(row),
      ...at(ins.get(v), ins.get(p)), ...ins.v128Load32Splat(), ...ins.set(scale),
      ...ins.i32(0), ...ins.set(j),
      ...loopUntil([...ins.get(j), ...ins.get(len), ...ins.i32GeS()], [
        ...at(ins.get(y), ins.get(j)),
        ...at(ins.get(y), ins.get(j)), ...ins.v128Load(), ...at(ins.get(row), ins.get(j)), ...ins.v128Load(), ...ins.get(scale), ...ins.f32x4Mul(),
        ...ins.f32x4Add(), ...ins.v128Store(),
        ...ins.get(j), ...ins.i32(4), ...ins.i32Add(), ...ins.set(j),
      ]),
      ...ins.get(p), ...ins.i32(1), ...ins.i32Add(), ...ins.set(p),
    ]),
  ]);
}

/**
 * `add_row(c, rows, n, bias)`: c[i·n + j] += bias[j] for every row i (a bias added to a product in place:
 * one float32 addition per element, as a separate add would round it), vectors then the n mod 4 tail.
 */
export function addRowFunction(): FunctionDef {
  return addBiasFunction('row');
}

/**
 * `add_col(c, rows, n, bias)`: c[i·n + j] += bias[i] for every row i (a convolution's per-channel bias added to
 * its product [channels, positions] in place), one float32 addition per element as `add_row`.
 */
export function addColumnFunction(): FunctionDef {
  return addBiasFunction('column');
}

function addBiasFunction(along: 'row' | 'column'): FunctionDef {
  const f = new FunctionBuilder(along === 'row' ? 'add_row' : 'add_col');
  const c = f.param(I32);
  const rows = f.param(I32);
  const n = f.param(I32);
  const bias = f.param(I32);
  const i = f.local(I32);
  const j = f.local(I32);
  const n4 = f.local(I32);
  const scalar = f.local(F32);
  const vector = f.local(V128);
  // per row: the column bias is one value (splatted once per row); the row bias is read at j
  const [biasVector, biasScalar, rowStart] = along === 'row'
    ? [[...at(ins.get(bias), ins.get(j)), ...ins.v128Load()], [...at(ins.get(bias), ins.get(j)), ...ins.f32Load()], []]
    : [ins.get(vector), ins.get(scalar), [
      ...at(ins.get(bias), ins.get(i)), ...ins.f32Load(), ...ins.set(scalar), ...ins.get(scalar), ...ins.f32x4Splat(), ...ins.set(vector),
    ]];
  return f.build([
    ...ins.get(n), ...ins.i32(-4), ...ins.i32And(), ...ins.set(n4),
    ...loopUntil([...ins.get(i), ...ins.get(rows), ...ins.i32GeS()], [
      ...rowStart,
      ...ins.i32(0), ...ins.set(j),
      ...loopUntil([...ins.get(j), ...ins.get(n4), ...ins.i32GeS()], [
        ...at(ins.get(c), ins.get(j)),
        ...at(ins.get(c), ins.get(j)), ...ins.v128Load(), ...biasVector, ...ins.f32x4Add(),
        ...ins.v128Store(),
        ...ins.get(j), ...ins.i32(4), ...ins.i32Add(), ...ins.set(j),
      ]),
      ...loopUntil([...ins.get(j), ...ins.get(n), ...ins.i32GeS()], [
        ...at(ins.get(c), ins.get(j)),
        ...at(ins.get(c), ins.get(j)), ...ins.f32Load(), ...biasScalar, ...ins.f32Add(),
        ...ins.f32Store(),
        ...ins.get(j), ...ins.i32(1), ...ins.i32Add(), ...ins.set(j),
      ]),
      ...at(ins.get(c), ins.get(n)), ...ins.set(c),
      ...ins.get(i), ...ins.i32(1), ...ins.i32Add(), ...ins.set(i),
    ]),
  ]);
}
