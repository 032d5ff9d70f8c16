/**
 * Entry of a wasm-backend GEMM worker in a browser (a module Web Worker started by wasm-threads.ts): the
 * first message carries the compiled kernels, the shared heap and the worker's slot (GemmWorkerData), and
 * the worker then runs `gemmWorkerLoop` until the page stops it. A worker may block in `Atomics.wait`, so the
 * loop sleeps between products.
 */
import { gemmWorkerLoop, type GemmWorkerData } from '../backend/wasm/gemm-threads.js';

addEventListener('message', (e: MessageEvent<GemmWorkerData>) => gemmWorkerLoop(e.data), { once: true });
