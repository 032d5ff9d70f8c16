/**
 * Float32 elementwise kernels of the wasm backend as WebAssembly SIMD, generated as bytes. They walk a
 * broadcast as rows (cpu/rows.ts): row r of the output is `len` contiguous elements at out + r·len; an
 * operand either runs along the row (mode 'v', step 1) or repeats one value over it (mode 's', step 0),
 * starting at its element offset for the row, read from an int32 table at `offs`.
 *
 * - `relu(x, out, n)`: out = max(x, 0) lane-wise (NaN propagates, −0 → +0), n a multiple of 4.
 * - `relu_grad(y, g, out, n)`: out = y > 0 ? g : +0 (relu's gradient from its output in one pass).
 * - `{add,sub,mul,div}_{vv,vs,sv}(a, b, out, rows, len, aOffs, bOffs)`: out = a op b.
 * - `{eq,ne,lt,le,gt,ge}_{vv,vs,sv}(…)`: the same walk into bytes 0/1.
 * - `where_{v,s}(cond, a, b, out, rows, len, cOffs, aOffs, bOffs)`: out = cond ≠ 0 ? a : b, cond (bytes)
 *   and a running along the row, b by the suffix's mode.
 *
 * - `accumulate_rows(dst, src, rows, len, offs)`: dst[offs[r] + j] += src[r·len + j] (the gradient of a
 *   window view, col2im), rows in order so overlapping rows add in the reference order; each row ends
 *   with a scalar tail, since running into the next row would add to the wrong elements.
 *
 * - `argmax_rows(x, values, indices, outer, size)` / `argmin_rows`: the extreme of each of `outer`
 *   contiguous rows of `size` and the index of its first occurrence, NaN counting as the extreme (the
 *   first NaN wins), branch-free: take = v ≷ best, or v is NaN while best is not; then select.
 * - `argmax_pairs(x, values, indices, outer)` / `argmin_pairs`: the same for rows of 2 (pooling windows of
 *   2), four rows per step: the pairs are split into first and second elements by shuffles, compared
 *   lane-wise, and the index is the take mask's low bit (outer rounded up to 4; the caller pads).
 * - `scatter_pairs(g, idx, out, n)`: the adjoint of those pairs, g[i] written to out[2i + idx[i]] and zero
 *   beside it (the gradient of max over windows of 2, scattered into zeros).
 *
 * Except accumulate_rows and the arg reductions, each row is processed in whole vectors of 4: the last vector of a row may run up to 3 elements into the
 * next row (and past the operands' ends), which is harmless because rows are written in order — the next
 * row overwrites them — and the caller pads every region of the scratch heap by one vector. Every lane
 * is one float32 operation or comparison, so results are bit-identical to the reference kernels.
 */
import { encodeModule, F32, FunctionBuilder, I32, ins, lanes32, V128, type Code, type FunctionDef, type MemoryImport } from './emitter.js';

export type ArithOp = 'add' | 'sub' | 'mul' | 'div';
export type CmpOp = 'eq' | 'ne' | 'lt' | 'le' | 'gt' | 'ge';
export type OperandModes = 'vv' | 'vs' | 'sv';

const ARITH: Record<ArithOp, () => Code> = { add: ins.f32x4Add, sub: ins.f32x4Sub, mul: ins.f32x4Mul, div: ins.f32x4Div };
const CMP: Record<CmpOp, () => Code> = { eq: ins.f32x4Eq, ne: ins.f32x4Ne, lt: ins.f32x4Lt, le: ins.f32x4Le, gt: ins.f32x4Gt, ge: ins.f32x4Ge };

/**
 * A contiguous lane-wise kernel `name(in₀, …, out, n)` over n (a multiple of 4) elements: `vector` gets the
 * inputs' vectors at the current position and a zero vector and leaves the output vector.
 */
function lanesFunction(name: string, inputs: number, vector: (loaded: Code[], zero: Code) => Code): FunctionDef {
  const f = new FunctionBuilder(name);
  const ins0 = Array.from({ length: inputs }, () => f.param(I32));
  const out = f.param(I32);
  const n = f.param(I32);
  const i = f.local(I32);
  const zero = f.local(V128);
  return f.build([
    ...ins.f32(0), ...ins.f32x4Splat(), ...ins.set(zero),
    ...ins.get(n), ...ins.i32(2), ...ins.i32Shl(), ...ins.set(n),
    ...ins.block(), ...ins.loop(),
    ...ins.get(i), ...ins.get(n), ...ins.i32GeS(), ...ins.brIf(1),
    ...ins.get(out), ...ins.get(i), ...ins.i32Add(),
    ...vector(ins0.map((x) => [...ins.get(x), ...ins.get(i), ...ins.i32Add(), ...ins.v128Load()]), ins.get(zero)),
    ...ins.v128Store(),
    ...ins.get(i), ...ins.i32(16), ...ins.i32Add(), ...ins.set(i),
    ...ins.br(0), ...ins.end(), ...ins.end(),
  ]);
}

/** relu(x, out, n): out = max(x, 0) lane-wise (also a GEMM-module kernel: relu in a convolution's store). */
export function reluFunction(): FunctionDef {
  return lanesFunction('relu', 1, ([x], zero) => [...x!, ...zero, ...ins.f32x4Max()]);
}

/** relu_grad(y, g, out, n): out = y > 0 ? g : +0, as the mask g AND (y > 0) (g's bits pass unchanged). */
export function reluGradFunction(): FunctionDef {
  return lanesFunction('relu_grad', 2, ([y, g], zero) => [...g!, ...y!, ...zero, ...ins.f32x4Gt(), ...ins.v128And()]);
}

/**
 * The row walk shared by every kernel: `operands` are (base param, offset-table param, mode); `vector`
 * computes and stores one vector at output byte address `o` given the operands' vectors.
 */
function rowsFunction(
  name: string, operandModes: readonly ('v' | 's' | 'bytes')[], outBytes: 1 | 4, vector: (o: Code, values: Code[]) => Code,
): FunctionDef {
  const f = new FunctionBuilder(name);
  const bases = operandModes.map(() => f.param(I32));
  const out = f.param(I32);
  const rows = f.param(I32);
  const len = f.param(I32);
  const tables = operandModes.map(() => f.param(I32));
  const r = f.local(I32);
  const j = f.local(I32);
  const rowOut = f.local(I32);
  const ptrs = operandModes.map(() => f.local(I32));
  const splats = operandModes.map(() => f.local(V128));
  const rowStart: Code = [];
  operandModes.forEach((mode, k) => {
    // ptr = base + table[r]·(element bytes)
    rowStart.push(
      ...ins.get(bases[k]!), ...ins.get(tables[k]!), ...ins.get(r), ...ins.i32(2), ...ins.i32Shl(), ...ins.i32Add(), ...ins.i32Load(),
      ...(mode === 'bytes' ? [] : [...ins.i32(2), ...ins.i32Shl()]), ...ins.i32Add(), ...ins.set(ptrs[k]!),
    );
    if (mode === 's') rowStart.push(...ins.get(ptrs[k]!), ...ins.v128Load32Splat(), ...ins.set(splats[k]!));
  });
  const values = operandModes.map((mode, k) =>
    mode === 's' ? ins.get(splats[k]!)
      : mode === 'bytes' ? [...ins.get(ptrs[k]!), ...ins.get(j), ...ins.i32Add(), ...ins.i32Load(), ...ins.i32x4Splat()]
        : [...ins.get(ptrs[k]!), ...ins.get(j), ...ins.i32(2), ...ins.i32Shl(), ...ins.i32Add(), ...ins.v128Load()],
  );
  const o: Code = [...ins.get(rowOut), ...ins.get(j), ...(outBytes === 4 ? [...ins.i32(2), ...ins.i32Shl()] : []), ...ins.i32Add()];
  return f.build([
    ...ins.get(out), ...ins.set(rowOut),
    ...ins.block(), ...ins.loop(),
    ...ins.get(r), ...ins.get(rows), ...ins.i32GeS(), ...ins.brIf(1),
    ...rowStart,
    ...ins.i32(0), ...ins.set(j),
    ...ins.block(), ...ins.loop(),
    ...ins.get(j), ...ins.get(len), ...ins.i32GeS(), ...ins.brIf(1),
    ...vector(o, values),
    ...ins.get(j), ...ins.i32(4), ...ins.i32Add(), ...ins.set(j),
    ...ins.br(0), ...ins.end(), ...ins.end(),
    ...ins.get(rowOut), ...ins.get(len), ...(outBytes === 4 ? [...ins.i32(2), ...ins.i32Shl()] : []), ...ins.i32Add(), ...ins.set(rowOut),
    ...ins.get(r), ...ins.i32(1), ...ins.i32Add(), ...ins.set(r),
    ...ins.br(0), ...ins.end(), ...ins.end(),
  ]);
}

const modesOf = (m: OperandModes): ('v' | 's')[] => [m[0] as 'v' | 's', m[1] as 'v' | 's'];

function arithFunction(op: ArithOp, modes: OperandModes): FunctionDef {
  return rowsFunction(`${op}_${modes}`, modesOf(modes), 4, (o, [a, b]) => [...o, ...a!, ...b!, ...ARITH[op](), ...ins.v128Store()]);
}

function compareFunction(op: CmpOp, modes: OperandModes): FunctionDef {
  const gather = [0, 4, 8, 12, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
  return rowsFunction(`${op}_${modes}`, modesOf(modes), 1, (o, [a, b]) => [
    ...o,
    ...a!, ...b!, ...CMP[op](), ...ins.v128Const(new Array<number>(16).fill(0)), ...ins.i8x16Shuffle(gather), ...ins.i32x4ExtractLane(0),
    ...ins.i32(0x01010101), ...ins.i32And(),
    ...ins.i32Store(),
  ]);
}

function whereFunction(bMode: 'v' | 's'): FunctionDef {
  // the 4 condition bytes, splat, isolate byte k in lane k, compare with zero: the lane select mask
  const byteLanes = [0xff, 0, 0, 0, 0, 0xff, 0, 0, 0, 0, 0xff, 0, 0, 0, 0, 0xff];
  return rowsFunction(`where_${bMode}`, ['bytes', 'v', bMode], 4, (o, [c, a, b]) => [
    ...o,
    ...a!, ...b!,
    ...c!, ...ins.v128Const(byteLanes), ...ins.v128And(), ...ins.v128Const(new Array<number>(16).fill(0)), ...ins.i32x4Ne(),
    ...ins.v128Bitselect(),
    ...ins.v128Store(),
  ]);
}

/** `accumulate_rows` (see above); also part of the GEMM module, for col2im straight from a product on its heap. */
export function accumulateRowsFunction(): FunctionDef {
  const f = new FunctionBuilder('accumulate_rows');
  const dst = f.param(I32);
  const src = f.param(I32);
  const rows = f.param(I32);
  const len = f.param(I32);
  const offs = f.param(I32);
  const r = f.local(I32);
  const j = f.local(I32);
  const d = f.local(I32);
  const vecEnd = f.local(I32);
  const addAt: (load: (addr: Code) => Code, add: () => Code, store: () => Code, width: number) => Code = (load, add, store, width) => [
    ...ins.get(d), ...ins.get(j), ...ins.i32(2), ...ins.i32Shl(), ...ins.i32Add(),
    ...load([...ins.get(d), ...ins.get(j), ...ins.i32(2), ...ins.i32Shl(), ...ins.i32Add()]),
    ...load([...ins.get(src), ...ins.get(j), ...ins.i32(2), ...ins.i32Shl(), ...ins.i32Add()]),
    ...add(), ...store(),
    ...ins.get(j), ...ins.i32(width), ...ins.i32Add(), ...ins.set(j),
  ];
  return f.build([
    ...ins.get(len), ...ins.i32(-4), ...ins.i32And(), ...ins.set(vecEnd),
    ...ins.block(), ...ins.loop(),
    ...ins.get(r), ...ins.get(rows), ...ins.i32GeS(), ...ins.brIf(1),
    ...ins.get(dst), ...ins.get(offs), ...ins.get(r), ...ins.i32(2), ...ins.i32Shl(), ...ins.i32Add(), ...ins.i32Load(),
    ...ins.i32(2), ...ins.i32Shl(), ...ins.i32Add(), ...ins.set(d),
    ...ins.i32(0), ...ins.set(j),
    ...ins.block(), ...ins.loop(),
    ...ins.get(j), ...ins.get(vecEnd), ...ins.i32GeS(), ...ins.brIf(1),
    ...addAt((a) => [...a, ...ins.v128Load()], ins.f32x4Add, ins.v128Store, 4),
    ...ins.br(0), ...ins.end(), ...ins.end(),
    ...ins.block(), ...ins.loop(),
    ...ins.get(j), ...ins.get(len), ...ins.i32GeS(), ...ins.brIf(1),
    ...addAt((a) => [...a, ...ins.f32Load()], ins.f32Add, ins.f32Store, 1),
    ...ins.br(0), ...ins.end(), ...ins.end(),
    ...ins.get(src), ...ins.get(len), ...ins.i32(2), ...ins.i32Shl(), ...ins.i32Add(), ...ins.set(src),
    ...ins.get(r), ...ins.i32(1), ...ins.i32Add(), ...ins.set(r),
    ...ins.br(0), ...ins.end(), ...ins.end(),
  ]);
}

function argReduceFunction(max: boolean): FunctionDef {
  const f = new FunctionBuilder(max ? 'argmax_rows' : 'argmin_rows');
  const x = f.param(I32);
  const values = f.param(I32);
  const indices = f.param(I32);
  const outer = f.param(I32);
  const size = f.param(I32);
  const o = f.local(I32);
  const j = f.local(I32);
  const idx = f.local(I32);
  const take = f.local(I32);
  const v = f.local(F32);
  const best = f.local(F32);
  return f.build([
    ...ins.block(), ...ins.loop(),
    ...ins.get(o), ...ins.get(outer), ...ins.i32GeS(), ...ins.brIf(1),
    ...ins.get(x), ...ins.f32Load(), ...ins.set(best),
    ...ins.i32(0), ...ins.set(idx),
    ...ins.i32(1), ...ins.set(j),
    ...ins.block(), ...ins.loop(),
    ...ins.get(j), ...ins.get(size), ...ins.i32GeS(), ...ins.brIf(1),
    ...ins.get(x), ...ins.get(j), ...ins.i32(2), ...ins.i32Shl(), ...ins.i32Add(), ...ins.f32Load(), ...ins.set(v),
    ...ins.get(v), ...ins.get(best), ...(max ? ins.f32Gt() : ins.f32Lt()),
    ...ins.get(v), ...ins.get(v), ...ins.f32Ne(), ...ins.get(best), ...ins.get(best), ...ins.f32Eq(), ...ins.i32And(),
    ...ins.i32Or(), ...ins.set(take),
    ...ins.get(v), ...ins.get(best), ...ins.get(take), ...ins.select(), ...ins.set(best),
    ...ins.get(j), ...ins.get(idx), ...ins.get(take), ...ins.select(), ...ins.set(idx),
    ...ins.get(j), ...ins.i32(1), ...ins.i32Add(), ...ins.set(j),
    ...ins.br(0), ...ins.end(), ...ins.end(),
    ...ins.get(values), ...ins.get(best), ...ins.f32Store(),
    ...ins.get(indices), ...ins.get(idx), ...ins.i32Store(),
    ...ins.get(x), ...ins.get(size), ...ins.i32(2), ...ins.i32Shl(), ...ins.i32Add(), ...ins.set(x),
    ...ins.get(values), ...ins.i32(4), ...ins.i32Add(), ...ins.set(values),
    ...ins.get(indices), ...ins.i32(4), ...ins.i32Add(), ...ins.set(indices),
    ...ins.get(o), ...ins.i32(1), ...ins.i32Add(), ...ins.set(o),
    ...ins.br(0), ...ins.end(), ...ins.end(),
  ]);
}

/** argmax_pairs / argmin_pairs (also a GEMM-module kernel: max pooling by 2 in a convolution's store). */
export function argReducePairsFunction(max: boolean): FunctionDef {
  const f = new FunctionBuilder(max ? 'argmax_pairs' : 'argmin_pairs');
  const x = f.param(I32);
  const values = f.param(I32);
  const indices = f.param(I32);
  const outer = f.param(I32);
  const o = f.local(I32);
  const lo = f.local(V128);
  const hi = f.local(V128);
  const first = f.local(V128);
  const second = f.local(V128);
  const take = f.local(V128);
  return f.build([
    ...ins.block(), ...ins.loop(),
    ...ins.get(o), ...ins.get(outer), ...ins.i32GeS(), ...ins.brIf(1),
    ...ins.get(x), ...ins.v128Load(), ...ins.set(lo),
    ...ins.get(x), ...ins.v128Load(16), ...ins.set(hi),
    ...ins.get(lo), ...ins.get(hi), ...ins.i8x16Shuffle(lanes32(0, 2, 4, 6)), ...ins.set(first),
    ...ins.get(lo), ...ins.get(hi), ...ins.i8x16Shuffle(lanes32(1, 3, 5, 7)), ...ins.set(second),
    ...ins.get(second), ...ins.get(first), ...(max ? ins.f32x4Gt() : ins.f32x4Lt()),
    ...ins.get(second), ...ins.get(second), ...ins.f32x4Ne(), ...ins.get(first), ...ins.get(first), ...ins.f32x4Eq(), ...ins.v128And(),
    ...ins.v128Or(), ...ins.set(take),
    ...ins.get(values), ...ins.get(second), ...ins.get(first), ...ins.get(take), ...ins.v128Bitselect(), ...ins.v128Store(),
    ...ins.get(indices), ...ins.get(take), ...ins.i32(1), ...ins.i32x4Splat(), ...ins.v128And(), ...ins.v128Store(),
    ...ins.get(x), ...ins.i32(32), ...ins.i32Add(), ...ins.set(x),
    ...ins.get(values), ...ins.i32(16), ...ins.i32Add(), ...ins.set(values),
    ...ins.get(indices), ...ins.i32(16), ...ins.i32Add(), ...ins.set(indices),
    ...ins.get(o), ...ins.i32(4), ...ins.i32Add(), ...ins.set(o),
    ...ins.br(0), ...ins.end(), ...ins.end(),
  ]);
}

/**
 * scatter_pairs(g, idx, out, n): out[2i + idx[i]] = 0 + g[i] and out[2i + 1 − idx[i]] = +0 for i < n (n a
 * multiple of 4, idx[i] ∈ {0, 1}): the gradient of max over windows of 2 scattered into zeros, four pairs per
 * step (the `+ 0` turns −0 into +0, as adding into zeros does). Also a GEMM-module kernel (a pooled
 * convolution's gradient written onto the heap).
 */
export function scatterPairsFunction(): FunctionDef {
  const f = new FunctionBuilder('scatter_pairs');
  const g = f.param(I32);
  const idx = f.param(I32);
  const out = f.param(I32);
  const n = f.param(I32);
  const o = f.local(I32);
  const zero = f.local(V128);
  const gv = f.local(V128);
  const second = f.local(V128);
  const lo = f.local(V128);
  const hi = f.local(V128);
  return f.build([
    ...ins.f32(0), ...ins.f32x4Splat(), ...ins.set(zero),
    ...ins.block(), ...ins.loop(),
    ...ins.get(o), ...ins.get(n), ...ins.i32GeS(), ...ins.brIf(1),
    ...ins.get(g), ...ins.v128Load(), ...ins.set(gv),
    ...ins.get(idx), ...ins.v128Load(), ...ins.get(zero), ...ins.i32x4Ne(), ...ins.set(second),
    ...ins.get(zero), ...ins.get(gv), ...ins.get(second), ...ins.v128Bitselect(), ...ins.get(zero), ...ins.f32x4Add(), ...ins.set(lo),
    ...ins.get(gv), ...ins.get(zero), ...ins.get(second), ...ins.v128Bitselect(), ...ins.get(zero), ...ins.f32x4Add(), ...ins.set(hi),
    ...ins.get(out), ...ins.get(lo), ...ins.get(hi), ...ins.i8x16Shuffle(lanes32(0, 4, 1, 5)), ...ins.v128Store(),
    ...ins.get(out), ...ins.get(lo), ...ins.get(hi), ...ins.i8x16Shuffle(lanes32(2, 6, 3, 7)), ...ins.v128Store(16),
    ...ins.get(g), ...ins.i32(16), ...ins.i32Add(), ...ins.set(g),
    ...ins.get(idx), ...ins.i32(16), ...ins.i32Add(), ...ins.set(idx),
    ...ins.get(out), ...ins.i32(32), ...ins.i32Add(), ...ins.set(out),
    ...ins.get(o), ...ins.i32(4), ...ins.i32Add(), ...ins.set(o),
    ...ins.br(0), ...ins.end(), ...ins.end(),
  ]);
}

/** The elementwise module's bytes. */
export function elementwiseModuleBytes(memory: MemoryImport): Uint8Array<ArrayBuffer> {
  const fns: FunctionDef[] = [reluFunction(), reluGradFunction()];
  for (const modes of ['vv', 'vs', 'sv'] as const) {
    for (const op of Object.keys(ARITH) as ArithOp[]) fns.push(arithFunction(op, modes));
    for (const op of Object.keys(CMP) as CmpOp[]) fns.push(compareFunction(op, modes));
  }
  fns.push(whereFunction('v'), whereFunction('s'), accumulateRowsFunction(), argReduceFunction(true), argReduceFunction(false), argReducePairsFunction(true), argReducePairsFunction(false), scatterPairsFunction());
  return encodeModule(fns, memory);
}
