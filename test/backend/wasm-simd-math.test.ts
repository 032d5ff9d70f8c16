/**
 * The vectorised float32 exp, sigmoid and tanh of the wasm kernels (src/backend/wasm/simd-math.ts) against
 * Math.exp/Math.tanh in double precision rounded to float32, in units of the float32 result's last place
 * (ulp): exp ≤ 2 ulp on [−87, 88], sigmoid ≤ 3 ulp on [−80, 40], tanh ≤ 4 ulp on [−12, 12] including tiny
 * arguments (where tanh x ≈ x) and exact signs (measured: 1, 2 and 4 ulp, the last at |x| = 1/8 where tanh
 * switches from its Taylor polynomial to (1 − e)/(1 + e)).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { encodeModule, FunctionBuilder, I32, ins, V128, type Code } from '../../src/backend/wasm/emitter.js';
import { detectSimd } from '../../src/backend/wasm/gemm.js';
import { expF32x4, sigmoidF32x4, simdMathLocals, tanhF32x4, type SimdMathLocals } from '../../src/backend/wasm/simd-math.js';

type Fn = (l: SimdMathLocals, spare: number) => Code;

/** A module with one function per math helper: dst[i] = f(src[i]) for `bytes` bytes of float32 lanes. */
interface MathModule {
  fns: Record<string, (src: number, dst: number, bytes: number) => void>;
  memory: WebAssembly.Memory;
}

function build(fma: boolean): MathModule {
  const helpers: [string, Fn][] = [['exp', (l) => expF32x4(l)], ['sigmoid', (l) => sigmoidF32x4(l)], ['tanh', (l, v) => tanhF32x4(l, v)]];
  const defs = helpers.map(([name, fn]) => {
    const f = new FunctionBuilder(name);
    const src = f.param(I32);
    const dst = f.param(I32);
    const bytes = f.param(I32);
    const i = f.local(I32);
    const l = simdMathLocals(f, fma);
    const spare = f.local(V128);
    return f.build([
      ...ins.block(), ...ins.loop(),
      ...ins.get(i), ...ins.get(bytes), ...ins.i32GeS(), ...ins.brIf(1),
      ...ins.get(dst), ...ins.get(i), ...ins.i32Add(),
      ...ins.get(src), ...ins.get(i), ...ins.i32Add(), ...ins.v128Load(),
      ...fn(l, spare),
      ...ins.v128Store(),
      ...ins.get(i), ...ins.i32(16), ...ins.i32Add(), ...ins.set(i),
      ...ins.br(0), ...ins.end(), ...ins.end(),
    ]);
  });
  const memory = new WebAssembly.Memory({ initial: 16, maximum: 16 });
  const module = new WebAssembly.Module(encodeModule(defs, { initialPages: 16, maximumPages: 16, shared: false }));
  const fns = new WebAssembly.Instance(module, { env: { memory } }).exports as MathModule['fns'];
  return { fns, memory };
}

function ulp(v: number): number {
  const a = Math.abs(Math.fround(v));
  if (a < 2 ** -126) return 2 ** -149;
  return 2 ** (Math.floor(Math.log2(a)) - 23);
}

function maxUlps(kernel: MathModule, name: string, xs: number[], reference: (x: number) => number): { worst: number; at: number } {
  const n = xs.length;
  const heap = new Float32Array(kernel.memory.buffer);
  heap.set(xs, 0);
  kernel.fns[name]!(0, n * 4, n * 4);
  let worst = 0;
  let at = NaN;
  for (let i = 0; i < n; i++) {
    const expected = Math.fround(reference(Math.fround(xs[i]!)));
    const got = heap[n + i]!;
    if (Math.sign(got) !== Math.sign(expected) && expected !== 0) return { worst: Infinity, at: xs[i]! };
    const e = Math.abs(got - expected) / ulp(expected);
    if (e > worst) {
      worst = e;
      at = xs[i]!;
    }
  }
  return { worst, at };
}

const grid = (lo: number, hi: number, n: number): number[] => Array.from({ length: n }, (_, i) => lo + ((hi - lo) * i) / (n - 1));

// the multiply-add form where this runtime has relaxed SIMD (Node 20 needs --experimental-wasm-relaxed-simd)
const flavours = detectSimd() === 'relaxed' ? [false, true] : [false];

for (const fma of flavours) {
  test(`vectorised exp, sigmoid and tanh are within a few float32 ulp (${fma ? 'relaxed multiply-add' : 'plain SIMD'})`, (t) => {
    const k = build(fma);
    const tiny = grid(1e-7, 0.2, 4000).flatMap((v) => [v, -v]);
    const cases: [string, number[], (x: number) => number, number][] = [
      ['exp', grid(-87, 88, 40000), Math.exp, 2],
      ['sigmoid', grid(-80, 40, 40000), (x) => 1 / (1 + Math.exp(-x)), 3],
      ['tanh', [...grid(-12, 12, 40000), ...tiny, 0], Math.tanh, 4],
    ];
    for (const [name, xs, ref, bound] of cases) {
      const { worst, at } = maxUlps(k, name, xs, ref);
      t.diagnostic(`${name}: ${worst.toFixed(2)} ulp at ${at}`);
      assert.ok(worst <= bound, `${name}: ${worst} ulp at x = ${at} (bound ${bound})`);
    }
  });
}
