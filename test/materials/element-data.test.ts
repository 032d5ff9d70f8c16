// The element modules compiled into the library must equal the bundled source files in data/elements/.
// This test reads those files itself (its own small parsers) and compares every value.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { materials } from '../../src/index.js';
import { MAGPIE_LIST_TABLES, MAGPIE_TABLES } from '../../src/materials/elements/generated/magpie-tables.js';

const dataDir = new URL('../../../data/elements/', import.meta.url);
const read = (path: string): string => readFileSync(new URL(path, dataDir), 'utf8');

/** Lines of a Magpie table for Z = 1 … 118 (Python's readlines, cut at 118 lines). */
function tableLines(name: string): string[] {
  const lines = read(`matminer_magpie_elementdata/${name}.table`).split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines.slice(0, 118);
}

/** Python's float() on a line, NaN where it would raise. */
function pythonFloat(line: string): number {
  const t = line.trim();
  return /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t) ? parseFloat(t) : NaN;
}

test('every Magpie .table file is compiled, value for value (missing markers as null)', () => {
  const files = readdirSync(new URL('matminer_magpie_elementdata/', dataDir)).filter((f) => f.endsWith('.table'));
  assert.equal(files.length, 65);
  for (const file of files) {
    const name = file.replace(/\.table$/, '');
    const lines = tableLines(name);
    if (name === 'OxidationStates' || name === 'IonizationEnergies') {
      const generated = MAGPIE_LIST_TABLES[name];
      assert.equal(generated.length, lines.length, name);
      lines.forEach((line, i) => {
        const expected = line.trim() === '' ? [] : line.trim().split(/\s+/).map(Number);
        assert.deepEqual(generated[i], expected, `${name} line ${i + 1}`);
      });
      continue;
    }
    const generated = (MAGPIE_TABLES as Record<string, readonly (number | null)[]>)[name];
    assert.ok(generated !== undefined, `table ${name} is compiled`);
    assert.equal(generated.length, lines.length, name);
    lines.forEach((line, i) => {
      const v = pythonFloat(line);
      assert.equal(generated[i], Number.isNaN(v) ? null : v, `${name} line ${i + 1}: ${JSON.stringify(line)}`);
    });
  }
});

test('CrabNet CSV tables are compiled cell for cell', () => {
  for (const name of ['magpie', 'mat2vec', 'oliynyk'] as const) {
    const rows = read(`crabnet_element_properties/${name}.csv`).split(/\r?\n/).filter((l) => l !== '').map((l) => l.split(','));
    const table = materials.crabnetTable(name);
    assert.deepEqual(table.columns, rows[0]!.slice(1), name);
    assert.deepEqual(table.elements, rows.slice(1).map((r) => r[0]), name);
    rows.slice(1).forEach((r, i) => {
      assert.deepEqual(table.values[i], r.slice(1).map((c) => (c.trim() === '' ? null : Number(c))), `${name} row ${i + 2}`);
    });
  }
  assert.equal(materials.crabnetTable('mat2vec').columns.length, 200);
  const fe = materials.crabnetElementVector('oliynyk', 'Fe')!;
  assert.equal(fe[0], 26);
  assert.equal(materials.crabnetElementVector('oliynyk', 'Og'), undefined);
});

test('CGCNN atom features equal atom_init.json for Z = 1 … 100; the matrix is indexed by Z', () => {
  const json = JSON.parse(read('cgcnn_atom_init.json')) as Record<string, number[]>;
  assert.equal(Object.keys(json).length, 100);
  assert.equal(materials.CGCNN_MAX_Z, 100);
  const matrix = materials.cgcnnAtomFeatureMatrix();
  assert.equal(matrix.length, 101 * 92);
  assert.ok(matrix.subarray(0, 92).every((v) => v === 0));
  for (let z = 1; z <= 100; z++) {
    assert.deepEqual(Array.from(materials.cgcnnAtomFeatures(z)), json[String(z)], `Z=${z}`);
    assert.deepEqual(Array.from(matrix.subarray(z * 92, (z + 1) * 92)), json[String(z)], `matrix row ${z}`);
  }
  assert.deepEqual(materials.cgcnnAtomFeatures('Fe'), materials.cgcnnAtomFeatures(26));
  assert.throws(() => materials.cgcnnAtomFeatures(101), /Z = 1 … 100/);
});

test('periodic table: symbols, names and Z for 1 … 118 agree with the bundled ptable.csv and the Magpie Number table', () => {
  assert.equal(materials.MAX_ATOMIC_NUMBER, 118);
  const ptable = read('crabnet_element_properties/ptable.csv').split(/\r?\n/).slice(1).filter((l) => l !== '').map((l) => l.split(','));
  assert.equal(ptable.length, 118);
  for (const [symbol, , , name] of ptable) {
    const el = materials.element(symbol!);
    assert.equal(el.symbol, symbol);
    // ptable.csv spells two names the US way and has two typos (Livemorium, Oranesson)
    const expected = ({ Aluminum: 'Aluminium', Cesium: 'Caesium', Livemorium: 'Livermorium', Oranesson: 'Oganesson' } as Record<string, string>)[name!] ?? name;
    assert.equal(el.name, expected, symbol);
  }
  const numbers = tableLines('Number').map(pythonFloat);
  numbers.forEach((z, i) => assert.equal(z, i + 1));
  // The Magpie Number table runs to Z = 112; CrabNet's Magpie rows are in Z order and name the symbol.
  materials.crabnetTable('magpie').elements.forEach((s, i) => assert.equal(materials.atomicNumber(s), i + 1, s));
  assert.deepEqual(materials.element(26), { z: 26, symbol: 'Fe', name: 'Iron' });
  assert.equal(materials.element('Og').z, 118);
  assert.equal(materials.atomicNumber('CO'), undefined);
  assert.equal(materials.isElementSymbol('Co'), true);
  assert.throws(() => materials.element('Xx'), /unknown element symbol "Xx"/);
  assert.throws(() => materials.element(0), /\[1, 118\]/);
  assert.throws(() => materials.element(119), /\[1, 118\]/);
});

test('Magpie values by symbol or Z, with units; missing values NaN or the mean over elements that have one', () => {
  assert.equal(materials.magpieValue('MeltingT', 'Fe'), 1811);
  assert.equal(materials.magpieValue('MeltingT', 26), 1811);
  assert.equal(materials.magpiePropertyInfo('MeltingT').units, 'K');
  assert.equal(materials.magpiePropertyInfo('GSvolume_pa').units, 'Å³/atom');
  for (const name of materials.MAGPIE_TABLE_NAMES) assert.ok(materials.magpiePropertyInfo(name).description.length > 0, name);
  // He has no melting point: the imputed value is the plain mean of the numeric lines (Z = 1 … 118).
  assert.ok(Number.isNaN(materials.magpieValue('MeltingT', 'He')));
  const known = tableLines('MeltingT').map(pythonFloat).filter((v) => !Number.isNaN(v));
  assert.equal(known.length, 112 - 11);
  const mean = known.reduce((a, b) => a + b, 0) / known.length;
  assert.ok(Math.abs(materials.magpieValue('MeltingT', 'He', { impute: true }) - mean) < 1e-9);
  assert.equal(materials.magpieImputationValue('MeltingT'), materials.magpieValue('MeltingT', 'He', { impute: true }));
  // SpaceGroupNumber has 118 lines; Electronegativity 112 (Z 113-118 are past the end and count as missing).
  const sg = materials.magpieTable('SpaceGroupNumber', { impute: true });
  assert.equal(sg.length, 119);
  assert.equal(sg[26], 229);
  assert.equal(sg[85], materials.magpieImputationValue('SpaceGroupNumber'));
  assert.ok(Number.isNaN(materials.magpieTable('Electronegativity')[118]!));
  assert.deepEqual(materials.oxidationStates('Fe'), [2, 3]);
  assert.deepEqual(materials.oxidationStates('He'), []);
  assert.equal(materials.ionizationEnergies('H')[0], 13.598443);
  assert.throws(() => materials.magpieValue('Nope' as materials.MagpieTableName, 'Fe'), /unknown Magpie property "Nope"/);
});
