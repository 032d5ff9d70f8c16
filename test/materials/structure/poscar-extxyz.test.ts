import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Lattice, Structure, readExtxyz, readPoscar, writeExtxyz, writePoscar } from '../../../src/materials/structure/index.js';
import { throwsDataErrorAt } from '../../helpers/data-error.js';

const CUBIC = 'cubic\n1.0\n4 0 0\n0 4 0\n0 0 4\n';

test('negative scale with Cartesian coordinates: the cell gets the volume, positions the same factor', () => {
  const text = 'x\n-128\n2 0 0\n0 2 0\n0 0 2\nCu\n2\nCartesian\n0 0 0\n1 1 1\n';
  const { structure } = readPoscar(text, { source: 'neg.vasp' });
  assert.ok(Math.abs(structure.lattice.volume - 128) < 1e-12);
  // factor (128 / 8)^(1/3) = 2.52, the second atom stays at the cell centre.
  structure.fractionalOf(1).forEach((x) => assert.ok(Math.abs(x - 0.5) < 1e-12));
});

test('VASP 4 species from options, POTCAR-style names, per-axis scale factors', () => {
  const vasp4 = `comment without symbols\n1.0\n4 0 0\n0 4 0\n0 0 4\n1 1\nDirect\n0 0 0\n0.5 0.5 0.5\n`;
  assert.deepEqual(readPoscar(vasp4, { source: 'v4', species: ['Cs', 'Cl'] }).structure.species, ['Cs', 'Cl']);
  throwsDataErrorAt(() => readPoscar(vasp4, { source: 'v4' }), 'v4', 6, /VASP 4 file without species names/);
  const potcar = `x\n1.0\n4 0 0\n0 4 0\n0 0 4\nFe_pv O/5a3b\n1 1\nd\n0 0 0\n0.5 0.5 0.5\n`;
  assert.deepEqual(readPoscar(potcar, { source: 'p' }).structure.species, ['Fe', 'O']);
  const axes = readPoscar(`x\n1 2 3\n1 0 0\n0 1 0\n0 0 1\nNa\n1\nDirect\n0 0 0\n`, { source: 'a' }).structure;
  assert.deepEqual(axes.lattice.lengths, [1, 2, 3]);
});

test('POSCAR errors name the file, line (offset inside an embedding file) and field', () => {
  throwsDataErrorAt(() => readPoscar(`${CUBIC}Na\nx\nDirect\n`, { source: 'c.vasp' }), 'c.vasp', 7, /counts per species: expected non-negative integers, got "x"/);
  throwsDataErrorAt(() => readPoscar(`${CUBIC}Na Cl\n1\nDirect\n0 0 0\n`, { source: 'c.vasp' }), 'c.vasp', 7, /expected 2 counts/);
  throwsDataErrorAt(() => readPoscar(`${CUBIC}Na\n2\nDirect\n0 0 0\n`, { source: 'c.vasp' }), 'c.vasp', 10, /expected site 2 of 2, but the file ends/);
  throwsDataErrorAt(() => readPoscar(`${CUBIC}Na\n1\nDirect\n0 zero 0\n`, { source: 'c.vasp' }), 'c.vasp', 9, /site 1: expected a number, got "zero"/);
  throwsDataErrorAt(() => readPoscar(`${CUBIC}Na\n1\nWhatever\n0 0 0\n`, { source: 'c.vasp' }), 'c.vasp', 8, /expected "Direct" or "Cartesian"/);
  throwsDataErrorAt(() => readPoscar(`${CUBIC}Na\n1\nSelective dynamics\nDirect\n0 0 0 T T\n`, { source: 'c.vasp' }), 'c.vasp', 10, /three T\/F selective-dynamics flags/);
  throwsDataErrorAt(() => readPoscar('x\n1.0\n1 0 0\n2 0 0\n0 0 1\nNa\n1\nDirect\n0 0 0\n', { source: 'c.vasp' }), 'c.vasp', 3, /linearly dependent/);
  throwsDataErrorAt(() => readPoscar('x\nabc\n', { source: 'c.vasp' }), 'c.vasp', 2, /scale factor: expected a number, got "abc"/);
  throwsDataErrorAt(() => readPoscar(`${CUBIC}Qq\n1\nDirect\n0 0 0\n`, { source: 'table.csv', firstLine: 41 }), 'table.csv', 46, /species names: expected element symbols, got "Qq"/);
});

test('writePoscar groups species, keeps selective dynamics, and reads back', () => {
  const lattice = Lattice.fromParameters({ a: 4, b: 5, c: 6, alpha: 80, beta: 95, gamma: 105 });
  const s = new Structure(lattice, ['O', 'Ti', 'O'], [[0.1, 0.2, 0.3], [0.5, 0.5, 0.5], [0.9, 0.8, 0.7]], {
    siteProperties: { selectiveDynamics: [[true, false, true], [false, false, false], [true, true, true]] },
  });
  const text = writePoscar(s, { comment: 'TiO2 test' });
  assert.match(text, /^TiO2 test\n1\.0\n/);
  assert.match(text, /\nO Ti\n2 1\nSelective dynamics\nDirect\n/);
  const back = readPoscar(text, { source: 'w' }).structure;
  assert.deepEqual(back.species, ['O', 'O', 'Ti']);
  assert.deepEqual(back.siteProperties['selectiveDynamics'], [[true, false, true], [true, true, true], [false, false, false]]);
  [0, 2, 1].forEach((i, k) => s.fractionalOf(i).forEach((x, a) => assert.ok(Math.abs(back.fractionalOf(k)[a] - x) < 1e-10)));
  const cart = readPoscar(writePoscar(s, { cartesian: true }), { source: 'w' }).structure;
  [0, 2, 1].forEach((i, k) => s.cartesianOf(i).forEach((x, a) => assert.ok(Math.abs(cart.cartesianOf(k)[a] - x) < 1e-9)));
});

test('extended XYZ: writer → reader round trip with info and per-atom values; errors', () => {
  const lattice = new Lattice([[3, 0, 0], [0.5, 3, 0], [0.2, 0.1, 3.5]]);
  const s = new Structure(lattice, ['Si', 'C'], [[0, 0, 0], [0.25, 0.3, 0.35]], {
    siteProperties: { charge: [0.5, -0.5], fixed: [true, false], forces: [[1, 2, 3], [-1, -2, -3]] },
  });
  const text = writeExtxyz([{ structure: s, info: { energy: -7.5, name: 'SiC test', stress: [1, 2, 3] } }]);
  const [frame] = readExtxyz(text, { source: 'w.xyz' });
  assert.deepEqual(frame!.info, { energy: -7.5, name: 'SiC test', stress: [1, 2, 3] });
  assert.deepEqual(frame!.structure.siteProperties, s.siteProperties);
  s.cartesian.forEach((x, k) => assert.ok(Math.abs(frame!.structure.cartesian[k]! - x) < 1e-12));
  throwsDataErrorAt(() => readExtxyz('1\nenergy=1\nSi 0 0 0\n', { source: 'm.xyz' }), 'm.xyz', 2, /expected Lattice=/);
  throwsDataErrorAt(() => readExtxyz('2\nLattice="3 0 0 0 3 0 0 0 3"\nSi 0 0 0\n', { source: 'm.xyz' }), 'm.xyz', 4, /expected atom 2 of 2/);
  throwsDataErrorAt(() => readExtxyz('1\nLattice="3 0 0 0 3 0 0 0 3" Properties=species:S:1:pos:R:3:q:I:1\nSi 0 0 0 1.5\n', { source: 'm.xyz' }), 'm.xyz', 3, /q: expected an integer, got "1.5"/);
  throwsDataErrorAt(() => readExtxyz('x\n', { source: 'm.xyz' }), 'm.xyz', 1, /expected the number of atoms/);
});
