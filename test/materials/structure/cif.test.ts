import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ValueError } from '../../../src/core/errors.js';
import { applySymmetryOperation, parseCif, parseSymmetryOperation, readCif, tokenizeCif } from '../../../src/materials/structure/index.js';
import { throwsDataErrorAt } from '../../helpers/data-error.js';

test('symmetry operations: signs, fractions, x-y, coefficients, whitespace, quotes, case', () => {
  const op = parseSymmetryOperation("' -y , X-y, z+1/3 '");
  assert.deepEqual(op.rotation, [0, -1, 0, 1, -1, 0, 0, 0, 1]);
  assert.deepEqual(op.translation, [0, 0, 1 / 3]);
  const shifted = parseSymmetryOperation('1/2+x,-z+0.25,+y-1/4');
  assert.deepEqual(shifted.rotation, [1, 0, 0, 0, 0, -1, 0, 1, 0]);
  assert.deepEqual(shifted.translation, [0.5, 0.25, -0.25]);
  assert.deepEqual(parseSymmetryOperation('2x, -0.5*y, -x+y').rotation, [2, 0, 0, 0, -0.5, 0, -1, 1, 0]);
  assert.deepEqual(applySymmetryOperation(parseSymmetryOperation('-y,x-y,z+1/2'), [0.1, 0.3, 0.2]), [-0.3, 0.1 - 0.3, 0.7]);
  for (const bad of ['x,y', 'x,y,z,x', 'x,,z', 'x,y,w', 'x y,z,1', 'x,y,1/', 'x,y,z*']) assert.throws(() => parseSymmetryOperation(bad), ValueError, bad);
});

test('tokens: quotes with embedded apostrophes, text fields, comments, line numbers', () => {
  const text = "data_a # comment\n_name 'O'Neil, J.' _b \"x y\"\n_t\n;\nline one\n line two\n;\nloop_ _v 1 2.5(3) ? .\n";
  const tokens = tokenizeCif(text, 't.cif');
  assert.deepEqual(tokens.map((t) => [t.kind, t.text, t.line]), [
    ['data', 'a', 1], ['tag', '_name', 2], ['value', "O'Neil, J.", 2], ['tag', '_b', 2], ['value', 'x y', 2],
    ['tag', '_t', 3], ['value', '\nline one\n line two', 4], ['loop', 'loop_', 8], ['tag', '_v', 8],
    ['value', '1', 8], ['value', '2.5(3)', 8], ['value', '?', 8], ['value', '.', 8],
  ]);
  throwsDataErrorAt(() => tokenizeCif("data_a\n_x 'open\n", 'q.cif'), 'q.cif', 2, /unterminated quoted string/);
  throwsDataErrorAt(() => tokenizeCif('data_a\n_x\n;text\nmore\n', 'q.cif'), 'q.cif', 3, /unterminated text field/);
});

test('blocks: several data blocks, loops, case-insensitive tags, values with uncertainties', () => {
  const text = [
    'data_first', '_cell_length_a 3.634(4)', '_Cell_Length_B 4', 'loop_', '_atom_site_label', '_atom_site_fract_x', 'Fe1 0.5(1)', 'O1 .25',
    'data_second', '_cell_length_a 1e1',
  ].join('\n');
  const blocks = parseCif(text, { source: 'm.cif' });
  assert.deepEqual(blocks.map((b) => b.name), ['first', 'second']);
  assert.equal(blocks[0]!.number('_cell_length_a'), 3.634);
  assert.equal(blocks[0]!.number('_cell_length_b'), 4);
  assert.deepEqual(blocks[0]!.column('_atom_site_label')!.map((v) => v.text), ['Fe1', 'O1']);
  assert.equal(blocks[1]!.number('_cell_length_a'), 10);
  throwsDataErrorAt(() => blocks[1]!.number('_cell_length_b'), 'm.cif', 9, /_cell_length_b.*missing/);
  throwsDataErrorAt(() => parseCif('data_x\nloop_\n_a\n_b\n1 2 3\n', { source: 'l.cif' }), 'l.cif', 5, /multiple of 2 values, got 3/);
  throwsDataErrorAt(() => parseCif('_a 1\n', { source: 'n.cif' }), 'n.cif', 1, /expected "data_<name>"/);
  throwsDataErrorAt(() => parseCif('data_x\n_a 1\n_A 2\n', { source: 'd.cif' }), 'd.cif', 3, /appears twice/);
  throwsDataErrorAt(() => parseCif('data_x\n_a\n', { source: 'v.cif' }), 'v.cif', 2, /expected a value/);
  throwsDataErrorAt(() => parseCif('data_x\n_a 1.5(2\n', { source: 'u.cif' })[0]!.number('_a'), 'u.cif', 2, /expected a number/);
});

const RUTILE = `data_rutile
_cell_length_a 4.5937
_cell_length_b 4.5937
_cell_length_c 2.9587
_cell_angle_alpha 90
_cell_angle_beta 90
_cell_angle_gamma 90
_symmetry_space_group_name_H-M 'P 42/m n m'
loop_
_space_group_symop_operation_xyz
'x, y, z'
'-x, -y, z'
'1/2-y, 1/2+x, 1/2+z'
'1/2+y, 1/2-x, 1/2+z'
'1/2-x, 1/2+y, 1/2-z'
'1/2+x, 1/2-y, 1/2-z'
'y, x, -z'
'-y, -x, -z'
'-x, -y, -z'
'x, y, -z'
'1/2+y, 1/2-x, 1/2-z'
'1/2-y, 1/2+x, 1/2-z'
'1/2+x, 1/2-y, 1/2+z'
'1/2-x, 1/2+y, 1/2+z'
'-y, -x, z'
'y, x, z'
loop_
_atom_site_label
_atom_site_fract_x
_atom_site_fract_y
_atom_site_fract_z
_atom_site_occupancy
Ti1 0 0 0 1.0
O1 0.3048(2) 0.3048(2) 0 1
`;

test('symmetry expansion: rutile has 2 Ti and 4 O, species from labels, duplicates merged', () => {
  const [s] = readCif(RUTILE, { source: 'rutile.cif' });
  assert.equal(s!.formula, 'O4 Ti2');
  assert.equal(s!.numSites, 6);
  assert.ok(Array.from(s!.fractional).every((x) => x >= 0 && x < 1));
  assert.deepEqual(s!.siteProperties['label'], ['Ti1', 'Ti1', 'O1', 'O1', 'O1', 'O1']);
  // Nearest images of the four O seen from Ti at the origin: two apical at √2·x·a, two equatorial at
  // √((½ − x)² a² + (½ − x)² a² + c²/4) (x = 0.3048, a = 4.5937, c = 2.9587).
  const d = [2, 3, 4, 5].map((j) => s!.distance(0, j)).sort();
  const apical = Math.SQRT2 * 0.3048 * 4.5937;
  const equatorial = Math.sqrt(2 * ((0.5 - 0.3048) * 4.5937) ** 2 + (2.9587 / 2) ** 2);
  [equatorial, equatorial, apical, apical].forEach((x, k) => assert.ok(Math.abs(d[k]! - x) < 1e-12, `${d[k]} vs ${x}`));
});

test('occupancies weight the composition; type symbols with charges; hexagonal 1/3 snapping', () => {
  const text = `data_mixed
_cell_length_a 3.8227
_cell_length_b 3.8227
_cell_length_c 6.2607
_cell_angle_alpha 90
_cell_angle_beta 90
_cell_angle_gamma 120
loop_
_symmetry_equiv_pos_as_xyz
x,y,z
-y,x-y,z
-x+y,-x,z
-x,-y,1/2+z
y,-x+y,1/2+z
x-y,x,1/2+z
loop_
_atom_site_label
_atom_site_type_symbol
_atom_site_fract_x
_atom_site_fract_y
_atom_site_fract_z
_atom_site_occupancy
Zn1 Zn2+ 0.3333 0.6667 0. 0.75
Cd1 Cd2+ 0.3333 0.6667 0. 0.25
S1 S2- 0.3333 0.6667 0.3748(2) 1.
`;
  const [s] = readCif(text, { source: 'wurtzite.cif' });
  assert.equal(s!.numSites, 6);
  assert.deepEqual(s!.composition.toJSON(), { Zn: 1.5, Cd: 0.5, S: 2 });
  assert.equal(s!.fractionalOf(0)[0], 1 / 3);
  // Without snapping, 0.3333 and −0.6667 + 1 = 0.3333 still merge within the default 0.01 Å tolerance.
  assert.equal(readCif(text, { source: 'w.cif', fracTolerance: 0 })[0]!.numSites, 6);
  // A zero tolerance keeps the images that differ by 1e-4 apart.
  assert.ok(readCif(text, { source: 'w.cif', fracTolerance: 0, mergeTolerance: 1e-9 })[0]!.numSites > 6);
});

test('CIF errors name the file, line and what was expected', () => {
  const cell = '_cell_length_a 4\n_cell_length_b 4\n_cell_length_c 4\n';
  throwsDataErrorAt(() => readCif(`data_x\n${cell}_symmetry_space_group_name_H-M 'F m -3 m'\nloop_\n_atom_site_label\n_atom_site_fract_x\n_atom_site_fract_y\n_atom_site_fract_z\nNa 0 0 0\n`, { source: 'sg.cif' }),
    'sg.cif', 5, /space group "F m -3 m" but no symmetry operations/);
  throwsDataErrorAt(() => readCif(`data_x\n${cell}loop_\n_symmetry_equiv_pos_as_xyz\nx,y,z\n'x,y+q,z'\nloop_\n_atom_site_label\n_atom_site_fract_x\n_atom_site_fract_y\n_atom_site_fract_z\nNa 0 0 0\n`, { source: 'op.cif' }),
    'op.cif', 8, /_symmetry_equiv_pos_as_xyz: symmetry operation "x,y\+q,z"/);
  throwsDataErrorAt(() => readCif(`data_x\n${cell}loop_\n_atom_site_label\n_atom_site_fract_x\n_atom_site_fract_y\n_atom_site_fract_z\nXx1 0 0 0\n`, { source: 'el.cif' }),
    'el.cif', 10, /expected an element symbol in "Xx1"/);
  throwsDataErrorAt(() => readCif(`data_x\n${cell}loop_\n_atom_site_label\n_atom_site_fract_x\n_atom_site_fract_y\n_atom_site_fract_z\nNa 0 ? 0\n`, { source: 'q.cif' }),
    'q.cif', 10, /_atom_site_fract_y: expected a coordinate, got "\?"/);
  throwsDataErrorAt(() => readCif(`data_x\n${cell}loop_\n_atom_site_label\n_atom_site_fract_x\n_atom_site_fract_y\n_atom_site_fract_z\n_atom_site_occupancy\nNa 0 0 0 1.5\n`, { source: 'o.cif' }),
    'o.cif', 11, /occupancy: expected a value in \(0, 1\]/);
  throwsDataErrorAt(() => readCif(`data_x\n_cell_length_a 4\n`, { source: 'none.cif' }), 'none.cif', undefined, /expected a data block with atom sites/);
  throwsDataErrorAt(() => readCif(`data_x\n_cell_length_a 4\n_cell_length_b -4\n_cell_length_c 4\nloop_\n_atom_site_label\n_atom_site_fract_x\n_atom_site_fract_y\n_atom_site_fract_z\nNa 0 0 0\n`, { source: 'neg.cif' }),
    'neg.cif', 2, /positive lengths/);
});
