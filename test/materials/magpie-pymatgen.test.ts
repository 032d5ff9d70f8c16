// Cross-check against an independent Python computation (tools/fixtures/make_composition_fixtures.py):
// pymatgen parses each formula and NumPy computes the matminer statistics from the bundled tables.
// 16 chosen compositions and 42 taken from matbench (steels, glass, expt_is_metal).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { materials } from '../../src/index.js';
import { readFixture } from '../helpers/fixtures.js';

interface Case {
  formula: string;
  amounts: [string, number][];
  features: number[];
}

const { cases } = readFixture<{ cases: Case[] }>('magpie_pymatgen.json');
const featurizer = new materials.MagpieFeaturizer();

test('formulas are read into the same element amounts as pymatgen', () => {
  assert.equal(cases.length, 58);
  for (const c of cases) {
    const comp = materials.parseFormula(c.formula);
    assert.deepEqual(comp.symbols, c.amounts.map(([s]) => s), c.formula);
    comp.amounts.forEach((a, i) => assert.ok(Math.abs(a - c.amounts[i]![1]) <= 1e-12 * Math.max(1, a), `${c.formula} ${comp.symbols[i]}`));
  }
});

test('the 146 features equal the pymatgen + NumPy values to 1e-12 (relative)', () => {
  let worst = 0;
  for (const c of cases) {
    const x = featurizer.featurize(c.formula);
    assert.equal(x.length, c.features.length);
    c.features.forEach((expected, j) => {
      const err = Math.abs(x[j]! - expected) / Math.max(1, Math.abs(expected));
      worst = Math.max(worst, err);
      assert.ok(err <= 1e-12, `${c.formula} ${featurizer.labels[j]}: got ${x[j]}, expected ${expected}`);
    });
  }
  assert.ok(worst <= 1e-12);
});
