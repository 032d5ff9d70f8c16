/**
 * A small WebAssembly module writer: enough of the binary format (types, one imported memory, functions,
 * exports, code) and of the instruction set (i32, f32, SIMD v128, relaxed-SIMD fused multiply-add) to
 * generate the kernels of the wasm backend as bytes at run time, with no compiler and no build step.
 * Instructions are plain byte arrays; `ins.*` returns the encoding of one instruction.
 */

/** Value types. */
export const I32 = 0x7f;
export const F32 = 0x7d;
export const V128 = 0x7b;
export type ValType = typeof I32 | typeof F32 | typeof V128;

/** Encoded instructions (and instruction sequences). */
export type Code = number[];

/** Unsigned LEB128 encoding of a non-negative integer (wasm's variable-length integers). */
export function uleb(v: number): number[] {
  const out: number[] = [];
  do {
    let byte = v & 0x7f;
    v >>>= 7;
    if (v !== 0) byte |= 0x80;
    out.push(byte);
  } while (v !== 0);
  return out;
}

function sleb(v: number): number[] {
  const out: number[] = [];
  for (;;) {
    const byte = v & 0x7f;
    v >>= 7;
    if ((v === 0 && (byte & 0x40) === 0) || (v === -1 && (byte & 0x40) !== 0)) {
      out.push(byte);
      return out;
    }
    out.push(byte | 0x80);
  }
}

const simd = (op: number): Code => [0xfd, ...uleb(op)];
const memarg = (align: number, offset: number): Code => [...uleb(align), ...uleb(offset)];

/** Instruction encoders. Memory offsets are byte offsets added to the address operand. */
/** The i8x16.shuffle lanes selecting 32-bit lanes `l` of the two operands (0–3 the first, 4–7 the second). */
export const lanes32 = (...l: number[]): number[] => l.flatMap((k) => [4 * k, 4 * k + 1, 4 * k + 2, 4 * k + 3]);

export const ins = {
  block: (): Code => [0x02, 0x40],
  loop: (): Code => [0x03, 0x40],
  if: (): Code => [0x04, 0x40],
  /** `if` whose arms leave one f32. */
  ifF32: (): Code => [0x04, 0x7d],
  else: (): Code => [0x05],
  end: (): Code => [0x0b],
  br: (depth: number): Code => [0x0c, ...uleb(depth)],
  brIf: (depth: number): Code => [0x0d, ...uleb(depth)],
  return: (): Code => [0x0f],
  drop: (): Code => [0x1a],
  select: (): Code => [0x1b],
  get: (i: number): Code => [0x20, ...uleb(i)],
  set: (i: number): Code => [0x21, ...uleb(i)],
  tee: (i: number): Code => [0x22, ...uleb(i)],
  i32: (v: number): Code => [0x41, ...sleb(v | 0)],
  f32: (v: number): Code => [0x43, ...new Uint8Array(new Float32Array([v]).buffer)],
  f32Load: (offset = 0): Code => [0x2a, ...memarg(2, offset)],
  f32Store: (offset = 0): Code => [0x38, ...memarg(2, offset)],
  i32Eqz: (): Code => [0x45],
  i32Eq: (): Code => [0x46],
  i32Ne: (): Code => [0x47],
  i32LtS: (): Code => [0x48],
  i32LtU: (): Code => [0x49],
  i32GtS: (): Code => [0x4a],
  i32LeS: (): Code => [0x4c],
  i32GeS: (): Code => [0x4e],
  i32GeU: (): Code => [0x4f],
  i32Add: (): Code => [0x6a],
  i32Sub: (): Code => [0x6b],
  i32Mul: (): Code => [0x6c],
  i32And: (): Code => [0x71],
  i32Shl: (): Code => [0x74],
  f32Add: (): Code => [0x92],
  f32Mul: (): Code => [0x94],
  f32Max: (): Code => [0x97],
  v128Load: (offset = 0): Code => [...simd(0x00), ...memarg(4, offset)],
  v128Load32Splat: (offset = 0): Code => [...simd(0x09), ...memarg(2, offset)],
  v128Store: (offset = 0): Code => [...simd(0x0b), ...memarg(4, offset)],
  f32x4Splat: (): Code => simd(0x13),
  f32x4Add: (): Code => simd(0xe4),
  f32x4Mul: (): Code => simd(0xe6),
  f32x4Max: (): Code => simd(0xe9),
  i32Or: (): Code => [0x72],
  f32Eq: (): Code => [0x5b],
  f32Ne: (): Code => [0x5c],
  f32Lt: (): Code => [0x5d],
  f32Gt: (): Code => [0x5e],
  i32Load: (offset = 0): Code => [0x28, ...memarg(2, offset)],
  i32Store: (offset = 0): Code => [0x36, ...memarg(2, offset)],
  /** v128.const from 16 bytes. */
  v128Const: (bytes: readonly number[]): Code => [...simd(0x0c), ...bytes],
  /** i8x16.shuffle of the two operands by 16 lane indices. */
  i8x16Shuffle: (lanes: readonly number[]): Code => [...simd(0x0d), ...lanes],
  i32x4Splat: (): Code => simd(0x11),
  i32x4ExtractLane: (lane: number): Code => [...simd(0x1b), lane],
  i32x4Ne: (): Code => simd(0x38),
  f32x4ExtractLane: (lane: number): Code => [...simd(0x1f), lane],
  f32x4Eq: (): Code => simd(0x41),
  f32x4Ne: (): Code => simd(0x42),
  f32x4Lt: (): Code => simd(0x43),
  f32x4Gt: (): Code => simd(0x44),
  f32x4Le: (): Code => simd(0x45),
  f32x4Ge: (): Code => simd(0x46),
  v128And: (): Code => simd(0x4e),
  v128Or: (): Code => simd(0x50),
  /** v128.bitselect(a, b, mask): a's bits where mask is 1, b's elsewhere. */
  v128Bitselect: (): Code => simd(0x52),
  f32x4Neg: (): Code => simd(0xe1),
  f32x4Sqrt: (): Code => simd(0xe3),
  f32x4Sub: (): Code => simd(0xe5),
  f32x4Div: (): Code => simd(0xe7),
  /** v128.load64_zero: two float32 (8 bytes) into the low half, zeros above. */
  v128Load64Zero: (offset = 0): Code => [...simd(0x5d), ...memarg(3, offset)],
  /** f64x2.promote_low_f32x4: the two low float32 lanes as doubles (exact). */
  f64x2PromoteLowF32x4: (): Code => simd(0x5f),
  f64x2Add: (): Code => simd(0xf0),
  f64x2ExtractLane: (lane: number): Code => [...simd(0x21), lane],
  /** f32.demote_f64: a double rounded to float32 (to nearest, ties to even). */
  f32DemoteF64: (): Code => [0xb6],
  /** Relaxed-SIMD a·b + c, fused where the hardware has FMA (operands: a, b, c). */
  f32x4RelaxedMadd: (): Code => simd(0x105),
};

/**
 * A loop that runs `body` until `exit` (code leaving an i32) is non-zero, testing before each pass:
 * `while (!exit) body`. The body may not branch out of it.
 */
export function loopUntil(exit: Code, body: Code): Code {
  return [...ins.block(), ...ins.loop(), ...exit, ...ins.brIf(1), ...body, ...ins.br(0), ...ins.end(), ...ins.end()];
}

/** One function of a module: its signature, extra locals and body (without the final `end`). */
export interface FunctionDef {
  name: string;
  params: ValType[];
  results: ValType[];
  locals: ValType[];
  body: Code;
}

/**
 * Builds a function's locals as it is written: `param`/`local` return the index of a new slot, so kernels
 * name their variables instead of counting.
 */
export class FunctionBuilder {
  readonly params: ValType[] = [];
  readonly locals: ValType[] = [];
  constructor(readonly name: string) {}

  param(type: ValType): number {
    if (this.locals.length > 0) throw new Error('wasm emitter: parameters come before locals');
    this.params.push(type);
    return this.params.length - 1;
  }

  local(type: ValType): number {
    this.locals.push(type);
    return this.params.length + this.locals.length - 1;
  }

  build(body: Code, results: ValType[] = []): FunctionDef {
    return { name: this.name, params: this.params, results, locals: this.locals, body };
  }
}

function section(id: number, content: number[]): number[] {
  return [id, ...uleb(content.length), ...content];
}

function vec(items: number[][]): number[] {
  return [...uleb(items.length), ...items.flat()];
}

function name(s: string): number[] {
  const bytes = [...new TextEncoder().encode(s)];
  return [...uleb(bytes.length), ...bytes];
}

/** Memory the module imports as env.memory: initial and maximum size in 64 KiB pages, shared or not. */
export interface MemoryImport {
  initialPages: number;
  maximumPages: number;
  shared: boolean;
}

/** Encodes a module importing `env.memory` and exporting every function under its name. */
export function encodeModule(functions: readonly FunctionDef[], memory: MemoryImport): Uint8Array<ArrayBuffer> {
  const types = functions.map((f) => [0x60, ...vec(f.params.map((t) => [t])), ...vec(f.results.map((t) => [t]))]);
  const limits = memory.shared
    ? [0x03, ...uleb(memory.initialPages), ...uleb(memory.maximumPages)]
    : [0x01, ...uleb(memory.initialPages), ...uleb(memory.maximumPages)];
  const imports = vec([[...name('env'), ...name('memory'), 0x02, ...limits]]);
  const funcs = vec(functions.map((_, i) => uleb(i)));
  const exports = vec(functions.map((f, i) => [...name(f.name), 0x00, ...uleb(i)]));
  const codes = vec(
    functions.map((f) => {
      // locals are declared run-length encoded by type
      const groups: number[][] = [];
      for (let i = 0; i < f.locals.length; ) {
        let j = i;
        while (j < f.locals.length && f.locals[j] === f.locals[i]) j++;
        groups.push([...uleb(j - i), f.locals[i]!]);
        i = j;
      }
      const body = [...vec(groups), ...f.body, 0x0b];
      return [...uleb(body.length), ...body];
    }),
  );
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, vec(types)),
    ...section(2, imports),
    ...section(3, funcs),
    ...section(7, exports),
    ...section(10, codes),
  ]);
}
