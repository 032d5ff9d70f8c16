#!/usr/bin/env node
// Throughput of the composition featuriser (npm run bench:featurize; needs `npm run build` first).
// Workload: 100 000 formulas drawn with a fixed seed — 1 to 6 elements from Z = 1 … 94, integer amounts
// (60 %) or decimals with 1–3 places (40 %), one in ten with a (group)n or a ·nH2O hydrate part. Three
// measurements, each the median of 7 runs on one core: parsing alone, the 146 Magpie features of parsed
// compositions, and both together (formula string in, features out). Wall time and the process's CPU time
// are both reported; on a machine shared with other jobs the CPU-time rate is the one-core figure.
import { materials } from '../dist/src/index.js';

const N = 100_000;
const RUNS = 7;

let state = 12345;
const random = () => {
  state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
  return state / 2 ** 32;
};
const pick = (k) => Math.floor(random() * k);
const amount = (decimal) => (decimal ? (0.1 + random() * 5).toFixed(1 + pick(3)) : String(1 + pick(8)));

function randomFormula() {
  const k = 1 + pick(6);
  const decimal = random() < 0.4;
  let f = '';
  for (let i = 0; i < k; i++) {
    const z = 1 + pick(94);
    const a = amount(decimal);
    f += materials.ELEMENT_SYMBOLS[z - 1] + (a === '1' ? '' : a);
  }
  const extra = random();
  if (extra < 0.05) f += `(OH)${1 + pick(3)}`;
  else if (extra < 0.1) f += `·${1 + pick(7)}H2O`;
  return f;
}

const formulas = Array.from({ length: N }, randomFormula);
const featurizer = new materials.MagpieFeaturizer();
const out = new Float64Array(featurizer.size);
const parsed = formulas.map((f) => materials.parseFormula(f));

/** Median over RUNS of [wall seconds, CPU seconds of this process] (CPU time stays honest on a busy machine). */
function median(fn) {
  const wall = [];
  const cpu = [];
  for (let r = 0; r < RUNS; r++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    fn();
    wall.push((performance.now() - t0) / 1000);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1e6);
  }
  const mid = (xs) => xs.sort((a, b) => a - b)[RUNS >> 1];
  return [mid(wall), mid(cpu)];
}

const rows = [
  ['parse', median(() => { for (const f of formulas) materials.parseFormula(f); })],
  ['featurize (parsed)', median(() => { for (const c of parsed) featurizer.featurizeInto(c, out, 0); })],
  ['parse + featurize', median(() => { for (const f of formulas) featurizer.featurizeInto(materials.parseFormula(f), out, 0); })],
];
console.log(`composition featuriser, ${N} formulas (mean ${(parsed.reduce((s, c) => s + c.size, 0) / N).toFixed(2)} elements), ${featurizer.size} features, median of ${RUNS}, node ${process.version}`);
const rate = (s) => Math.round(N / s).toLocaleString('en-US');
console.log('| step | wall s | compositions / s (wall) | CPU s | compositions / CPU-s |');
console.log('|---|---|---|---|---|');
for (const [name, [wall, cpu]] of rows) console.log(`| ${name} | ${wall.toFixed(3)} | ${rate(wall)} | ${cpu.toFixed(3)} | ${rate(cpu)} |`);
