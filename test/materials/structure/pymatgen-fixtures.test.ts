/**
 * Lattices, distances, supercells, CIF expansion, POSCAR and extended-XYZ reading against pymatgen 2022.11
 * and ASE 3.22: test/fixtures/structures.json, written by tools/fixtures/make_structure_fixtures.py.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Lattice, Structure, makeSupercell, readCif, readExtxyz, readPoscar, type SupercellScaling } from '../../../src/materials/structure/index.js';
import { readTextFile } from '../../../src/node/read-text-file.js';
import { readFixture } from '../../helpers/fixtures.js';
import { structureDataPath } from '../../helpers/structure-data.js';

interface StructureSpec { matrix: number[]; species: string[]; frac: number[] }
interface Case {
  kind: string;
  [key: string]: unknown;
}
const fixture = readFixture<{ cases: Case[] }>('structures.json');
const cases = (kind: string): Case[] => fixture.cases.filter((c) => c.kind === kind);

function close(actual: ArrayLike<number>, expected: ArrayLike<number>, tol: number, what: string): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  for (let k = 0; k < expected.length; k++) {
    assert.ok(Math.abs(actual[k]! - expected[k]!) <= tol * Math.max(1, Math.abs(expected[k]!)), `${what}[${k}]: ${actual[k]} vs ${expected[k]}`);
  }
}

function build(spec: StructureSpec): Structure {
  return new Structure(new Lattice(spec.matrix), spec.species, spec.frac);
}

/** Asserts both structures hold the same sites (species and fractional coordinates modulo 1, any order). */
function sameSites(actual: Structure, expected: StructureSpec, tol: number, what: string): void {
  assert.equal(actual.numSites, expected.species.length, `${what}: number of sites`);
  const used = new Set<number>();
  for (let e = 0; e < expected.species.length; e++) {
    const match = actual.species.findIndex((s, a) => {
      if (used.has(a) || s !== expected.species[e]) return false;
      return [0, 1, 2].every((k) => {
        const d = actual.fractional[3 * a + k]! - expected.frac[3 * e + k]!;
        return Math.abs(d - Math.round(d)) < tol;
      });
    });
    assert.ok(match >= 0, `${what}: no site matches ${expected.species[e]} at ${expected.frac.slice(3 * e, 3 * e + 3).join(', ')}`);
    used.add(match);
  }
}

test('Lattice.fromParameters, volume, reciprocal lattices and Cartesian coordinates match pymatgen', () => {
  for (const c of cases('lattice')) {
    const [a, b, cc, alpha, beta, gamma] = c.parameters as number[];
    const lattice = Lattice.fromParameters({ a: a!, b: b!, c: cc!, alpha: alpha!, beta: beta!, gamma: gamma! });
    close(lattice.matrix, c.matrix as number[], 1e-12, 'matrix');
    close([lattice.volume], [c.volume as number], 1e-12, 'volume');
    close(lattice.reciprocalLattice().matrix, c.reciprocal as number[], 1e-12, 'reciprocal');
    close(lattice.reciprocalLatticeCrystallographic().matrix, c.reciprocalCrystallographic as number[], 1e-12, 'reciprocal (crystallographic)');
    close(lattice.fractionalToCartesian(c.point as number[]), c.cartesian as number[], 1e-12, 'cartesian');
    close(lattice.cartesianToFractional(c.cartesian as number[]), c.point as number[], 1e-12, 'fractional');
    const p = lattice.parameters;
    close([p.a, p.b, p.c, p.alpha, p.beta, p.gamma], c.parameters as number[], 1e-12, 'parameters');
  }
});

test('minimum-image distance matrices match pymatgen for skewed cells and unwrapped coordinates', () => {
  for (const c of cases('distance')) close(build(c.structure as StructureSpec).distanceMatrix(), c.distances as number[], 1e-10, 'distances');
});

test('supercells (diagonal and non-diagonal) match pymatgen make_supercell', () => {
  for (const c of cases('supercell')) {
    const result = makeSupercell(build(c.structure as StructureSpec), c.scaling as SupercellScaling);
    const expected = c.result as StructureSpec;
    close(result.lattice.matrix, expected.matrix, 1e-12, 'supercell lattice');
    sameSites(result, expected, 1e-9, `supercell ${JSON.stringify(c.scaling)}`);
  }
});

test('CIF symmetry expansion matches pymatgen CifParser on the 10 CGCNN sample files', () => {
  const files = cases('cif');
  assert.equal(files.length, 10);
  for (const c of files) {
    const file = c.file as string;
    const [structure] = readCif(readTextFile(structureDataPath(`cgcnn-sample/${file}`)), { source: file });
    const expected = c.structure as StructureSpec;
    close(structure!.lattice.matrix, expected.matrix, 1e-12, `${file} lattice`);
    sameSites(structure!, expected, 1e-6, file);
    assert.deepEqual(structure!.composition.toJSON(), c.composition, `${file} composition`);
  }
});

test('POSCAR variants (VASP 4/5, Cartesian, negative scale, selective dynamics, CONTCAR) read like pymatgen', () => {
  for (const c of cases('poscar')) {
    const { structure } = readPoscar(c.text as string, { source: `${c.name as string}.vasp` });
    close(structure.lattice.matrix, c.cell as number[], 1e-12, `${c.name} cell`);
    close(structure.cartesian, c.positions as number[], 1e-12, `${c.name} positions`);
    assert.deepEqual(structure.species, c.symbols);
    if (c.free !== undefined) assert.deepEqual(structure.siteProperties['selectiveDynamics']!.flat(), c.free);
    else assert.equal(structure.siteProperties['selectiveDynamics'], undefined);
  }
});

test('extended XYZ written by ASE reads back with lattice, positions, per-atom arrays and info', () => {
  for (const c of cases('extxyz')) {
    const frames = readExtxyz(c.text as string, { source: 'ase.xyz' });
    assert.equal(frames.length, c.frames);
    for (const frame of frames) {
      close(frame.structure.lattice.matrix, c.cell as number[], 1e-12, 'cell');
      close(frame.structure.cartesian, c.positions as number[], 1e-8, 'positions (written with 8 decimals)');
      assert.deepEqual(frame.structure.species, c.symbols);
      close((frame.structure.siteProperties['forces'] as number[][]).flat(), c.forces as number[], 1e-8, 'forces (written with 8 decimals)');
      assert.deepEqual(frame.structure.siteProperties['tag_id'], c.tagId);
      assert.equal(frame.info['energy'], c.energy);
      assert.equal(frame.info['config_type'], 'bulk');
    }
  }
});
