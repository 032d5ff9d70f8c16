/** Seq2Seq: shapes, teacher forcing, greedy decoding, padding, variants, and a trained reversal model's attention. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Generator, manualSeed, nn, tensor } from '../../../src/index.js';
import { mirroredArgmaxFraction, reverseBatch, tokenAccuracy, trainReverse } from '../../../examples/seq2seq-reverse-task.js';

const batch = reverseBatch(3, 5, 6, new Generator(3));

test('Seq2Seq.forward: logits [N, T, V], attention rows sum to 1, every parameter gets a gradient', () => {
  manualSeed(1);
  const model = new nn.Seq2Seq({ srcVocab: 6, tgtVocab: 7, bosToken: 6, embeddingDim: 4, hiddenSize: 5 });
  const { logits, attention } = model.forward(batch.src, batch.tgt);
  assert.deepEqual(logits.shape, [3, 5, 7]);
  assert.deepEqual(attention.shape, [3, 5, 5]);
  const w = attention.toArray() as number[][][];
  for (const rows of w) for (const row of rows) assert.ok(Math.abs(row.reduce((a, b) => a + b, 0) - 1) < 1e-5);
  logits.sum().backward();
  for (const [name, p] of model.namedParameters()) assert.ok(p.grad !== null, `no gradient for ${name}`);
});

test('Seq2Seq teacher forcing: seeded ratio is reproducible, ratio 1 ignores the generator, ratio 0 equals greedy decoding', () => {
  manualSeed(2);
  const model = new nn.Seq2Seq({ srcVocab: 6, tgtVocab: 7, bosToken: 6, embeddingDim: 4, hiddenSize: 5, cell: 'lstm', attention: 'luong-general' });
  const half = (seed: number): number[] => Array.from(model.forward(batch.src, batch.tgt, { teacherForcingRatio: 0.5, generator: new Generator(seed) }).logits.data());
  assert.deepEqual(half(11), half(11));
  const full1 = Array.from(model.forward(batch.src, batch.tgt, { generator: new Generator(1) }).logits.data());
  const full2 = Array.from(model.forward(batch.src, batch.tgt, { generator: new Generator(2) }).logits.data());
  assert.deepEqual(full1, full2);
  const free = model.forward(batch.src, batch.tgt, { teacherForcingRatio: 0 });
  const greedy = model.greedyDecode(batch.src, 5);
  assert.deepEqual(Array.from(free.logits.data()), Array.from(greedy.logits.data()));
  assert.equal(greedy.tokens.dtype, 'int32');
  assert.deepEqual(greedy.tokens.shape, [3, 5]);
  assert.notDeepEqual(free.logits.data(), full1);
});

test('Seq2Seq: padded source positions (srcLengths) get zero attention and do not change the result', () => {
  manualSeed(3);
  for (const attention of ['bahdanau', 'luong-dot', 'luong-general'] as const) {
    const model = new nn.Seq2Seq({ srcVocab: 6, tgtVocab: 7, bosToken: 6, embeddingDim: 4, hiddenSize: 6, attention, bidirectional: attention !== 'luong-dot' });
    const src = tensor([[1, 2, 3, 0, 0], [4, 5, 1, 2, 3]], { dtype: 'int32' });
    const other = tensor([[1, 2, 3, 5, 4], [4, 5, 1, 2, 3]], { dtype: 'int32' });
    const lengths = tensor([3, 5], { dtype: 'int32' });
    const a = model.greedyDecode(src, 4, { srcLengths: lengths });
    const b = model.greedyDecode(other, 4, { srcLengths: lengths });
    const w = a.attention.toArray() as number[][][];
    for (const row of w[0]!) assert.ok(row[3] === 0 && row[4] === 0, `${attention}: padded positions attended`);
    assert.deepEqual(Array.from(a.logits.data()), Array.from(b.logits.data()), `${attention}: padding content leaked`);
  }
  assert.throws(() => new nn.Seq2Seq({ srcVocab: 6, tgtVocab: 7, attention: 'luong-dot' }), /queryDim = keyDim/);
  const model = new nn.Seq2Seq({ srcVocab: 6, tgtVocab: 7 });
  assert.throws(() => model.forward(tensor([[7]], { dtype: 'int32' }), tensor([[1]], { dtype: 'int32' })), /src token 7 at flat position 0 is outside the vocabulary \[0, 6\)/);
  assert.throws(() => model.forward(batch.src, batch.tgt, { teacherForcingRatio: 2 }), /teacherForcingRatio/);
});

test('a small trained Seq2Seq reverses held-out sequences and attends to the mirrored position', () => {
  const { model, heldOut, evaluations } = trainReverse({
    vocab: 6, length: 8, embeddingDim: 8, hiddenSize: 16, attention: 'luong-general', cell: 'gru', batchSize: 16,
    steps: 300, lr: 1e-2, teacherForcingRatio: 0.9, evalEvery: 25, targetAccuracy: 0.99, validation: 100, heldOut: 100, seed: 3,
  });
  const accuracy = tokenAccuracy(model, heldOut);
  assert.ok(accuracy >= 0.95, `held-out token accuracy ${accuracy} after ${evaluations.at(-1)!.step} steps`);
  const { attention } = model.greedyDecode(heldOut.src, 8);
  const mirrored = mirroredArgmaxFraction(attention);
  assert.ok(mirrored >= 0.95, `attention arg-max at the mirrored position in only ${mirrored} of the rows`);
});
