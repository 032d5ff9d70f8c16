/**
 * Convolution and max pooling at sizes where the wasm backend uses its own kernels (SIMD elementwise and
 * relu, window-gradient accumulation, arg-max over windows, batched GEMM), against the CPU backend (the
 * oracle): conv1d/conv2d with padding, stride, dilation and groups, then relu and max pooling, forward
 * output and the gradients of L = Σ out·w with respect to the input, weight and bias.
 *
 * Tolerance, element by element: |wasm − cpu| ≤ 1e-4 · max(1, |cpu|). The wasm GEMM accumulates in float32
 * (with fused multiply-add where available) and the CPU GEMM in double, so a sum of K products differs by up
 * to about K·2⁻²⁴·Σ|terms|; K ≤ 320 here with terms of order one. Pooling indices must be identical.
 *
 * The channel bias added in the GEMM's store (`matmulColumnBias`, one group) must give exactly the numbers of
 * the product then a separate add (tolerance 0), forward and gradients, tiled and thin (one output channel).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as T from '../../../src/index.js';
import type { Tensor } from '../../../src/index.js';
import { withOptionalMethod } from '../../helpers/optional-method.js';

const TOL = 1e-4;

interface Case {
  name: string;
  d: 1 | 2;
  input: number[];
  weight: number[];
  options: T.nn.functional.ConvOptions;
  pool: number;
}

const CASES: Case[] = [
  { name: 'conv1d padding 3', d: 1, input: [4, 3, 517], weight: [8, 3, 7], options: { padding: 3 }, pool: 2 },
  { name: 'conv1d stride 2, dilation 2', d: 1, input: [3, 4, 401], weight: [6, 4, 5], options: { stride: 2, dilation: 2, padding: 1 }, pool: 3 },
  { name: 'conv1d groups 2, same', d: 1, input: [2, 8, 333], weight: [8, 4, 4], options: { groups: 2, padding: 'same' }, pool: 2 },
  { name: 'conv2d padding 1', d: 2, input: [2, 3, 34, 35], weight: [5, 3, 3, 3], options: { padding: 1 }, pool: 2 },
  { name: 'conv2d stride 2, dilation 2, groups 2', d: 2, input: [2, 4, 41, 39], weight: [6, 2, 3, 3], options: { stride: 2, dilation: [2, 1], groups: 2, padding: [2, 1] }, pool: 2 },
];

interface Run {
  out: number[];
  indices: number[];
  grads: number[][];
}

function run(backend: string, c: Case): Run {
  T.setBackend(backend);
  T.manualSeed(3);
  const x = T.randn(c.input).requiresGrad_();
  const w = T.randn(c.weight).mul(0.3).requiresGrad_();
  const b = T.randn([c.weight[0]!]).requiresGrad_();
  const conv = c.d === 1 ? T.nn.functional.conv1d(x, w, b, c.options) : T.nn.functional.conv2d(x, w, b, c.options);
  const act = T.nn.functional.relu(conv);
  const [out, indices] = c.d === 1
    ? T.nn.functional.maxPool1d(act, c.pool, { returnIndices: true })
    : T.nn.functional.maxPool2d(act, c.pool, { returnIndices: true });
  T.sum(T.mul(out, T.randn(out.shape))).backward();
  const grads = [x, w, b].map((t: Tensor) => Array.from(t.grad!.data() as Float32Array));
  return { out: Array.from(out.data() as Float32Array), indices: Array.from(indices.data() as Int32Array), grads };
}

function assertClose(actual: number[], expected: number[], what: string): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  for (let i = 0; i < actual.length; i++) {
    const [a, e] = [actual[i]!, expected[i]!];
    if (!(Math.abs(a - e) <= TOL * Math.max(1, Math.abs(e)))) assert.fail(`${what}: element ${i} is ${a}, expected ${e}`);
  }
}

for (const c of CASES) {
  test(`${c.name}: relu and max pooling, forward and gradients, wasm against cpu`, () => {
    const previous = T.getBackend().name;
    try {
      const expected = run('cpu', c);
      for (const backend of T.listBackends().filter((b) => b !== 'cpu')) {
        const actual = run(backend, c);
        assertClose(actual.out, expected.out, `${c.name} output on ${backend}`);
        assert.deepEqual(actual.indices, expected.indices, `${c.name} pooling indices on ${backend}`);
        ['input', 'weight', 'bias'].forEach((name, k) => assertClose(actual.grads[k]!, expected.grads[k]!, `${c.name} ${name} gradient on ${backend}`));
      }
      assert.ok(expected.out.length > 0 && expected.grads[0]!.length >= 4096, 'sizes reach the wasm kernels');
    } finally {
      T.setBackend(previous);
    }
  });
}

/** Output and gradients of conv → Σ out·r on `backend`, with its fused channel bias on or off; also the fused calls. */
function convWithBias(backend: string, fused: boolean, d: 1 | 2, input: number[], weight: number[], options: T.nn.functional.ConvOptions): { values: number[][]; calls: number } {
  T.setBackend(backend);
  const { result, calls } = withOptionalMethod(T.getBackend(), 'matmulColumnBias', fused, () => {
    T.manualSeed(5);
    const x = T.randn(input).requiresGrad_();
    const w = T.randn(weight).mul(0.3).requiresGrad_();
    const b = T.randn([weight[0]!]).requiresGrad_();
    const y = d === 1 ? T.nn.functional.conv1d(x, w, b, options) : T.nn.functional.conv2d(x, w, b, options);
    T.sum(T.mul(y, T.randn(y.shape))).backward();
    return [y, x.grad!, w.grad!, b.grad!].map((t) => Array.from(t.data() as Float32Array));
  });
  return { values: result, calls };
}

test('the channel bias fused into the GEMM store gives the numbers of GEMM then add (conv1d, conv2d, one output channel)', () => {
  const previous = T.getBackend().name;
  try {
    const cases: [1 | 2, number[], number[], T.nn.functional.ConvOptions][] = [
      [1, [3, 5, 301], [7, 5, 5], { padding: 2, stride: 2 }],
      [1, [2, 3, 257], [1, 3, 4], { dilation: 2 }],
      [2, [2, 3, 19, 23], [6, 3, 3, 2], { padding: [1, 0] }],
    ];
    for (const [d, input, weight, options] of cases) {
      for (const backend of T.listBackends()) {
        const fused = convWithBias(backend, true, d, input, weight, options);
        const plain = convWithBias(backend, false, d, input, weight, options);
        const what = `conv${d}d ${JSON.stringify(weight)} on ${backend}`;
        assert.equal(fused.calls > 0, backend === 'wasm', `${what}: fused calls ${fused.calls}`);
        ['output', 'input gradient', 'weight gradient', 'bias gradient'].forEach((name, k) => {
          assert.deepEqual(fused.values[k], plain.values[k], `${what}: ${name}`);
        });
      }
    }
  } finally {
    T.setBackend(previous);
  }
});
