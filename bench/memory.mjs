#!/usr/bin/env node
// Resident memory during long LSTM training on the tensorite wasm backend: the lstm workload's train step
// run for the largest requested step count, printing RSS (and the JS heap) after each requested count.
// Each reading follows a full garbage collection (and the release of the array buffers it freed), so it
// shows what is retained rather than when the collector last ran. Usage: node memory.mjs 1000 10000
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { tensoriteWorkload } from './tensorite-workloads.mjs';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc');

const T = await import('../dist/src/index.node.js');
T.setBackend('wasm');
const marks = process.argv.slice(2).map(Number).sort((a, b) => a - b);
const step = tensoriteWorkload(T, 'lstm');
const mib = (v) => Math.round((v / 2 ** 20) * 10) / 10;
const start = performance.now();
for (let i = 1; i <= marks[marks.length - 1]; i++) {
  step();
  if (marks.includes(i)) {
    gc();
    await new Promise((resolve) => setTimeout(resolve, 50)); // array buffers are released after the collection
    gc();
    const m = process.memoryUsage();
    console.log(JSON.stringify({ steps: i, rss_mib: mib(m.rss), heap_used_mib: mib(m.heapUsed), array_buffers_mib: mib(m.arrayBuffers), seconds: Math.round((performance.now() - start) / 100) / 10 }));
  }
}
