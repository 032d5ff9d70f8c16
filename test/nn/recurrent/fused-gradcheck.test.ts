/**
 * The fused recurrent sequence ops (one graph node per layer-direction, backend kernels lstmCell /
 * gruCell / rnnCell and their hand-written backward kernels) against float64 central differences
 * (gradcheck), with and without variable lengths, in both time directions, with the LSTM projection and the
 * GRU without bias. Second order: the backward recorded with createGraph falls back to the composite op
 * formulation; its values must equal the fused kernels' and its own gradients must pass gradcheck.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { grad, gradcheck, manualSeed, randn, type Tensor } from '../../../src/index.js';
import { gruSequence, lstmSequence, rnnSequence, type RecurrenceOptions } from '../../../src/tensor/ops/recurrence.js';

const T = 3;
const B = 2;
const H = 2;

function r(shape: number[], scale = 1): Tensor {
  return randn(shape, { dtype: 'float64' }).mul(scale).requiresGrad_();
}

type SeqFn = (inputs: Tensor[], options: RecurrenceOptions) => Tensor[];

interface Setup {
  name: string;
  inputs: () => Tensor[];
  run: SeqFn;
}

const flat = (res: { output: Tensor; state: Tensor[] }): Tensor[] => [res.output, ...res.state];

const setups: Setup[] = [
  { name: 'lstm', inputs: () => [r([T, B, 4 * H]), r([B, H]), r([B, H]), r([4 * H, H], 0.7)], run: ([x, h, c, w], o) => flat(lstmSequence(x!, h!, c!, w!, null, o)) },
  {
    name: 'lstm projSize 1',
    inputs: () => [r([T, B, 4 * H]), r([B, 1]), r([B, H]), r([4 * H, 1], 0.7), r([1, H], 0.7)],
    run: ([x, h, c, w, p], o) => flat(lstmSequence(x!, h!, c!, w!, p!, o)),
  },
  { name: 'gru', inputs: () => [r([T, B, 3 * H]), r([B, H]), r([3 * H, H], 0.7), r([3 * H], 0.5)], run: ([x, h, w, b], o) => flat(gruSequence(x!, h!, w!, b!, o)) },
  { name: 'gru no bias', inputs: () => [r([T, B, 3 * H]), r([B, H]), r([3 * H, H], 0.7)], run: ([x, h, w], o) => flat(gruSequence(x!, h!, w!, null, o)) },
  { name: 'rnn tanh', inputs: () => [r([T, B, H]), r([B, H]), r([H, H], 0.7)], run: ([x, h, w], o) => flat(rnnSequence(x!, h!, w!, 'tanh', o)) },
  { name: 'rnn relu', inputs: () => [r([T, B, H]), r([B, H]), r([H, H], 0.7)], run: ([x, h, w], o) => flat(rnnSequence(x!, h!, w!, 'relu', o)) },
];

const variants: [string, RecurrenceOptions][] = [
  ['forward', {}],
  ['reverse', { reverse: true }],
  ['lengths', { lengths: [2, 3] }],
  ['reverse lengths', { reverse: true, lengths: [1, 3] }],
];

for (const s of setups) {
  for (const [vname, options] of variants) {
    test(`gradcheck (float64): fused ${s.name}, ${vname}`, () => {
      manualSeed(11);
      const inputs = s.inputs();
      const report = gradcheck((...xs) => s.run(xs, options), inputs, { atol: 1e-7, rtol: 1e-6 });
      assert.ok(report.passed);
      assert.equal(report.inputs.length, inputs.length);
    });
  }
}

for (const s of setups) {
  test(`second order: ${s.name} — composite backward equals the fused kernels, and passes gradgradcheck`, () => {
    manualSeed(12);
    const inputs = s.inputs();
    const options: RecurrenceOptions = { lengths: [3, 2], reverse: s.name.startsWith('gru') };
    const weights = s.run(inputs, options).map((o) => randn([...o.shape], { dtype: 'float64' }));
    const loss = (xs: Tensor[]): Tensor => s.run(xs, options).map((o, i) => o.mul(weights[i]!).sum()).reduce((a, b) => a.add(b));
    const fused = grad(loss(inputs), inputs);
    const composite = grad(loss(inputs), inputs, { createGraph: true });
    composite.forEach((g, i) => {
      assert.ok(g !== null && g.requiresGrad, `input ${i}: the recorded gradient must be differentiable`);
      const a = fused[i]!.data();
      const b = g.data();
      for (let k = 0; k < a.length; k++) assert.ok(Math.abs(a[k]! - b[k]!) <= 1e-12 * Math.max(1, Math.abs(a[k]!)), `input ${i}[${k}]: ${a[k]} vs ${b[k]}`);
    });
    // The gradient of the loss w.r.t. every input, as a function of the inputs, differentiated again.
    const report = gradcheck((...xs) => grad(loss(xs), xs, { createGraph: true }) as Tensor[], inputs, { atol: 1e-6, rtol: 1e-5 });
    assert.ok(report.passed);
  });
}

test('float32 fused kernels agree with float64 ones', () => {
  manualSeed(13);
  const inputs = setups[0]!.inputs();
  const out64 = setups[0]!.run(inputs, { lengths: [3, 1] });
  const out32 = setups[0]!.run(inputs.map((t) => t.detach().float()), { lengths: [3, 1] });
  out64.forEach((o, i) => {
    const a = o.data();
    const b = out32[i]!.data();
    for (let k = 0; k < a.length; k++) assert.ok(Math.abs(a[k]! - b[k]!) < 1e-6, `output ${i}[${k}]`);
  });
});
