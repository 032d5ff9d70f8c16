import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ValueError } from '../../../src/core/errors.js';
import { Lattice, Structure, elementFromLabel, makeSupercell } from '../../../src/materials/structure/index.js';

test('lattice parameters round-trip; widths; reciprocal duality a_i · b_j = 2π δ_ij', () => {
  const p = { a: 4.1, b: 5.3, c: 6.2, alpha: 71, beta: 103, gamma: 118 };
  const lattice = Lattice.fromParameters(p);
  const q = lattice.parameters;
  for (const key of Object.keys(p) as (keyof typeof p)[]) assert.ok(Math.abs(q[key] - p[key]) < 1e-12, key);
  const rec = lattice.reciprocalLattice();
  for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) {
    const a = lattice.vector(i as 0 | 1 | 2);
    const b = rec.vector(j as 0 | 1 | 2);
    assert.ok(Math.abs(a[0] * b[0] + a[1] * b[1] + a[2] * b[2] - (i === j ? 2 * Math.PI : 0)) < 1e-12);
  }
  // Width k = 1 / |b_k| for the crystallographic reciprocal vectors.
  const crystal = lattice.reciprocalLatticeCrystallographic();
  lattice.perpendicularWidths.forEach((w, k) => assert.ok(Math.abs(w * Math.hypot(...crystal.vector(k as 0 | 1 | 2)) - 1) < 1e-12));
  assert.deepEqual(new Lattice([[2, 0, 0], [0, 3, 0], [0, 0, 4]]).perpendicularWidths, [2, 3, 4]);
  assert.throws(() => new Lattice([[1, 0, 0], [2, 0, 0], [0, 0, 1]]), ValueError);
  assert.throws(() => new Lattice([[1, 0], [0, 1]]), ValueError);
  assert.throws(() => Lattice.fromParameters({ ...p, alpha: 0 }), ValueError);
});

test('structure: composition, formulas, occupancy, wrapping, validation', () => {
  const lattice = new Lattice([[4, 0, 0], [0, 4, 0], [0, 0, 4]]);
  const s = new Structure(lattice, ['Ti', 'O', 'O', 'C', 'H'], [[0, 0, 0], [0.5, 0.5, 0], [1.5, -0.5, 0.5], [0.2, 0.2, 0.2], [0.7, 0.7, 0.7]], {
    siteProperties: { occupancy: [1, 1, 1, 0.5, 0.25] },
  });
  assert.deepEqual(s.composition.toJSON(), { Ti: 1, O: 2, C: 0.5, H: 0.25 });
  assert.equal(s.formula, 'C0.5 H0.25 O2 Ti1');
  const ordered = new Structure(lattice, ['Na', 'Na', 'Cl', 'Cl'], [[0, 0, 0], [0.5, 0.5, 0], [0.5, 0, 0], [0, 0.5, 0]]);
  assert.equal(ordered.formula, 'Cl2 Na2');
  assert.equal(ordered.reducedFormula, 'ClNa');
  assert.equal(new Structure(lattice, ['Ti', 'O', 'O', 'Ti', 'O', 'O'], Array(18).fill(0.25)).reducedFormula, 'O2Ti');
  assert.deepEqual(Array.from(s.wrapped().fractionalOf(2)), [0.5, 0.5, 0.5]);
  assert.deepEqual(Array.from(s.atomicNumbers), [22, 8, 8, 6, 1]);
  assert.ok(Math.abs(s.distance(1, 2) - 2) < 1e-12);
  assert.throws(() => new Structure(lattice, ['Xx'], [[0, 0, 0]]), /site 0: expected an element symbol, got "Xx"/);
  assert.throws(() => new Structure(lattice, ['Na'], [[0, 0]]), ValueError);
  assert.throws(() => new Structure(lattice, ['Na', 'Cl'], [[0, 0, 0], [0.5, 0.5, 0.5]], { siteProperties: { charge: [1] } }), /has 1 values for 2 sites/);
  assert.throws(() => s.distance(0, 9), /out of range/);
});

test('fromCartesian and JSON; supercell site counts, composition and validation', () => {
  const lattice = Lattice.fromParameters({ a: 3, b: 3, c: 5, alpha: 90, beta: 90, gamma: 120 });
  const s = Structure.fromCartesian(lattice, ['Zn', 'S'], [lattice.fractionalToCartesian([1 / 3, 2 / 3, 0]), lattice.fractionalToCartesian([1 / 3, 2 / 3, 0.375])]);
  assert.ok(Math.abs(s.fractionalOf(1)[2] - 0.375) < 1e-12);
  assert.deepEqual(JSON.parse(JSON.stringify(s)).species, ['Zn', 'S']);
  const big = makeSupercell(s.withSiteProperty('label', ['a', 'b']), [[1, 1, 0], [-1, 1, 0], [0, 0, 3]]);
  assert.equal(big.numSites, 12);
  assert.ok(Math.abs(big.lattice.volume - 6 * s.lattice.volume) < 1e-9);
  assert.deepEqual(big.composition.toJSON(), { Zn: 6, S: 6 });
  assert.deepEqual(big.siteProperties['label']!.slice(5, 7), ['a', 'b']);
  // Every image keeps its bond: each Zn has an S at 0.375 c straight above it.
  for (let i = 0; i < 6; i++) assert.ok(Math.abs(Math.min(...Array.from({ length: 6 }, (_, j) => big.distance(i, 6 + j))) - 1.875) < 1e-9);
  assert.throws(() => makeSupercell(s, [[1, 0, 0], [0, 1, 0], [0, 0, -1]]), /positive determinant/);
  assert.throws(() => makeSupercell(s, 1.5), /integers/);
});

test('element symbols from crystallographic labels', () => {
  const cases: [string, string | undefined][] = [['Fe1', 'Fe'], ['O2-', 'O'], ['Na1+', 'Na'], ['ba', 'Ba'], ['CL1', 'Cl'], ['OW3', 'O'], ['D1', 'H'], ['C1a', 'C'], ['Xx', undefined], ['12', undefined]];
  for (const [label, element] of cases) assert.equal(elementFromLabel(label), element, label);
});
