#!/usr/bin/env node
// Float32 softmax / log-softmax: the wasm backend's SIMD kernel against the reference JS kernel
// (npm run bench:softmax; builds first). Each figure is the median over 9 runs of the process CPU time
// (process.cpuUsage, user + system) per call, on one thread, input already in memory, output allocated by
// the call as the backends do. Shapes: cross-entropy over 1000 classes [256, 1000] (last dim), attention
// weights for batch 32 × 8 heads over 50 positions [256, 50, 50] (last dim), and a non-last dim [64, 128, 32]
// along dim 1 (the wasm path transposes while copying in and out).
import { softmaxKernel } from '../dist/src/backend/cpu/reduce.js';
import { detectSimd } from '../dist/src/backend/wasm/gemm.js';
import { WasmSoftmax } from '../dist/src/backend/wasm/softmax-wasm.js';

const SHAPES = [
  [[256, 1000], 1],
  [[256, 50, 50], 2],
  [[64, 128, 32], 1],
];
const RUNS = 9;

function cpuMs(fn, reps) {
  const t = process.cpuUsage();
  for (let i = 0; i < reps; i++) fn();
  const d = process.cpuUsage(t);
  return (d.user + d.system) / 1000 / reps;
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1];
}

const wasm = new WasmSoftmax(detectSimd() === 'relaxed');
let state = 7;
const rand = () => ((state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 2 ** 32) * 8 - 4;
console.log(`flavour ${detectSimd()}; median of ${RUNS} runs, CPU ms per call`);
console.log('| shape | dim | op | JS kernel | wasm | speed-up |');
console.log('|---|---|---|---|---|---|');
for (const [shape, dim] of SHAPES) {
  const n = shape.reduce((a, b) => a * b, 1);
  const x = Float32Array.from({ length: n }, rand);
  for (const log of [false, true]) {
    const js = () => softmaxKernel(x, shape, dim, log, 'float32');
    const wa = () => wasm.run(x, shape, dim, log);
    const reps = Math.max(1, Math.round(2e6 / n));
    js();
    wa();
    const a = [];
    const b = [];
    for (let r = 0; r < RUNS; r++) {
      a.push(cpuMs(js, reps));
      b.push(cpuMs(wa, reps));
    }
    const [mj, mw] = [median(a), median(b)];
    console.log(`| [${shape.join(', ')}] | ${dim} | ${log ? 'log_softmax' : 'softmax'} | ${mj.toFixed(3)} | ${mw.toFixed(3)} | ${(mj / mw).toFixed(1)} × |`);
  }
}
