/**
 * The wasm GEMM split across worker threads (Node worker_threads over a shared heap) against the CPU
 * reference, with the tolerance of test/helpers/gemm-check.ts: products split by columns and, when narrow,
 * by rows, every transpose combination, batches; a convolution's whole-batch products; and the thread-count
 * setting of the public API.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import '../../src/node/wasm-features.js';
import * as T from '../../src/index.node.js';
import { WasmGemm } from '../../src/backend/wasm/gemm.js';
import { Generator } from '../../src/core/random.js';
import { checkGemm } from '../helpers/gemm-check.js';
import { DEFAULT_CHUNK_FLOATS, setChunkFloats, windowsForward, windowsInputGrad, windowsWeightGrad } from '../../src/backend/wasm/window-gemm.js';

async function startedGemm(threads: number): Promise<WasmGemm> {
  const g = new WasmGemm('simd', threads);
  for (let waited = 0; g.workersReady() < threads - 1 && waited < 20000; waited += 20) await new Promise((r) => setTimeout(r, 20));
  assert.equal(g.workersReady(), threads - 1, 'worker threads did not start');
  return g;
}

test('three threads compute large products of every transpose combination like the reference', async () => {
  const g = await startedGemm(3);
  const gen = new Generator(11);
  try {
    for (const transA of [false, true]) {
      for (const transB of [false, true]) {
        checkGemm(g, { batch: 1, m: 150, k: 130, n: 170, transA, transB, aBatchStride: 0, bBatchStride: 0 }, gen); // by columns
      }
    }
    checkGemm(g, { batch: 1, m: 2100, k: 300, n: 9, transA: false, transB: true, aBatchStride: 0, bBatchStride: 0 }, gen); // by rows
    checkGemm(g, { batch: 2, m: 129, k: 140, n: 131, transA: true, transB: false, aBatchStride: 129 * 140, bBatchStride: 0 }, gen);
  } finally {
    g.close();
  }
});

test('setNumThreads sets the thread count; a split product is bit-identical to the single-thread one', async () => {
  assert.ok(T.getNumThreads() >= 1);
  T.setBackend('wasm');
  const a = T.randn([140, 150]);
  const b = T.randn([150, 160]);
  T.setNumThreads(1);
  const single = T.matmul(a, b).data();
  assert.equal(T.getNumThreads(), 1);
  T.setNumThreads(2);
  assert.equal(T.getNumThreads(), 2);
  T.matmul(a, b); // starts the workers
  await new Promise((r) => setTimeout(r, 300));
  assert.deepEqual(T.matmul(a, b).data(), single); // each element has the same k order whichever thread computes it
  assert.throws(() => T.setNumThreads(0), /positive integer/);
});

test('chunks claimed by whichever thread is awake: back-to-back split products equal the one-thread products bit for bit', async () => {
  const g = await startedGemm(2);
  const one = new WasmGemm('simd', 1);
  const gen = new Generator(5);
  const rand = (n: number) => Float32Array.from({ length: n }, () => gen.normal());
  try {
    // the mlp step's shapes (x·W1ᵀ, h·W2ᵀ, the weight and input gradients) and a row split; many rounds, so
    // some chunks run where the worker joins late or not at all
    const specs = [
      { m: 256, k: 128, n: 256, transA: false, transB: true },
      { m: 256, k: 256, n: 256, transA: false, transB: true },
      { m: 256, k: 256, n: 256, transA: true, transB: false },
      { m: 256, k: 256, n: 128, transA: true, transB: false },
      { m: 256, k: 256, n: 256, transA: false, transB: false },
      { m: 1200, k: 300, n: 9, transA: false, transB: true },
    ];
    for (let round = 0; round < 15; round++) {
      for (const sp of specs) {
        const s = { batch: 1, ...sp, aBatchStride: 0, bBatchStride: 0 };
        const a = rand(s.m * s.k);
        const b = rand(s.k * s.n);
        assert.deepEqual(g.matmul(a, b, s), one.matmul(a, b, s), `round ${round}, ${JSON.stringify(sp)}`);
      }
    }
  } finally {
    g.close();
  }
});

test('the one-call Linear backward split over two threads equals the one-thread call bit for bit (mlp shapes, chained)', async () => {
  const g = await startedGemm(2);
  const one = new WasmGemm('simd', 1);
  const gen = new Generator(8);
  const rand = (n: number) => Float32Array.from({ length: n }, () => gen.normal());
  const all = { needX: true, needWeight: true, needBias: true };
  try {
    for (let round = 0; round < 5; round++) {
      const [h1, w2, h2, grad] = [rand(256 * 256), rand(256 * 256), Float32Array.from(rand(256 * 256), (v) => Math.max(v, 0)), rand(256 * 256)];
      const split = g.linearBackward(grad, h2, h1, w2, { m: 256, k: 256, n: 256, ...all })!;
      const ref = one.linearBackward(grad, h2, h1, w2, { m: 256, k: 256, n: 256, ...all })!;
      for (const key of ['gradX', 'gradWeight', 'gradBias'] as const) assert.deepEqual(split[key], ref[key], `round ${round} ${key}`);
      // the next layer's backward reads its gradient and mask where the previous call left them
      const x = rand(256 * 128);
      const w1 = rand(256 * 128);
      const next = g.linearBackward(split.gradX!, h1, x, w1, { m: 256, k: 128, n: 256, ...all, needX: false })!;
      const nextRef = one.linearBackward(ref.gradX!, h1, x, w1, { m: 256, k: 128, n: 256, ...all, needX: false })!;
      assert.deepEqual(next.gradWeight, nextRef.gradWeight, `round ${round} chained weight gradient`);
      assert.deepEqual(next.gradBias, nextRef.gradBias, `round ${round} chained bias gradient`);
    }
  } finally {
    g.close();
  }
});

test('a convolution\'s whole-batch products (forward, weight and input gradient) split across threads equal one thread bit for bit', async () => {
  const g = await startedGemm(2);
  const one = new WasmGemm('simd', 1);
  const gen = new Generator(9);
  const rand = (n: number) => Float32Array.from({ length: n }, () => gen.normal());
  try {
    // conv1d [batch, cin, len] with kernel kw, stride 1: item columns [cin·kw, n], n = len − kw + 1 (odd in the
    // second, so strips cut inside items); chunks of one or two items, each product above the threads' threshold
    setChunkFloats(1 << 17);
    for (const [batch, cin, len, cout, kw] of [[4, 16, 1030, 64, 7], [3, 8, 1301, 48, 5]] as const) {
      const n = len - kw + 1;
      const kc = cin * kw;
      const view = { shape: [cin, kw, n], strides: [len, 1, 1], batchStride: cin * len, offset: 0 };
      const x = rand(batch * cin * len);
      const w = rand(cout * kc);
      const bias = rand(cout);
      const gy = rand(batch * cout * n);
      const fwd = { batch, m: cout, k: kc, n, transA: false, transB: false, aBatchStride: 0, bBatchStride: kc * n };
      const wg = { batch, m: cout, k: n, n: kc, transA: false, transB: true, aBatchStride: cout * n, bBatchStride: kc * n };
      const ig = { batch, m: kc, k: cout, n, transA: true, transB: false, aBatchStride: 0, bBatchStride: cout * n };
      for (let round = 0; round < 8; round++) {
        const what = `[${batch}, ${cin}, ${len}] round ${round}`;
        assert.deepEqual(windowsForward(g, w, x, view, fwd, bias), windowsForward(one, w, x, view, fwd, bias), `${what}: forward`);
        if (n % 2 === 0) assert.deepEqual(windowsForward(g, w, x, view, fwd, bias, true, true), windowsForward(one, w, x, view, fwd, bias, true, true), `${what}: forward, relu, pooling`);
        assert.deepEqual(windowsWeightGrad(g, gy, x, view, wg), windowsWeightGrad(one, gy, x, view, wg), `${what}: weight gradient`);
        assert.deepEqual(windowsInputGrad(g, w, gy, ig, view, batch * cin * len, true), windowsInputGrad(one, w, gy, ig, view, batch * cin * len, true), `${what}: input gradient`);
      }
    }
  } finally {
    setChunkFloats(DEFAULT_CHUNK_FLOATS);
    g.close();
  }
});
