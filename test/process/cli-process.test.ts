import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('../../../', import.meta.url).pathname;
const bin = join(root, 'bin', 'tensorite.js');
const run = (args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', cwd: root });

test('process monitor (PCA) on the bundled TEP data writes the table, scores and report', () => {
  const out = mkdtempSync(join(tmpdir(), 'tensorite-monitor-'));
  const r = run(['process', 'monitor', '--method', 'pca', '--quiet', '--out', out]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /IDV\(21\)/);
  const metrics = JSON.parse(readFileSync(join(out, 'metrics.json'), 'utf8')) as { table: { run: string }[] };
  assert.equal(metrics.table.length, 22);
  for (const f of ['report.html', 'detection.csv', 'pca-model.json', 'config.json', 'scores/IDV_5_.csv']) assert.ok(existsSync(join(out, f)), f);
  const html = readFileSync(join(out, 'report.html'), 'utf8');
  assert.match(html, /Detection per fault/);
  assert.match(html, /fault onset/);
});

test('process monitor (AE): detector settings in metrics.json; a bad --normalisation is named', () => {
  const out = mkdtempSync(join(tmpdir(), 'tensorite-monitor-ae-'));
  const r = run(['process', 'monitor', '--method', 'ae', '--epochs', '1', '--folds', '2', '--normalisation', 'pooled', '--amplitudes', '1,2', '--quiet', '--out', out]);
  assert.equal(r.status, 0, r.stderr);
  const metrics = JSON.parse(readFileSync(join(out, 'metrics.json'), 'utf8')) as { statistics: { name: string; limit: number; settings?: { normalisation: string; amplitudes: number[]; thresholdFrom: string } }[]; notes: string[] };
  const ae = metrics.statistics.find((s) => s.name === 'AE')!;
  assert.equal(ae.settings!.normalisation, 'pooled');
  assert.deepEqual(ae.settings!.amplitudes, [1, 2]);
  assert.match(ae.settings!.thresholdFrom, /2-fold out-of-fold/);
  assert.ok(metrics.notes.some((n) => /scaled by 1, 2/.test(n)), metrics.notes.join('\n'));
  const bad = run(['process', 'monitor', '--method', 'ae', '--normalisation', 'robust', '--quiet', '--out', join(out, 'x')]);
  assert.equal(bad.status, 1);
  assert.match(bad.stderr, /--normalisation must be floored, variable, pooled, got "robust"/);
});

test('process forecast on a user CSV: predictions in engineering units, future rows, report; bad files are located', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tensorite-forecast-'));
  const lines = ['timestamp,T,P'];
  for (let i = 0; i < 120; i++) {
    const t = new Date(Date.UTC(2024, 0, 1, 0, i)).toISOString();
    lines.push(`${t},${(350 + 5 * Math.sin(i / 6)).toFixed(3)},${i === 40 ? '' : (1000 + 20 * Math.cos(i / 9)).toFixed(2)}`);
  }
  const csv = join(dir, 'plant.csv');
  writeFileSync(csv, `${lines.join('\n')}\n`);
  const out = join(dir, 'run');
  const r = run(['process', 'forecast', '--data', csv, '--time-column', 'timestamp', '--targets', 'T', '--lookback', '6', '--horizon', '3', '--epochs', '2', '--quiet', '--out', out]);
  assert.equal(r.status, 0, r.stderr);
  const preds = readFileSync(join(out, 'predictions.csv'), 'utf8').split('\n');
  assert.match(preds[0]!, /actual.*persistence.*ridge.*median.*lower.*upper/);
  const actual = Number(preds[1]!.split(',')[4]);
  assert.ok(actual > 340 && actual < 360, `engineering units: ${actual}`);
  const future = readFileSync(join(out, 'future.csv'), 'utf8').trim().split('\n');
  assert.equal(future.length, 1 + 3);
  for (const f of ['metrics.json', 'model.safetensors', 'scalers.json', 'report.html']) assert.ok(existsSync(join(out, f)), f);

  const s2s = run(['process', 'forecast', '--data', csv, '--time-column', 'timestamp', '--targets', 'T,P', '--lookback', '6', '--horizon', '2', '--model', 'seq2seq', '--hidden', '8', '--epochs', '1', '--quiet', '--out', join(dir, 's2s')]);
  assert.equal(s2s.status, 0, s2s.stderr);
  assert.match(readFileSync(join(dir, 's2s', 'report.html'), 'utf8'), /Seq2Seq attention/);
  const soft = run(['process', 'softsensor', '--data', csv, '--time-column', 'timestamp', '--targets', 'P', '--lookback', '4', '--model', 'gru', '--hidden', '8', '--epochs', '1', '--quiet', '--out', join(dir, 'soft')]);
  assert.equal(soft.status, 0, soft.stderr);
  assert.match(soft.stdout, /P: RMSE at step 1 — training mean/);

  const dup = join(dir, 'dup.csv');
  writeFileSync(dup, 'time,A\n1,2\n2,3\n2,4\n');
  const bad = run(['process', 'forecast', '--data', dup, '--time-column', 'time', '--targets', 'A', '--quiet', '--out', join(dir, 'x')]);
  assert.equal(bad.status, 1);
  assert.match(bad.stderr, /dup\.csv:4: column "time": duplicate time stamp/);
  const short = run(['process', 'forecast', '--data', csv, '--time-column', 'timestamp', '--targets', 'T', '--lookback', '100', '--horizon', '30', '--quiet', '--out', join(dir, 'y')]);
  assert.equal(short.status, 1);
  assert.match(short.stderr, /120 rows is shorter than lookback \+ horizon = 100 \+ 30/);
});
