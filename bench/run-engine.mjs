#!/usr/bin/env node
// Times the reference workloads on one engine and prints one JSON line per workload (as torch_bench.py).
// Usage: node run-engine.mjs tensorite-wasm|tensorite-cpu|tfjs-wasm [--threads N] [workload ...]
import { timeit, WORKLOADS } from './timing.mjs';

const [engine, ...rest] = process.argv.slice(2);
const t = rest.indexOf('--threads');
const threads = t < 0 ? 1 : Number(rest[t + 1]);
const args = t < 0 ? rest : rest.filter((_, i) => i !== t && i !== t + 1);
const names = args.length > 0 ? args : WORKLOADS;

let make;
let info;
if (engine.startsWith('tensorite-')) {
  const T = await import('../dist/src/index.node.js');
  const { tensoriteWorkload, useThreads } = await import('./tensorite-workloads.mjs');
  T.setBackend(engine.slice('tensorite-'.length));
  const backend = T.getBackend();
  await useThreads(T, threads);
  make = (name) => tensoriteWorkload(T, name);
  info = () => ({ engine: `tensorite-${T.VERSION}`, backend: backend.name, simd: backend.flavour ?? null, threads: backend.name === 'wasm' ? T.getNumThreads() : 1 });
} else if (engine === 'tfjs-wasm') {
  const { tfjsEngine, tfjsWorkload } = await import('./tfjs-workloads.mjs');
  const tfjs = await tfjsEngine();
  make = (name) => tfjsWorkload(tfjs, name);
  info = () => ({ engine: `tfjs-${tfjs.version}`, backend: tfjs.tf.getBackend(), threads: null });
} else {
  throw new Error(`unknown engine ${engine}`);
}

for (const name of names) {
  const r = timeit(make(name));
  if (name.startsWith('gemm')) {
    const n = Number(name.slice(4));
    r.gflops = (2 * n ** 3) / (r.median_ms * 1e-3) / 1e9;
  }
  console.log(JSON.stringify({ workload: name, ...info(), ...r }));
}
