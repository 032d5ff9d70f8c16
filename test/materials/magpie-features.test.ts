// Magpie features checked against values computed here, straight from the bundled .table files and the
// definitions of matminer's ElementProperty (magpie preset), Stoichiometry and ValenceOrbital: the test's own
// table reader, its own imputation means, and each statistic written out plainly. Compositions are given as
// explicit element amounts, so the parser is not on the reference path.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { materials } from '../../src/index.js';

const Z: Readonly<Record<string, number>> = {
  H: 1, He: 2, Li: 3, B: 5, C: 6, N: 7, O: 8, F: 9, Ne: 10, Na: 11, Mg: 12, Al: 13, Si: 14, P: 15, S: 16, Cl: 17,
  Ar: 18, K: 19, Ca: 20, Ti: 22, Cr: 24, Mn: 25, Fe: 26, Co: 27, Ni: 28, Cu: 29, Ga: 31, As: 33, Sr: 38, Zr: 40,
  Mo: 42, Ba: 56, La: 57, Nd: 60, U: 92, Rn: 86, Fr: 87, Cf: 98, Lr: 103,
};

const PROPERTIES = [
  'Number', 'MendeleevNumber', 'AtomicWeight', 'MeltingT', 'Column', 'Row', 'CovalentRadius', 'Electronegativity',
  'NsValence', 'NpValence', 'NdValence', 'NfValence', 'NValence', 'NsUnfilled', 'NpUnfilled', 'NdUnfilled',
  'NfUnfilled', 'NUnfilled', 'GSvolume_pa', 'GSbandgap', 'GSmagmom', 'SpaceGroupNumber',
];

/** Lines 1 … 118 of a table as numbers (NaN where Python's float() would fail or the file has ended). */
function readTable(name: string): number[] {
  const text = readFileSync(new URL(`../../../data/elements/matminer_magpie_elementdata/${name}.table`, import.meta.url), 'utf8');
  const lines = text.split('\n');
  const out: number[] = [];
  for (let i = 0; i < 118; i++) {
    const t = (lines[i] ?? '').trim();
    out.push(t !== '' && !Number.isNaN(Number(t)) ? Number(t) : NaN);
  }
  return out;
}

const TABLES = new Map(PROPERTIES.map((p) => [p, readTable(p)]));

/** The property of element `symbol`, the mean over the table's numeric values when it has none. */
function value(property: string, symbol: string, impute = true): number {
  const table = TABLES.get(property)!;
  const v = table[Z[symbol]! - 1]!;
  if (!Number.isNaN(v) || !impute) return v;
  const known = table.filter((x) => !Number.isNaN(x));
  return known.reduce((a, b) => a + b, 0) / known.length;
}

type Amounts = [string, number][];

/** The 146 features, computed the long way. */
function reference(amounts: Amounts, impute = true): Map<string, number> {
  const out = new Map<string, number>();
  const total = amounts.reduce((s, [, a]) => s + a, 0);
  for (const p of PROPERTIES) {
    const xs = amounts.map(([el]) => value(p, el, impute));
    const min = xs.some(Number.isNaN) ? NaN : Math.min(...xs);
    const max = xs.some(Number.isNaN) ? NaN : Math.max(...xs);
    const mean = amounts.reduce((s, [, a], i) => s + a * xs[i]!, 0) / total;
    const avgDev = amounts.reduce((s, [, a], i) => s + a * Math.abs(xs[i]! - mean), 0) / total;
    const largest = Math.max(...amounts.map(([, a]) => a));
    const candidates = xs.filter((_, i) => amounts[i]![1] === largest);
    const mode = candidates.some(Number.isNaN) ? NaN : Math.min(...candidates);
    out.set(`MagpieData minimum ${p}`, min);
    out.set(`MagpieData maximum ${p}`, max);
    out.set(`MagpieData range ${p}`, max - min);
    out.set(`MagpieData mean ${p}`, mean);
    out.set(`MagpieData avg_dev ${p}`, avgDev);
    out.set(`MagpieData mode ${p}`, mode);
  }
  const fractions = amounts.map(([, a]) => a / total);
  out.set('0-norm', amounts.length);
  for (const p of [2, 3, 5, 7, 10]) out.set(`${p}-norm`, Math.pow(fractions.reduce((s, f) => s + Math.pow(f, p), 0), 1 / p));
  const weighted = (prop: string): number => amounts.reduce((s, [el, a]) => s + a * value(prop, el), 0) / total;
  const totalValence = weighted('NValence');
  for (const o of ['s', 'p', 'd', 'f']) {
    out.set(`avg ${o} valence electrons`, weighted(`N${o}Valence`));
    out.set(`frac ${o} valence electrons`, weighted(`N${o}Valence`) / totalValence);
  }
  return out;
}

/** Formula as the featuriser reads it, and the same composition written out by hand. */
const CASES: [string, Amounts][] = [
  ['Fe', [['Fe', 1]]],
  ['O2', [['O', 2]]],
  ['He', [['He', 1]]], // no melting point, electronegativity: imputed
  ['Ar', [['Ar', 1]]],
  ['NaCl', [['Na', 1], ['Cl', 1]]],
  ['Fe2O3', [['Fe', 2], ['O', 3]]],
  ['SiO2', [['Si', 1], ['O', 2]]],
  ['GaAs', [['Ga', 1], ['As', 1]]],
  ['Al2O3', [['Al', 2], ['O', 3]]],
  ['LiFePO4', [['Li', 1], ['Fe', 1], ['P', 1], ['O', 4]]],
  ['BaTiO3', [['Ba', 1], ['Ti', 1], ['O', 3]]],
  ['Nd2Fe14B', [['Nd', 2], ['Fe', 14], ['B', 1]]],
  ['La0.6Sr0.4CoO3', [['La', 0.6], ['Sr', 0.4], ['Co', 1], ['O', 3]]],
  ['FeNi', [['Fe', 1], ['Ni', 1]]], // mode tie: the smaller value
  ['Ti0.5Zr0.5', [['Ti', 0.5], ['Zr', 0.5]]],
  ['Fe0.62Ni0.19Cr0.19', [['Fe', 0.62], ['Ni', 0.19], ['Cr', 0.19]]],
  ['Fe0.7Cr0.18Ni0.1Mo0.015C0.005', [['Fe', 0.7], ['Cr', 0.18], ['Ni', 0.1], ['Mo', 0.015], ['C', 0.005]]],
  ['Fe0.97Mn0.015Si0.01C0.004P0.0005S0.0005', [['Fe', 0.97], ['Mn', 0.015], ['Si', 0.01], ['C', 0.004], ['P', 0.0005], ['S', 0.0005]]],
  ['CuSO4·5H2O', [['Cu', 1], ['S', 1], ['O', 9], ['H', 10]]],
  ['CuSO4*5H2O', [['Cu', 1], ['S', 1], ['O', 9], ['H', 10]]],
  ['MgSO4·7H2O', [['Mg', 1], ['S', 1], ['O', 11], ['H', 14]]],
  ['Ca(OH)2', [['Ca', 1], ['O', 2], ['H', 2]]],
  ['K4[Fe(CN)6]', [['K', 4], ['Fe', 1], ['C', 6], ['N', 6]]],
  ['RnF2', [['Rn', 1], ['F', 2]]], // Rn: no electronegativity, no space group
  ['Fr2O', [['Fr', 2], ['O', 1]]], // Fr: no melting point, no space group
  ['CfO2', [['Cf', 1], ['O', 2]]], // Cf: no covalent radius, no space group
  ['LrNe', [['Lr', 1], ['Ne', 1]]], // Lr and Ne: several gaps
  ['U3O8', [['U', 3], ['O', 8]]],
];

const featurizer = new materials.MagpieFeaturizer();
const MAGPIE_STATS = ['minimum', 'maximum', 'range', 'mean', 'avg_dev', 'mode'];

/** |a − b| ≤ 1e-12 · max(1, |b|), NaN only against NaN. */
function close(actual: number, expected: number): boolean {
  if (Number.isNaN(expected)) return Number.isNaN(actual);
  return Math.abs(actual - expected) <= 1e-12 * Math.max(1, Math.abs(expected));
}

test('the reference itself: a few values worked out by hand', () => {
  const fe2o3 = reference([['Fe', 2], ['O', 3]]);
  assert.equal(fe2o3.get('MagpieData mean Number'), 15.2); // (2·26 + 3·8) / 5
  assert.ok(Math.abs(fe2o3.get('MagpieData avg_dev Number')! - 8.64) < 1e-12); // (2·10.8 + 3·7.2) / 5
  assert.equal(fe2o3.get('MagpieData mode Number'), 8); // O has the larger amount
  assert.equal(fe2o3.get('MagpieData range Number'), 18);
  assert.ok(Math.abs(fe2o3.get('2-norm')! - Math.sqrt(0.4 ** 2 + 0.6 ** 2)) < 1e-15);
  assert.equal(reference([['Fe', 1], ['Ni', 1]]).get('MagpieData mode Number'), 26); // tie → smaller
});

test('labels are matminer\'s, in order: 132 ElementProperty, 6 Stoichiometry, 8 ValenceOrbital', () => {
  const labels = featurizer.labels;
  assert.equal(labels.length, 146);
  assert.equal(featurizer.size, 146);
  assert.equal(labels[0], 'MagpieData minimum Number');
  assert.equal(labels[5], 'MagpieData mode Number');
  assert.equal(labels[131], 'MagpieData mode SpaceGroupNumber');
  assert.deepEqual(labels.slice(132, 138), ['0-norm', '2-norm', '3-norm', '5-norm', '7-norm', '10-norm']);
  assert.deepEqual(labels.slice(138), [
    'avg s valence electrons', 'avg p valence electrons', 'avg d valence electrons', 'avg f valence electrons',
    'frac s valence electrons', 'frac p valence electrons', 'frac d valence electrons', 'frac f valence electrons',
  ]);
  assert.deepEqual([...reference([['Fe', 1]]).keys()].sort(), [...labels].sort());
  assert.deepEqual(materials.magpieFeatureLabels(), labels);
});

for (const [formula, amounts] of CASES) {
  test(`Magpie features of ${formula} equal the values computed from the tables`, () => {
    const expected = reference(amounts);
    const actual = featurizer.featurize(formula);
    featurizer.labels.forEach((label, j) => {
      assert.ok(close(actual[j]!, expected.get(label)!), `${formula} ${label}: got ${actual[j]}, expected ${expected.get(label)}`);
    });
  });
}

test('without imputation a missing element value makes that property\'s statistics NaN (matminer impute_nan=False)', () => {
  const plain = new materials.MagpieFeaturizer({ impute: false });
  for (const [formula, amounts] of CASES.filter(([f]) => ['He', 'RnF2', 'Fr2O', 'LrNe', 'NaCl'].includes(f))) {
    const expected = reference(amounts, false);
    const actual = plain.featurize(formula);
    plain.labels.forEach((label, j) => assert.ok(close(actual[j]!, expected.get(label)!), `${formula} ${label}: got ${actual[j]}, expected ${expected.get(label)}`));
  }
  const he = plain.featurize('He');
  assert.ok(Number.isNaN(he[plain.labels.indexOf('MagpieData mean Electronegativity')]!));
  assert.equal(he[plain.labels.indexOf('MagpieData mean Number')], 2);
  assert.ok(Number.isFinite(featurizer.featurize('He')[featurizer.labels.indexOf('MagpieData mean Electronegativity')]!));
});

test('mode: amounts equal within np.isclose count as a tie (the smaller value wins)', () => {
  const j = featurizer.labels.indexOf('MagpieData mode Number');
  assert.equal(featurizer.featurize('Fe0.5Ni0.500001')[j], 26); // |Δ| = 1e-6 ≤ 1e-8 + 1e-5·0.5
  assert.equal(featurizer.featurize('Fe0.5Ni0.5001')[j], 28); // |Δ| = 1e-4: Ni has the larger amount
});

test('the same composition written differently gives the same features; featurizeMany is row-major', () => {
  assert.deepEqual(featurizer.featurize('Fe4O6'), featurizer.featurize('Fe2O3'));
  assert.deepEqual(featurizer.featurize('O3Fe2'), featurizer.featurize(materials.Composition.fromAmounts({ Fe: 2, O: 3 })));
  const many = featurizer.featurizeMany(['NaCl', materials.parseFormula('Si')]);
  assert.equal(many.length, 2 * 146);
  assert.deepEqual(many.subarray(146), featurizer.featurize('Si'));
  assert.deepEqual(materials.magpieFeatures('NaCl'), many.subarray(0, 146));
  assert.throws(() => featurizer.featurizeMany(['NaCl', 'Xx']), /compositions\[1\]: unknown element symbol "Xx" at column 1/);
});

test('the parts can be used alone with their own options', () => {
  const ep = new materials.ElementPropertyFeaturizer({ properties: ['Electronegativity'] });
  assert.deepEqual(ep.labels, MAGPIE_STATS.map((s) => `MagpieData ${s} Electronegativity`));
  const out = new Float64Array(6);
  ep.featurizeInto(materials.parseFormula('NaCl'), out, 0);
  assert.ok(close(out[3]!, (0.93 + 3.16) / 2));
  const st = new materials.StoichiometryFeaturizer({ pList: [1, 4] });
  const s = new Float64Array(2);
  st.featurizeInto(materials.parseFormula('Fe3Al'), s, 0);
  assert.deepEqual(st.labels, ['1-norm', '4-norm']);
  assert.ok(close(s[0]!, 1) && close(s[1]!, Math.pow(0.75 ** 4 + 0.25 ** 4, 0.25)));
  assert.throws(() => new materials.StoichiometryFeaturizer({ pList: [-1] }), /non-negative integer/);
});
