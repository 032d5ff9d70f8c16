/**
 * The gate kernels of the wasm backend's whole-sequence LSTM and GRU (recurrent-sequence.ts), generated as
 * WebAssembly: one call per time step does every gate nonlinearity of the batch (f32x4, exp/sigmoid/tanh from
 * simd-math.ts) on heap buffers, next to the step's GEMM. Rows are skipped (state carried, zeros emitted)
 * where a step's `active` flag (i32 per batch row; address 0 = all active) is 0, as pack_padded_sequence.
 *
 * Layouts (byte addresses, row-major): gate rows [B, G·H] with the gates contiguous per row, states [B, H].
 * Columns run in f32x4 vectors; the last vector of a row starts at H − 4 (overlapping the previous one), so
 * any H ≥ 4 works, and every kernel writes only buffers it does not read.
 *
 * - lstmForward(a, gates, cPrev, cNext, hPrev, hNext, out, tc, active, B, H): from pre-activations a = xg +
 *   h_prev·W_hhᵀ: gates = (σ a_i, σ a_f, tanh a_g, σ a_o), c = f·c_prev + i·g, tc = tanh c, h = o·tc.
 * - lstmBackward(gates, cPrev, tc, gOut, dhIn, dcIn, dA, dcOut, dhOut, active, B, H): dh = dhIn + gOut and
 *   dc = dcIn + dh·o·(1 − tc²) give dA (the pre-activation gradients) and dcOut = dc·f; dhOut = 0, to which
 *   the caller's GEMM adds dA·W_hh.
 * - gruForward(xg, hg, bias, hPrev, hNext, out, gates, active, B, H): hg = h_prev·W_hhᵀ; r, z = σ(xg + hg + b),
 *   n = tanh(xg_n + r·(hg_n + b_n)), h = n + z·(h_prev − n); gates = (r, z, n, hg_n + b_n).
 * - gruBackward(gates, hPrev, gOut, dhIn, dX, dHg, dhOut, active, B, H): the gradients of xg and of the
 *   hidden-side pre-activations, and dhOut = dh·z, to which the caller's GEMM adds dHg·W_hh.
 */
import { encodeModule, FunctionBuilder, I32, ins, V128, type Code, type FunctionDef, type MemoryImport } from './emitter.js';
import { sigmoidF32x4, simd, simdMathLocals, tanhF32x4, type SimdMathLocals } from './simd-math.js';

const i32Load = (): Code => [0x28, 2, 0];

/** The exports of the gate module. */
export interface GateKernels {
  lstmForward(a: number, gates: number, cPrev: number, cNext: number, hPrev: number, hNext: number, out: number, tc: number,
    active: number, batch: number, hidden: number): void;
  lstmBackward(gates: number, cPrev: number, tc: number, gOut: number, dhIn: number, dcIn: number, dA: number, dcOut: number,
    dhOut: number, active: number, batch: number, hidden: number): void;
  gruForward(xg: number, hg: number, bias: number, hPrev: number, hNext: number, out: number, gates: number, active: number,
    batch: number, hidden: number): void;
  gruBackward(gates: number, hPrev: number, gOut: number, dhIn: number, dX: number, dHg: number, dhOut: number, active: number,
    batch: number, hidden: number): void;
  /** dst[c] = Σ_r src[r, c] over a row-major rows × cols block; cols a multiple of 4. */
  colSum(src: number, rows: number, cols: number, dst: number): void;
}

/** Address arithmetic and the row/column loops of one kernel. */
class Kernel {
  readonly f: FunctionBuilder;
  readonly ptr: Record<string, number> = {};
  private readonly active: number;
  private readonly batch: number;
  private readonly hidden: number;
  private readonly b: number;
  private readonly k: number;
  /** Byte offset of the current vector within a state row. */
  readonly off: number;
  /** H·4, 2H·4, 3H·4: byte offsets of gates 1, 2, 3 within a gate row. */
  readonly hb: number[];
  /** Byte offsets of the current row: in a state row [B, H], a 3H row and a 4H row. */
  readonly row: { s: number; g3: number; g4: number };
  readonly math: SimdMathLocals;
  readonly spare: number;

  constructor(name: string, pointers: readonly string[], fma: boolean) {
    this.f = new FunctionBuilder(name);
    for (const p of pointers) this.ptr[p] = this.f.param(I32);
    this.active = this.f.param(I32);
    this.batch = this.f.param(I32);
    this.hidden = this.f.param(I32);
    this.b = this.f.local(I32);
    this.k = this.f.local(I32);
    this.off = this.f.local(I32);
    this.hb = [0, this.f.local(I32), this.f.local(I32), this.f.local(I32)];
    this.row = { s: this.f.local(I32), g3: this.f.local(I32), g4: this.f.local(I32) };
    this.math = simdMathLocals(this.f, fma);
    this.spare = this.f.local(V128);
  }

  v(): number {
    return this.f.local(V128);
  }

  /** Pushes the address base + row + off (+ gate offset j·H·4). */
  at(base: string, row: 's' | 'g3' | 'g4', gate = 0): Code {
    const out: Code = [...ins.get(this.ptr[base]!), ...ins.get(this.row[row]), ...ins.i32Add(), ...ins.get(this.off), ...ins.i32Add()];
    if (gate > 0) out.push(...ins.get(this.hb[gate]!), ...ins.i32Add());
    return out;
  }

  /** Pushes the address base + off (+ gate offset): a per-column vector shared by the rows (a bias). */
  col(base: string, gate = 0): Code {
    const out: Code = [...ins.get(this.ptr[base]!), ...ins.get(this.off), ...ins.i32Add()];
    if (gate > 0) out.push(...ins.get(this.hb[gate]!), ...ins.i32Add());
    return out;
  }

  load(base: string, row: 's' | 'g3' | 'g4', gate = 0): Code {
    return [...this.at(base, row, gate), ...ins.v128Load()];
  }

  /** store(addressCode, valueCode). */
  store(address: Code, value: Code): Code {
    return [...address, ...value, ...ins.v128Store()];
  }

  private columns(body: Code): Code {
    const { k, off, hidden } = this;
    return [
      ...ins.i32(0), ...ins.set(k),
      ...ins.block(), ...ins.loop(),
      ...ins.get(k), ...ins.get(hidden), ...ins.i32GeS(), ...ins.brIf(1),
      // off = min(k, H − 4)·4
      ...ins.get(k), ...ins.get(hidden), ...ins.i32(4), ...ins.i32Sub(),
      ...ins.get(k), ...ins.get(hidden), ...ins.i32(4), ...ins.i32Sub(), ...ins.i32LtS(), ...ins.select(),
      ...ins.i32(2), ...ins.i32Shl(), ...ins.set(off),
      ...body,
      ...ins.get(k), ...ins.i32(4), ...ins.i32Add(), ...ins.set(k),
      ...ins.br(0), ...ins.end(), ...ins.end(),
    ];
  }

  /** The whole function: for every row, `active` over its columns, or `inactive` where the row's flag is 0. */
  build(active: Code, inactive: Code): FunctionDef {
    const { b, hidden, hb, row } = this;
    const body: Code = [
      ...ins.get(hidden), ...ins.i32(2), ...ins.i32Shl(), ...ins.set(hb[1]!),
      ...ins.get(hb[1]!), ...ins.i32(1), ...ins.i32Shl(), ...ins.set(hb[2]!),
      ...ins.get(hb[2]!), ...ins.get(hb[1]!), ...ins.i32Add(), ...ins.set(hb[3]!),
      ...ins.block(), ...ins.loop(),
      ...ins.get(b), ...ins.get(this.batch), ...ins.i32GeS(), ...ins.brIf(1),
      ...ins.get(b), ...ins.get(hb[1]!), ...ins.i32Mul(), ...ins.set(row.s),
      ...ins.get(row.s), ...ins.i32(3), ...ins.i32Mul(), ...ins.set(row.g3),
      ...ins.get(row.s), ...ins.i32(2), ...ins.i32Shl(), ...ins.set(row.g4),
      ...ins.get(this.active), ...ins.i32Eqz(),
      ...ins.if(), ...this.columns(active), ...ins.else(),
      ...ins.get(this.active), ...ins.get(b), ...ins.i32(2), ...ins.i32Shl(), ...ins.i32Add(), ...i32Load(),
      ...ins.if(), ...this.columns(active), ...ins.else(), ...this.columns(inactive), ...ins.end(),
      ...ins.end(),
      ...ins.get(b), ...ins.i32(1), ...ins.i32Add(), ...ins.set(b),
      ...ins.br(0), ...ins.end(), ...ins.end(),
    ];
    return this.f.build(body);
  }
}

const one = (): Code => simd.f32x4Const(1);
const zero = (): Code => simd.f32x4Const(0);
const mul = (...xs: Code[]): Code => {
  const out: Code = [...xs[0]!];
  for (let i = 1; i < xs.length; i++) out.push(...xs[i]!, ...ins.f32x4Mul());
  return out;
};
const add = (a: Code, b: Code): Code => [...a, ...b, ...ins.f32x4Add()];
const sub = (a: Code, b: Code): Code => [...a, ...b, ...simd.f32x4Sub()];
const get = (l: number): Code => ins.get(l);
/** σ'(s) = s·(1 − s) from the activated value in local l. */
const dSigmoid = (l: number): Code => mul(get(l), sub(one(), get(l)));
/** 1 − t² from the activated value in local l. */
const dTanh = (l: number): Code => sub(one(), mul(get(l), get(l)));

function lstmForward(fma: boolean): FunctionDef {
  const K = new Kernel('lstmForward', ['a', 'gates', 'cPrev', 'cNext', 'hPrev', 'hNext', 'out', 'tc'], fma);
  const [vi, vf, vg, vo, vc, vt, vh] = [K.v(), K.v(), K.v(), K.v(), K.v(), K.v(), K.v()];
  const m = K.math;
  const gate = (j: number, local: number, tanh: boolean): Code => K.store(
    K.at('gates', 'g4', j),
    [...K.load('a', 'g4', j), ...(tanh ? tanhF32x4(m, K.spare) : sigmoidF32x4(m)), ...ins.tee(local)],
  );
  const active: Code = [
    ...gate(0, vi, false), ...gate(1, vf, false), ...gate(2, vg, true), ...gate(3, vo, false),
    ...K.store(K.at('cNext', 's'), [...add(mul(get(vf), K.load('cPrev', 's')), mul(get(vi), get(vg))), ...ins.tee(vc)]),
    ...K.store(K.at('tc', 's'), [...get(vc), ...tanhF32x4(m, K.spare), ...ins.tee(vt)]),
    ...K.store(K.at('hNext', 's'), [...mul(get(vo), get(vt)), ...ins.tee(vh)]),
    ...K.store(K.at('out', 's'), get(vh)),
  ];
  const inactive: Code = [
    ...K.store(K.at('cNext', 's'), K.load('cPrev', 's')),
    ...K.store(K.at('hNext', 's'), K.load('hPrev', 's')),
    ...K.store(K.at('out', 's'), zero()),
  ];
  return K.build(active, inactive);
}

function lstmBackward(): FunctionDef {
  const K = new Kernel('lstmBackward', ['gates', 'cPrev', 'tc', 'gOut', 'dhIn', 'dcIn', 'dA', 'dcOut', 'dhOut'], false);
  const [vi, vf, vg, vo, vt, vdh, vdc] = [K.v(), K.v(), K.v(), K.v(), K.v(), K.v(), K.v()];
  const active: Code = [
    ...add(K.load('dhIn', 's'), K.load('gOut', 's')), ...ins.set(vdh),
    ...K.load('gates', 'g4', 0), ...ins.set(vi),
    ...K.load('gates', 'g4', 1), ...ins.set(vf),
    ...K.load('gates', 'g4', 2), ...ins.set(vg),
    ...K.load('gates', 'g4', 3), ...ins.set(vo),
    ...K.load('tc', 's'), ...ins.set(vt),
    ...add(K.load('dcIn', 's'), mul(get(vdh), get(vo), dTanh(vt))), ...ins.set(vdc),
    ...K.store(K.at('dA', 'g4', 0), mul(get(vdc), get(vg), dSigmoid(vi))),
    ...K.store(K.at('dA', 'g4', 1), mul(get(vdc), K.load('cPrev', 's'), dSigmoid(vf))),
    ...K.store(K.at('dA', 'g4', 2), mul(get(vdc), get(vi), dTanh(vg))),
    ...K.store(K.at('dA', 'g4', 3), mul(get(vdh), get(vt), dSigmoid(vo))),
    ...K.store(K.at('dcOut', 's'), mul(get(vdc), get(vf))),
    ...K.store(K.at('dhOut', 's'), zero()),
  ];
  const inactive: Code = [
    ...[0, 1, 2, 3].flatMap((j) => K.store(K.at('dA', 'g4', j), zero())),
    ...K.store(K.at('dcOut', 's'), K.load('dcIn', 's')),
    ...K.store(K.at('dhOut', 's'), K.load('dhIn', 's')),
  ];
  return K.build(active, inactive);
}

function gruForward(fma: boolean): FunctionDef {
  const K = new Kernel('gruForward', ['xg', 'hg', 'bias', 'hPrev', 'hNext', 'out', 'gates'], fma);
  const [vr, vz, vn, vhn, vh] = [K.v(), K.v(), K.v(), K.v(), K.v()];
  const m = K.math;
  const biased = (j: number): Code => add(K.load('hg', 'g3', j), [...K.col('bias', j), ...ins.v128Load()]);
  const active: Code = [
    ...K.store(K.at('gates', 'g4', 0), [...add(K.load('xg', 'g3', 0), biased(0)), ...sigmoidF32x4(m), ...ins.tee(vr)]),
    ...K.store(K.at('gates', 'g4', 1), [...add(K.load('xg', 'g3', 1), biased(1)), ...sigmoidF32x4(m), ...ins.tee(vz)]),
    ...K.store(K.at('gates', 'g4', 3), [...biased(2), ...ins.tee(vhn)]),
    ...K.store(K.at('gates', 'g4', 2), [...add(K.load('xg', 'g3', 2), mul(get(vr), get(vhn))), ...tanhF32x4(m, K.spare), ...ins.tee(vn)]),
    ...K.store(K.at('hNext', 's'), [...add(get(vn), mul(get(vz), sub(K.load('hPrev', 's'), get(vn)))), ...ins.tee(vh)]),
    ...K.store(K.at('out', 's'), get(vh)),
  ];
  const inactive: Code = [
    ...K.store(K.at('hNext', 's'), K.load('hPrev', 's')),
    ...K.store(K.at('out', 's'), zero()),
  ];
  return K.build(active, inactive);
}

function gruBackward(): FunctionDef {
  const K = new Kernel('gruBackward', ['gates', 'hPrev', 'gOut', 'dhIn', 'dX', 'dHg', 'dhOut'], false);
  const [vr, vz, vn, vhn, vdh, van, var_, vaz] = [K.v(), K.v(), K.v(), K.v(), K.v(), K.v(), K.v(), K.v()];
  const active: Code = [
    ...add(K.load('dhIn', 's'), K.load('gOut', 's')), ...ins.set(vdh),
    ...K.load('gates', 'g4', 0), ...ins.set(vr),
    ...K.load('gates', 'g4', 1), ...ins.set(vz),
    ...K.load('gates', 'g4', 2), ...ins.set(vn),
    ...K.load('gates', 'g4', 3), ...ins.set(vhn),
    ...mul(get(vdh), sub(one(), get(vz)), dTanh(vn)), ...ins.set(van),
    ...mul(get(van), get(vhn), dSigmoid(vr)), ...ins.set(var_),
    ...mul(get(vdh), sub(K.load('hPrev', 's'), get(vn)), dSigmoid(vz)), ...ins.set(vaz),
    ...K.store(K.at('dX', 'g3', 0), get(var_)),
    ...K.store(K.at('dX', 'g3', 1), get(vaz)),
    ...K.store(K.at('dX', 'g3', 2), get(van)),
    ...K.store(K.at('dHg', 'g3', 0), get(var_)),
    ...K.store(K.at('dHg', 'g3', 1), get(vaz)),
    ...K.store(K.at('dHg', 'g3', 2), mul(get(van), get(vr))),
    ...K.store(K.at('dhOut', 's'), mul(get(vdh), get(vz))),
  ];
  const inactive: Code = [
    ...[0, 1, 2].flatMap((j) => [...K.store(K.at('dX', 'g3', j), zero()), ...K.store(K.at('dHg', 'g3', j), zero())]),
    ...K.store(K.at('dhOut', 's'), K.load('dhIn', 's')),
  ];
  return K.build(active, inactive);
}

function colSum(): FunctionDef {
  const f = new FunctionBuilder('colSum');
  const src = f.param(I32);
  const rows = f.param(I32);
  const cols = f.param(I32);
  const dst = f.param(I32);
  const c = f.local(I32);
  const end = f.local(I32);
  const at = f.local(I32);
  const d = f.local(I32);
  const counted = (v: number, limit: Code, step: number, body: Code): Code => [
    ...ins.block(), ...ins.loop(),
    ...ins.get(v), ...limit, ...ins.i32GeS(), ...ins.brIf(1),
    ...body,
    ...ins.get(v), ...ins.i32(step), ...ins.i32Add(), ...ins.set(v),
    ...ins.br(0), ...ins.end(), ...ins.end(),
  ];
  const body: Code = [
    // zero dst, then add the rows one after another (dst stays in L1)
    ...ins.i32(0), ...ins.set(c),
    ...counted(c, ins.get(cols), 4, [...ins.get(dst), ...ins.get(c), ...ins.i32(2), ...ins.i32Shl(), ...ins.i32Add(), ...zero(), ...ins.v128Store()]),
    ...ins.get(src), ...ins.set(at),
    ...ins.get(src), ...ins.get(rows), ...ins.get(cols), ...ins.i32Mul(), ...ins.i32(2), ...ins.i32Shl(), ...ins.i32Add(), ...ins.set(end),
    ...ins.block(), ...ins.loop(),
    ...ins.get(at), ...ins.get(end), ...ins.i32GeS(), ...ins.brIf(1),
    ...ins.get(dst), ...ins.set(d),
    ...ins.i32(0), ...ins.set(c),
    ...counted(c, ins.get(cols), 4, [
      ...ins.get(d), ...ins.get(d), ...ins.v128Load(), ...ins.get(at), ...ins.v128Load(), ...ins.f32x4Add(), ...ins.v128Store(),
      ...ins.get(d), ...ins.i32(16), ...ins.i32Add(), ...ins.set(d),
      ...ins.get(at), ...ins.i32(16), ...ins.i32Add(), ...ins.set(at),
    ]),
    ...ins.br(0), ...ins.end(), ...ins.end(),
  ];
  return f.build(body);
}

/** The gate module's bytes, with relaxed-SIMD multiply-add in the exp polynomials or without. */
export function gateModuleBytes(relaxed: boolean, memory: MemoryImport): Uint8Array<ArrayBuffer> {
  return encodeModule([lstmForward(relaxed), lstmBackward(), gruForward(relaxed), gruBackward(), colSum()], memory);
}

/** Compiles and instantiates the gate kernels over `memory` (shared or not). */
export function instantiateGates(memory: WebAssembly.Memory, maximumPages: number, relaxed: boolean, shared = false): GateKernels {
  const module = new WebAssembly.Module(gateModuleBytes(relaxed, { initialPages: 1, maximumPages, shared }));
  return new WebAssembly.Instance(module, { env: { memory } }).exports as unknown as GateKernels;
}
