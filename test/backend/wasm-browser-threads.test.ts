/**
 * The browser threads of the wasm backend (src/browser/wasm-threads.ts) under Node: the portable entry as a
 * browser loads it, with a stand-in page (test/helpers/fake-browser.ts) whose Worker runs the real module
 * worker entry on a worker_threads thread. Checks the fallbacks and their reasons, the worker URL and type,
 * and that products split across those workers equal the one-thread products bit for bit.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import * as T from '../../src/index.js';
import { WasmGemm } from '../../src/backend/wasm/gemm.js';
import { gemmThreadSpawner, setGemmThreadSpawner } from '../../src/backend/wasm/gemm-threads.js';
import type { MatmulSpec } from '../../src/backend/backend.js';
import { Generator } from '../../src/core/random.js';
import { installFakeBrowser } from '../helpers/fake-browser.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function startedGemm(threads: number): Promise<WasmGemm> {
  const g = new WasmGemm('simd', threads);
  for (let waited = 0; g.workersReady() < threads - 1 && waited < 20000; waited += 20) await sleep(20);
  assert.equal(g.workersReady(), threads - 1, 'worker threads did not start');
  return g;
}

const SPECS: Omit<MatmulSpec, 'batch' | 'aBatchStride' | 'bBatchStride'>[] = [
  { m: 150, k: 130, n: 170, transA: false, transB: false }, // split by columns
  { m: 256, k: 256, n: 256, transA: false, transB: true },
  { m: 140, k: 150, n: 160, transA: true, transB: false },
  { m: 1200, k: 300, n: 9, transA: false, transB: true }, // split by rows
];

function sameAsOneThread(g: WasmGemm, rounds: number): void {
  const one = new WasmGemm('simd', 1);
  const gen = new Generator(7);
  const rand = (n: number) => Float32Array.from({ length: n }, () => gen.normal());
  for (let round = 0; round < rounds; round++) {
    for (const sp of SPECS) {
      const s = { batch: 1, ...sp, aBatchStride: 0, bBatchStride: 0 };
      const a = rand(s.m * s.k);
      const b = rand(s.k * s.n);
      assert.deepEqual(g.matmul(a, b, s), one.matmul(a, b, s), `round ${round}, ${JSON.stringify(sp)}`);
    }
  }
}

test('outside a browser the portable entry leaves the backend on one thread and says why', () => {
  const s = T.browserThreadSupport();
  assert.equal(s.enabled, false);
  assert.equal(s.threads, 1);
  assert.match(s.reason ?? '', /no Web Worker/);
  assert.equal(T.getNumThreads(), 1);
  assert.equal(gemmThreadSpawner(), null);
});

test('a page that is not cross-origin isolated falls back to one thread, naming the headers it needs', () => {
  const page = installFakeBrowser(false, 4);
  try {
    const s = T.enableBrowserThreads();
    assert.equal(s.enabled, false);
    assert.match(s.reason ?? '', /Cross-Origin-Opener-Policy: same-origin/);
    assert.match(s.reason ?? '', /Cross-Origin-Embedder-Policy: require-corp/);
    assert.deepEqual(T.browserThreadSupport(), s);
    assert.equal(T.getNumThreads(), 1);
    assert.equal(gemmThreadSpawner(), null);
    assert.equal(page.started.length, 0);
  } finally {
    page.restore();
  }
});

test('an isolated page gets hardwareConcurrency threads of module workers; split products equal one-thread ones bit for bit', async () => {
  const page = installFakeBrowser(true, 3);
  let g: WasmGemm | null = null;
  try {
    assert.deepEqual(T.enableBrowserThreads(), { enabled: true, threads: 3, reason: null });
    assert.equal(T.getNumThreads(), 3);
    assert.throws(() => T.enableBrowserThreads({ threads: 0 }), /positive integer/);
    g = await startedGemm(3);
    assert.equal(page.started.length, 2);
    for (const w of page.started) {
      assert.match(w.url, /^file:.*\/browser\/wasm-thread-worker\.js$/);
      assert.equal(w.type, 'module');
    }
    sameAsOneThread(g, 4);
    assert.equal(T.browserThreadSupport().reason, null);
  } finally {
    g?.close();
    setGemmThreadSpawner(null);
    T.setNumThreads(1);
    page.restore();
  }
});

test('a worker that fails to load is reported, and products still complete on the calling thread', async () => {
  const page = installFakeBrowser(true, 2, new URL('./no-such-worker.js', import.meta.url).href);
  let g: WasmGemm | null = null;
  try {
    assert.equal(T.enableBrowserThreads().enabled, true);
    g = new WasmGemm('simd', 2);
    for (let waited = 0; T.browserThreadSupport().reason === null && waited < 20000; waited += 20) await sleep(20);
    assert.match(T.browserThreadSupport().reason ?? '', /GEMM worker failed to start/);
    assert.equal(g.workersReady(), 0);
    sameAsOneThread(g, 1);
  } finally {
    g?.close();
    setGemmThreadSpawner(null);
    T.setNumThreads(1);
    page.restore();
  }
});

test('the worker is created in the form bundlers detect, and its entry lies beside the module', () => {
  const module = new URL('../../src/browser/wasm-threads.js', import.meta.url);
  const code = readFileSync(module, 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, ''); // the code, not the comments
  const m = /new Worker\(new URL\('(\.\/[\w-]+\.js)', import\.meta\.url\), \{ type: 'module' \}\)/.exec(code);
  assert.ok(m !== null, 'no literal new Worker(new URL(…, import.meta.url), { type: \'module\' })');
  assert.ok(existsSync(new URL(m[1]!, module)), `${m[1]} is not beside wasm-threads.js`);
});
