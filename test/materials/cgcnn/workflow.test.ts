import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { DataError, manualSeed } from '../../../src/index.js';
import {
  AtomFeatureTable, crystalGraphsFromRecords, crystalRecordsFromCsv, crystalRecordsFromIdProp, predictCgcnn, trainCgcnn,
} from '../../../src/materials/cgcnn/index.js';
import { cubicPoscar, syntheticCrystalCsv } from '../../helpers/crystal-csv.js';

const cif = 'data_x\n_cell_length_a 3\n_cell_length_b 3\n_cell_length_c 3\n_cell_angle_alpha 90\n_cell_angle_beta 90\n_cell_angle_gamma 90\nloop_\n_atom_site_label\n_atom_site_type_symbol\n_atom_site_fract_x\n_atom_site_fract_y\n_atom_site_fract_z\nCu1 Cu 0 0 0\n';
const table = AtomFeatureTable.fromJSON(readFileSync(new URL('../../../../data/structures/cgcnn-sample/atom_init.json', import.meta.url), 'utf8'), 'atom_init.json');

test('crystalRecordsFromCsv reads ids, targets, splits and POSCAR or CIF cells', () => {
  const csv = syntheticCrystalCsv(4);
  const records = crystalRecordsFromCsv(csv, 'x.csv');
  assert.deepEqual(records.map((r) => [r.id, r.split, r.structure.numSites]), [['c0', 'test', 1], ['c1', 'train', 2], ['c2', 'train', 1], ['c3', 'train', 2]]);
  assert.equal(records[1]!.target, 1);
  const fromCif = crystalRecordsFromCsv(`name,structure,gap\nq,"${cif}",1.5\n`, 'y.csv', { targetColumn: 'gap' });
  assert.deepEqual([fromCif[0]!.id, fromCif[0]!.structure.numSites, fromCif[0]!.target], ['q', 1, 1.5]);
});

test('crystalRecordsFromCsv errors name the file, the line inside the CSV and the column', () => {
  const bad = `id,target,poscar\na,1,"${cubicPoscar(3, [['Cu', 0, 0, 0]])}"\nb,2,"${cubicPoscar(3, [['Cu', 0, 0, 0]]).replace('0 0 3\n', '0 0 x\n')}"\n`;
  assert.throws(() => crystalRecordsFromCsv(bad, 'bad.csv'), (e: unknown) => e instanceof DataError && e.file === 'bad.csv' && e.line === 16 && /lattice vector 3/.test(e.message));
  assert.throws(() => crystalRecordsFromCsv('id,poscar\na,"x"\n', 'n.csv'), /n\.csv:1: expected a target column/);
  assert.throws(() => crystalRecordsFromCsv(syntheticCrystalCsv(2).replace(',test,', ',holdout,'), 's.csv'), /s\.csv:2: column "split": expected train, val or test, got "holdout"/);
  assert.deepEqual(crystalRecordsFromIdProp('a,1\nb,2\n', 'id_prop.csv', (id) => ({ text: cif, source: `${id}.cif` })).map((r) => [r.id, r.target]), [['a', 1], ['b', 2]]);
  assert.throws(() => crystalRecordsFromIdProp('a,1\nb,oops\n', 'id_prop.csv', (id) => ({ text: cif, source: `${id}.cif` })), /id_prop\.csv:2: column 2: expected a number/);
});

test('trainCgcnn learns synthetic cubic crystals; predictCgcnn gives per-atom contributions', async () => {
  manualSeed(0);
  const records = crystalRecordsFromCsv(syntheticCrystalCsv(40), 'syn.csv');
  const graphs = crystalGraphsFromRecords(records, table, { radius: 5, maxNeighbors: 6 });
  const train = graphs.filter((_, i) => records[i]!.split === 'train');
  const val = graphs.filter((_, i) => records[i]!.split === 'val');
  const small = { atomFeaLen: 8, nConv: 1, hFeaLen: 8, batchSize: 8, optimizer: 'Adam' as const, lr: 0.01, seed: 1 };
  const result = await trainCgcnn({ ...small, train, val, epochs: 12 });
  const maes = result.history.records.map((r) => r.metrics['mae']!);
  assert.equal(maes.length, 12);
  assert.ok(Math.min(...maes) < 0.5 * maes[0]!, `validation MAE ${maes.map((m) => m.toFixed(3)).join(' ')}`);
  assert.equal(Math.min(...maes), maes[result.bestEpoch - 1], 'the best validation epoch is kept');
  const rows = predictCgcnn(result.model, result.normalizer, val);
  const maeKept = rows.reduce((a, r) => a + Math.abs(r.prediction - r.target!), 0) / rows.length;
  assert.ok(Math.abs(maeKept - Math.min(...maes)) < 1e-4, `${maeKept} vs ${Math.min(...maes)}`);
  // a one-atom cell: every atom has the same environment, so the contribution equals the prediction
  const test = predictCgcnn(result.model, result.normalizer, graphs.filter((_, i) => records[i]!.split === 'test'));
  const single = test.find((r) => r.atomContributions.length === 1)!;
  assert.ok(Math.abs(single.atomContributions[0]! - single.prediction) < 1e-4);
  const pair = rows.find((r) => r.atomContributions.length === 2)!;
  assert.notEqual(pair.atomContributions[0], pair.atomContributions[1]);
});

test('trainCgcnn classification: NLL on log-probabilities, predictions are class-1 probabilities', async () => {
  const records = crystalRecordsFromCsv(syntheticCrystalCsv(30), 'syn.csv');
  // class 1: the CsCl-type pairs (they contain Cl), class 0: one-atom cells
  const graphs = crystalGraphsFromRecords(records, table, { radius: 5, maxNeighbors: 6 }).map((g) => ({ ...g, target: g.numAtoms === 2 ? 1 : 0 }));
  const train = graphs.filter((_, i) => records[i]!.split === 'train');
  const val = graphs.filter((_, i) => records[i]!.split !== 'train'); // 3 of each class
  const result = await trainCgcnn({ train, val, classification: true, atomFeaLen: 8, nConv: 1, hFeaLen: 8, batchSize: 8, optimizer: 'Adam', lr: 0.01, epochs: 10, seed: 3 });
  assert.deepEqual([result.normalizer.mean, result.normalizer.std], [0, 1]);
  const losses = result.history.records.map((r) => r.valLoss!);
  assert.ok(Math.min(...losses) < losses[0]!, `validation NLL ${losses.map((l) => l.toFixed(3)).join(' ')}`);
  const rows = predictCgcnn(result.model, result.normalizer, graphs);
  assert.ok(rows.every((r) => r.prediction >= 0 && r.prediction <= 1));
  const accuracy = rows.filter((r) => (r.prediction >= 0.5 ? 1 : 0) === r.target).length / rows.length;
  assert.ok(accuracy >= 0.9, `accuracy ${accuracy}`);
  await assert.rejects(trainCgcnn({ train: graphs.map((g) => ({ ...g, target: 2 })), classification: true, epochs: 1 }), /class 2; expected 0 or 1/);
});
