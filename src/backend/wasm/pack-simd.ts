/**
 * SIMD packing of GEMM operands into the panel layout of gemm-module.ts's `pack` (panel q holds, for each
 * column p, the P values of rows qP…qP+P−1), for the two layouts that are common and that the scalar `pack`
 * handles one element at a time:
 *
 * - `packRuns(src, cs, panels, cols, colsPad, P, dst)`: row stride 1 (a transposed operand: a panel's P rows
 *   are contiguous at each column), so each column of a panel is P/4 vector copies; P a multiple of 4.
 * - `packQuads(src, rs, panels, cols, colsPad, dst)`: column stride 1 and P = 4 (a row-major operand), by 4×4
 *   transposes; cols a multiple of 4.
 *
 * Both fill full panels only and pad columns cols…colsPad−1 with zeros; `fastPack` cuts a call in the
 * scalar `pack`'s signature into what they can do and leaves the rest (a last partial panel, other strides)
 * to the scalar one.
 */
import { FunctionBuilder, I32, ins, V128, type Code, type FunctionDef } from './emitter.js';
import type { GemmKernels } from './gemm-block.js';
import { simd } from './simd-math.js';

const shuffle = (lanes: readonly number[]): Code => [0xfd, 0x0d, ...lanes.flatMap((l) => [4 * l, 4 * l + 1, 4 * l + 2, 4 * l + 3])];
const zero = (): Code => simd.f32x4Const(0);

/** Counted loop: for (v = 0; v < limit; v += step) body. */
function loop(v: number, limit: Code, step: number, body: Code): Code {
  return [
    ...ins.i32(0), ...ins.set(v),
    ...ins.block(), ...ins.loop(),
    ...ins.get(v), ...limit, ...ins.i32GeS(), ...ins.brIf(1),
    ...body,
    ...ins.get(v), ...ins.i32(step), ...ins.i32Add(), ...ins.set(v),
    ...ins.br(0), ...ins.end(), ...ins.end(),
  ];
}

/** dst += 16 (one vector written). */
function storeNext(dst: number, value: Code): Code {
  return [...ins.get(dst), ...value, ...ins.v128Store(), ...ins.get(dst), ...ins.i32(16), ...ins.i32Add(), ...ins.set(dst)];
}

/** Zero vectors for columns cols…colsPad−1 of one panel (P floats each). */
function padColumns(dst: number, p: number, cols: number, colsPad: number, P: number, j: number): Code {
  return [
    ...ins.get(cols), ...ins.set(p),
    ...ins.block(), ...ins.loop(),
    ...ins.get(p), ...ins.get(colsPad), ...ins.i32GeS(), ...ins.brIf(1),
    ...loop(j, ins.get(P), 4, storeNext(dst, zero())),
    ...ins.get(p), ...ins.i32(1), ...ins.i32Add(), ...ins.set(p),
    ...ins.br(0), ...ins.end(), ...ins.end(),
  ];
}

function packRuns(): FunctionDef {
  const f = new FunctionBuilder('packRuns');
  const src = f.param(I32);
  const cs = f.param(I32);
  const panels = f.param(I32);
  const cols = f.param(I32);
  const colsPad = f.param(I32);
  const P = f.param(I32);
  const dst = f.param(I32);
  const q = f.local(I32);
  const p = f.local(I32);
  const j = f.local(I32);
  const at = f.local(I32);
  const body: Code = loop(q, ins.get(panels), 1, [
    ...loop(p, ins.get(cols), 1, [
      // at = src + 4·(q·P + p·cs)
      ...ins.get(src), ...ins.get(q), ...ins.get(P), ...ins.i32Mul(), ...ins.get(p), ...ins.get(cs), ...ins.i32Mul(), ...ins.i32Add(),
      ...ins.i32(2), ...ins.i32Shl(), ...ins.i32Add(), ...ins.set(at),
      ...loop(j, ins.get(P), 4, storeNext(dst, [...ins.get(at), ...ins.get(j), ...ins.i32(2), ...ins.i32Shl(), ...ins.i32Add(), ...ins.v128Load()])),
    ]),
    ...padColumns(dst, p, cols, colsPad, P, j),
  ]);
  return f.build(body);
}

function packQuads(): FunctionDef {
  const f = new FunctionBuilder('packQuads');
  const src = f.param(I32);
  const rs = f.param(I32);
  const panels = f.param(I32);
  const cols = f.param(I32);
  const colsPad = f.param(I32);
  const dst = f.param(I32);
  const q = f.local(I32);
  const p = f.local(I32);
  const j = f.local(I32);
  const rs4 = f.local(I32);
  const rows = [f.local(I32), f.local(I32), f.local(I32), f.local(I32)];
  const p4 = f.local(I32);
  const four = f.local(I32);
  const r = [f.local(V128), f.local(V128), f.local(V128), f.local(V128)];
  const t = [f.local(V128), f.local(V128), f.local(V128), f.local(V128)];
  const load = (i: number): Code => [...ins.get(rows[i]!), ...ins.get(p4), ...ins.i32Add(), ...ins.v128Load(), ...ins.set(r[i]!)];
  const mix = (a: number, b: number, lanes: number[]): Code => [...ins.get(a), ...ins.get(b), ...shuffle(lanes)];
  const body: Code = [
    ...ins.get(rs), ...ins.i32(2), ...ins.i32Shl(), ...ins.set(rs4),
    ...ins.i32(4), ...ins.set(four),
    ...loop(q, ins.get(panels), 1, [
      // the panel's four row addresses: src + 4·(4q + i)·rs
      ...ins.get(src), ...ins.get(q), ...ins.get(rs4), ...ins.i32Mul(), ...ins.i32(2), ...ins.i32Shl(), ...ins.i32Add(), ...ins.set(rows[0]!),
      ...[1, 2, 3].flatMap((i) => [...ins.get(rows[i - 1]!), ...ins.get(rs4), ...ins.i32Add(), ...ins.set(rows[i]!)]),
      ...loop(p, ins.get(cols), 4, [
        ...ins.get(p), ...ins.i32(2), ...ins.i32Shl(), ...ins.set(p4),
        ...load(0), ...load(1), ...load(2), ...load(3),
        ...mix(r[0]!, r[1]!, [0, 4, 1, 5]), ...ins.set(t[0]!),
        ...mix(r[0]!, r[1]!, [2, 6, 3, 7]), ...ins.set(t[1]!),
        ...mix(r[2]!, r[3]!, [0, 4, 1, 5]), ...ins.set(t[2]!),
        ...mix(r[2]!, r[3]!, [2, 6, 3, 7]), ...ins.set(t[3]!),
        ...storeNext(dst, mix(t[0]!, t[2]!, [0, 1, 4, 5])),
        ...storeNext(dst, mix(t[0]!, t[2]!, [2, 3, 6, 7])),
        ...storeNext(dst, mix(t[1]!, t[3]!, [0, 1, 4, 5])),
        ...storeNext(dst, mix(t[1]!, t[3]!, [2, 3, 6, 7])),
      ]),
      ...padColumns(dst, p, cols, colsPad, four, j),
    ]),
  ];
  return f.build(body);
}

/** The SIMD packing functions, for a module of their caller. */
export function packFunctions(): FunctionDef[] {
  return [packRuns(), packQuads()];
}

/** The exports of `packFunctions`. */
export interface PackKernels {
  packRuns(src: number, cs: number, panels: number, cols: number, colsPad: number, P: number, dst: number): void;
  packQuads(src: number, rs: number, panels: number, cols: number, colsPad: number, dst: number): void;
}

/** A `pack` with the scalar pack's contract that uses the SIMD ones where the layout allows. */
export function fastPack(scalar: GemmKernels['pack'], fast: PackKernels): GemmKernels['pack'] {
  return (src, rs, cs, rows, cols, colsPad, P, dst) => {
    const runs = rs === 1 && P % 4 === 0;
    const quads = cs === 1 && P === 4 && cols % 4 === 0;
    const panels = runs || quads ? Math.floor(rows / P) : 0;
    if (panels > 0) {
      if (runs) fast.packRuns(src, cs, panels, cols, colsPad, P, dst);
      else fast.packQuads(src, rs, panels, cols, colsPad, dst);
    }
    const done = panels * P;
    if (done < rows) scalar(src + done * rs * 4, rs, cs, rows - done, cols, colsPad, P, dst + done * colsPad * 4);
  };
}
