/** Bahdanau (additive) and Luong (multiplicative) attention: values against the defining formulas, masks, gradients. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Generator, gradcheck, nn, randn, tensor, type Tensor } from '../../../src/index.js';

const gen = new Generator(5);
const input = (shape: number[]): Tensor => randn(shape, { dtype: 'float64', generator: gen }).detach().requiresGrad_();

function softmaxRow(xs: number[]): number[] {
  const m = Math.max(...xs);
  const e = xs.map((x) => Math.exp(x - m));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / s);
}

test('Luong dot attention: weights = softmax(q·kⱼ), context = Σ wⱼ kⱼ, padded keys get weight 0', () => {
  const attn = new nn.MultiplicativeAttention(3, 3, { score: 'dot', dtype: 'float64' });
  const q = input([2, 3]);
  const k = input([2, 4, 3]);
  const mask = tensor([[false, false, true, true], [false, false, false, false]]);
  const [context, weights] = attn.forward(q, k, attn.projectKeys(k), mask);
  const qa = q.toArray() as number[][];
  const ka = k.toArray() as number[][][];
  const wa = weights.toArray() as number[][];
  const ca = context.toArray() as number[][];
  for (let n = 0; n < 2; n++) {
    const valid = n === 0 ? 2 : 4;
    const scores = ka[n]!.slice(0, valid).map((kj) => kj.reduce((s, v, i) => s + v * qa[n]![i]!, 0));
    const expected = [...softmaxRow(scores), ...Array(4 - valid).fill(0)];
    expected.forEach((v, j) => assert.ok(Math.abs(wa[n]![j]! - v) < 1e-12, `weight [${n}][${j}]`));
    for (let d = 0; d < 3; d++) {
      const c = expected.reduce((s, w, j) => s + w * ka[n]![j]![d]!, 0);
      assert.ok(Math.abs(ca[n]![d]! - c) < 1e-12);
    }
  }
  assert.throws(() => new nn.MultiplicativeAttention(3, 4, { score: 'dot' }), /queryDim = keyDim/);
});

test('Bahdanau attention: score vᵀ tanh(W_q q + W_k k + b) against a direct evaluation', () => {
  const attn = new nn.AdditiveAttention(2, 3, 4, { dtype: 'float64', generator: new Generator(9) });
  const q = input([1, 2]);
  const k = input([1, 5, 3]);
  const [, weights] = attn.forward(q, k, attn.projectKeys(k));
  const wq = attn.query_proj.weight.toArray() as number[][];
  const wk = attn.key_proj.weight.toArray() as number[][];
  const bk = attn.key_proj.bias!.toArray() as number[];
  const v = (attn.v.weight.toArray() as number[][])[0]!;
  const qa = (q.toArray() as number[][])[0]!;
  const ka = (k.toArray() as number[][][])[0]!;
  const scores = ka.map((kj) => v.reduce((s, vi, i) => s + vi * Math.tanh(
    wq[i]!.reduce((a, w, d) => a + w * qa[d]!, 0) + wk[i]!.reduce((a, w, d) => a + w * kj[d]!, 0) + bk[i]!), 0));
  softmaxRow(scores).forEach((e, j) => assert.ok(Math.abs((weights.toArray() as number[][])[0]![j]! - e) < 1e-12));
  assert.deepEqual(Object.keys(attn.stateDict()), ['query_proj.weight', 'key_proj.weight', 'key_proj.bias', 'v.weight']);
});

test('gradcheck: additive and general multiplicative attention w.r.t. query and keys, with a padding mask', () => {
  const add = new nn.AdditiveAttention(2, 3, 4, { dtype: 'float64' });
  const mul = new nn.MultiplicativeAttention(2, 3, { dtype: 'float64' });
  const mask = tensor([[false, false, true], [false, false, false]]);
  for (const attn of [add, mul] as nn.SequenceAttention[]) {
    const fn = (q: Tensor, k: Tensor): Tensor[] => attn.forward(q, k, attn.projectKeys(k), mask);
    assert.ok(gradcheck(fn, [input([2, 2]), input([2, 3, 3])]).passed);
  }
});
