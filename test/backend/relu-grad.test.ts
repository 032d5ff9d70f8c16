/**
 * The fused ReLU gradient (Backend.reluGrad, ops/relu-grad.ts) against the CPU backend as oracle, which has no
 * fused kernel and computes where(y > 0, g, 0): the wasm SIMD kernel over lengths that leave SIMD tails and
 * sit on both sides of WASM_ELEMENTWISE_MIN, with NaN, ±0 and ±∞ in both operands — bit-identical (tolerance
 * 0: one comparison and one select per element); relu's first and second derivatives through autograd on both
 * backends — bit-identical to the CPU backend.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setFlagsFromString } from 'node:v8';
import { backendByName } from '../../src/backend/registry.js';
import { WASM_ELEMENTWISE_MIN } from '../../src/backend/wasm/elementwise-wasm.js';
import { Generator } from '../../src/core/random.js';
import * as T from '../../src/index.node.js';
import { assertSame, valuesWithSpecials } from '../helpers/bitwise.js';

setFlagsFromString('--experimental-wasm-relaxed-simd');

const gen = new Generator(23);
const values = (n: number): Float32Array => valuesWithSpecials(gen, n, 5);

test('the wasm ReLU-gradient kernel is bit-identical to where(gt(y, 0), g, 0) on the CPU backend', () => {
  const wasm = backendByName('wasm');
  const cpu = backendByName('cpu');
  assert.equal(cpu.reluGrad, undefined, 'the oracle has no fused kernel');
  for (const n of [WASM_ELEMENTWISE_MIN, WASM_ELEMENTWISE_MIN + 1, WASM_ELEMENTWISE_MIN + 3, 65536, 70001]) {
    const y = wasm.fromValues('float32', values(n));
    const g = wasm.fromValues('float32', values(n));
    const zero = cpu.fromValues('float32', [0]);
    const expected = cpu.read(cpu.where(cpu.compare('gt', y, [n], zero, [], [n]), [n], g, [n], zero, [], [n]));
    const out = wasm.reluGrad!(y, g);
    assert.ok(out !== null, `fused at ${n}`);
    assertSame(wasm.read(out), expected, `reluGrad ${n}`);
  }
  const small = wasm.fromValues('float32', values(WASM_ELEMENTWISE_MIN - 1));
  assert.equal(wasm.reluGrad!(small, small), null, 'below the threshold the op uses where/gt');
});

test('relu first and second derivatives on the wasm backend equal the CPU backend bit for bit', () => {
  const before = T.getBackend().name;
  const results: Record<string, Float32Array[]> = {};
  const xs = values(70 * 90);
  const ws = values(70 * 90);
  try {
    for (const name of ['cpu', 'wasm']) {
      T.setBackend(name);
      const x = T.tensor(Array.from(xs.map((v) => (Number.isFinite(v) ? v : 0.5)))).reshape([70, 90]).requiresGrad_();
      const w = T.tensor(Array.from(ws.map((v) => (Number.isFinite(v) ? v : -0.25)))).reshape([70, 90]);
      const y = T.relu(T.mul(x, x).sub(0.3));
      const loss = T.sum(T.mul(y, w));
      const [dx] = T.grad(loss, [x], { createGraph: true }); // recorded: where/gt, differentiable
      const [ddx] = T.grad(T.sum(T.mul(dx!, dx!)), [x]);
      const z = T.relu(T.mul(x, 2));
      T.sum(T.mul(z, w)).backward(); // not recorded: the fused kernel on wasm
      results[name] = [dx!.data() as Float32Array, ddx!.data() as Float32Array, x.grad!.data() as Float32Array];
    }
  } finally {
    T.setBackend(before);
  }
  ['first derivative (graph recorded)', 'second derivative', 'first derivative (fused)'].forEach((what, i) => {
    assertSame(results.wasm![i]!, results.cpu![i]!, what);
  });
  assert.ok(results.cpu![2]!.some((v) => v === 0) && results.cpu![2]!.some((v) => v !== 0), 'both sides of the kink are exercised');
});
