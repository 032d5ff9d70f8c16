/**
 * The GEMM caller on a thread that may not block, as a browser's main thread, where Atomics.wait throws a
 * TypeError: simulated here by replacing Atomics.wait on this (the main) thread before any thread set
 * starts; the workers are real threads with their own Atomics. The caller must detect it once and then
 * wait for workers by spinning, never calling Atomics.wait again.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Worker } from 'node:worker_threads';
import * as T from '../../src/index.js';
import { WasmGemm } from '../../src/backend/wasm/gemm.js';
import { callerMayBlock, setGemmThreadSpawner, waitForZero } from '../../src/backend/wasm/gemm-threads.js';
import { Generator } from '../../src/core/random.js';
import { installFakeBrowser } from '../helpers/fake-browser.js';

let waits = 0;
Atomics.wait = (() => {
  waits++;
  throw new TypeError('Atomics.wait cannot be called in this context');
}) as typeof Atomics.wait;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('a thread where Atomics.wait throws is detected once as one that may not block', () => {
  assert.equal(callerMayBlock(), false);
  assert.equal(callerMayBlock(), false);
  assert.equal(waits, 1);
});

test('waitForZero without blocking spins until another thread stores 0', async () => {
  const ctrl = new Int32Array(new SharedArrayBuffer(16));
  ctrl[2] = 5;
  const w = new Worker(
    `const { workerData, parentPort } = require('node:worker_threads');
     const c = new Int32Array(workerData);
     parentPort.postMessage('up');
     setTimeout(() => Atomics.store(c, 2, 0), 50);`,
    { eval: true, workerData: ctrl.buffer },
  );
  await new Promise((r) => w.once('message', r));
  assert.equal(Atomics.load(ctrl, 2), 5);
  waitForZero(ctrl, 2, false);
  assert.equal(Atomics.load(ctrl, 2), 0);
  assert.equal(waits, 1);
  await w.terminate();
});

test('on a page whose main thread may not block, split products equal one-thread products and the caller never sleeps', async () => {
  const page = installFakeBrowser(true, 2);
  let g: WasmGemm | null = null;
  try {
    assert.equal(T.enableBrowserThreads().enabled, true);
    g = new WasmGemm('simd', 2);
    for (let waited = 0; g.workersReady() < 1 && waited < 20000; waited += 20) await sleep(20);
    assert.equal(g.workersReady(), 1, 'the worker did not start');
    const one = new WasmGemm('simd', 1);
    const gen = new Generator(3);
    const rand = (n: number) => Float32Array.from({ length: n }, () => gen.normal());
    for (let round = 0; round < 20; round++) {
      const s = { batch: 1, m: 256, k: 256, n: 256, transA: false, transB: round % 2 === 1, aBatchStride: 0, bBatchStride: 0 };
      const a = rand(s.m * s.k);
      const b = rand(s.k * s.n);
      assert.deepEqual(g.matmul(a, b, s), one.matmul(a, b, s), `round ${round}`);
    }
    assert.equal(waits, 1);
  } finally {
    g?.close();
    setGemmThreadSpawner(null);
    T.setNumThreads(1);
    page.restore();
  }
});
