import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { DataError } from '../../../src/index.js';
import {
  AtomFeatureTable, CGCNN_ATOM_FEATURE_LAYOUT, GaussianDistance, Normalizer, buildCrystalGraph, collateCrystalGraphs,
} from '../../../src/materials/cgcnn/index.js';

const atomInitText = readFileSync(new URL('../../../../data/structures/cgcnn-sample/atom_init.json', import.meta.url), 'utf8');
const table = AtomFeatureTable.fromJSON(atomInitText, 'atom_init.json');

function block(z: number, name: string): number | null {
  const b = CGCNN_ATOM_FEATURE_LAYOUT.find((x) => x.name === name)!;
  const v = [...table.vector(z)!.subarray(b.offset, b.offset + b.length)];
  return v.includes(1) ? v.indexOf(1) : null;
}

test('atom_init.json: 100 elements × 92 one-hot positions in the documented nine blocks', () => {
  assert.equal(table.length, 92);
  assert.deepEqual(table.atomicNumbers, Array.from({ length: 100 }, (_, i) => i + 1));
  const last = CGCNN_ATOM_FEATURE_LAYOUT[CGCNN_ATOM_FEATURE_LAYOUT.length - 1]!;
  assert.equal(last.offset + last.length, 92);
  for (const z of table.atomicNumbers) {
    for (const b of CGCNN_ATOM_FEATURE_LAYOUT) {
      const ones = [...table.vector(z)!.subarray(b.offset, b.offset + b.length)].filter((x) => x === 1).length;
      assert.ok(ones <= 1, `Z=${z} block ${b.name} has ${ones} ones`);
    }
  }
});

test('atom_init.json blocks decode to known element properties', () => {
  // Fe: group 8, period 4, d block, Pauling 1.83 → bin 3 of 0.5–4.0
  assert.deepEqual([block(26, 'group'), block(26, 'period'), block(26, 'block'), block(26, 'electronegativity')], [8, 3, 2, 3]);
  // La: no group slot (lanthanide), f block; O: group 16, p block, 6 valence electrons (position 5)
  assert.deepEqual([block(57, 'group'), block(57, 'block'), block(8, 'group'), block(8, 'block'), block(8, 'valence electrons')], [0, 3, 16, 1, 5]);
  // H: first ionization energy 13.6 eV → ln 2.61 → bin 6; noble gases have no electronegativity
  assert.equal(block(1, 'first ionization energy'), 6);
  assert.equal(block(18, 'electronegativity'), null);
});

test('AtomFeatureTable.fromJSON: errors name the file, line and key', () => {
  assert.throws(() => AtomFeatureTable.fromJSON('{"1": [0, 1],\n "2": [1]}', 'a.json'), (e: unknown) => e instanceof DataError && /^a\.json:2: column "2": expected 2 features/.test(e.message));
  assert.throws(() => AtomFeatureTable.fromJSON('{"1": [0, 1],\n "x": [1, 0]}', 'a.json'), /a\.json:2: column "x": expected an atomic number/);
  assert.throws(() => AtomFeatureTable.fromJSON('{"1": [0, 1],\n "2": [1, }', 'a.json'), /a\.json(:2: column \d+)?: not valid JSON/);
});

test('buildCrystalGraph + collate: features, Gaussian bonds, offsets of neighbour indices and crystal index', () => {
  const gdf = new GaussianDistance({ dmin: 0, dmax: 2, step: 1 });
  assert.deepEqual([...gdf.centers], [0, 1, 2]);
  const g1 = buildCrystalGraph({ id: 'a', atomicNumbers: [1, 2], neighbors: { numSites: 2, maxNeighbors: 2, indices: [1, 0, 0, 1], distances: [1, 3, 1, 1] }, target: 5 }, table, gdf);
  const g2 = buildCrystalGraph({ id: 'b', atomicNumbers: [3], neighbors: { numSites: 1, maxNeighbors: 2, indices: [0, 0], distances: [2, 2] }, target: 7 }, table, gdf);
  assert.deepEqual([...g1.neighborFeatures.subarray(0, 3)], [Math.exp(-1), 1, Math.exp(-1)]);
  assert.deepEqual([...g1.atomFeatures.subarray(92, 184)], [...table.vector(2)!]);
  const b = collateCrystalGraphs([g1, g2], 'float64');
  assert.deepEqual(b.atomFeatures.shape, [3, 92]);
  assert.deepEqual(b.neighborFeatures.shape, [3, 2, 3]);
  assert.deepEqual([...b.neighborIndex.data()], [1, 0, 0, 1, 2, 2]);
  assert.deepEqual([...b.crystalIndex.data()], [0, 0, 1]);
  assert.deepEqual([...b.target!.data()], [5, 7]);
  assert.throws(() => buildCrystalGraph({ id: 'c', atomicNumbers: [1], neighbors: { numSites: 1, maxNeighbors: 1, indices: [3], distances: [1] } }, table, gdf), /crystal c: neighbour index 3/);
});

test('Normalizer: mean and sample standard deviation (torch.std), round trip', () => {
  const n = Normalizer.fromTargets([1, 2, 3, 6]);
  assert.equal(n.mean, 3);
  assert.ok(Math.abs(n.std - Math.sqrt(14 / 3)) < 1e-15);
  assert.ok(Math.abs(n.denorm(n.norm(4.25)) - 4.25) < 1e-15);
  assert.throws(() => Normalizer.fromTargets([1]), /at least two/);
});
