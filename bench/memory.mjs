#!/usr/bin/env node
// Resident memory during long LSTM training on the tensorite wasm backend: the lstm workload's train step
// run for the largest requested step count, printing RSS (and the JS heap) after each requested count.
// Each reading follows a full garbage collection (and the release of the array buffers it freed), so it
// shows what is retained rather than when the collector last ran. On Linux each reading also splits RSS by
// mapping (/proc/self/smaps): the C heap's main arena ([heap]: glibc malloc, where ArrayBuffer backing stores
// live), file-backed pages (node's binary and libraries) and the other anonymous pages (V8's heap pages,
// wasm memories, thread stacks and the other malloc arenas), next to V8's own count of its heap's physical
// size (this isolate). Usage: node memory.mjs 1000 10000
import { existsSync, readFileSync } from 'node:fs';
import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { tensoriteWorkload } from './tensorite-workloads.mjs';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc');

const T = await import('../dist/src/index.node.js');
T.setBackend('wasm');
const marks = process.argv.slice(2).map(Number).sort((a, b) => a - b);
const step = tensoriteWorkload(T, 'lstm');
const mib = (v) => Math.round((v / 2 ** 20) * 10) / 10;

/** Resident KiB by kind of mapping, from /proc/self/smaps (null where there is none). */
function residentParts() {
  if (!existsSync('/proc/self/smaps')) return null;
  const kib = { malloc_main: 0, file: 0, anon: 0 };
  let kind = 'anon';
  for (const line of readFileSync('/proc/self/smaps', 'utf8').split('\n')) {
    const header = /^[0-9a-f]+-[0-9a-f]+ \S+ \S+ \S+ \S+\s*(.*)$/.exec(line);
    if (header !== null) kind = header[1] === '[heap]' ? 'malloc_main' : header[1].startsWith('/') ? 'file' : 'anon';
    else if (line.startsWith('Rss:')) kib[kind] += Number(line.split(/\s+/)[1]);
  }
  return { malloc_main_mib: mib(kib.malloc_main * 1024), file_mib: mib(kib.file * 1024), anon_mib: mib(kib.anon * 1024) };
}
const start = performance.now();
for (let i = 1; i <= marks[marks.length - 1]; i++) {
  step();
  if (marks.includes(i)) {
    gc();
    await new Promise((resolve) => setTimeout(resolve, 50)); // array buffers are released after the collection
    gc();
    const m = process.memoryUsage();
    const parts = residentParts();
    const v8Heap = mib(getHeapStatistics().total_physical_size);
    console.log(JSON.stringify({ steps: i, rss_mib: mib(m.rss), heap_used_mib: mib(m.heapUsed), array_buffers_mib: mib(m.arrayBuffers), seconds: Math.round((performance.now() - start) / 100) / 10, v8_heap_physical_mib: v8Heap, ...parts }));
  }
}
