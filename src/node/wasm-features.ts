/**
 * Node set-up of the wasm backend, imported first by the Node entry:
 * - turns on WebAssembly relaxed SIMD where Node ships it behind a flag (Node 20), so the GEMM can use fused
 *   multiply-add (harmless where it is already on; the backend detects it when it first compiles kernels);
 * - registers worker_threads as the GEMM thread spawner and sets the thread count to the number of cores
 *   (`setNumThreads(1)` returns to a single thread). Workers are unreferenced: they never keep a process alive.
 */
import { availableParallelism } from 'node:os';
import { setFlagsFromString } from 'node:v8';
import { Worker } from 'node:worker_threads';
import { setGemmThreadSpawner } from '../backend/wasm/gemm-threads.js';
import { setNumThreads } from '../backend/registry.js';

setFlagsFromString('--experimental-wasm-relaxed-simd');

const entry = new URL('./wasm-thread-entry.js', import.meta.url);
setGemmThreadSpawner((workerData) => {
  const worker = new Worker(entry, { workerData });
  worker.unref();
  return () => void worker.terminate();
});
setNumThreads(availableParallelism());
