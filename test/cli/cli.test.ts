import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
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

test('demo trains and its validation error falls well below the target variance', () => {
  const r = run(['demo', '--epochs', '30']);
  assert.equal(r.status, 0, r.stderr);
  const m = /final validation MSE ([\d.]+) \(variance of the targets ≈ ([\d.]+)\)/.exec(r.stdout);
  assert.ok(m, r.stdout);
  assert.ok(Number(m[1]) < 0.1 * Number(m[2]), r.stdout);
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
