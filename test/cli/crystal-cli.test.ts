import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { syntheticCrystalCsv } from '../helpers/crystal-csv.js';

const root = new URL('../../../', import.meta.url).pathname;
const bin = join(root, 'bin', 'tensorite.js');

function run(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', cwd: root });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const SMALL = ['--epochs', '3', '--batch-size', '8', '--atom-fea-len', '8', '--n-conv', '1', '--h-fea-len', '8', '--radius', '5', '--max-neighbors', '6', '--optim', 'Adam', '--lr', '0.01', '--quiet'];

test('crystal train writes a run directory; crystal predict reuses it with per-atom contributions', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tensorite-crystal-'));
  const csv = join(dir, 'syn.csv');
  writeFileSync(csv, syntheticCrystalCsv(30));
  const out = join(dir, 'train');
  const r = run(['crystal', 'train', csv, ...SMALL, '--repeats', '2', '--out', out]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /seed 123: val MAE [\d.]+, test MAE [\d.]+\nseed 124/);
  for (const f of ['config.json', 'metrics.json', 'predictions.csv', 'weights.safetensors', 'model.json', 'normalizer.json', 'atom_init.json', 'learning-curve.svg', 'parity.svg', 'report.html']) {
    assert.ok(existsSync(join(out, f)), `missing ${f}`);
  }
  const metrics = JSON.parse(readFileSync(join(out, 'metrics.json'), 'utf8')) as { nTrain: number; nTest: number; officialSplit: boolean; seeds: unknown[] };
  assert.deepEqual([metrics.nTrain, metrics.nTest, metrics.officialSplit, metrics.seeds.length], [24, 3, true, 2]);
  assert.match(readFileSync(join(out, 'predictions.csv'), 'utf8').split('\n')[0]!, /^id,split,target,prediction,prediction_seed123,prediction_seed124/);

  const pred = join(dir, 'pred');
  const p = run(['crystal', 'predict', '--model', out, csv, '--out', pred]);
  assert.equal(p.status, 0, p.stderr);
  assert.match(p.stdout, /30 predictions, MAE [\d.]+/);
  const atoms = readFileSync(join(pred, 'atom_contributions.csv'), 'utf8').trim().split('\n');
  assert.equal(atoms[0], 'id,site,element,contribution');
  assert.equal(atoms.length, 1 + 45); // 15 one-atom and 15 two-atom cells
  assert.match(atoms[3]!, /^c1,1,Cl,/);
});

test('crystal train: bad input names the file and line; bad flags name the flag', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tensorite-crystal-'));
  const csv = join(dir, 'bad.csv');
  writeFileSync(csv, syntheticCrystalCsv(3).replace('direct\n0 0 0\n"\nc1', 'direct\n0 0 zero\n"\nc1'));
  const r = run(['crystal', 'train', csv, ...SMALL, '--out', join(dir, 'o')]);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /bad\.csv:10: .*expected a number, got "zero"/);
  const flag = run(['crystal', 'train', csv, '--epochs', 'ten']);
  assert.match(flag.stderr, /--epochs: expected an integer ≥ 1, got "ten"/);
  const help = run(['crystal', '--help']);
  assert.equal(help.status, 0);
  assert.match(help.stdout, /tensorite crystal train/);
});
