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
 * The im2col product formed on the GEMM's buffers over the whole batch (`matmulWindows`) and the channel bias
 * added in its store (`matmulColumnBias`), one group, must give exactly the numbers of the window copy, the
 * product and a separate add (tolerance 0), and the input gradient added into the windows from the GEMM
 * (`matmulIntoWindows`) those of GEMM then col2im: forward, gradients and a second-order gradient, tiled and
 * thin (one output channel), overlapping and disjoint windows. The weight gradient sums over the batch inside
 * the fused product, so it meets the unfused one within the tolerance above, not bit for bit.
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

/**
 * Output, gradients and a second-order gradient of conv → Σ out·r on `backend`, with its fused im2col product
 * and channel bias (`matmulWindows`, `matmulColumnBias`) on or off; also the fused calls made.
 */
function convFusedOrNot(backend: string, fused: boolean, c: FusedCase): { values: number[][]; calls: number } {
  T.setBackend(backend);
  const be = T.getBackend();
  let columnCalls = 0;
  const outer = withOptionalMethod(be, 'matmulWindows', fused, () => {
    const inner = withOptionalMethod(be, 'matmulColumnBias', fused, () => {
      T.manualSeed(5);
      const x = T.randn(c.input).requiresGrad_();
      const w = T.randn(c.weight).mul(0.3).requiresGrad_();
      const b = c.bias ? T.randn([c.weight[0]!]).requiresGrad_() : null;
      const conv = (t: Tensor): Tensor => (c.d === 1 ? T.nn.functional.conv1d(t, w, b, c.options) : T.nn.functional.conv2d(t, w, b, c.options));
      const y = conv(x);
      const r = T.randn(y.shape);
      const loss = T.sum(T.mul(y, r));
      // ∂L/∂x with its graph, then the gradient of Σ(∂L/∂x)² with respect to the weight (double backward)
      const [gx] = T.grad(loss, [x], { createGraph: true, retainGraph: true });
      const [gw2] = T.grad(T.sum(T.mul(gx!, gx!)), [w], { retainGraph: true });
      loss.backward();
      return [y, x.grad!, w.grad!, ...(b === null ? [] : [b.grad!]), gw2!].map((t) => Array.from(t.data() as Float32Array));
    });
    columnCalls = inner.calls;
    return inner.result;
  });
  return { values: outer.result, calls: outer.calls + columnCalls };
}

interface FusedCase {
  d: 1 | 2;
  input: number[];
  weight: number[];
  options: T.nn.functional.ConvOptions;
  bias: boolean;
}

test('the fused im2col product and channel bias give the numbers of window copy, GEMM then add (conv1d, conv2d, one output channel, second order)', () => {
  const previous = T.getBackend().name;
  try {
    const cases: FusedCase[] = [
      { d: 1, input: [3, 5, 301], weight: [7, 5, 5], options: { padding: 2, stride: 2 }, bias: true },
      { d: 1, input: [2, 3, 257], weight: [1, 3, 4], options: { dilation: 2 }, bias: true },
      { d: 1, input: [2, 4, 99], weight: [6, 4, 3], options: { padding: 'same' }, bias: false },
      { d: 1, input: [2, 2, 100], weight: [4, 2, 3], options: { stride: 3 }, bias: true },
      { d: 2, input: [2, 3, 19, 23], weight: [6, 3, 3, 2], options: { padding: [1, 0], dilation: [1, 2] }, bias: true },
    ];
    for (const c of cases) {
      for (const backend of T.listBackends()) {
        const fused = convFusedOrNot(backend, true, c);
        const plain = convFusedOrNot(backend, false, c);
        const what = `conv${c.d}d ${JSON.stringify(c.weight)} on ${backend}`;
        assert.equal(fused.calls > 0, backend === 'wasm', `${what}: fused calls ${fused.calls}`);
        assert.equal(fused.values.length, plain.values.length);
        // the weight gradient's batch sum happens inside the fused product (another float32 addition order)
        fused.values.forEach((v, k) => (k === 2 ? assertClose(v, plain.values[k]!, `${what}: weight gradient`) : assert.deepEqual(v, plain.values[k], `${what}: result ${k}`)));
      }
    }
  } finally {
    T.setBackend(previous);
  }
});

/** relu's output, x's gradient, and the second-order gradient of Σ(∂L/∂x)²·x on `backend`, with `reluGrad` on or off. */
function reluFusedOrNot(backend: string, fused: boolean, xs: Float32Array): { values: number[][]; calls: number } {
  T.setBackend(backend);
  const r = withOptionalMethod(T.getBackend(), 'reluGrad', fused, () => {
    const x = T.tensor(xs).requiresGrad_();
    T.manualSeed(11);
    const gs = Float32Array.from(T.randn([xs.length]).data() as Float32Array);
    gs.set([Number.NaN, -0], 1); // a NaN gradient passes where y > 0 (x = 2) and is dropped where it is not; −0 passes (x = 3)
    gs[0] = Number.NaN;
    const g = T.tensor(gs);
    const y = T.relu(x);
    const loss = T.sum(T.mul(y, g));
    const [gx] = T.grad(loss, [x], { createGraph: true, retainGraph: true });
    const [gx2] = T.grad(T.sum(T.mul(T.mul(gx!, gx!), x)), [x], { retainGraph: true });
    loss.backward();
    return [y, x.grad!, gx2!].map((t) => Array.from(t.data() as Float32Array));
  });
  return { values: r.result, calls: r.calls };
}

test('relu gradient in one kernel (reluGrad) gives the numbers of where(y > 0, g, 0): NaN, ±0, odd length, first and second order', () => {
  const previous = T.getBackend().name;
  try {
    const n = 4099; // above the wasm elementwise threshold, not a multiple of 4
    T.manualSeed(3);
    const xs = T.randn([n]).data() as Float32Array;
    xs.set([0, 2, 3, -0, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 1e-45, -1e-45]);
    const oracle = reluFusedOrNot('cpu', false, xs);
    for (const backend of T.listBackends()) {
      const fused = reluFusedOrNot(backend, true, xs);
      const plain = reluFusedOrNot(backend, false, xs);
      assert.equal(fused.calls > 0, backend === 'wasm', `${backend}: reluGrad calls ${fused.calls}`);
      fused.values.forEach((v, k) => {
        assert.deepEqual(v, plain.values[k], `${backend}: result ${k} fused against unfused`);
        assert.deepEqual(v, oracle.values[k], `${backend}: result ${k} against the cpu backend`);
      });
    }
  } finally {
    T.setBackend(previous);
  }
});

test('max over pairs (max pooling by 2) and gather along a dim of 2: gradients into zeros equal the cpu backend exactly (ties, NaN, −0, odd count)', () => {
  const previous = T.getBackend().name;
  try {
    const pairs = 4503; // above the wasm elementwise threshold, not a multiple of 4
    T.manualSeed(7);
    const xs = Float32Array.from(T.randn([pairs * 2]).data() as Float32Array);
    xs.set([1, 1, Number.NaN, 2, 3, Number.NaN, -0, 0]); // a tie, NaN first and second, −0 against +0
    const gs = Float32Array.from(T.randn([pairs]).data() as Float32Array);
    gs.set([-0, Number.NaN, -2.5, -0]);
    const pick = Int32Array.from({ length: pairs }, (_, i) => (i * 7) % 3 === 0 ? 1 : 0);
    const results = T.listBackends().map((backend) => {
      T.setBackend(backend);
      const x = T.tensor(xs).reshape([3, pairs / 3, 2]).requiresGrad_();
      const g = T.tensor(gs).reshape([3, pairs / 3, 1]);
      const { values } = T.max(x, -1, true);
      const picked = T.gather(x, -1, T.tensor(pick, { dtype: 'int32' }).reshape([3, pairs / 3, 1]));
      T.sum(T.mul(T.add(values, T.mul(picked, 3)), g)).backward();
      const [gm] = T.grad(T.sum(T.mul(T.max(x, -1, true).values, g)), [x]);
      return { backend, grad: Array.from(x.grad!.data() as Float32Array), maxGrad: Array.from(gm!.data() as Float32Array) };
    });
    const cpu = results.find((r) => r.backend === 'cpu')!;
    assert.equal(Object.is(cpu.maxGrad[0], 0) && Object.is(cpu.maxGrad[1], 0), true, 'a −0 gradient lands as +0 beside +0');
    for (const r of results) {
      assert.deepEqual(r.maxGrad, cpu.maxGrad, `${r.backend}: gradient of max over pairs`);
      assert.deepEqual(r.grad, cpu.grad, `${r.backend}: gradient of max and gather over pairs`);
    }
  } finally {
    T.setBackend(previous);
  }
});

/**
 * Output, gradients and a second-order gradient of a conv layer, ReLU and (with `pool`) MaxPool1d(2), chained by
 * Sequential (fused) or applied one after the other; also the fused calls (relu stores, pooled products).
 */
function convReluChain(backend: string, layer: () => T.nn.Module, input: number[], pool: boolean, chained: boolean): { values: number[][]; fusedCalls: number } {
  T.setBackend(backend);
  const be = T.getBackend() as unknown as Record<string, unknown>;
  let fusedCalls = 0;
  const spy = (name: string, counts: (args: unknown[]) => boolean): void => {
    const own = be[name] as ((...args: unknown[]) => unknown) | undefined;
    if (own === undefined) return;
    be[name] = (...args: unknown[]) => {
      if (counts(args)) fusedCalls++;
      return own.apply(be, args);
    };
  };
  spy('matmulWindows', (args) => (args[5] as { relu?: boolean } | undefined)?.relu === true);
  spy('matmulWindowsPool2', () => true);
  try {
    T.manualSeed(13);
    const conv = layer();
    const modules: T.nn.Module[] = [conv, new T.nn.ReLU(), ...(pool ? [new T.nn.MaxPool1d(2)] : [])];
    const xs = Float32Array.from(T.randn(input).data() as Float32Array);
    xs[5] = Number.NaN; // NaN passes through relu in the store (and wins its pooling pair) as through the ops
    const x = T.tensor(xs).reshape(input).requiresGrad_();
    const params = [...conv.parameters()];
    const one = (m: T.nn.Module, t: Tensor): Tensor => (m as unknown as { forward(t: Tensor): Tensor }).forward(t);
    const forward = (t: Tensor): Tensor => (chained ? new T.nn.Sequential(...modules).forward(t) : modules.reduce((h, m) => one(m, h), t));
    const y = forward(x);
    const r = T.randn(y.shape);
    const loss = T.sum(T.mul(y, r));
    const [gx] = T.grad(loss, [x], { createGraph: true, retainGraph: true });
    const [gw2] = T.grad(T.sum(T.mul(gx!, gx!)), [params[0]!], { retainGraph: true });
    loss.backward();
    return { values: [y, x.grad!, ...params.map((p) => p.grad!), gw2!].map((t) => Array.from(t.data() as Float32Array)), fusedCalls };
  } finally {
    delete be.matmulWindows;
    delete be.matmulWindowsPool2;
  }
}

test('Sequential runs Conv1d/Conv2d, ReLU (and MaxPool1d(2)) as one op: the numbers of the modules one by one, NaN, odd lengths, groups, second order', () => {
  const previous = T.getBackend().name;
  try {
    const cases: { name: string; layer: () => T.nn.Module; input: number[]; pool: boolean; fused: boolean }[] = [
      { name: 'conv1d relu', layer: () => new T.nn.Conv1d(3, 8, 5, { padding: 2 }), input: [4, 3, 301], pool: false, fused: true },
      { name: 'conv1d no bias, stride 2, relu', layer: () => new T.nn.Conv1d(2, 5, 3, { stride: 2, bias: false }), input: [3, 2, 401], pool: false, fused: true },
      { name: 'conv2d relu', layer: () => new T.nn.Conv2d(3, 6, 3, { padding: 1 }), input: [2, 3, 21, 19], pool: false, fused: true },
      { name: 'conv1d groups 2, relu', layer: () => new T.nn.Conv1d(4, 6, 3, { groups: 2 }), input: [2, 4, 200], pool: false, fused: false },
      { name: 'conv1d relu pool', layer: () => new T.nn.Conv1d(3, 8, 5, { padding: 2 }), input: [4, 3, 302], pool: true, fused: true },
      { name: 'conv1d no bias, relu pool', layer: () => new T.nn.Conv1d(1, 6, 7, { padding: 3, bias: false }), input: [5, 1, 258], pool: true, fused: true },
      { name: 'conv1d relu pool, odd length (unfused pooling)', layer: () => new T.nn.Conv1d(3, 8, 4, { padding: 1 }), input: [2, 3, 300], pool: true, fused: true },
    ];
    for (const c of cases) {
      for (const backend of T.listBackends()) {
        const chained = convReluChain(backend, c.layer, c.input, c.pool, true);
        const separate = convReluChain(backend, c.layer, c.input, c.pool, false);
        const what = `${c.name} on ${backend}`;
        assert.equal(chained.fusedCalls > 0, backend === 'wasm' && c.fused, `${what}: fused calls ${chained.fusedCalls}`);
        assert.equal(separate.fusedCalls, 0, `${what}: no fused call when the modules run one by one`);
        assert.ok(chained.values[0]!.some((v) => Number.isNaN(v)) && chained.values[0]!.some((v) => v === 0), `${what}: NaN and clipped outputs`);
        chained.values.forEach((v, k) => assert.deepEqual(v, separate.values[k], `${what}: result ${k}`));
      }
    }
  } finally {
    T.setBackend(previous);
  }
});
