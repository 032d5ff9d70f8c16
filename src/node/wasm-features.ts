/**
 * Turns on WebAssembly relaxed SIMD in Node versions that ship it behind a flag (Node 20), so the wasm
 * backend's GEMM can use fused multiply-add. Imported first by the Node entry; harmless where the
 * feature is already on. The wasm backend detects the feature when it first compiles its kernels.
 */
import { setFlagsFromString } from 'node:v8';

setFlagsFromString('--experimental-wasm-relaxed-simd');
