import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataError, ValueError } from '../../src/core/errors.js';
import { createRunDirectory, openRunDirectory, runTimestamp } from '../../src/node/run-directory.js';
import { tensor } from '../../src/tensor/ops/creation.js';
import { VERSION } from '../../src/version.js';

function scratch(t: { after: (fn: () => void) => void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'tensorite-run-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

test('runTimestamp is YYYYMMDD-HHMMSS in UTC', () => {
  assert.equal(runTimestamp(new Date('2026-01-02T03:04:05Z')), '20260102-030405');
  assert.equal(runTimestamp(new Date('1999-12-31T23:59:59.999Z')), '19991231-235959');
});

test('new runs get a folder named by command and time; same-second runs get distinct folders', (t) => {
  const root = join(scratch(t), 'runs');
  const now = new Date('2026-03-04T05:06:07Z');
  const a = createRunDirectory({ command: 'composition-train', root, now });
  const b = createRunDirectory({ command: 'composition-train', root, now });
  const c = createRunDirectory({ command: 'composition-train', root, now });
  assert.equal(a.path, join(root, 'composition-train-20260304-050607'));
  assert.equal(b.path, join(root, 'composition-train-20260304-050607-2'));
  assert.equal(c.path, join(root, 'composition-train-20260304-050607-3'));
  assert.deepEqual(readdirSync(root).sort(), ['composition-train-20260304-050607', 'composition-train-20260304-050607-2', 'composition-train-20260304-050607-3']);
  assert.throws(() => createRunDirectory({ command: '../evil', root }), ValueError);
  assert.throws(() => createRunDirectory({ command: '', root }), ValueError);
});

test('--out uses the given folder (creating parents); a file there is an error', (t) => {
  const dir = scratch(t);
  const out = join(dir, 'a', 'b');
  const run = createRunDirectory({ command: 'x', out });
  assert.equal(run.path, out);
  run.writeText('note.txt', 'one');
  const again = createRunDirectory({ command: 'x', out });
  again.writeText('note.txt', 'two');
  assert.equal(readFileSync(join(out, 'note.txt'), 'utf8'), 'two');
  writeFileSync(join(dir, 'file'), '');
  assert.throws(() => createRunDirectory({ command: 'x', out: join(dir, 'file') }), DataError);
});

test('writes JSON, CSV, SVG, text and safetensors; lists and reads them back', (t) => {
  const run = createRunDirectory({ command: 'demo', out: join(scratch(t), 'run') });
  const config = run.writeConfig({ data: 'steels.csv', epochs: 3 }, new Date('2026-01-01T00:00:00Z'));
  run.writeJson('metrics.json', { mae: 1.5, bad: NaN });
  run.writeCsv('predictions.csv', { formula: ['Fe,C', 'Ni'], y: [1, 2.5] });
  run.writeSvg('plots/parity.svg', '<svg xmlns="http://www.w3.org/2000/svg"></svg>');
  run.writeSafetensors('folds/1/model.safetensors', { w: tensor([[1, 2], [3, 4]]) }, { kind: 'mlp' });
  assert.deepEqual(run.written, ['config.json', 'metrics.json', 'predictions.csv', 'plots/parity.svg', 'folds/1/model.safetensors']);
  assert.deepEqual(run.list(), ['config.json', 'folds/1/model.safetensors', 'metrics.json', 'plots/parity.svg', 'predictions.csv']);

  assert.equal(config.versions.tensorite, VERSION);
  assert.equal(config.versions.node, process.version);
  const opened = openRunDirectory(run.path);
  assert.equal(opened.command, 'demo');
  assert.deepEqual(opened.readJson('config.json'), JSON.parse(JSON.stringify(config)));
  assert.deepEqual(opened.readJson('metrics.json'), { mae: 1.5, bad: null });
  assert.equal(opened.readText('predictions.csv'), 'formula,y\n"Fe,C",1\nNi,2.5\n');
  assert.deepEqual(opened.readSafetensors('folds/1/model.safetensors')['w']!.toArray(), [[1, 2], [3, 4]]);
  assert.ok(opened.has('metrics.json'));
  assert.ok(!opened.has('missing.json'));
  assert.throws(() => opened.readJson('missing.json'), (e: unknown) => e instanceof DataError && /missing\.json/.test(e.message));
  opened.writeText('broken.json', '{');
  assert.throws(() => opened.readJson('broken.json'), (e: unknown) => e instanceof DataError && /expected JSON/.test(e.message));
});

test('file names may not leave the run folder', (t) => {
  const run = createRunDirectory({ command: 'demo', out: join(scratch(t), 'run') });
  assert.throws(() => run.writeText('../escape.txt', 'x'), ValueError);
  assert.throws(() => run.writeText('a/../../escape.txt', 'x'), ValueError);
  assert.throws(() => run.writeText('/etc/passwd', 'x'), ValueError);
  assert.throws(() => run.writeText('', 'x'), ValueError);
});

test('openRunDirectory names a missing folder', (t) => {
  const dir = scratch(t);
  assert.throws(() => openRunDirectory(join(dir, 'nope')), (e: unknown) => e instanceof DataError && /nope/.test(e.message) && /no such run directory/.test(e.message));
  writeFileSync(join(dir, 'f'), '');
  assert.throws(() => openRunDirectory(join(dir, 'f')), DataError);
});
