/**
 * The bundled structure data load completely: the 10 CGCNN sample CIFs (site counts and compositions after
 * symmetry expansion equal `_chemical_formula_sum` × Z; lattice parameters survive write → read) and the 616
 * JARVIS POSCARs (site counts and elements equal the CSV's `n_atoms` and `elements` columns).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseCsv } from '../../../src/data/csv.js';
import { parseCif, poscarColumn, readCif, readPoscar, writeCif, writePoscar } from '../../../src/materials/structure/index.js';
import { readStructureFile, readStructures } from '../../../src/node/read-structure-file.js';
import { readTextFile } from '../../../src/node/read-text-file.js';
import { CGCNN_SAMPLE_CIFS, structureDataPath } from '../../helpers/structure-data.js';

/** `'Ba O3 Ti'` → {Ba: 1, O: 3, Ti: 1}. */
function parseFormulaSum(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const word of text.trim().split(/\s+/)) {
    const m = /^([A-Z][a-z]?)(\d*\.?\d*)$/.exec(word);
    assert.ok(m !== null, `formula word ${word}`);
    out.set(m[1]!, m[2] === '' ? 1 : Number(m[2]));
  }
  return out;
}

test('the 10 CGCNN sample CIFs: compositions equal _chemical_formula_sum × Z', () => {
  let withZ = 0;
  for (const file of CGCNN_SAMPLE_CIFS) {
    const text = readTextFile(structureDataPath(`cgcnn-sample/${file}`));
    const [block] = parseCif(text, { source: file });
    const formula = parseFormulaSum(block!.text('_chemical_formula_sum')!);
    const structure = readStructureFile(structureDataPath(`cgcnn-sample/${file}`));
    const composition = structure.composition;
    assert.deepEqual([...composition.symbols].sort(), [...formula.keys()].sort(), `${file}: elements`);
    const zText = block!.text('_cell_formula_units_Z');
    // Without Z in the file, the multiple must still be a whole number (the same for every element).
    const z = zText !== undefined ? Number(zText) : composition.amount([...formula.keys()][0]!) / [...formula.values()][0]!;
    if (zText !== undefined) withZ++;
    assert.ok(Number.isInteger(z) && z >= 1, `${file}: Z = ${z}`);
    for (const [element, amount] of formula) assert.equal(composition.amount(element), amount * z, `${file}: ${element}`);
    const sites = [...formula.values()].reduce((a, b) => a + b, 0) * z;
    assert.equal(structure.numSites, sites, `${file}: sites`);
  }
  assert.equal(withZ, 5);
});

test('CIF round trip: writeCif → readCif keeps lattice parameters and sites', () => {
  for (const file of CGCNN_SAMPLE_CIFS) {
    const [structure] = readCif(readTextFile(structureDataPath(`cgcnn-sample/${file}`)), { source: file });
    const text = writeCif(structure!, { name: file });
    const [back] = readCif(text, { source: `${file}.out` });
    const p = structure!.lattice.parameters;
    const q = back!.lattice.parameters;
    for (const key of ['a', 'b', 'c', 'alpha', 'beta', 'gamma'] as const) assert.ok(Math.abs(p[key] - q[key]) < 1e-7, `${file}: ${key} ${p[key]} vs ${q[key]}`);
    assert.deepEqual(back!.species, structure!.species);
    // Reading snaps coordinates within 1e-4 (relative) of 1/3 and 2/3 to them (pymatgen's rule), so a generated
    // 0.66667 comes back as 2/3; everything else to the written precision.
    structure!.fractional.forEach((x, k) => {
      const snapped = Math.abs(1 - x / (2 / 3)) < 1e-4 || Math.abs(1 - x / (1 / 3)) < 1e-4;
      assert.ok(Math.abs(back!.fractional[k]! - x) < (snapped ? 1e-4 : 1e-8), `${file}: coordinate ${k}`);
    });
  }
});

test('all 616 JARVIS POSCARs load with the listed sizes and elements, and round-trip through writePoscar', () => {
  const table = parseCsv(readTextFile(structureDataPath('tc_supercon_616_structures.csv.gz')), { file: 'tc_supercon_616_structures.csv' });
  const structures = poscarColumn(table, 'poscar');
  assert.equal(structures.length, 616);
  const sizes = table.numeric('n_atoms');
  const elements = table.column('elements') as string[];
  structures.forEach((s, r) => {
    assert.equal(s.numSites, sizes[r], `row ${r}: n_atoms`);
    assert.deepEqual([...new Set(s.species)].sort(), elements[r]!.split(' ').sort(), `row ${r}: elements`);
    const back = readPoscar(writePoscar(s), { source: 'round-trip' }).structure;
    assert.deepEqual(back.species, s.species);
    back.lattice.matrix.forEach((x, k) => assert.ok(Math.abs(x - s.lattice.matrix[k]!) < 1e-9));
    back.fractional.forEach((x, k) => assert.ok(Math.abs(x - s.fractional[k]!) < 1e-9));
  });
});

test('readStructures dispatches on the file name, reads .gz, and names the file in errors', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tensorite-structures-'));
  try {
    const nacl = readStructureFile(structureDataPath('cgcnn-sample/1000041.cif'));
    writeFileSync(join(dir, 'POSCAR'), writePoscar(nacl));
    writeFileSync(join(dir, 'cell.vasp'), writePoscar(nacl, { cartesian: true }));
    for (const name of ['POSCAR', 'cell.vasp']) {
      const back = readStructureFile(join(dir, name));
      assert.equal(back.formula, 'Cl4 Na4');
      back.cartesian.forEach((x, k) => assert.ok(Math.abs(x - nacl.cartesian[k]!) < 1e-8));
    }
    writeFileSync(join(dir, 'two.cif'), writeCif(nacl, { name: 'a' }) + writeCif(nacl, { name: 'b' }));
    assert.equal(readStructures(join(dir, 'two.cif')).length, 2);
    assert.throws(() => readStructures(join(dir, 'cell.txt')), /cell\.txt: unknown structure format/);
    assert.throws(() => readStructures(join(dir, 'missing.cif')), /missing\.cif: cannot read the file: no such file/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
