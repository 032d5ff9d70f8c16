/**
 * The vectorised panel packing of the GEMM module: `pack_full(src, rs, cs, rows, cols, colsPad, P, dst)`
 * writes the same layout as gemm-module.ts's scalar `pack` (panel q holds, for p = 0…colsPad−1, the P values
 * of rows qP…qP+P−1 at column p; zeros for p ≥ cols) for `rows` a multiple of P (whole panels only; the
 * caller packs a last partial panel with the scalar `pack`), P a multiple of 4, and one of two layouts:
 *
 * - rs = 1 (the P values of a column are contiguous: Aᵀ stored, or B not transposed): P/4 vector copies per
 *   column;
 * - cs = 1 (rows contiguous along p: A, or Bᵀ stored): 4×4 blocks loaded as four row vectors, transposed with
 *   shuffles and stored as four column vectors, with a scalar tail for the last cols mod 4 columns.
 *
 * Packing is pure data movement, so the packed panels — and the products — are identical to the scalar path.
 */
import { FunctionBuilder, I32, ins, lanes32, loopUntil, V128, type Code, type FunctionDef } from './emitter.js';

export function packFullFunction(): FunctionDef {
  const f = new FunctionBuilder('pack_full');
  const src = f.param(I32);
  const rs = f.param(I32);
  const cs = f.param(I32);
  const rows = f.param(I32);
  const cols = f.param(I32);
  const colsPad = f.param(I32);
  const P = f.param(I32);
  const dst = f.param(I32);
  const i0 = f.local(I32);
  const p = f.local(I32);
  const g = f.local(I32);
  const s = f.local(I32);
  const d = f.local(I32);
  const rs4 = f.local(I32);
  const cols4 = f.local(I32);
  const panelBytes = f.local(I32);
  const r = [f.local(V128), f.local(V128), f.local(V128), f.local(V128)] as const;
  const t = [f.local(V128), f.local(V128), f.local(V128), f.local(V128)] as const;
  const zero = f.local(V128);

  const inc = (local: number, by: Code): Code => [...ins.get(local), ...by, ...ins.i32Add(), ...ins.set(local)];
  // dst of column p in the current panel: panel base + p·P·4
  const colDst = (col: Code): Code => [...ins.get(d), ...col, ...ins.get(P), ...ins.i32Mul(), ...ins.i32(2), ...ins.i32Shl(), ...ins.i32Add()];

  // rs = 1: for each column p, P/4 vectors from src + 4·(i0 + p·cs)
  const columnCopy: Code = [
    ...ins.i32(0), ...ins.set(p),
    ...loopUntil([...ins.get(p), ...ins.get(cols), ...ins.i32GeS()], [
      ...ins.get(src), ...ins.get(i0), ...ins.get(p), ...ins.get(cs), ...ins.i32Mul(), ...ins.i32Add(), ...ins.i32(2), ...ins.i32Shl(), ...ins.i32Add(), ...ins.set(s),
      ...ins.i32(0), ...ins.set(g),
      ...loopUntil([...ins.get(g), ...ins.get(P), ...ins.i32GeS()], [
        ...colDst(ins.get(p)), ...ins.get(g), ...ins.i32(2), ...ins.i32Shl(), ...ins.i32Add(),
        ...ins.get(s), ...ins.get(g), ...ins.i32(2), ...ins.i32Shl(), ...ins.i32Add(), ...ins.v128Load(),
        ...ins.v128Store(),
        ...inc(g, ins.i32(4)),
      ]),
      ...inc(p, ins.i32(1)),
    ]),
  ];

  // cs = 1: 4×4 blocks (rows g…g+3, columns p…p+3) transposed
  const rowAt = (k: number): Code => [...ins.get(s), ...(k === 0 ? [] : [...ins.get(rs4), ...ins.i32(k), ...ins.i32Mul(), ...ins.i32Add()]), ...ins.v128Load()];
  const shuffle = (a: number, b: number, l: number[], into: number): Code => [...ins.get(a), ...ins.get(b), ...ins.i8x16Shuffle(lanes32(...l)), ...ins.set(into)];
  const storeCol = (u: number, a: number, b: number, l: number[]): Code => [
    ...colDst([...ins.get(p), ...ins.i32(u), ...ins.i32Add()]), ...ins.get(g), ...ins.i32(2), ...ins.i32Shl(), ...ins.i32Add(),
    ...ins.get(a), ...ins.get(b), ...ins.i8x16Shuffle(lanes32(...l)), ...ins.v128Store(),
  ];
  const transposeBlocks: Code = [
    ...ins.get(rs), ...ins.i32(2), ...ins.i32Shl(), ...ins.set(rs4),
    ...ins.get(cols), ...ins.i32(-4), ...ins.i32And(), ...ins.set(cols4),
    ...ins.i32(0), ...ins.set(p),
    ...loopUntil([...ins.get(p), ...ins.get(cols4), ...ins.i32GeS()], [
      ...ins.i32(0), ...ins.set(g),
      ...loopUntil([...ins.get(g), ...ins.get(P), ...ins.i32GeS()], [
        // s = src + 4·((i0 + g)·rs + p)
        ...ins.get(src), ...ins.get(i0), ...ins.get(g), ...ins.i32Add(), ...ins.get(rs), ...ins.i32Mul(), ...ins.get(p), ...ins.i32Add(),
        ...ins.i32(2), ...ins.i32Shl(), ...ins.i32Add(), ...ins.set(s),
        ...rowAt(0), ...ins.set(r[0]), ...rowAt(1), ...ins.set(r[1]), ...rowAt(2), ...ins.set(r[2]), ...rowAt(3), ...ins.set(r[3]),
        ...shuffle(r[0], r[1], [0, 4, 1, 5], t[0]), ...shuffle(r[2], r[3], [0, 4, 1, 5], t[1]),
        ...shuffle(r[0], r[1], [2, 6, 3, 7], t[2]), ...shuffle(r[2], r[3], [2, 6, 3, 7], t[3]),
        ...storeCol(0, t[0], t[1], [0, 1, 4, 5]), ...storeCol(1, t[0], t[1], [2, 3, 6, 7]),
        ...storeCol(2, t[2], t[3], [0, 1, 4, 5]), ...storeCol(3, t[2], t[3], [2, 3, 6, 7]),
        ...inc(g, ins.i32(4)),
      ]),
      ...inc(p, ins.i32(4)),
    ]),
    // the last cols mod 4 columns, one value at a time
    ...loopUntil([...ins.get(p), ...ins.get(cols), ...ins.i32GeS()], [
      ...ins.i32(0), ...ins.set(g),
      ...loopUntil([...ins.get(g), ...ins.get(P), ...ins.i32GeS()], [
        ...colDst(ins.get(p)), ...ins.get(g), ...ins.i32(2), ...ins.i32Shl(), ...ins.i32Add(),
        ...ins.get(src), ...ins.get(i0), ...ins.get(g), ...ins.i32Add(), ...ins.get(rs), ...ins.i32Mul(), ...ins.get(p), ...ins.i32Add(),
        ...ins.i32(2), ...ins.i32Shl(), ...ins.i32Add(), ...ins.f32Load(),
        ...ins.f32Store(),
        ...inc(g, ins.i32(1)),
      ]),
      ...inc(p, ins.i32(1)),
    ]),
  ];

  // zero columns cols…colsPad−1 of the panel
  const zeroPad: Code = [
    ...ins.get(cols), ...ins.set(p),
    ...loopUntil([...ins.get(p), ...ins.get(colsPad), ...ins.i32GeS()], [
      ...ins.i32(0), ...ins.set(g),
      ...loopUntil([...ins.get(g), ...ins.get(P), ...ins.i32GeS()], [
        ...colDst(ins.get(p)), ...ins.get(g), ...ins.i32(2), ...ins.i32Shl(), ...ins.i32Add(), ...ins.get(zero), ...ins.v128Store(),
        ...inc(g, ins.i32(4)),
      ]),
      ...inc(p, ins.i32(1)),
    ]),
  ];

  return f.build([
    ...ins.f32(0), ...ins.f32x4Splat(), ...ins.set(zero),
    ...ins.get(colsPad), ...ins.get(P), ...ins.i32Mul(), ...ins.i32(2), ...ins.i32Shl(), ...ins.set(panelBytes),
    ...ins.get(dst), ...ins.set(d),
    ...loopUntil([...ins.get(i0), ...ins.get(rows), ...ins.i32GeS()], [
      ...ins.get(rs), ...ins.i32(1), ...ins.i32Eq(),
      ...ins.if(), ...columnCopy, ...ins.else(), ...transposeBlocks, ...ins.end(),
      ...zeroPad,
      ...inc(d, ins.get(panelBytes)),
      ...inc(i0, ins.get(P)),
    ]),
  ]);
}
