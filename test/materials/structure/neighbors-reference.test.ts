/**
 * Neighbour lists against pymatgen 2022.11 (`get_all_neighbors`, as cgcnn/data.py uses it: radius 8 Å,
 * 12 neighbours) and ASE 3.22 (`neighbor_list('ijdS')`): test/fixtures/structures_neighbors.json, written by
 * tools/fixtures/make_structure_fixtures.py. JARVIS cases are read here from the bundled CSV with readPoscar.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseCsv } from '../../../src/data/csv.js';
import { Lattice, Structure, cgcnnNeighbors, neighborList, poscarColumn } from '../../../src/materials/structure/index.js';
import { readTextFile } from '../../../src/node/read-text-file.js';
import { readFixture } from '../../helpers/fixtures.js';
import { structureDataPath } from '../../helpers/structure-data.js';

interface StructureSpec { matrix: number[]; species: string[]; frac: number[] }
interface CgcnnSite { count: number; distances: number[]; indices: number[] }
interface NeighborCase {
  name: string;
  jid?: string;
  structure: StructureSpec;
  cgcnn: CgcnnSite[];
  ase?: { cutoff: number; i: number[]; j: number[]; d: number[]; S: number[] };
}
const fixture = readFixture<{ radius: number; maxNeighbors: number; jarvisCounts: Record<string, number[]>; cases: NeighborCase[] }>('structures_neighbors.json');

const jarvis = (() => {
  const table = parseCsv(readTextFile(structureDataPath('tc_supercon_616_structures.csv.gz')), { file: 'tc_supercon_616_structures.csv' });
  const structures = poscarColumn(table, 'poscar');
  const ids = table.column('jid') as string[];
  return new Map(ids.map((id, r) => [id, structures[r]!]));
})();

test('all 616 JARVIS structures: neighbours within 8 Å of every site equal pymatgen get_all_neighbors', () => {
  assert.equal(jarvis.size, 616);
  assert.equal(Object.keys(fixture.jarvisCounts).length, 616);
  for (const [jid, structure] of jarvis) {
    const nl = neighborList(structure, fixture.radius);
    const counts = Array.from({ length: structure.numSites }, (_, i) => nl.rowStart[i + 1]! - nl.rowStart[i]!);
    assert.deepEqual(counts, fixture.jarvisCounts[jid], jid);
  }
});

function structureOf(c: NeighborCase): Structure {
  const spec = c.structure;
  if (c.jid === undefined) return new Structure(new Lattice(spec.matrix), spec.species, spec.frac);
  const s = jarvis.get(c.jid)!;
  // The POSCAR reader gives pymatgen's structure.
  assert.deepEqual(s.species, spec.species);
  spec.matrix.forEach((x, k) => assert.ok(Math.abs(s.lattice.matrix[k]! - x) < 1e-12, `${c.jid} lattice`));
  spec.frac.forEach((x, k) => assert.ok(Math.abs(s.fractional[k]! - x) < 1e-12, `${c.jid} coordinates`));
  return s;
}

test('CGCNN neighbour tables (radius 8 Å, 12 neighbours) match pymatgen get_all_neighbors', () => {
  const M = fixture.maxNeighbors;
  assert.ok(fixture.cases.length >= 20);
  for (const c of fixture.cases) {
    const s = structureOf(c);
    const table = cgcnnNeighbors(s, { radius: fixture.radius, maxNeighbors: M });
    const all = neighborList(s, fixture.radius);
    c.cgcnn.forEach((expected, i) => {
      const where = `${c.name} site ${i}`;
      assert.equal(all.rowStart[i + 1]! - all.rowStart[i]!, expected.count, `${where}: neighbours within ${fixture.radius} Å`);
      const kept = Math.min(M, expected.count);
      assert.equal(table.counts[i], kept, where);
      for (let k = 0; k < kept; k++) {
        assert.ok(Math.abs(table.distances[i * M + k]! - expected.distances[k]!) < 1e-9, `${where} slot ${k}: ${table.distances[i * M + k]} vs ${expected.distances[k]}`);
      }
      for (let k = kept; k < M; k++) {
        assert.equal(table.indices[i * M + k], 0, `${where}: padding index`);
        assert.equal(table.distances[i * M + k], fixture.radius + 1, `${where}: padding distance`);
      }
      // Indices: equal as multisets within each group of equal distances; where slot M cuts through a group,
      // ours must be drawn from pymatgen's whole group (which the fixture lists in full).
      let start = 0;
      while (start < kept) {
        let end = start + 1;
        while (end < expected.distances.length && Math.abs(expected.distances[end]! - expected.distances[start]!) < 1e-6) end++;
        const theirs = expected.indices.slice(start, end).sort((a, b) => a - b);
        const ours = Array.from(table.indices.subarray(i * M + start, i * M + Math.min(end, kept))).sort((a, b) => a - b);
        if (end <= kept) assert.deepEqual(ours, theirs, `${where}: neighbours at ${expected.distances[start]} Å`);
        else {
          const pool = [...theirs];
          for (const j of ours) {
            const at = pool.indexOf(j);
            assert.ok(at >= 0, `${where}: neighbour ${j} is not among pymatgen's at ${expected.distances[start]} Å`);
            pool.splice(at, 1);
          }
        }
        start = end;
      }
    });
  }
});

test('full neighbour lists match ASE neighbor_list (pairs, image offsets, distances)', () => {
  const withAse = fixture.cases.filter((c) => c.ase !== undefined);
  assert.ok(withAse.length >= 4);
  for (const c of withAse) {
    const ase = c.ase!;
    const s = structureOf(c);
    const nl = neighborList(s, ase.cutoff);
    const expected = new Map<string, number>();
    ase.i.forEach((i, p) => expected.set(`${i},${ase.j[p]},${ase.S.slice(3 * p, 3 * p + 3).join(',')}`, ase.d[p]!));
    assert.equal(nl.centers.length, expected.size, `${c.name}: pair count`);
    for (let p = 0; p < nl.centers.length; p++) {
      const key = `${nl.centers[p]},${nl.neighbors[p]},${Array.from(nl.offsets.subarray(3 * p, 3 * p + 3)).join(',')}`;
      const d = expected.get(key);
      assert.ok(d !== undefined, `${c.name}: pair ${key} not in ASE's list`);
      assert.ok(Math.abs(nl.distances[p]! - d) < 1e-9, `${c.name}: distance of ${key}`);
    }
  }
});
