/**
 * Float32 max, min and sum over trailing dims on the wasm backend (src/backend/wasm/row-reduce-wasm.ts):
 * bit for bit against the paths they replace — max/min against the reference kernel (cpu/reduce.ts), signed
 * zeros included; sum against sumF32 (double partial sums) — for every row-length remainder mod 4, NaN in
 * any lane, ±inf, ±0 in either order, and through the backend's reduce dispatch.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as T from '../../src/index.js';
import { reduceKernel } from '../../src/backend/cpu/reduce.js';
import { sumF32 } from '../../src/backend/wasm/sum-f32.js';
import { trailingRows, WasmRowReduce } from '../../src/backend/wasm/row-reduce-wasm.js';
import { Generator } from '../../src/core/random.js';

function sameBits(got: Float32Array, want: ArrayLike<number>, label: string): void {
  assert.equal(got.length, want.length, `${label}: length`);
  for (let i = 0; i < want.length; i++) {
    const [a, e] = [got[i]!, want[i]!];
    if (!(Object.is(a, e) || (Number.isNaN(a) && Number.isNaN(e)))) assert.fail(`${label}: ${Object.is(a, -0) ? '-0' : a} at ${i}, expected ${Object.is(e, -0) ? '-0' : e}`);
  }
}

function checkAll(k: WasmRowReduce, x: Float32Array, rows: number, len: number, label: string): void {
  const shape = [rows, len];
  for (const op of ['max', 'min'] as const) sameBits(k.run(op, x, rows, len)!, reduceKernel(op, x, shape, [1], 'float32'), `${label} ${op}`);
  if (rows > 1 && len > 1) sameBits(k.run('sum', x, rows, len)!, sumF32(x, shape, [1])!, `${label} sum`);
}

test('trailingRows accepts exactly the trailing dims', () => {
  assert.deepEqual(trailingRows([2, 3, 4], [2]), [6, 4]);
  assert.deepEqual(trailingRows([2, 3, 4], [2, 1]), [2, 12]);
  assert.deepEqual(trailingRows([2, 3, 4], [0, 1, 2]), [1, 24]);
  assert.equal(trailingRows([2, 3, 4], [1]), null);
  assert.equal(trailingRows([2, 3, 4], [0, 2]), null);
  assert.equal(trailingRows([2, 3, 4], []), null);
});

test('random rows of every length remainder: max, min and sum bit for bit', () => {
  const k = new WasmRowReduce();
  const gen = new Generator(4);
  for (const len of [1, 2, 3, 4, 5, 6, 7, 8, 9, 15, 16, 17, 63, 100, 1000]) {
    for (const rows of [1, 2, 7]) {
      const x = Float32Array.from({ length: rows * len }, () => gen.normal() * 10 ** Math.floor(gen.uniform() * 6 - 3));
      checkAll(k, x, rows, len, `[${rows}, ${len}]`);
    }
  }
});

test('NaN in any lane and in the tail, ±inf, signed zeros in either order, all-equal rows', () => {
  const k = new WasmRowReduce();
  const inf = Infinity;
  const rows: number[][] = [
    [NaN, 1, 2, 3, 4], [1, NaN, 2, 3, 4, 5], [1, 2, 3, 4, 5, 6, 7, 8, NaN], [1, 2, 3, 4, NaN, -inf, inf],
    [-inf, -inf, -inf], [inf, inf], [-inf, inf, 0],
    [0, -0], [-0, 0], [-1, -1, 0, -1, -0, -1, -1, -1], [-1, -1, -0, -1, 0, -1], [1, 1, -0, 1, 0, 1, 1, 1, 1, 1], [-0, -0, -0, -0, -0], [0],
    [5, 5, 5, 5, 5, 5, 5],
  ];
  for (const r of rows) checkAll(k, Float32Array.from(r), 1, r.length, JSON.stringify(r.map((v) => (Object.is(v, -0) ? '-0' : String(v)))));
  const len = Math.max(...rows.map((r) => r.length));
  const x = new Float32Array(rows.length * len).fill(-2);
  rows.forEach((r, i) => x.set(r, i * len));
  checkAll(k, x, rows.length, len, 'stacked');
});

test('the wasm backend reduces trailing dims with the kernels and gives the cpu backend\'s max/min bits', () => {
  const gen = new Generator(5);
  const values = Array.from({ length: 16 * 8 * 40 }, () => (gen.uniform() < 0.1 ? 0 : gen.normal()));
  const run = (backend: string) => {
    T.setBackend(backend);
    const x = T.tensor(values, { dtype: 'float32' }).reshape([16, 8, 40]);
    return [T.amax(x, -1), T.amin(x, [1, 2]), T.amax(T.neg(T.abs(x)), -1), T.sum(x, -1), T.logsumexp(x, -1)].map((t) => t.data() as Float32Array);
  };
  try {
    const cpu = run('cpu');
    const wasm = run('wasm');
    for (let i = 0; i < 3; i++) sameBits(wasm[i]!, cpu[i]!, `reduction ${i}`);
    // sum: double partial sums on wasm against the compensated reference sum, both rounded to float32
    wasm[3]!.forEach((v, i) => assert.ok(Math.abs(v - cpu[3]![i]!) <= 2 ** -23 * Math.max(1, Math.abs(cpu[3]![i]!)), `sum at ${i}`));
    wasm[4]!.forEach((v, i) => assert.ok(Math.abs(v - cpu[4]![i]!) <= 1e-6 * Math.max(1, Math.abs(cpu[4]![i]!)), `logsumexp at ${i}`));
  } finally {
    T.setBackend('wasm');
  }
});
