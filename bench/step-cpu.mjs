#!/usr/bin/env node
// Wall and process CPU time per training step of a tensorite build, for before/after comparisons in alternating
// processes on a shared machine. Usage: node bench/step-cpu.mjs <repository root> <threads> [steps] [workload]
// (workload: mlp by default, or lstm, gru, conv1d)
// (the root holds dist/ and bench/ of the build to time). Prints one JSON line: median, p10, min and p90 ms per
// step, wall ms per step and CPU ms per step (process.cpuUsage, every thread of the process) after 20 warm-up steps.
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { useThreads } from './tensorite-workloads.mjs';

const [rootArg, threadsArg, stepsArg, workload = 'mlp'] = process.argv.slice(2);
const root = pathToFileURL(resolve(rootArg ?? '.')).href;
const threads = Number(threadsArg ?? 1);
const T = await import(`${root}/dist/src/index.node.js`);
const { tensoriteWorkload } = await import(`${root}/bench/tensorite-workloads.mjs`);
T.setBackend('wasm');
await useThreads(T, threads);
const step = tensoriteWorkload(T, workload);
for (let i = 0; i < 20; i++) step();
const steps = Number(stepsArg ?? 600);
const times = [];
const cpu0 = process.cpuUsage();
const wall0 = performance.now();
for (let i = 0; i < steps; i++) {
  const s = performance.now();
  step();
  times.push(performance.now() - s);
}
const wall = performance.now() - wall0;
const cpu = process.cpuUsage(cpu0);
times.sort((a, b) => a - b);
const at = (q) => +times[Math.floor(q * steps)].toFixed(3);
console.log(JSON.stringify({
  root: rootArg, workload, threads, median: at(0.5), p10: at(0.1), min: +times[0].toFixed(3), p90: at(0.9),
  wallPerStep: +(wall / steps).toFixed(3), cpuPerStep: +((cpu.user + cpu.system) / 1e3 / steps).toFixed(3),
}));
process.exit(0);
