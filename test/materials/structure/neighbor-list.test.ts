import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Lattice, Structure, makeSupercell, neighborList, cgcnnNeighbors } from '../../../src/materials/structure/index.js';
import { ValueError } from '../../../src/core/errors.js';
import { Generator } from '../../../src/core/random.js';
import { bruteForceNeighbors } from '../../helpers/brute-force-neighbors.js';

/** Asserts the neighbour list holds exactly the brute-force pairs, with their distances and vectors; returns the pair count. */
function assertMatchesBruteForce(structure: Structure, cutoff: number): number {
  const expected = bruteForceNeighbors(structure, cutoff);
  const nl = neighborList(structure, cutoff);
  assert.equal(nl.centers.length, expected.size, `pair count for cutoff ${cutoff}`);
  const seen = new Set<string>();
  for (let p = 0; p < nl.centers.length; p++) {
    const i = nl.centers[p]!;
    const j = nl.neighbors[p]!;
    const key = `${i},${j},${nl.offsets[3 * p]},${nl.offsets[3 * p + 1]},${nl.offsets[3 * p + 2]}`;
    assert.ok(!seen.has(key), `pair ${key} listed twice`);
    seen.add(key);
    const d = expected.get(key);
    assert.ok(d !== undefined, `pair ${key} is not within the cutoff`);
    assert.ok(Math.abs(nl.distances[p]! - d) < 1e-9, `distance of ${key}`);
    const ri = structure.cartesianOf(i);
    const rj = structure.lattice.fractionalToCartesian(structure.fractionalOf(j).map((x, k) => x + nl.offsets[3 * p + k]!));
    for (let k = 0; k < 3; k++) assert.ok(Math.abs(nl.vectors[3 * p + k]! - (rj[k]! - ri[k]!)) < 1e-9, `vector of ${key}`);
  }
  for (let i = 0; i < structure.numSites; i++) {
    for (let p = nl.rowStart[i]!; p < nl.rowStart[i + 1]!; p++) assert.equal(nl.centers[p], i);
  }
  return expected.size;
}

function randomStructure(lattice: Lattice, n: number, seed: number, spread = 1): Structure {
  const g = new Generator(seed);
  const species = Array.from({ length: n }, (_, i) => ['Na', 'Cl', 'Fe', 'O'][i % 4]!);
  const frac = Array.from({ length: 3 * n }, () => (g.uniform() - 0.5) * spread + 0.5);
  return new Structure(lattice, species, frac);
}

test('cubic rock salt: 6 nearest neighbours at a/2, 12 next at a/√2', () => {
  const a = 5.64;
  const lattice = new Lattice([[a, 0, 0], [0, a, 0], [0, 0, a]]);
  const nacl = new Structure(lattice, ['Na', 'Na', 'Na', 'Na', 'Cl', 'Cl', 'Cl', 'Cl'], [
    [0, 0, 0], [0, 0.5, 0.5], [0.5, 0, 0.5], [0.5, 0.5, 0], [0.5, 0.5, 0.5], [0.5, 0, 0], [0, 0.5, 0], [0, 0, 0.5],
  ]);
  const nl = neighborList(nacl, a / 2 + 0.01, { sort: 'distance' });
  for (let i = 0; i < 8; i++) {
    assert.equal(nl.rowStart[i + 1]! - nl.rowStart[i]!, 6);
    for (let p = nl.rowStart[i]!; p < nl.rowStart[i + 1]!; p++) {
      assert.ok(Math.abs(nl.distances[p]! - a / 2) < 1e-12);
      assert.notEqual(nacl.species[nl.neighbors[p]!], nacl.species[i]);
    }
  }
  const second = neighborList(nacl, a / Math.SQRT2 + 0.01);
  assert.equal(second.centers.length, 8 * 18);
  assertMatchesBruteForce(nacl, 7.5);
});

test('triclinic cells equal brute-force enumeration', () => {
  const skewed = Lattice.fromParameters({ a: 4.1, b: 5.3, c: 6.2, alpha: 71, beta: 103, gamma: 118 });
  assertMatchesBruteForce(randomStructure(skewed, 7, 1), 5);
  assertMatchesBruteForce(randomStructure(skewed, 7, 2), 9.5);
  // A strongly sheared cell: a = (3, 0, 0), b = (2.9, 0.8, 0), c nearly in the ab plane.
  const sheared = new Lattice([[3, 0, 0], [2.9, 0.8, 0], [1.4, 0.3, 0.9]]);
  assertMatchesBruteForce(randomStructure(sheared, 5, 3), 4);
});

test('cutoff larger than the cell, and a single-atom cell', () => {
  const small = Lattice.fromParameters({ a: 2.1, b: 2.4, c: 2.0, alpha: 80, beta: 95, gamma: 110 });
  assertMatchesBruteForce(randomStructure(small, 2, 4), 7.3);
  const one = new Structure(new Lattice([[2.5, 0, 0], [0, 2.5, 0], [0, 0, 2.5]]), ['Fe'], [[0.1, 0.2, 0.3]]);
  assertMatchesBruteForce(one, 6);
  // Simple cubic, one atom: shells of 6, 12, 8 neighbours at a, a√2, a√3.
  const nl = neighborList(one, 2.5 * Math.sqrt(3) + 1e-9);
  assert.equal(nl.centers.length, 26);
  assert.equal(neighborList(one, 2.49).centers.length, 0);
  const bcc = new Structure(new Lattice([[-1.4, 1.4, 1.4], [1.4, -1.4, 1.4], [1.4, 1.4, -1.4]]), ['Fe'], [[0, 0, 0]]);
  assert.equal(neighborList(bcc, 1.4 * Math.sqrt(3) + 1e-9).centers.length, 8);
});

test('coordinates outside [0, 1) keep their meaning in offsets and vectors', () => {
  const lattice = Lattice.fromParameters({ a: 3.3, b: 3.9, c: 4.4, alpha: 85, beta: 92, gamma: 101 });
  const s = randomStructure(lattice, 6, 5, 4); // fractional coordinates in (−1.5, 2.5)
  assert.ok(Array.from(s.fractional).some((x) => x < 0 || x >= 1));
  assertMatchesBruteForce(s, 5.5);
});

test('many bins: a supercell with a short cutoff', () => {
  const base = randomStructure(Lattice.fromParameters({ a: 4, b: 4.5, c: 5, alpha: 80, beta: 100, gamma: 95 }), 4, 6);
  const big = makeSupercell(base, [4, 4, 3]);
  assertMatchesBruteForce(big, 3.1);
  // Every image of a site has the same number of neighbours as the site in the small cell.
  const small = neighborList(base, 3.1);
  const large = neighborList(big, 3.1);
  for (let i = 0; i < big.numSites; i++) {
    const site = Math.floor(i / 48);
    assert.equal(large.rowStart[i + 1]! - large.rowStart[i]!, small.rowStart[site + 1]! - small.rowStart[site]!);
  }
});

test('half-cutoff bins (dense cell, long cutoff) and capped bins (sparse cell, short cutoff)', () => {
  const base = randomStructure(Lattice.fromParameters({ a: 4, b: 4.5, c: 5, alpha: 80, beta: 100, gamma: 95 }), 4, 8);
  assertMatchesBruteForce(makeSupercell(base, [3, 3, 3]), 7.5);
  // 20 sites in a 60 Å cell, as 10 close pairs (0.5 Å apart, some across the cell boundary).
  const g = new Generator(9);
  const frac: number[] = [];
  for (let k = 0; k < 10; k++) {
    const f = [g.uniform(), g.uniform(), k < 3 ? 0.998 : g.uniform()];
    frac.push(...f, f[0]!, f[1]!, f[2]! + 0.5 / 50);
  }
  const sparse = new Structure(Lattice.fromParameters({ a: 60, b: 55, c: 50, alpha: 85, beta: 95, gamma: 100 }), Array(20).fill('Ar'), frac);
  assert.ok(assertMatchesBruteForce(sparse, 0.7) >= 20);
  assert.ok(assertMatchesBruteForce(sparse, 25) > 20);
});

test('sorted by distance; CGCNN table pads with index 0 and radius + 1', () => {
  const s = randomStructure(Lattice.fromParameters({ a: 5, b: 6, c: 7, alpha: 90, beta: 90, gamma: 90 }), 3, 7);
  const nl = neighborList(s, 6, { sort: 'distance' });
  for (let i = 0; i < 3; i++) for (let p = nl.rowStart[i]! + 1; p < nl.rowStart[i + 1]!; p++) assert.ok(nl.distances[p]! >= nl.distances[p - 1]! - 1e-8);
  const table = cgcnnNeighbors(s, { radius: 6, maxNeighbors: 12 });
  for (let i = 0; i < 3; i++) {
    const count = nl.rowStart[i + 1]! - nl.rowStart[i]!;
    assert.equal(table.counts[i], Math.min(12, count));
    for (let k = 0; k < 12; k++) {
      if (k < count) assert.equal(table.distances[i * 12 + k], nl.distances[nl.rowStart[i]! + k]);
      else {
        assert.equal(table.indices[i * 12 + k], 0);
        assert.equal(table.distances[i * 12 + k], 7);
      }
    }
  }
  const sparse = cgcnnNeighbors(s, { radius: 2, maxNeighbors: 12 });
  assert.deepEqual(sparse.underfilled, [0, 1, 2].filter((i) => sparse.counts[i]! < 12));
  assert.ok(sparse.underfilled.length > 0);
});

test('bad cutoffs are rejected', () => {
  const s = new Structure(new Lattice([[3, 0, 0], [0, 3, 0], [0, 0, 3]]), ['Cu'], [[0, 0, 0]]);
  for (const bad of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) assert.throws(() => neighborList(s, bad), ValueError);
  assert.throws(() => cgcnnNeighbors(s, { maxNeighbors: 0 }), ValueError);
});
