#!/usr/bin/env node
// CGCNN speed on the bundled JARVIS Tc_supercon set (after `npm run build`): crystal-graph construction
// (POSCAR parsing, neighbour tables, features) and one training epoch, as wall and CPU seconds (the CPU
// time of this process, user + system, which is what the run would take on an idle core).
// Usage: npm run bench:cgcnn (or node bench/cgcnn.mjs [repeats=3]), after npm run build
import { loadCrystalData } from '../dist/src/cli/crystal-data.js';
import { crystalGraphsFromRecords, trainCgcnn } from '../dist/src/materials/cgcnn/index.js';

const repeats = Number(process.argv[2] ?? 3);
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1e6; };
function timed(fn) {
  const w = performance.now(); const c = cpu();
  const value = fn();
  return { value, wall: (performance.now() - w) / 1000, cpu: cpu() - c };
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const parse = []; const build = [];
let data; let graphs;
for (let r = 0; r < repeats; r++) {
  const p = timed(() => loadCrystalData(undefined)); data = p.value; parse.push(p);
  const b = timed(() => crystalGraphsFromRecords(data.records, data.atomInit)); graphs = b.value; build.push(b);
}
const atoms = graphs.reduce((a, g) => a + g.numAtoms, 0);
console.log(`structures ${graphs.length}, atoms ${atoms}, neighbour slots ${atoms * 12}`);
console.log(`read + parse POSCARs: wall ${median(parse.map((x) => x.wall)).toFixed(3)} s, cpu ${median(parse.map((x) => x.cpu)).toFixed(3)} s (median of ${repeats})`);
console.log(`graphs (neighbours r=8 Å, M=12, 92+41 features): wall ${median(build.map((x) => x.wall)).toFixed(3)} s, cpu ${median(build.map((x) => x.cpu)).toFixed(3)} s`);
const train = graphs.filter((_, i) => data.records[i].split === 'train');
const val = graphs.filter((_, i) => data.records[i].split === 'val');
for (const [label, opts] of [['defaults (SGD, batch 256)', {}], ['Adam, batch 64', { optimizer: 'Adam', lr: 1e-3, batchSize: 64 }]]) {
  const c0 = cpu();
  const res = await trainCgcnn({ train, val, epochs: 2, seed: 1, ...opts });
  const cpuTotal = cpu() - c0;
  const wall = res.history.records.map((r) => r.seconds);
  console.log(`epoch (${train.length} train + ${val.length} val crystals, ${label}): wall ${wall.map((s) => s.toFixed(2)).join(', ')} s; cpu ${(cpuTotal / 2).toFixed(2)} s per epoch`);
}
