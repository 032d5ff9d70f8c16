import { test } from 'node:test';
import assert from 'node:assert/strict';
import { manualSeed } from '../../../src/core/random.js';
import { Composition } from '../../../src/materials/composition/composition.js';
import { CompositionModel } from '../../../src/materials/composition/models/composition-model.js';
import { ElementAttentionNet } from '../../../src/materials/composition/models/element-attention.js';
import { ElementSequenceEncoder, elementEmbeddingTable } from '../../../src/materials/composition/models/element-sequence-encoder.js';
import { fitCompositionModel } from '../../../src/materials/composition/models/fit-model.js';
import { crabnetElementVector } from '../../../src/materials/elements/crabnet.js';

test('the element table holds mat2vec vectors by atomic number, row 0 padding', () => {
  const { data, width } = elementEmbeddingTable('mat2vec');
  assert.equal(width, 200);
  assert.equal(data.length, 119 * 200);
  assert.ok(data.slice(0, 200).every((v) => v === 0));
  const fe = crabnetElementVector('mat2vec', 'Fe')!;
  assert.ok(Math.abs(data[26 * 200 + 5]! - fe[5]!) < 1e-6);
});

test('the sequence encoder pads to the longest composition and encodes fractions', () => {
  const enc = new ElementSequenceEncoder('mat2vec', 16);
  const [index, fraction, encoding] = enc.encode([Composition.parse('Fe2O3'), Composition.parse('NaCl'), Composition.parse('Si')]);
  assert.deepEqual(index!.toArray(), [[26, 8], [11, 17], [14, 0]]);
  const f = fraction!.toArray() as number[][];
  assert.ok(Math.abs(f[0]![0]! - 0.4) < 1e-7 && Math.abs(f[0]![1]! - 0.6) < 1e-7 && f[2]![1] === 0);
  assert.deepEqual(encoding!.shape, [3, 2, 16]);
  // equal fractions encode equally; different fractions differently
  const e = encoding!.toArray() as number[][][];
  assert.deepEqual(e[1]![0], e[1]![1]);
  assert.notDeepEqual(e[0]![0], e[0]![1]);
});

test('attention weights are a distribution over the real elements; padding gets none', () => {
  manualSeed(3);
  const net = new ElementAttentionNet({ modelSize: 16, heads: 2, layers: 2 });
  const enc = new ElementSequenceEncoder('mat2vec', 16);
  const [index, fraction, encoding] = enc.encode([Composition.parse('Fe2O3'), Composition.parse('Cu')]);
  assert.deepEqual(net.forward(index!, fraction!, encoding!).shape, [2, 2]);
  const w = net.attentionWeights(index!, encoding!).toArray() as number[][][];
  for (const row of w[0]!) assert.ok(Math.abs(row[0]! + row[1]! - 1) < 1e-5);
  assert.ok(Math.abs(w[1]![0]![0]! - 1) < 1e-5);
  assert.equal(w[1]![0]![1], 0);
  assert.ok(!Object.keys(net.stateDict()).some((k) => k.includes('element_table')), 'the fixed table is not saved');
});

test('an attention model trains with the robust L1 head, predicts a spread and survives a save round trip', async () => {
  const comps: Composition[] = [];
  const y: number[] = [];
  for (let i = 0; i < 30; i++) {
    const a = 1 + (i % 5);
    const b = 1 + ((i * 2) % 7);
    comps.push(Composition.fromAmounts({ Fe: a, Ni: b, C: 1 }));
    y.push(200 + 100 * (a / (a + b + 1)));
  }
  const { model, reports } = await fitCompositionModel(comps, y, { task: 'regression', kind: 'attention', attention: { modelSize: 16, heads: 2, layers: 1 }, train: { epochs: 4, patience: 4 } });
  assert.equal(model.heteroscedastic, true);
  assert.equal(reports[0]!.epochsRun, 4);
  const p = model.predict(comps);
  assert.ok(p.std.every((s) => s > 0 && Number.isFinite(s)));
  const { json, tensors } = model.toFiles();
  const again = CompositionModel.fromFiles(JSON.parse(JSON.stringify(json)), tensors).predict(comps);
  assert.deepEqual([...again.mean], [...p.mean]);
  assert.deepEqual([...again.std], [...p.std]);
});
