/** Entry of a wasm-backend GEMM worker thread (started by wasm-features.ts). */
import { workerData } from 'node:worker_threads';
import { gemmWorkerLoop, type GemmWorkerData } from '../backend/wasm/gemm-threads.js';

gemmWorkerLoop(workerData as GemmWorkerData);
