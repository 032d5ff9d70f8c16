import { test } from 'node:test';
import assert from 'node:assert/strict';
import { materials, ValueError } from '../../src/index.js';

const { parseFormula, Composition, FormulaError } = materials;

/** The composition as a plain object, amounts rounded to 12 significant digits. */
const amounts = (formula: string): Record<string, number> =>
  Object.fromEntries(parseFormula(formula).entries().map(([s, a]) => [s, Number(a.toPrecision(12))]));

test('formulas: symbols, integer and decimal amounts, merged repeats, first-appearance order', () => {
  assert.deepEqual(amounts('Fe'), { Fe: 1 });
  assert.deepEqual(amounts('Fe2O3'), { Fe: 2, O: 3 });
  assert.deepEqual(amounts('NaCl'), { Na: 1, Cl: 1 });
  assert.deepEqual(amounts('Fe0.62Ni0.19Cr0.19'), { Fe: 0.62, Ni: 0.19, Cr: 0.19 });
  assert.deepEqual(amounts('Fe.5Ni.5'), { Fe: 0.5, Ni: 0.5 });
  assert.deepEqual(amounts('Al10.25Co3'), { Al: 10.25, Co: 3 });
  assert.deepEqual(amounts('CH3COOH'), { C: 2, H: 4, O: 2 });
  assert.deepEqual(parseFormula('CH3COOH').symbols, ['C', 'H', 'O']);
  assert.deepEqual(amounts('Og2Uue'.slice(0, 3)), { Og: 2 });
  assert.deepEqual(amounts('Co'), { Co: 1 });
  assert.deepEqual(amounts('CO'), { C: 1, O: 1 });
});

test('formulas: nested parentheses and brackets with multipliers', () => {
  assert.deepEqual(amounts('Ca(OH)2'), { Ca: 1, O: 2, H: 2 });
  assert.deepEqual(amounts('K4[Fe(CN)6]'), { K: 4, Fe: 1, C: 6, N: 6 });
  assert.deepEqual(amounts('Ca3(PO4)2'), { Ca: 3, P: 2, O: 8 });
  assert.deepEqual(amounts('[Co(NH3)6]Cl3'), { Co: 1, N: 6, H: 18, Cl: 3 });
  assert.deepEqual(amounts('((CH3)3C)2O'), { C: 8, H: 18, O: 1 });
  assert.deepEqual(amounts('(Fe0.5Ni0.5)3Al'), { Fe: 1.5, Ni: 1.5, Al: 1 });
  assert.deepEqual(amounts('Mg(Al0.5)2.5'), { Mg: 1, Al: 1.25 });
});

test('formulas: hydrates with · or * (and other centre dots), with and without a multiplier', () => {
  const expected = { Cu: 1, S: 1, O: 9, H: 10 };
  assert.deepEqual(amounts('CuSO4·5H2O'), expected);
  assert.deepEqual(amounts('CuSO4*5H2O'), expected);
  assert.deepEqual(amounts('CuSO4 · 5 H2O'), expected);
  assert.deepEqual(amounts('CuSO4•5H2O'), expected);
  assert.deepEqual(amounts('CaSO4·0.5H2O'), { Ca: 1, S: 1, O: 4.5, H: 1 });
  assert.deepEqual(amounts('Na2CO3·H2O'), { Na: 2, C: 1, O: 4, H: 2 });
  assert.deepEqual(amounts('KAl(SO4)2·12H2O'), { K: 1, Al: 1, S: 2, O: 20, H: 24 });
  assert.deepEqual(amounts('CaCl2*2H2O*NH3'), { Ca: 1, Cl: 2, H: 7, O: 2, N: 1 });
  // a '.' is always a decimal point, never a hydrate dot: this is O4.5 followed by H2O
  assert.deepEqual(amounts('CuSO4.5H2O'), { Cu: 1, S: 1, O: 5.5, H: 2 });
});

test('formulas: whitespace between terms and around the formula', () => {
  assert.deepEqual(amounts('  Fe2 O3 '), { Fe: 2, O: 3 });
  assert.deepEqual(amounts('\tCa (OH) 2'), { Ca: 1, O: 2, H: 2 });
});

test('Composition: reduced, fractional, formula strings, chemical system', () => {
  const c = parseFormula('Fe4O6');
  assert.equal(c.reduced().formula, 'Fe2O3');
  assert.equal(c.reductionFactor(), 2);
  assert.equal(c.formula, 'Fe4O6');
  assert.equal(c.numAtoms, 10);
  assert.equal(c.size, 2);
  assert.deepEqual(c.fractional().toJSON(), { Fe: 0.4, O: 0.6 });
  assert.equal(parseFormula('O6Fe4').reducedFormula, 'Fe2O3');
  assert.equal(parseFormula('Fe0.62Ni0.38').reduced().formula, 'Fe0.62Ni0.38');
  assert.equal(parseFormula('Fe0.62Ni0.38').reductionFactor(), 1);
  assert.equal(parseFormula('Ni3Fe').chemicalSystem, 'Fe-Ni');
  assert.equal(parseFormula('Fe0.62Ni0.19Cr0.19').chemicalSystem, 'Cr-Fe-Ni');
  assert.equal(parseFormula('CuSO4·5H2O').formula, 'CuSO9H10');
  assert.equal(parseFormula('CuSO4·5H2O').hillFormula, 'CuH10O9S');
  assert.equal(parseFormula('OHC2H5').hillFormula, 'C2H6O');
  assert.equal(parseFormula('Fe').chemicalSystem, 'Fe');
  assert.equal(c.amount('Fe'), 4);
  assert.equal(c.amount('Ni'), 0);
  assert.equal(c.has(8), true);
  assert.equal(String(parseFormula('Fe2O3')), 'Fe2O3');
  const f = parseFormula('H2O').fractional();
  assert.ok(Math.abs(f.amount('H') - 2 / 3) < 1e-15 && Math.abs(f.numAtoms - 1) < 1e-15);
  assert.equal(Composition.fromAmounts({ Fe: 2, O: 3 }).formula, 'Fe2O3');
  assert.equal(Composition.fromAmounts([['Fe', 1], [8, 1], ['Fe', 1]]).formula, 'Fe2O');
  assert.throws(() => Composition.fromAmounts({ Fe: 0 }), /amount of Fe must be a positive finite number, got 0/);
  assert.throws(() => Composition.fromAmounts({ Xx: 1 }), /unknown element symbol "Xx"/);
  assert.throws(() => Composition.fromAmounts({}), /at least one element/);
  assert.equal(materials.formatAmount(0.1 + 0.2), '0.3');
});

/** Asserts parseFormula(formula) fails at `column` with a message matching `problem` and a caret under the column. */
function assertFormulaError(formula: string, column: number, problem: RegExp, expected: RegExp): void {
  let caught: unknown;
  try {
    parseFormula(formula);
  } catch (error) {
    caught = error;
  }
  assert.ok(caught instanceof FormulaError, `${JSON.stringify(formula)} should fail`);
  assert.ok(caught instanceof ValueError);
  assert.equal(caught.column, column, `${JSON.stringify(formula)}: column`);
  assert.match(caught.problem, problem, formula);
  assert.match(caught.expected, expected, formula);
  const [first, shown, caret] = caught.message.split('\n');
  assert.equal(first, `${caught.problem} at column ${column}: expected ${caught.expected}`);
  assert.equal(caught.summary, first);
  assert.equal(shown, `  ${formula}`);
  assert.equal(caret, `  ${' '.repeat(column - 1)}^`);
}

test('formula errors: each names the column, what was expected, and draws a caret', () => {
  assertFormulaError('', 1, /^empty formula$/, /element symbol/);
  assertFormulaError('   ', 4, /^empty formula$/, /element symbol/);
  assertFormulaError('Fe2Xx3', 4, /^unknown element symbol "Xx"$/, /element symbol such as Fe/);
  assertFormulaError('Fe2Qo3', 4, /^unknown element symbol "Qo"$/, /element symbol/);
  assertFormulaError('fe2o3', 1, /capital letter, got "fe" \(did you mean Fe\?\)/, /element symbol/);
  assertFormulaError('Fe2o3', 4, /capital letter, got "o" \(did you mean O\?\)/, /element symbol/);
  assertFormulaError('Ca(OH2', 7, /^the formula ends before the "\(" opened at column 3 is closed$/, /"\)" to close it/);
  assertFormulaError('K4[Fe(CN)6', 11, /^the formula ends before the "\[" opened at column 3 is closed$/, /"\]" to close it/);
  assertFormulaError('Ca(OH]2', 6, /^"\]" cannot close the "\(" opened at column 3$/, /"\)" to close it/);
  assertFormulaError('Fe)2', 3, /^unmatched "\)"/, /end of the formula/);
  assertFormulaError(')Fe', 1, /^unmatched "\)"/, /element symbol/);
  assertFormulaError('Ca()2', 4, /^empty brackets \(\)$/, /inside the brackets/);
  assertFormulaError('Fe0O', 3, /^amount 0 is not positive$/, /positive amount/);
  assertFormulaError('Fe0.0Ni', 3, /^amount 0.0 is not positive$/, /positive amount/);
  assertFormulaError('(Fe)0', 5, /^amount 0 is not positive$/, /positive amount/);
  assertFormulaError('Fe-2O3', 3, /^negative amount$/, /positive numbers/);
  assertFormulaError('-Fe', 1, /^negative amount$/, /positive numbers/);
  assertFormulaError('Fe1.2.3', 6, /^a second decimal point in one amount$/, /end of the amount/);
  assertFormulaError('Fe2.', 5, /^a decimal point with no digit after it$/, /digit after the decimal point/);
  assertFormulaError('Fe2.O3', 5, /^a decimal point with no digit after it$/, /digit after the decimal point/);
  assertFormulaError('2Fe', 1, /^an amount before any element$/, /element symbol/);
  assertFormulaError('Fe2 3', 5, /^an amount that follows another amount$/, /element symbol or '\(' before the amount/);
  assertFormulaError('CuSO4·', 7, /^nothing after the hydrate dot "·"$/, /formula unit such as H2O/);
  assertFormulaError('CuSO4·5', 8, /^nothing after the hydrate dot "·"$/, /formula unit/);
  assertFormulaError('·5H2O', 1, /^a hydrate dot "·" with no formula unit before it$/, /element symbol/);
  assertFormulaError('CuSO4··H2O', 7, /^a hydrate dot "·" with no formula unit before it$/, /element symbol/);
  assertFormulaError('Fe2O3!', 6, /^unexpected character "!"$/, /element symbol/);
  assertFormulaError('Fe,Ni', 3, /^unexpected character ","$/, /element symbol/);
  assert.throws(() => parseFormula(42 as unknown as string), /expected a formula string, got number/);
});
