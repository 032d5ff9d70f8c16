/**
 * The GEMM kernels of the wasm backend, generated as WebAssembly bytes:
 *
 * - `pack(src, rs, cs, rows, cols, colsPad, P, dst)` copies a strided matrix (element (i, p) at
 *   src + 4·(i·rs + p·cs)) into panels of P rows: panel q holds, for p = 0…colsPad−1, the P values of rows
 *   qP…qP+P−1 at column p (zeros past `rows` and `cols`). A is packed in MR-row panels over k, B (viewed as
 *   Bᵀ) in NR-row panels over k, so every transpose combination reaches the micro-kernel in the same layout.
 * - `macro(ap, bp, c, ldc, mc, nc, kcPad, accumulate, scratch)` runs the MR×NR register-blocked micro-kernel
 *   over every (MR, NR) tile of an mc×nc block of C (row stride ldc elements), storing C = A·B or C += A·B.
 *   Tiles cut by the block edge are computed whole into `scratch` and their valid part copied.
 * - `macro_rows(a, lda, bp, c, ldc, mc, nc, kc, kcPad, accumulate, scratch)` is `macro` with A read in place
 *   (row-major, row stride lda, k < kc) instead of from packed panels: for small products whose A changes every
 *   call (the recurrent steps' h_{t−1} and gate gradients), where packing A would cost a pass over it per call.
 * - `accumulate_rows(dst, src, rows, len, offs)` (elementwise-module.ts) adds a product's rows into windows
 *   of a region on the heap: col2im of a convolution's input gradient without leaving the heap.
 * - `relu(x, out, n)` and `argmax_pairs(x, values, indices, outer)` (elementwise-module.ts): relu and max
 *   pooling by 2 of a convolution's product in its store; `scatter_pairs(g, idx, out, n)` the pooled
 *   gradient written into zeros at the maxima, onto the heap.
 * - `relu_grad(y, g, out, n)` (elementwise-module.ts) and `column_sums(x, rows, n, dst)` (column-sum.ts): a
 *   Linear layer's ReLU (with `relu`) applied to its product on the heap, and its backward's ReLU mask and bias
 *   gradient formed on the heap where the weight and input gradients are multiplied.
 *
 * The micro-kernel keeps MR×NR/4 accumulators in v128 registers, broadcasts one A value per row and loads
 * NR/4 vectors of B per k step, unrolled UNROLL times (kcPad is a multiple of UNROLL: packing pads k with
 * zeros). With relaxed SIMD it uses f32x4.relaxed_madd (one fused multiply-add where the CPU has FMA),
 * otherwise f32x4.mul + f32x4.add.
 */
import { packFullFunction } from './gemm-pack.js';
import { addColumnFunction, addRowFunction, axpyRowsFunction, dotRowsFunction } from './gemv-module.js';
import { accumulateRowsFunction, argReducePairsFunction, reluFunction, reluGradFunction, scatterPairsFunction } from './elementwise-module.js';
import { columnSumsFunction } from './column-sum.js';
import { encodeModule, FunctionBuilder, I32, ins, V128, F32, type Code, type FunctionDef, type MemoryImport } from './emitter.js';

/** Micro-tile rows. */
export const MR = 4;
/** Micro-tile columns (a multiple of 4). */
export const NR = 16;
/** k steps per micro-kernel loop iteration; packed k extents are padded to a multiple of it. */
export const UNROLL = 4;

function packFunction(): FunctionDef {
  const f = new FunctionBuilder('pack');
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
  const r = f.local(I32);
  const i = f.local(I32);
  const body: Code = [
    ...ins.block(), ...ins.loop(),
    ...ins.get(i0), ...ins.get(rows), ...ins.i32GeS(), ...ins.brIf(1),
    ...ins.i32(0), ...ins.set(p),
    ...ins.block(), ...ins.loop(),
    ...ins.get(p), ...ins.get(colsPad), ...ins.i32GeS(), ...ins.brIf(1),
    ...ins.i32(0), ...ins.set(r),
    ...ins.block(), ...ins.loop(),
    ...ins.get(r), ...ins.get(P), ...ins.i32GeS(), ...ins.brIf(1),
    ...ins.get(i0), ...ins.get(r), ...ins.i32Add(), ...ins.set(i),
    ...ins.get(dst),
    ...ins.get(i), ...ins.get(rows), ...ins.i32LtS(), ...ins.get(p), ...ins.get(cols), ...ins.i32LtS(), ...ins.i32And(),
    ...ins.ifF32(),
    ...ins.get(src), ...ins.get(i), ...ins.get(rs), ...ins.i32Mul(), ...ins.get(p), ...ins.get(cs), ...ins.i32Mul(), ...ins.i32Add(),
    ...ins.i32(2), ...ins.i32Shl(), ...ins.i32Add(), ...ins.f32Load(),
    ...ins.else(), ...ins.f32(0), ...ins.end(),
    ...ins.f32Store(),
    ...ins.get(dst), ...ins.i32(4), ...ins.i32Add(), ...ins.set(dst),
    ...ins.get(r), ...ins.i32(1), ...ins.i32Add(), ...ins.set(r),
    ...ins.br(0), ...ins.end(), ...ins.end(),
    ...ins.get(p), ...ins.i32(1), ...ins.i32Add(), ...ins.set(p),
    ...ins.br(0), ...ins.end(), ...ins.end(),
    ...ins.get(i0), ...ins.get(P), ...ins.i32Add(), ...ins.set(i0),
    ...ins.br(0), ...ins.end(), ...ins.end(),
  ];
  return f.build(body);
}

/**
 * The macro-kernel. With `rows` it is `macro_rows(a, lda, bp, c, ldc, mc, nc, kc, kcPad, accumulate, scratch)`:
 * A is read in place, row-major with row stride lda elements (A's element (i, p) at a + 4·(i·lda + p)), for k =
 * 0…kc−1 (the B panels are packed to depth kcPad ≥ kc), so no packed copy of A is made; the k steps and their
 * order are those of `macro`, so the results are the same.
 */
function macroFunction(relaxed: boolean, rows = false): FunctionDef {
  const NV = NR / 4;
  const f = new FunctionBuilder(rows ? 'macro_rows' : 'macro');
  const ap = f.param(I32);
  const lda = rows ? f.param(I32) : -1;
  const bp = f.param(I32);
  const c = f.param(I32);
  const ldc = f.param(I32);
  const mc = f.param(I32);
  const nc = f.param(I32);
  const kc = rows ? f.param(I32) : -1;
  const kcPad = f.param(I32);
  const accumulate = f.param(I32);
  const scratch = f.param(I32);
  const jr = f.local(I32);
  const ir = f.local(I32);
  const a = f.local(I32);
  const b = f.local(I32);
  const p = f.local(I32);
  const mr = f.local(I32);
  const nr = f.local(I32);
  const cTile = f.local(I32);
  const ldc4 = f.local(I32);
  const ei = f.local(I32);
  const ej = f.local(I32);
  const dst = f.local(I32);
  const tmp = f.local(F32);
  const acc: number[][] = [];
  for (let r = 0; r < MR; r++) acc.push(Array.from({ length: NV }, () => f.local(V128)));
  const bv = Array.from({ length: NV }, () => f.local(V128));
  const av = f.local(V128);

  const zeroAcc: Code = [];
  for (const row of acc) for (const x of row) zeroAcc.push(...ins.f32(0), ...ins.f32x4Splat(), ...ins.set(x));

  // rows: the addresses of the tile's MR rows of A at the current k (rows past mc alias the first)
  const aRow = rows ? Array.from({ length: MR }, () => f.local(I32)) : [];
  const lda4 = rows ? f.local(I32) : -1;

  // `count` k steps: load NR values of B, then per row broadcast one A value and multiply-add
  const steps = (count: number): Code => {
    const out: Code = [];
    for (let u = 0; u < count; u++) {
      for (let v = 0; v < NV; v++) out.push(...ins.get(b), ...ins.v128Load((u * NR + 4 * v) * 4), ...ins.set(bv[v]!));
      for (let r = 0; r < MR; r++) {
        if (rows) out.push(...ins.get(aRow[r]!), ...ins.v128Load32Splat(u * 4), ...ins.set(av));
        else out.push(...ins.get(a), ...ins.v128Load32Splat((u * MR + r) * 4), ...ins.set(av));
        for (let v = 0; v < NV; v++) {
          const x = acc[r]![v]!;
          if (relaxed) out.push(...ins.get(av), ...ins.get(bv[v]!), ...ins.get(x), ...ins.f32x4RelaxedMadd(), ...ins.set(x));
          else out.push(...ins.get(av), ...ins.get(bv[v]!), ...ins.f32x4Mul(), ...ins.get(x), ...ins.f32x4Add(), ...ins.set(x));
        }
      }
    }
    return out;
  };
  const step = steps(UNROLL);
  const advanceRows = (count: number): Code => aRow.flatMap((x) => [...ins.get(x), ...ins.i32(count * 4), ...ins.i32Add(), ...ins.set(x)]);
  // the k loop of one tile: packed A, UNROLL steps at a time over kcPad
  const packedLoop: Code = [
    ...ins.get(ap), ...ins.get(ir), ...ins.get(kcPad), ...ins.i32Mul(), ...ins.i32(2), ...ins.i32Shl(), ...ins.i32Add(), ...ins.set(a),
    ...ins.get(kcPad), ...ins.set(p),
    ...ins.block(), ...ins.loop(),
    ...ins.get(p), ...ins.i32Eqz(), ...ins.brIf(1),
    ...step,
    ...ins.get(a), ...ins.i32(UNROLL * MR * 4), ...ins.i32Add(), ...ins.set(a),
    ...ins.get(b), ...ins.i32(UNROLL * NR * 4), ...ins.i32Add(), ...ins.set(b),
    ...ins.get(p), ...ins.i32(UNROLL), ...ins.i32Sub(), ...ins.set(p),
    ...ins.br(0), ...ins.end(), ...ins.end(),
  ];
  // A in place: UNROLL steps at a time, then the last kc mod UNROLL one by one
  const rowsLoop: Code = !rows ? [] : [
    ...ins.get(ap), ...ins.get(ir), ...ins.get(lda4), ...ins.i32Mul(), ...ins.i32Add(), ...ins.set(aRow[0]!),
    ...aRow.slice(1).flatMap((x, i) => [
      ...ins.get(aRow[0]!), ...ins.get(lda4), ...ins.i32(i + 1), ...ins.i32Mul(), ...ins.i32Add(),
      ...ins.get(aRow[0]!),
      ...ins.i32(i + 1), ...ins.get(mr), ...ins.i32LtS(), ...ins.select(), ...ins.set(x),
    ]),
    ...ins.get(kc), ...ins.set(p),
    ...ins.block(), ...ins.loop(),
    ...ins.get(p), ...ins.i32(UNROLL), ...ins.i32LtS(), ...ins.brIf(1),
    ...step,
    ...advanceRows(UNROLL),
    ...ins.get(b), ...ins.i32(UNROLL * NR * 4), ...ins.i32Add(), ...ins.set(b),
    ...ins.get(p), ...ins.i32(UNROLL), ...ins.i32Sub(), ...ins.set(p),
    ...ins.br(0), ...ins.end(), ...ins.end(),
    ...ins.block(), ...ins.loop(),
    ...ins.get(p), ...ins.i32Eqz(), ...ins.brIf(1),
    ...steps(1),
    ...advanceRows(1),
    ...ins.get(b), ...ins.i32(NR * 4), ...ins.i32Add(), ...ins.set(b),
    ...ins.get(p), ...ins.i32(1), ...ins.i32Sub(), ...ins.set(p),
    ...ins.br(0), ...ins.end(), ...ins.end(),
  ];

  // stores of a full tile: row r at cTile + r·ldc·4
  const storeFull = (add: boolean): Code => {
    const out: Code = [];
    for (let r = 0; r < MR; r++) {
      for (let v = 0; v < NV; v++) {
        out.push(...ins.get(cTile));
        if (r > 0) out.push(...ins.get(ldc4), ...ins.i32(r), ...ins.i32Mul(), ...ins.i32Add());
        out.push(...ins.tee(dst));
        if (add) out.push(...ins.get(dst), ...ins.v128Load(16 * v), ...ins.get(acc[r]![v]!), ...ins.f32x4Add());
        else out.push(...ins.get(acc[r]![v]!));
        out.push(...ins.v128Store(16 * v));
      }
    }
    return out;
  };
  const storeScratch: Code = [];
  for (let r = 0; r < MR; r++) {
    for (let v = 0; v < NV; v++) storeScratch.push(...ins.get(scratch), ...ins.get(acc[r]![v]!), ...ins.v128Store((r * NR + 4 * v) * 4));
  }
  // copy the valid mr×nr part of scratch into C (adding when accumulating)
  const copyEdge: Code = [
    ...ins.i32(0), ...ins.set(ei),
    ...ins.block(), ...ins.loop(),
    ...ins.get(ei), ...ins.get(mr), ...ins.i32GeS(), ...ins.brIf(1),
    ...ins.i32(0), ...ins.set(ej),
    ...ins.block(), ...ins.loop(),
    ...ins.get(ej), ...ins.get(nr), ...ins.i32GeS(), ...ins.brIf(1),
    ...ins.get(cTile), ...ins.get(ei), ...ins.get(ldc), ...ins.i32Mul(), ...ins.get(ej), ...ins.i32Add(), ...ins.i32(2), ...ins.i32Shl(), ...ins.i32Add(), ...ins.tee(dst),
    ...ins.get(scratch), ...ins.get(ei), ...ins.i32(NR), ...ins.i32Mul(), ...ins.get(ej), ...ins.i32Add(), ...ins.i32(2), ...ins.i32Shl(), ...ins.i32Add(), ...ins.f32Load(), ...ins.tee(tmp),
    ...ins.get(dst), ...ins.f32Load(), ...ins.f32Add(),
    ...ins.get(tmp), ...ins.get(accumulate), ...ins.select(),
    ...ins.f32Store(),
    ...ins.get(ej), ...ins.i32(1), ...ins.i32Add(), ...ins.set(ej),
    ...ins.br(0), ...ins.end(), ...ins.end(),
    ...ins.get(ei), ...ins.i32(1), ...ins.i32Add(), ...ins.set(ei),
    ...ins.br(0), ...ins.end(), ...ins.end(),
  ];
  const minInto = (limit: Code, cap: number, target: number): Code => [
    ...limit, ...ins.i32(cap), ...limit, ...ins.i32(cap), ...ins.i32LtS(), ...ins.select(), ...ins.set(target),
  ];

  const body: Code = [
    ...ins.get(ldc), ...ins.i32(2), ...ins.i32Shl(), ...ins.set(ldc4),
    ...(rows ? [...ins.get(lda), ...ins.i32(2), ...ins.i32Shl(), ...ins.set(lda4)] : []),
    ...ins.block(), ...ins.loop(),
    ...ins.get(jr), ...ins.get(nc), ...ins.i32GeS(), ...ins.brIf(1),
    ...minInto([...ins.get(nc), ...ins.get(jr), ...ins.i32Sub()], NR, nr),
    ...ins.i32(0), ...ins.set(ir),
    ...ins.block(), ...ins.loop(),
    ...ins.get(ir), ...ins.get(mc), ...ins.i32GeS(), ...ins.brIf(1),
    ...minInto([...ins.get(mc), ...ins.get(ir), ...ins.i32Sub()], MR, mr),
    ...zeroAcc,
    ...ins.get(bp), ...ins.get(jr), ...ins.get(kcPad), ...ins.i32Mul(), ...ins.i32(2), ...ins.i32Shl(), ...ins.i32Add(), ...ins.set(b),
    ...(rows ? rowsLoop : packedLoop),
    ...ins.get(c), ...ins.get(ir), ...ins.get(ldc), ...ins.i32Mul(), ...ins.get(jr), ...ins.i32Add(), ...ins.i32(2), ...ins.i32Shl(), ...ins.i32Add(), ...ins.set(cTile),
    ...ins.get(mr), ...ins.i32(MR), ...ins.i32Eq(), ...ins.get(nr), ...ins.i32(NR), ...ins.i32Eq(), ...ins.i32And(),
    ...ins.if(),
    ...ins.get(accumulate), ...ins.if(), ...storeFull(true), ...ins.else(), ...storeFull(false), ...ins.end(),
    ...ins.else(),
    ...storeScratch, ...copyEdge,
    ...ins.end(),
    ...ins.get(ir), ...ins.i32(MR), ...ins.i32Add(), ...ins.set(ir),
    ...ins.br(0), ...ins.end(), ...ins.end(),
    ...ins.get(jr), ...ins.i32(NR), ...ins.i32Add(), ...ins.set(jr),
    ...ins.br(0), ...ins.end(), ...ins.end(),
  ];
  return f.build(body);
}

/** The GEMM module's bytes, with relaxed-SIMD FMA or with plain SIMD multiply and add. */
export function gemmModuleBytes(relaxed: boolean, memory: MemoryImport): Uint8Array<ArrayBuffer> {
  return encodeModule([
    packFunction(), macroFunction(relaxed), macroFunction(relaxed, true), packFullFunction(), dotRowsFunction(), axpyRowsFunction(), addRowFunction(), addColumnFunction(), accumulateRowsFunction(),
    reluFunction(), argReducePairsFunction(true), scatterPairsFunction(), reluGradFunction(), columnSumsFunction(),
  ], memory);
}
