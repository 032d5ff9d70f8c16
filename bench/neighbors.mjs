#!/usr/bin/env node
// Neighbour-list (crystal-graph) construction speed. Run after a build: npm run bench:neighbors
//   1. the 616 JARVIS Tc_supercon structures (data/structures/), radius 8 Å: neighborList and CGCNN's
//      12-neighbour table, structures per second (CPU time);
//   2. supercells of diamond-structure silicon (8 … 8000 atoms) at 5 and 8 Å: time per atom should stay flat
//      (cell lists are linear in the number of atoms);
//   3. pymatgen get_all_neighbors (and with --ase, ASE neighbor_list: slow) on the same 616 structures when
//      /usr/bin/python3 has them, also in CPU time.
// Options: --quick (fewer passes and sizes), --no-python, --ase.
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { materials, parseCsv } from '../dist/src/index.js';

const args = new Set(process.argv.slice(2));
const quick = args.has('--quick');
const root = fileURLToPath(new URL('..', import.meta.url));
const csvPath = `${root}data/structures/tc_supercon_616_structures.csv.gz`;

// Timing: CPU time of this process (user + system), not wall-clock time, so that other work on a shared
// machine does not count; each workload runs until it has used at least 300 ms of CPU (and at least
// `repeats` times), and the time per run is the total divided by the runs.
function cpuMs() {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}
function time(fn, repeats) {
  let result;
  let runs = 0;
  const t0 = cpuMs();
  while (runs < repeats || cpuMs() - t0 < 300) {
    result = fn();
    runs++;
  }
  return { ms: (cpuMs() - t0) / runs, result };
}

const table = parseCsv(gunzipSync(readFileSync(csvPath)).toString('utf8'), { file: 'tc_supercon_616_structures.csv' });
const parse = time(() => materials.poscarColumn(table, 'poscar'), quick ? 2 : 5);
const structures = parse.result;
const atoms = structures.reduce((n, s) => n + s.numSites, 0);
const repeats = quick ? 2 : 5;
time(() => structures.forEach((s) => materials.neighborList(s, 8)), 1); // warm-up
const nl = time(() => structures.reduce((n, s) => n + materials.neighborList(s, 8).centers.length, 0), repeats);
const cg = time(() => structures.forEach((s) => materials.cgcnnNeighbors(s, { radius: 8, maxNeighbors: 12 })), repeats);
console.log(`JARVIS Tc_supercon: ${structures.length} structures, ${atoms} atoms (${(atoms / structures.length).toFixed(1)} per structure)`);
console.log(`  readPoscar            ${parse.ms.toFixed(1)} ms   ${(structures.length / parse.ms * 1000).toFixed(0)} structures/s`);
console.log(`  neighborList r=8      ${nl.ms.toFixed(1)} ms   ${(structures.length / nl.ms * 1000).toFixed(0)} structures/s   ${nl.result} pairs (${(nl.result / atoms).toFixed(0)} per atom)`);
console.log(`  cgcnnNeighbors r=8 M=12 ${cg.ms.toFixed(1)} ms   ${(structures.length / cg.ms * 1000).toFixed(0)} structures/s`);

const silicon = materials.readCif(readFileSync(`${root}data/structures/cgcnn-sample/9011998.cif`, 'utf8'), { source: '9011998.cif' })[0];
console.log('\nDiamond Si supercells (8 atoms per cell): time per atom should not grow with size');
console.log('  atoms   r=5 ms   µs/atom   r=8 ms   µs/atom   pairs/atom (r=8)');
for (const n of quick ? [1, 2, 4, 6] : [1, 2, 3, 4, 6, 8, 10]) {
  const s = materials.makeSupercell(silicon, n);
  const reps = s.numSites > 2000 ? 3 : 5;
  const r5 = time(() => materials.neighborList(s, 5), reps);
  const r8 = time(() => materials.neighborList(s, 8), reps);
  const pairs = r8.result.centers.length;
  console.log(`  ${String(s.numSites).padStart(5)}  ${r5.ms.toFixed(1).padStart(7)}  ${(r5.ms * 1000 / s.numSites).toFixed(1).padStart(8)}  ${r8.ms.toFixed(1).padStart(7)}  ${(r8.ms * 1000 / s.numSites).toFixed(1).padStart(8)}  ${(pairs / s.numSites).toFixed(0).padStart(8)}`);
}

if (!args.has('--no-python')) {
  const script = `
import csv, gzip, time, warnings
warnings.filterwarnings('ignore')
rows = list(csv.DictReader(gzip.open(${JSON.stringify(csvPath)}, 'rt')))
try:
    from pymatgen.core import Structure
    structures = [Structure.from_str(r['poscar'], fmt='poscar') for r in rows]
    t0 = time.process_time()
    for s in structures: s.get_all_neighbors(8.0)
    dt = time.process_time() - t0
    print(f'  pymatgen get_all_neighbors r=8   {dt*1000:.1f} ms   {len(structures)/dt:.0f} structures/s')
    if not ${args.has('--ase') ? 'True' : 'False'}: raise SystemExit(0)
    from pymatgen.io.ase import AseAtomsAdaptor
    from ase.neighborlist import neighbor_list
    ase_atoms = [AseAtomsAdaptor.get_atoms(s) for s in structures]
    t0 = time.process_time()
    for a in ase_atoms: neighbor_list('ijdS', a, 8.0)
    dt = time.process_time() - t0
    print(f'  ASE neighbor_list r=8            {dt*1000:.1f} ms   {len(structures)/dt:.0f} structures/s')
except ImportError as e:
    print('  (python peers unavailable: ' + str(e) + ')')
`;
  const run = spawnSync('/usr/bin/python3', ['-c', script], { encoding: 'utf8' });
  console.log('\nPeers on the same 616 structures (same machine, one pass, CPU time):');
  console.log(run.status === 0 ? run.stdout.trimEnd() : `  (python failed: ${(run.stderr || run.error || '').toString().trim().split('\n').pop()})`);
}
