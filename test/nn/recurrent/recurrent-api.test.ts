/**
 * Recurrent modules beyond the PyTorch fixtures: variable-length semantics checked against running each row
 * alone on its own prefix, the three ways of giving lengths, dropout between layers, input errors, the
 * truncated-BPTT helper and the per-step gradient diagnostics (checked against an unrolled LSTMCell loop).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { manualSeed, nn, optim, randn, tensor, train, zeros, type Tensor } from '../../../src/index.js';

function close(a: Tensor, b: Tensor, tol: number, label: string): void {
  assert.deepEqual([...a.shape], [...b.shape], `${label}: shapes`);
  const x = a.data();
  const y = b.data();
  for (let i = 0; i < x.length; i++) assert.ok(Math.abs(x[i]! - y[i]!) <= tol, `${label}[${i}]: ${x[i]} vs ${y[i]}`);
}

test('lengths: every row equals the same module run alone on its valid prefix, in both directions and both layers', () => {
  manualSeed(1);
  for (const M of [nn.LSTM, nn.GRU, nn.RNN]) {
    const m = new M(3, 4, { numLayers: 2, bidirectional: true, batchFirst: true, dtype: 'float64' });
    const x = randn([3, 6, 3], { dtype: 'float64' });
    const lengths = [6, 2, 4];
    const [out, st] = m.forward(x, null, { lengths });
    const hN = Array.isArray(st) ? st[0]! : st;
    lengths.forEach((len, b) => {
      const row = x.select(0, b).narrow(0, 0, len).unsqueeze(0);
      const [o, s] = m.forward(row);
      const h = Array.isArray(s) ? s[0]! : s;
      close(out.select(0, b).narrow(0, 0, len), o.select(0, 0), 1e-12, `${M.name} row ${b} output`);
      if (len < 6) close(out.select(0, b).narrow(0, len, 6 - len), zeros([6 - len, 8], { dtype: 'float64' }), 0, `${M.name} row ${b} padding`);
      close(hN.select(1, b), h.select(1, 0), 1e-12, `${M.name} row ${b} h_n`);
    });
  }
});

test('lengths as an array, an int32 tensor or a prefix mask give the same result; the time-major mask is [T, B]', () => {
  manualSeed(2);
  const m = new nn.LSTM(2, 3);
  const x = randn([5, 3, 2]);
  const [a, [ha]] = m.forward(x, null, { lengths: [5, 1, 3] });
  const [b, [hb]] = m.forward(x, null, { lengths: tensor([5, 1, 3], { dtype: 'int32' }) });
  const mask = tensor([[1, 1, 1], [1, 0, 1], [1, 0, 1], [1, 0, 0], [1, 0, 0]], { dtype: 'bool' });
  const [c, [hc]] = m.forward(x, null, { mask });
  close(a, b, 0, 'tensor lengths');
  close(a, c, 0, 'mask');
  close(ha, hb, 0, 'tensor lengths h');
  close(ha, hc, 0, 'mask h');
});

test('bad lengths, masks, states and inputs are rejected with the module and the shapes in the message', () => {
  const m = new nn.GRU(2, 3, { batchFirst: true });
  const x = randn([2, 4, 2]);
  assert.throws(() => m.forward(x, null, { lengths: [4, 5] }), /lengths\[1\] = 5.*0\.\.4/);
  assert.throws(() => m.forward(x, null, { lengths: [4] }), /1 lengths for a batch of 2/);
  assert.throws(() => m.forward(x, null, { lengths: [-1, 2] }), /lengths\[0\]/);
  assert.throws(() => m.forward(x, null, { lengths: tensor([1, 2]) }), /int32/);
  assert.throws(() => m.forward(x, null, { mask: tensor([[1, 0, 1, 0], [1, 1, 1, 1]], { dtype: 'bool' }) }), /not a prefix/);
  assert.throws(() => m.forward(x, null, { mask: tensor([[1, 1], [1, 1], [1, 1], [1, 1]], { dtype: 'bool' }) }), /mask must be \[2, 4\]/);
  assert.throws(() => m.forward(x, null, { lengths: [1, 1], mask: zeros([2, 4]).bool() }), /either lengths or mask/);
  assert.throws(() => m.forward(x, zeros([2, 2, 3])), /h0 must be \[1, 2, 3\]/);
  assert.throws(() => m.forward(randn([2, 4, 5])), /must have 2 features/);
  assert.throws(() => m.forward(randn([4, 2]), null, { lengths: [4] }), /batched/);
  assert.throws(() => m.forward(randn([2, 4, 2], { dtype: 'float64' })), /dtype/);
  assert.throws(() => new nn.LSTM(2, 3, { projSize: 3 }), /smaller than hiddenSize/);
  assert.throws(() => new nn.GRU(2, 3, { projSize: 1 } as never), /only supported by LSTM/);
  assert.throws(() => new nn.RNN(2, 3, { nonlinearity: 'sigmoid' as never }), /nonlinearity/);
  assert.throws(() => new nn.LSTM(2, 3, { dropout: 1.5 }), /dropout/);
});

test('dropout acts between layers in training mode only', () => {
  manualSeed(3);
  const m = new nn.LSTM(2, 4, { numLayers: 2, dropout: 0.5 });
  const x = randn([5, 3, 2]);
  const [evalOut] = m.eval().forward(x);
  const plain = new nn.LSTM(2, 4, { numLayers: 2 });
  plain.loadStateDict(m.stateDict());
  close(evalOut, plain.forward(x)[0], 0, 'eval = no dropout');
  const [trainOut] = m.train().forward(x);
  assert.ok(trainOut.sub(evalOut).abs().max().item() > 1e-3, 'training-mode dropout changes the output');
  const single = new nn.GRU(2, 4, { dropout: 0.5 });
  close(single.forward(x)[0], single.eval().forward(x)[0], 0, 'no dropout after the last layer');
});

test('module API: float64 conversion, repr, unbatched input with and without state', () => {
  manualSeed(4);
  const m = new nn.LSTM(3, 4, { numLayers: 2, bidirectional: true, projSize: 2 }).to('float64');
  assert.equal(m.toString(), 'LSTM(3, 4, numLayers=2, bidirectional=true, projSize=2)');
  const [out, [h, c]] = m.forward(randn([5, 3], { dtype: 'float64' }));
  assert.deepEqual([out.shape, h.shape, c.shape], [[5, 4], [4, 2], [4, 4]]);
  const cell = new nn.GRUCell(3, 2);
  assert.deepEqual(cell.forward(randn([3])).shape, [2]);
  assert.equal(new nn.RNNCell(3, 2, { nonlinearity: 'relu', bias: false }).toString(), "RNNCell(3, 2, bias=false, nonlinearity='relu')");
});

test('detachState cuts every tensor of a nested state from the graph and keeps the values', () => {
  const h = randn([2, 3], { requiresGrad: true }).mul(2);
  const state = nn.utils.detachState([h, [h.add(1), null]] as const);
  assert.equal(state[0].requiresGrad, false);
  assert.equal((state[1][0] as Tensor).requiresGrad, false);
  assert.equal(state[1][1], null);
  close(state[0], h, 0, 'values');
});

test('truncatedBptt: chunks of k steps, state carried forward, gradients cut at chunk boundaries', () => {
  manualSeed(5);
  const lstm = new nn.LSTM(2, 3, { batchFirst: true, dtype: 'float64' });
  const x = randn([2, 7, 2], { dtype: 'float64' });
  const y = randn([2, 7, 3], { dtype: 'float64' });
  const step = ({ input, target, state }: train.BpttChunk<[Tensor, Tensor]>) => {
    const [out, s] = lstm.forward(input, state);
    return { loss: out.sub(target!).square().mean(), state: s };
  };
  // The carried state makes the chunked forward equal to one pass over the whole sequence.
  const whole = lstm.forward(x)[1];
  const chunked = train.truncatedBptt(x, { chunkLength: 3, target: y, step });
  assert.equal(chunked.losses.length, 3);
  close(chunked.state![0], whole[0], 1e-12, 'final h');
  close(chunked.state![1], whole[1], 1e-12, 'final c');
  assert.equal(chunked.state![0].requiresGrad, false);
  // k = T is full BPTT: the accumulated gradient equals the plain one.
  lstm.zeroGrad();
  train.truncatedBptt(x, { chunkLength: 7, target: y, step });
  const tbpttGrad = lstm.getParameter('weight_hh_l0')!.grad!;
  lstm.zeroGrad();
  step({ input: x, target: y, state: null, start: 0 }).loss.backward();
  close(tbpttGrad, lstm.getParameter('weight_hh_l0')!.grad!, 1e-12, 'k = T');
  // With an optimiser: one step per chunk, gradients clipped with optim.clipGradNorm before each step.
  let steps = 0;
  const opt = new optim.SGD(lstm.parameters(), { lr: 0.1 });
  const counting = { zeroGrad: () => opt.zeroGrad(), step: () => { steps++; assert.ok(optim.clipGradNorm(lstm.parameters(), Infinity).item() <= 1e-3 + 1e-9); opt.step(); } };
  train.truncatedBptt(x, { chunkLength: 2, target: y, step, optimizer: counting, maxGradNorm: 1e-3, parameters: lstm.parameters() });
  assert.equal(steps, 4);
  assert.throws(() => train.truncatedBptt(x, { chunkLength: 0, step }), /chunkLength/);
  assert.throws(() => train.truncatedBptt(x, { chunkLength: 2, step, maxGradNorm: 1 }), /parameters/);
});

test('gradNormsThroughTime equals ‖∂L/∂h_t‖ of an unrolled LSTMCell loop and leaves .grad untouched', () => {
  manualSeed(6);
  const lstm = new nn.LSTM(2, 3, { dtype: 'float64' });
  const cell = new nn.LSTMCell(2, 3, { dtype: 'float64' });
  const sd = lstm.stateDict();
  cell.loadStateDict({ weight_ih: sd.weight_ih_l0!, weight_hh: sd.weight_hh_l0!, bias_ih: sd.bias_ih_l0!, bias_hh: sd.bias_hh_l0! });
  const x = randn([6, 2, 2], { dtype: 'float64' });
  const w = randn([6, 2, 3], { dtype: 'float64' });
  const report = nn.utils.gradNormsThroughTime(lstm, () => lstm.forward(x)[0].mul(w).sum());
  assert.equal(report.layers.length, 1);
  assert.equal(report.layers[0]!.norms.length, 6);
  assert.ok(lstm.parameters().every((p) => p.grad === null));
  let state: [Tensor, Tensor] | null = null;
  const hs: Tensor[] = [];
  let loss: Tensor | null = null;
  for (let t = 0; t < 6; t++) {
    state = cell.forward(x.select(0, t), state);
    state[0].retainGrad();
    hs.push(state[0]);
    const term = state[0].mul(w.select(0, t)).sum();
    loss = loss === null ? term : loss.add(term);
  }
  loss!.backward();
  assert.ok(Math.abs(report.loss - loss!.item()) < 1e-12);
  hs.forEach((h, t) => {
    const expected = h.grad!.norm().item();
    assert.ok(Math.abs(report.layers[0]!.norms[t]! - expected) <= 1e-12 * Math.max(1, expected), `t=${t}: ${report.layers[0]!.norms[t]} vs ${expected}`);
  });
  const bi = new nn.GRU(2, 3, { numLayers: 2, bidirectional: true });
  const r2 = nn.utils.gradNormsThroughTime(bi, () => bi.forward(x.float())[0].sum());
  assert.deepEqual(r2.layers.map((l) => `${l.layer}${l.direction}`), ['0forward', '0reverse', '1forward', '1reverse']);
});
