/** Attention and Transformer layers: construction, PyTorch's initialisation, masks, options and errors. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { manualSeed, nn, randn, tensor, zeros } from '../../../src/index.js';

test('MultiheadAttention: PyTorch initialisation (xavier-uniform in_proj, zero biases) and parameter layout', () => {
  manualSeed(1);
  const mha = new nn.MultiheadAttention(8, 2);
  const w = Array.from(mha.in_proj_weight!.data());
  const bound = Math.sqrt(6 / (8 + 24));
  assert.ok(w.every((v) => Math.abs(v) <= bound) && Math.max(...w.map(Math.abs)) > 0.8 * bound);
  assert.ok(Array.from(mha.in_proj_bias!.data()).every((v) => v === 0));
  assert.ok(Array.from(mha.out_proj.bias!.data()).every((v) => v === 0));
  const sep = new nn.MultiheadAttention(8, 4, { kdim: 3, vdim: 5, addBiasKv: true, bias: false });
  assert.deepEqual(Object.entries(sep.stateDict()).map(([k, t]) => [k, [...t.shape]]), [
    ['q_proj_weight', [8, 8]], ['k_proj_weight', [8, 3]], ['v_proj_weight', [8, 5]],
    ['bias_k', [1, 1, 8]], ['bias_v', [1, 1, 8]], ['out_proj.weight', [8, 8]],
  ]);
  assert.throws(() => new nn.MultiheadAttention(6, 4), /divisible/);
});

test('MultiheadAttention: masks block keys, isCausal equals the explicit causal mask, weights rows sum to 1', () => {
  manualSeed(2);
  const mha = new nn.MultiheadAttention(4, 2, { batchFirst: true });
  const x = randn([2, 5, 4]);
  const kpm = tensor([[false, false, false, true, true], [false, false, false, false, false]]);
  const [, w] = mha.forward(x, x, x, { keyPaddingMask: kpm });
  const rows = w!.toArray() as number[][][];
  for (const row of rows[0]!) assert.ok(row[3] === 0 && row[4] === 0);
  for (const batch of rows) for (const row of batch) assert.ok(Math.abs(row.reduce((a, b) => a + b, 0) - 1) < 1e-6);
  const [oc, wc] = mha.forward(x, x, x, { isCausal: true, averageAttnWeights: false });
  const [om, wm] = mha.forward(x, x, x, { attnMask: nn.generateSquareSubsequentMask(5), averageAttnWeights: false });
  assert.deepEqual(Array.from(oc.data()), Array.from(om.data()));
  assert.deepEqual(wc!.shape, [2, 2, 5, 5]);
  assert.deepEqual(Array.from(wc!.data()), Array.from(wm!.data()));
  assert.throws(() => mha.forward(x, x, x, { attnMask: zeros([4, 5]) }), /attnMask has shape \[4, 5\], expected \[5, 5\] or \[4, 5, 5\]/);
  assert.throws(() => mha.forward(x, x, x, { attnMask: zeros([5, 5], { dtype: 'float64' }) }), /bool or float32/);
  assert.throws(() => mha.forward(x, randn([2, 6, 4]), randn([2, 5, 4])), /disagree/);
});

test('MultiheadAttention: dropout on the weights only in training mode', () => {
  manualSeed(3);
  const mha = new nn.MultiheadAttention(4, 1, { dropout: 0.5, batchFirst: true });
  const x = randn([1, 6, 4]);
  const [, wTrain] = mha.forward(x, x, x);
  assert.ok(Array.from(wTrain!.data()).some((v) => v === 0));
  mha.eval();
  const [, wEval] = mha.forward(x, x, x);
  assert.ok(Array.from(wEval!.data()).every((v) => v > 0));
});

test('generateSquareSubsequentMask matches torch.nn.Transformer.generate_square_subsequent_mask', () => {
  assert.deepEqual(nn.generateSquareSubsequentMask(3).toArray(), [[0, -Infinity, -Infinity], [0, 0, -Infinity], [0, 0, 0]]);
  assert.equal(nn.generateSquareSubsequentMask(2, { dtype: 'float64' }).dtype, 'float64');
});

test('scaledDotProductAttention: bool masks mean "may attend"; isCausal with attnMask is an error', () => {
  const q = randn([1, 2, 3]);
  const k = randn([1, 3, 3]);
  const v = randn([1, 3, 2]);
  const allowed = tensor([[true, false, true], [false, true, true]]);
  const [, w] = nn.functional.scaledDotProductAttention(q, k, v, { attnMask: allowed, needWeights: true });
  const rows = (w.toArray() as number[][][])[0]!;
  assert.equal(rows[0]![1], 0);
  assert.equal(rows[1]![0], 0);
  assert.throws(() => nn.functional.scaledDotProductAttention(q, k, v, { attnMask: allowed, isCausal: true }), /either attnMask or isCausal/);
});

test('Transformer stacks: layers start as identical copies of the template, with PyTorch keys', () => {
  manualSeed(4);
  const template = new nn.TransformerEncoderLayer(8, 2, { dimFeedforward: 16, dtype: 'float64' });
  const enc = new nn.TransformerEncoder(template, 3, { norm: new nn.LayerNorm(8, { dtype: 'float64' }) });
  const sd = enc.stateDict();
  assert.equal(Object.keys(sd).length, 3 * 12 + 2);
  assert.deepEqual(Array.from(sd['layers.2.linear1.weight']!.data()), Array.from(template.linear1.weight.data()));
  assert.notEqual(enc.parameters()[0], template.parameters()[0]);
  const dec = new nn.TransformerDecoder(new nn.TransformerDecoderLayer(8, 2, { dimFeedforward: 16 }), 2);
  assert.ok('layers.1.multihead_attn.in_proj_weight' in dec.stateDict() && 'layers.0.norm3.bias' in dec.stateDict());
  assert.throws(() => new nn.TransformerEncoderLayer(8, 2, { activation: 'tanh' as 'relu' }), /relu' or 'gelu/);
});

test('positional encodings: sinusoidal table values and learned embedding, both layouts', () => {
  const pe = new nn.SinusoidalPositionalEncoding(4, { maxLen: 10, dropout: 0, batchFirst: true });
  const out = pe.forward(zeros([1, 3, 4])).toArray() as number[][][];
  const p = 2;
  const expected = [Math.sin(p), Math.cos(p), Math.sin(p / 100), Math.cos(p / 100)];
  out[0]![2]!.forEach((v, i) => assert.ok(Math.abs(v - expected[i]!) < 1e-6));
  assert.deepEqual(Object.keys(pe.stateDict()), []);
  const seqFirst = new nn.SinusoidalPositionalEncoding(4, { maxLen: 10, dropout: 0 });
  assert.deepEqual((seqFirst.forward(zeros([3, 2, 4])).toArray() as number[][][])[2]![1], out[0]![2]);
  assert.throws(() => pe.forward(zeros([1, 11, 4])), /exceeds maxLen 10/);
  const learned = new nn.LearnedPositionalEncoding(4, { maxLen: 8, dropout: 0, batchFirst: true });
  assert.deepEqual(Object.keys(learned.stateDict()), ['embedding.weight']);
  const y = learned.forward(zeros([2, 5, 4]));
  y.sum().backward();
  const g = learned.embedding.weight.grad!.toArray() as number[][];
  assert.deepEqual(g[0], [2, 2, 2, 2]);
  assert.deepEqual(g[6], [0, 0, 0, 0]);
});
