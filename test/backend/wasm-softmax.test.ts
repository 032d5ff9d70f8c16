/**
 * The float32 softmax / log-softmax kernels of the wasm backend (src/backend/wasm/softmax-wasm.ts) against
 * the CPU backend's kernel (double precision throughout), element by element, in float32 units in the last
 * place of the reference: |wasm − cpu| ≤ 4 ulp(cpu), or below an absolute floor —
 * - softmax: 2⁻¹²⁵, for results below e^−87.3 ≈ 1.25·10⁻³⁸ (subnormal, or at the bottom of the normal range),
 *   which the kernel flushes to 0 where the reference keeps them;
 * - log-softmax: len·2⁻⁵², where log Σ exp is below ~10⁻⁸ and both kernels' double-precision sums (1 + a tiny
 *   rest, summed in different orders) round differently in their last bits;
 * NaN where the reference has NaN, the same infinity where it has one. Measured beyond those floors on random
 * rows (scales 1–1000, lengths 1–70, 3 × 6000 draws, with and without fused multiply-add): softmax ≤ 3 ulp,
 * log-softmax ≤ 2 ulp. Covers every row-length remainder mod 4, dims other than the last, −inf (masks), all
 * −inf rows, NaN, +inf and extreme finite values.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import '../../src/node/wasm-features.js'; // relaxed SIMD where Node keeps it behind a flag, so both flavours run
import * as T from '../../src/index.js';
import { softmaxKernel } from '../../src/backend/cpu/reduce.js';
import { detectSimd } from '../../src/backend/wasm/gemm.js';
import { WasmSoftmax } from '../../src/backend/wasm/softmax-wasm.js';
import { Generator } from '../../src/core/random.js';

const ULPS = 4;

function ulp(v: number): number {
  const a = Math.abs(v);
  return a < 2 ** -126 ? 2 ** -149 : 2 ** (Math.floor(Math.log2(a)) - 23);
}

/** Checks the tolerance (`floor` the absolute floor); returns the largest error in ulps above the floor. */
function check(got: Float32Array, ref: ArrayLike<number>, floor: number, label: string): number {
  assert.equal(got.length, ref.length, `${label}: length`);
  let worst = 0;
  for (let i = 0; i < ref.length; i++) {
    const [a, e] = [got[i]!, ref[i]!];
    if (Number.isNaN(e) || !Number.isFinite(e)) {
      if (!Object.is(a, e) && !(Number.isNaN(a) && Number.isNaN(e))) assert.fail(`${label}: ${a} at ${i}, the cpu backend gives ${e}`);
      continue;
    }
    const d = Math.abs(a - e);
    const u = d / ulp(e);
    if (!(u <= ULPS || d <= floor)) assert.fail(`${label}: ${a} vs the cpu backend's ${e} at ${i} (${u} ulp)`);
    if (d > floor) worst = Math.max(worst, u);
  }
  return worst;
}

/** The absolute floor of the tolerance (see above) for rows of `len`. */
const floorOf = (log: boolean, len: number): number => (log ? len * 2 ** -52 : 2 ** -125);

const flavours = detectSimd() === 'relaxed' ? [false, true] : [false];

function compare(k: WasmSoftmax, x: Float32Array, shape: number[], dim: number, label: string): number {
  let worst = 0;
  for (const log of [false, true]) {
    const got = k.run(x, shape, dim, log);
    assert.ok(got !== null, `${label}: no result`);
    const floor = floorOf(log, shape.length === 0 ? 1 : shape[dim]!);
    worst = Math.max(worst, check(got, softmaxKernel(x, shape, dim, log, 'float32'), floor, `${label} ${log ? 'log-softmax' : 'softmax'}`));
  }
  return worst;
}

test('random rows of every length remainder, several scales, against the cpu kernel within 4 ulp', () => {
  for (const fma of flavours) {
    const k = new WasmSoftmax(fma);
    const gen = new Generator(1);
    for (const scale of [1, 10, 100, 1000]) {
      for (const len of [1, 2, 3, 4, 5, 6, 7, 8, 9, 15, 16, 17, 33, 100]) {
        const shape = [3, len];
        const x = Float32Array.from({ length: 3 * len }, () => gen.normal() * scale);
        compare(k, x, shape, 1, `fma=${fma} scale ${scale} [3, ${len}]`);
      }
    }
    const x = Float32Array.from({ length: 64 * 1000 }, () => gen.normal() * 10);
    assert.ok(compare(k, x, [64, 1000], 1, `fma=${fma} [64, 1000]`) <= 3);
  }
});

test('along dims other than the last (the copy in and out transposes), size-1 dims included', () => {
  const k = new WasmSoftmax(false);
  const gen = new Generator(2);
  const cases: [number[], number][] = [[[2, 3, 4], 0], [[2, 3, 4], 1], [[2, 3, 4], 2], [[3, 5, 7], 1], [[4, 1, 6], 1], [[4, 6, 1], 1], [[2, 3, 4, 5], 2], [[7], 0], [[5, 9], 0]];
  for (const [shape, dim] of cases) {
    const n = shape.reduce((a, b) => a * b, 1);
    compare(k, Float32Array.from({ length: n }, () => gen.normal() * 5), shape, dim, `${JSON.stringify(shape)} dim ${dim}`);
  }
});

test('−inf, all −inf rows, NaN, +inf and extreme values follow the cpu kernel', () => {
  const inf = Infinity;
  const rows: number[][] = [
    [1, 2, 3, -inf], // a masked element: exactly 0 / −inf
    [-inf, 0, -inf, 5, 6, -inf, -inf],
    [-inf, -inf, -inf, -inf, -inf], // all −inf: NaN (0/0), log-softmax NaN
    [-inf],
    [NaN, 1, 2], [1, 2, 3, 4, NaN], [1, 2, 3, 4, 5, 6, 7, 8, NaN], // NaN first, in the last whole vector, in the tail
    [inf, 1, 2], [inf, inf, 0], [-inf, inf], // +inf: NaN (inf − inf)
    [3e38, -3e38, 0], [-3e38, -3e38], [1e-40, -1e-40, 0],
    [0, -200, -100, -90, -87, -86], // exps below the normal range: the reference gives subnormals
    [-0], [0, -0],
  ];
  for (const fma of flavours) {
    const k = new WasmSoftmax(fma);
    for (const r of rows) compare(k, Float32Array.from(r), [1, r.length], 1, `fma=${fma} ${JSON.stringify(r.map(String))}`);
    // the same rows stacked, so a special value in one row must not leak into its neighbours
    const len = Math.max(...rows.map((r) => r.length));
    const x = new Float32Array(rows.length * len).fill(-inf);
    rows.forEach((r, i) => x.set(r, i * len));
    compare(k, x, [rows.length, len], 1, `fma=${fma} stacked`);
    compare(k, x, [rows.length, len], 0, `fma=${fma} stacked, dim 0`);
  }
  const k = new WasmSoftmax(false);
  assert.deepEqual([...k.run(Float32Array.from([1, 2, -inf]), [3], 0, false)!].slice(2), [0]);
  assert.deepEqual([...k.run(Float32Array.from([1, 2, -inf]), [3], 0, true)!].slice(2), [-inf]);
  assert.ok(k.run(Float32Array.from([-inf, -inf]), [2], 0, false)!.every(Number.isNaN));
  assert.equal(k.run(new Float32Array(0), [0, 3], 1, false), null);
});

test('the wasm backend runs softmax / log-softmax / cross-entropy through the kernel; gradients agree with the cpu backend', () => {
  const gen = new Generator(3);
  const values = Array.from({ length: 4 * 8 * 9 }, () => gen.normal() * 3);
  const run = (backend: string) => {
    T.setBackend(backend);
    const x = T.tensor(values, { dtype: 'float32' }).reshape([4, 8, 9]).requiresGrad_();
    const y = T.softmax(x, -1);
    const z = T.logSoftmax(x, 1);
    const w = T.tensor(values.map((v) => Math.sin(v)), { dtype: 'float32' }).reshape([4, 8, 9]);
    T.add(T.sum(T.mul(y, w)), T.sum(T.mul(z, w))).backward();
    const logits = T.tensor(values.slice(0, 16 * 18), { dtype: 'float32' }).reshape([16, 18]).requiresGrad_();
    const target = T.tensor(Array.from({ length: 16 }, (_, i) => (i * 7) % 18), { dtype: 'int32' });
    const ce = T.nn.functional.crossEntropy(logits, target);
    ce.backward();
    return {
      y: y.data() as Float32Array, z: z.data() as Float32Array, g: x.grad!.data() as Float32Array,
      ce: ce.item(), ceGrad: logits.grad!.data() as Float32Array,
    };
  };
  try {
    const cpu = run('cpu');
    const wasm = run('wasm');
    check(wasm.y, cpu.y, floorOf(false, 9), 'softmax on the backend');
    check(wasm.z, cpu.z, floorOf(true, 8), 'log-softmax on the backend');
    const close = (a: number, e: number, tol: number, what: string) => assert.ok(Math.abs(a - e) <= tol * Math.max(1, Math.abs(e)), `${what}: ${a} vs ${e}`);
    wasm.g.forEach((g, i) => close(g, cpu.g[i]!, 1e-5, `gradient at ${i}`));
    close(wasm.ce, cpu.ce, 1e-6, 'cross-entropy');
    wasm.ceGrad.forEach((g, i) => close(g, cpu.ceGrad[i]!, 1e-6, `cross-entropy gradient at ${i}`));
  } finally {
    T.setBackend('wasm');
  }
});
