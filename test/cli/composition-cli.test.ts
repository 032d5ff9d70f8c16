import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseCsv } from '../../src/data/csv.js';

const root = new URL('../../../', import.meta.url).pathname;
const bin = join(root, 'bin', 'tensorite.js');

function run(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', cwd: root, env: { ...process.env, CI: '1' } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function scratch(t: { after: (fn: () => void) => void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'tensorite-comp-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A small data set: Fe–Ni–O compositions with a target that depends on the fractions. */
function toyCsv(rows: number, extra = ''): string {
  const lines = ['name,formula,strength'];
  for (let i = 0; i < rows; i++) {
    const fe = 1 + (i % 7);
    const o = 1 + ((i * 3) % 5);
    const ni = 1 + ((i * 5) % 3);
    const total = fe + o + ni;
    lines.push(`s${i},Fe${fe}Ni${ni}O${o},${(100 + 300 * (fe / total) - 80 * (o / total)).toFixed(3)}`);
  }
  return `${lines.join('\n')}\n${extra}`;
}

/** `composition predict` with the run's saved model gives exactly the run's saved-model predictions. */
function assertPredictReproduces(dir: string, out: string, data: string, rows: number): void {
  const saved = parseCsv(readFileSync(join(out, 'predictions.csv'), 'utf8'), { file: 'predictions.csv' });
  assert.equal(saved.rows, rows);
  const predicted = join(dir, 'pred.csv');
  const p = run(['composition', 'predict', '--model', out, '--data', data, '--out', predicted]);
  assert.equal(p.status, 0, p.stderr);
  const again = parseCsv(readFileSync(predicted, 'utf8'), { file: 'pred.csv' });
  assert.deepEqual([...again.numeric('prediction')], [...saved.numeric('model_prediction')]);
  assert.deepEqual([...again.numeric('uncertainty')], [...saved.numeric('model_uncertainty')]);
  assert.ok([...again.numeric('uncertainty')].every((u) => u >= 0));
}

const FAST = ['--members', '2', '--epochs', '15', '--quiet'];

test('composition train writes a run folder; predict on the saved run reproduces its predictions', (t) => {
  const dir = scratch(t);
  const data = join(dir, 'toy.csv');
  writeFileSync(data, toyCsv(40));
  const out = join(dir, 'run');
  const r = run(['composition', 'train', '--data', data, '--formula-column', 'formula', '--target', 'strength', '--cv', 'kfold:2', '--out', out, ...FAST]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /mean mae over 2 folds/);
  for (const f of ['config.json', 'metrics.json', 'predictions.csv', 'model.json', 'model.safetensors', 'parity.svg', 'learning-curves.svg', 'report.html']) {
    assert.ok(existsSync(join(out, f)), f);
  }
  const metrics = JSON.parse(readFileSync(join(out, 'metrics.json'), 'utf8')) as { folds: { mae: number }[]; summary: { mae: { mean: number } } };
  assert.equal(metrics.folds.length, 2);
  assert.ok(Math.abs(metrics.summary.mae.mean - (metrics.folds[0]!.mae + metrics.folds[1]!.mae) / 2) < 1e-9);
  const html = readFileSync(join(out, 'report.html'), 'utf8');
  assert.match(html, /<svg/);
  assert.match(html, /Cross-validation/);
  assert.doesNotMatch(html, /<script/);

  // A run of one later fold alone writes its report too.
  const single = run(['composition', 'train', '--data', data, '--formula-column', 'formula', '--target', 'strength', '--cv', 'kfold:2', '--folds', '2', '--out', join(dir, 'fold2'), ...FAST]);
  assert.equal(single.status, 0, single.stderr);
  assert.match(readFileSync(join(dir, 'fold2', 'report.html'), 'utf8'), /Only fold 2 of 2 was run/);
  const fold2 = JSON.parse(readFileSync(join(dir, 'fold2', 'metrics.json'), 'utf8')) as { folds: { fold: number; mae: number }[] };
  assert.equal(fold2.folds[0]!.fold, 2);
  assert.equal(fold2.folds[0]!.mae, metrics.folds[1]!.mae, 'a fold run alone gives the same result as in the full run');

  assertPredictReproduces(dir, out, data, 40);
});

test('bad input fails naming file, line and column; --skip-invalid lists every skipped row in the report', (t) => {
  const dir = scratch(t);
  const data = join(dir, 'bad.csv');
  writeFileSync(data, toyCsv(30, 'x1,Fe2Xx3,100\nx2,NiO,abc\nx3,Fe2(O3,100\nx4,FeO,\n'));
  const args = ['composition', 'train', '--data', data, '--formula-column', 'formula', '--target', 'strength', '--cv', 'kfold:2', ...FAST];
  const bad = run([...args, '--out', join(dir, 'a')]);
  assert.equal(bad.status, 1);
  assert.match(bad.stderr, new RegExp(`${data.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:32: column "formula": [^\\n]*unknown element symbol "Xx"`));
  const out = join(dir, 'b');
  const ok = run([...args, '--skip-invalid', '--out', out]);
  assert.equal(ok.status, 0, ok.stderr);
  assert.match(ok.stdout, /skipped 4 invalid rows/);
  const html = readFileSync(join(out, 'report.html'), 'utf8');
  for (const [line, column] of [[32, 'formula'], [33, 'strength'], [34, 'formula'], [35, 'strength']] as const) {
    assert.match(html, new RegExp(`line ${line}, column &quot;${column}&quot;: [^<]* — skipped`));
  }
  const missing = run(['composition', 'train', '--data', data, '--formula-column', 'formula', '--target', 'nope', ...FAST]);
  assert.equal(missing.status, 1);
  assert.match(missing.stderr, /column "nope"/);
  const noFile = run(['composition', 'train', '--data', join(dir, 'none.csv'), '--target', 'y']);
  assert.equal(noFile.status, 1);
  assert.match(noFile.stderr, /none\.csv: cannot read the file: no such file/);
});

test('predict names bad rows and a folder that holds no model', (t) => {
  const dir = scratch(t);
  const r = run(['composition', 'predict', '--model', dir, '--data', join(dir, 'x.csv')]);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /model\.json: no saved model here/);
});

test('composition train --select chooses inside each training fold and reports every candidate; bad values are named', (t) => {
  const dir = scratch(t);
  const data = join(dir, 'toy.csv');
  writeFileSync(data, toyCsv(40));
  const out = join(dir, 'sel');
  const r = run(['composition', 'train', '--data', data, '--formula-column', 'formula', '--target', 'strength', '--cv', 'kfold:2', '--folds', '1', '--select', 'inner-cv', '--members', '5', '--epochs', '3', '--quiet', '--out', out]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /inner selection: 64-64 [\d.]+ · .*→ /);
  const metrics = JSON.parse(readFileSync(join(out, 'metrics.json'), 'utf8')) as { folds: { selection: { candidates: { label: string }[]; chosen: string[] } }[] };
  const sel = metrics.folds[0]!.selection;
  assert.equal(sel.candidates.length, 6);
  assert.equal(sel.chosen.length, 1);
  assert.ok(sel.candidates.some((c) => c.label === sel.chosen[0]));
  assert.match(readFileSync(join(out, 'report.html'), 'utf8'), /inner out-of-fold MAE on its training rows/);
  const bad = run(['composition', 'train', '--data', data, '--formula-column', 'formula', '--target', 'strength', '--select', 'test-folds']);
  assert.notEqual(bad.status, 0);
  assert.match(bad.stderr, /--select must be inner-cv or inner-cv-pool/);
});

test('composition train --select-features with weight fractions: the kept columns are saved and predict reproduces the run', (t) => {
  const dir = scratch(t);
  const data = join(dir, 'toy.csv');
  writeFileSync(data, toyCsv(40));
  const out = join(dir, 'sel');
  const r = run(['composition', 'train', '--data', data, '--formula-column', 'formula', '--target', 'strength', '--cv', 'kfold:2', '--out', out, '--select-features', '6', '--features', 'magpie,wfractions,logwfractions', ...FAST]);
  assert.equal(r.status, 0, r.stderr);
  const model = JSON.parse(readFileSync(join(out, 'model.json'), 'utf8')) as {
    parts: { encoder: { blocks: Record<string, boolean>; preprocessor: { kept: number[] }; selection: { count: number; chosen: { label: string }[] } } }[];
  };
  assert.equal(model.parts.length, 2);
  for (const part of model.parts) {
    assert.equal(part.encoder.preprocessor.kept.length, 6, 'six input columns per fold');
    assert.equal(part.encoder.selection.chosen.length, 6);
    assert.equal(part.encoder.blocks.weightFractions, true);
    assert.equal(part.encoder.blocks.fractions, false);
  }
  const html = readFileSync(join(out, 'report.html'), 'utf8');
  assert.match(html, /relevance–redundancy/);
  assert.match(html, /weight fractions/);
  assertPredictReproduces(dir, out, data, 40);

  const bad = run(['composition', 'train', '--data', data, '--formula-column', 'formula', '--target', 'strength', '--select-features', '0']);
  assert.match(bad.stderr, /--select-features must be a positive integer/);
  const badBlock = run(['composition', 'train', '--data', data, '--formula-column', 'formula', '--target', 'strength', '--features', 'magpie,wt']);
  assert.match(badBlock.stderr, /--features takes magpie, fractions, logfractions, wfractions, logwfractions/);
});
