import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { materials, parseCsv } from '../../src/index.js';

const root = new URL('../../../', import.meta.url).pathname;
const bin = join(root, 'bin', 'tensorite.js');

function run(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', cwd: root, env: { ...process.env, CI: 'true' } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const INPUT = 'id;composition;target\n1;Fe2O3;1.5\n2;CuSO4·5H2O;2\n3;Fe2Xx3;3\n4;;4\n5;Ca(OH;5\n6;Fe0.62Ni0.19Cr0.19;6\n';

function setup(): { dir: string; data: string; out: string } {
  const dir = mkdtempSync(join(tmpdir(), 'tensorite-featurize-'));
  const data = join(dir, 'alloys.csv');
  writeFileSync(data, INPUT);
  return { dir, data, out: join(dir, 'features.csv') };
}

test('composition featurize: the first bad formula is an error naming file, line, column and the parser message', () => {
  const { data, out } = setup();
  const r = run(['composition', 'featurize', '--data', data, '--formula-column', 'composition', '--out', out]);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /alloys\.csv:4: column "composition": unknown element symbol "Xx" at column 4: expected an element symbol/);
  assert.match(r.stderr, /\n {2}Fe2Xx3\n {5}\^/);
  assert.equal(existsSync(out), false);
});

test('composition featurize --skip-invalid: features for the good rows, every skipped row on stderr and in the sidecar', () => {
  const { data, out } = setup();
  const r = run(['composition', 'featurize', '--data', data, '--formula-column', 'composition', '--out', out, '--skip-invalid']);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /wrote 3 rows × 146 Magpie features/);
  assert.match(r.stderr, /alloys\.csv:4: skipped "Fe2Xx3": unknown element symbol "Xx" at column 4/);
  assert.match(r.stderr, /alloys\.csv:5: skipped "": empty formula at column 1/);
  assert.match(r.stderr, /alloys\.csv:6: skipped "Ca\(OH": the formula ends before the "\(" opened at column 3 is closed at column 6/);
  const table = parseCsv(readFileSync(out, 'utf8'), { file: out });
  const featurizer = new materials.MagpieFeaturizer();
  assert.deepEqual(table.columns, ['id', 'composition', 'target', ...featurizer.labels]);
  assert.deepEqual(Array.from(table.column('id') as Float64Array), [1, 2, 6]);
  assert.deepEqual(table.column('composition'), ['Fe2O3', 'CuSO4·5H2O', 'Fe0.62Ni0.19Cr0.19']);
  const expected = featurizer.featurizeMany(['Fe2O3', 'CuSO4·5H2O', 'Fe0.62Ni0.19Cr0.19']);
  const written = table.matrix(featurizer.labels);
  assert.deepEqual(Array.from(written), Array.from(expected)); // shortest round-trip text: exact
  const sidecar = parseCsv(readFileSync(`${out}.skipped.csv`, 'utf8'), { file: 'sidecar', allowMissing: true });
  assert.deepEqual(Array.from(sidecar.column('line') as Float64Array), [4, 5, 6]);
  assert.deepEqual(sidecar.column('formula'), ['Fe2Xx3', '', 'Ca(OH']);
  assert.match((sidecar.column('reason') as string[])[0]!, /unknown element symbol "Xx"/);
});

test('composition featurize: --features-only, --no-impute, and clear errors for options and columns', () => {
  const { dir, out } = setup();
  const data = join(dir, 'gases.csv');
  writeFileSync(data, 'composition\nHe\nNaCl\n');
  const r = run(['composition', 'featurize', '--data', data, '--out', out, '--features-only', '--no-impute']);
  assert.equal(r.status, 0, r.stderr);
  const table = parseCsv(readFileSync(out, 'utf8'), { file: out, allowMissing: true });
  assert.equal(table.columns.length, 1 + 146);
  assert.ok(Number.isNaN(table.numeric('MagpieData mean Electronegativity')[0]!)); // He has no value: empty cell
  assert.ok(Math.abs(table.numeric('MagpieData mean Electronegativity')[1]! - (0.93 + 3.16) / 2) < 1e-12);
  const missing = run(['composition', 'featurize', '--data', data, '--out', out, '--formula-column', 'comp']);
  assert.equal(missing.status, 1);
  assert.match(missing.stderr, /gases\.csv:1: column "comp": required column not found in the header \(columns: "composition"\)/);
  const bad = run(['composition', 'featurize', '--data', data, '--out', out, '--frobnicate']);
  assert.equal(bad.status, 1);
  assert.match(bad.stderr, /Unknown option '--frobnicate'/);
  assert.match(run(['composition', 'featurize', '--out', out]).stderr, /--data FILE is required/);
  assert.match(run(['composition', 'featurize', '--data', join(dir, 'nope.csv'), '--out', out]).stderr, /nope\.csv: cannot read the file: no such file/);
  const help = run(['composition', '--help']);
  assert.equal(help.status, 0);
  assert.match(help.stdout, /featurize/);
  assert.equal(run(['composition', 'frobnicate']).status, 2);
  assert.match(run(['composition', 'featurize', '--help']).stdout, /--skip-invalid/);
});

test('composition leakage: exact and near duplicates across two files with lines, JSON report; duplicates within one file', () => {
  const { dir } = setup();
  const train = join(dir, 'train.csv');
  const testFile = join(dir, 'test.csv');
  writeFileSync(train, 'composition,y\nFe2O3,1\nNaCl,2\nFe0.62Ni0.38,3\nSiO2,4\nFe4O6,5\n');
  writeFileSync(testFile, 'composition,y\nO3Fe2,1\nKCl,2\nFe0.625Ni0.375,3\nCu,4\n');
  const json = join(dir, 'leak.json');
  const r = run(['composition', 'leakage', '--train', train, '--test', testFile, '--out', json]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^1 of 4 .*test\.csv compositions \(25\.0 %\) also occur in .*train\.csv \(same reduced formula\): 2 pairs/);
  assert.match(r.stdout, /test\.csv:4 Fe0\.625Ni0\.375 {2}~ {2}.*train\.csv:4 Fe0\.62Ni0\.38 {2}\(distance 0\.01\)/);
  const report = JSON.parse(readFileSync(json, 'utf8')) as { exact: { train: { line: number } }[]; testRowsWithExact: number[]; testRowsWithNearOnly: number[]; sharedSystems: string[] };
  assert.deepEqual(report.exact.map((p) => p.train.line), [2, 6]);
  assert.deepEqual(report.testRowsWithExact, [2]);
  assert.deepEqual(report.testRowsWithNearOnly, [4]);
  assert.deepEqual(report.sharedSystems, ['Fe-Ni', 'Fe-O']);
  const within = run(['composition', 'leakage', '--data', train]);
  assert.equal(within.status, 0, within.stderr);
  assert.match(within.stdout, /5 compositions, 4 chemical systems; 1 compositions occur more than once \(2 rows\)\n {2}line 2 Fe2O3 = line 6 Fe4O6/);
  assert.match(run(['composition', 'leakage', '--train', train]).stderr, /--train FILE and --test FILE are required/);
  assert.match(run(['composition', 'leakage', '--data', train, '--tolerance', 'x']).stderr, /--tolerance must be a number ≥ 0, got x/);
});
