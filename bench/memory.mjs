#!/usr/bin/env node
// Resident memory during long LSTM training on the tensorite wasm backend: the lstm workload's train step
// run for the largest requested step count, printing RSS (and the JS heap) after each requested count.
// Usage: node memory.mjs 1000 10000
import { tensoriteWorkload } from './tensorite-workloads.mjs';

const T = await import('../dist/src/index.node.js');
T.setBackend('wasm');
const marks = process.argv.slice(2).map(Number).sort((a, b) => a - b);
const step = tensoriteWorkload(T, 'lstm');
const mib = (v) => Math.round((v / 2 ** 20) * 10) / 10;
const start = performance.now();
for (let i = 1; i <= marks[marks.length - 1]; i++) {
  step();
  if (marks.includes(i)) {
    const m = process.memoryUsage();
    console.log(JSON.stringify({ steps: i, rss_mib: mib(m.rss), heap_used_mib: mib(m.heapUsed), array_buffers_mib: mib(m.arrayBuffers), seconds: Math.round((performance.now() - start) / 100) / 10 }));
  }
}
