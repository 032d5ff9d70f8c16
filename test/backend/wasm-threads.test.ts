/**
 * The wasm GEMM split across worker threads (Node worker_threads over a shared heap) against the CPU
 * reference, with the tolerance of test/helpers/gemm-check.ts: products split by columns and, when narrow,
 * by rows, every transpose combination, batches; and the thread-count setting of the public API.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import '../../src/node/wasm-features.js';
import * as T from '../../src/index.node.js';
import { WasmGemm } from '../../src/backend/wasm/gemm.js';
import { Generator } from '../../src/core/random.js';
import { checkGemm } from '../helpers/gemm-check.js';

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
