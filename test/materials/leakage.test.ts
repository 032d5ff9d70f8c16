import { test } from 'node:test';
import assert from 'node:assert/strict';
import { materials } from '../../src/index.js';

const P = (formulas: string[]) => formulas.map((f) => materials.parseFormula(f));

test('compositionDistance: L1 distance of fractional compositions', () => {
  const d = (a: string, b: string) => materials.compositionDistance(materials.parseFormula(a), materials.parseFormula(b));
  assert.equal(d('Fe2O3', 'Fe4O6'), 0);
  assert.ok(Math.abs(d('Fe0.62Ni0.38', 'Fe0.63Ni0.37') - 0.02) < 1e-12);
  assert.equal(d('NaCl', 'FeO'), 2);
  assert.ok(Math.abs(d('Fe', 'Fe0.99C0.01') - 0.02) < 1e-12); // a trace element counts once on each side
  assert.ok(Math.abs(d('FeNi', 'FeNiCr') - (1 / 6 + 1 / 6 + 1 / 3)) < 1e-12);
});

test('compositionKey is the same however a composition is written', () => {
  const key = (f: string) => materials.compositionKey(materials.parseFormula(f));
  assert.equal(key('Fe2O3'), key('O3Fe2'));
  assert.equal(key('Fe2O3'), key('Fe4O6'));
  assert.equal(key('Fe2O3'), key('Fe0.4O0.6'));
  assert.notEqual(key('Fe2O3'), key('Fe3O4'));
  assert.equal(key('CuSO4·5H2O'), key('CuSO9H10'));
});

test('findCompositionLeakage: exact and near duplicates across splits, shared systems, report text', () => {
  const train = P(['Fe2O3', 'NaCl', 'Fe0.62Ni0.38', 'Fe0.62Ni0.38', 'SiO2', 'Al2O3']);
  const test = P(['Fe4O6', 'KCl', 'Fe0.625Ni0.375', 'Fe0.7Ni0.3', 'Cu', 'O2Si']);
  const r = materials.findCompositionLeakage(train, test, { tolerance: 0.02 });
  assert.deepEqual(r.exact.map((p) => [p.trainIndex, p.testIndex]), [[0, 0], [4, 5]]);
  assert.deepEqual(r.testWithExact, [0, 5]);
  assert.deepEqual(r.near.map((p) => [p.trainIndex, p.testIndex]), [[2, 2], [3, 2]]);
  assert.ok(Math.abs(r.near[0]!.distance - 0.01) < 1e-12);
  assert.deepEqual(r.testWithNearOnly, [2]);
  assert.deepEqual(r.sharedSystems, ['Fe-Ni', 'Fe-O', 'O-Si']);
  const text = materials.formatLeakageReport(r);
  assert.match(text, /^2 of 6 test compositions \(33\.3 %\) also occur in train \(same reduced formula\): 2 pairs/);
  assert.match(text, /1 more \(16\.7 %\) are within 0\.02/);
  assert.match(text, /3 chemical systems occur in both sets/);
  const wide = materials.findCompositionLeakage(train, test, { tolerance: 0.2 });
  assert.deepEqual(wide.testWithNearOnly, [2, 3]);
  assert.throws(() => materials.findCompositionLeakage(train, test, { tolerance: -1 }), /tolerance must be a finite number ≥ 0/);
});

test('duplicateCompositionGroups lists repeated compositions within one set', () => {
  assert.deepEqual(materials.duplicateCompositionGroups(P(['Fe2O3', 'NaCl', 'Fe4O6', 'ClNa', 'Si', 'O3Fe2'])), [[0, 2, 5], [1, 3]]);
  assert.deepEqual(materials.duplicateCompositionGroups(P(['Fe', 'Ni'])), []);
});

test('chemicalSystemKFold keeps every chemical system inside one test fold', () => {
  const formulas = ['FeNi', 'FeNi3', 'Fe0.62Ni0.38', 'NaCl', 'Na2Cl2', 'SiO2', 'Si2O', 'Cu', 'CuZn', 'Zn', 'Fe', 'Fe3Ni'];
  const comps = P(formulas);
  const folds = materials.chemicalSystemKFold(comps, 3);
  assert.equal(folds.length, 3);
  const seen = new Set<number>();
  for (const fold of folds) {
    const testSystems = new Set(Array.from(fold.test, (i) => comps[i]!.chemicalSystem));
    for (const i of fold.train) assert.ok(!testSystems.has(comps[i]!.chemicalSystem), `${formulas[i]} leaks into training`);
    for (const i of fold.test) seen.add(i);
    assert.equal(fold.train.length + fold.test.length, formulas.length);
  }
  assert.equal(seen.size, formulas.length);
  // Every fold's test set shares no chemical system with its training set, so the leakage check finds no exact pair.
  for (const fold of folds) {
    const r = materials.findCompositionLeakage(Array.from(fold.train, (i) => comps[i]!), Array.from(fold.test, (i) => comps[i]!));
    assert.equal(r.exact.length, 0);
    assert.deepEqual(r.sharedSystems, []);
  }
  const loso = materials.leaveOneChemicalSystemOut(comps);
  assert.equal(loso.length, new Set(materials.chemicalSystemGroups(comps)).size);
  assert.deepEqual(Array.from(loso[0]!.test), [3, 4]); // 'Cl-Na' sorts first
  assert.throws(() => materials.chemicalSystemKFold(P(['Fe', 'Fe2']), 2), /greater than the number of distinct groups/);
});
