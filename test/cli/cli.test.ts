import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { VERSION } from '../../src/version.js';

const root = new URL('../../../', import.meta.url).pathname;
const bin = join(root, 'bin', 'tensorite.js');

function run(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', cwd: root });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('VERSION equals package.json version and --version prints it', () => {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
  assert.equal(VERSION, pkg.version);
  const r = run(['--version']);
  assert.equal(r.status, 0);
  assert.equal(r.stdout.trim(), pkg.version);
});

test('--help lists the commands; an unknown command fails with usage', () => {
  const help = run(['--help']);
  assert.equal(help.status, 0);
  assert.match(help.stdout, /demo/);
  const bad = run(['frobnicate']);
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /unknown command "frobnicate"/);
});

test('demo runs the composition workflow on bundled steels and beats predicting the mean', (t) => {
  const out = mkdtempSync(join(root, 'dist', 'demo-'));
  t.after(() => rmSync(out, { recursive: true, force: true }));
  const r = run(['demo', '--members', '1', '--epochs', '40', '--max-folds', '1', '--quiet', '--out', out]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /matbench_steels/);
  const metrics = JSON.parse(readFileSync(join(out, 'metrics.json'), 'utf8')) as { folds: { mae: number; testSize: number }[] };
  assert.equal(metrics.folds.length, 1);
  // The mean-predictor baseline on the same fold, computed here from the bundled data and folds.
  const rows = readFileSync(join(root, 'data', 'matbench', 'matbench_steels.csv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));
  const folds = JSON.parse(readFileSync(join(root, 'data', 'matbench', 'official_test_folds.json'), 'utf8')) as { folds: Record<string, Record<string, string[]>> };
  const test0 = new Set(folds.folds['matbench_steels']!['fold_0']);
  const train = rows.filter((r) => !test0.has(r[0]!)).map((r) => Number(r[2]));
  const tested = rows.filter((r) => test0.has(r[0]!)).map((r) => Number(r[2]));
  const mean = train.reduce((s, v) => s + v, 0) / train.length;
  const baseline = tested.reduce((s, v) => s + Math.abs(v - mean), 0) / tested.length;
  assert.equal(metrics.folds[0]!.testSize, tested.length);
  assert.ok(metrics.folds[0]!.mae < 0.8 * baseline, `MAE ${metrics.folds[0]!.mae} vs mean-predictor ${baseline}`);
  assert.match(readFileSync(join(out, 'report.html'), 'utf8'), /Against the published leaderboard|Cross-validation/);
  const bad = run(['demo', '--epochs', 'zero']);
  assert.equal(bad.status, 1);
  assert.match(bad.stderr, /--epochs must be a positive integer/);
});

test("a script inside the repository imports the package by name ('tensorite')", () => {
  const dir = mkdtempSync(join(root, 'dist', 'selfref-'));
  const script = join(dir, 'use.mjs');
  writeFileSync(script, [
    "import { tensor, nn, optim, loadSafetensors } from 'tensorite';",
    'const lin = new nn.Linear(2, 1);',
    'const opt = new optim.SGD(lin.parameters(), { lr: 0.1 });',
    'const y = lin.forward(tensor([[1, 2]])).sum();',
    'opt.zeroGrad(); y.backward(); opt.step();',
    "console.log(typeof loadSafetensors, y.shape.length);",
  ].join('\n'));
  const r = spawnSync(process.execPath, [script], { encoding: 'utf8', cwd: root });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout.trim(), 'function 0');
});
