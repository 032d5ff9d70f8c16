/**
 * Core layers against PyTorch (test/fixtures/nn_basic.json, written by
 * tools/fixtures/make_nn_basic_fixtures.py). Each case builds the layer through the public constructor,
 * loads PyTorch's state_dict with loadStateDict (strict, so PyTorch's keys and shapes must match ours),
 * then runs PyTorch's forward/backward steps: output, input gradient and every parameter gradient of
 * sum(out ⊙ g), and the state after the steps (BatchNorm running statistics and num_batches_tracked).
 * Tolerance, element by element: |actual − torch| ≤ tol · max(1, |torch|), tol = 1e-5 (float32), 1e-10 (float64).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nn, type Tensor } from '../../../src/index.js';
import {
  FIXTURE_TOLERANCE, assertGradClose, assertTensorClose, makeTensor, readFixture, type TensorSpec,
} from '../../helpers/fixtures.js';

interface Step {
  input: TensorSpec;
  gradOutput: TensorSpec;
  output: TensorSpec;
  inputGrad: TensorSpec | null;
  paramGrads: Record<string, TensorSpec>;
}

interface LayerCase {
  name: string;
  layer: string;
  args: unknown[];
  dtype: 'float32' | 'float64';
  mode: 'train' | 'eval';
  stateDict: Record<string, TensorSpec>;
  steps: Step[];
  finalState: Record<string, TensorSpec>;
}

type LayerConstructor = new (...args: unknown[]) => nn.Module & { forward(x: Tensor): Tensor };

const fixture = readFixture<{ cases: LayerCase[] }>('nn_basic.json');

function build(c: LayerCase): nn.Module & { forward(x: Tensor): Tensor } {
  const ctor = (nn as unknown as Record<string, LayerConstructor | undefined>)[c.layer];
  assert.ok(ctor !== undefined, `${c.name}: nn.${c.layer} is not exported`);
  return new ctor(...c.args);
}

function loadSpecs(specs: Record<string, TensorSpec>): Record<string, Tensor> {
  return Object.fromEntries(Object.entries(specs).map(([k, s]) => [k, makeTensor(s, false)]));
}

test('the fixture covers every layer of the task in both dtypes', () => {
  const layers = new Set(fixture.cases.map((c) => c.layer));
  for (const name of ['Linear', 'Identity', 'Flatten', 'Sigmoid', 'Tanh', 'ReLU', 'LeakyReLU', 'ELU', 'GELU', 'SiLU',
    'Softplus', 'Softmax', 'LogSoftmax', 'Embedding', 'LayerNorm', 'BatchNorm1d', 'BatchNorm2d']) {
    assert.ok(layers.has(name), `no fixture case for ${name}`);
  }
  assert.equal(fixture.cases.filter((c) => c.dtype === 'float32').length, fixture.cases.filter((c) => c.dtype === 'float64').length);
});

for (const c of fixture.cases) {
  test(`torch: ${c.name} (${c.mode})`, () => {
    const tol = FIXTURE_TOLERANCE[c.dtype];
    const m = build(c);
    if (c.dtype === 'float64') m.to('float64');
    m.train(c.mode === 'train');
    assert.deepEqual(Object.keys(m.stateDict()), Object.keys(c.stateDict), 'state-dict keys (and their order) differ from PyTorch');
    m.loadStateDict(loadSpecs(c.stateDict));
    c.steps.forEach((step, s) => {
      const label = `${c.name} step ${s}`;
      const floating = step.input.dtype === 'float32' || step.input.dtype === 'float64';
      const x = makeTensor(step.input, floating);
      const out = m.forward(x);
      assertTensorClose(out, step.output, tol, `${label} output`);
      m.zeroGrad();
      out.mul(makeTensor(step.gradOutput)).sum().backward();
      if (step.inputGrad !== null) assertGradClose(x.grad, step.inputGrad, tol, `${label} input grad`);
      const params = Object.fromEntries(m.namedParameters());
      assert.deepEqual(Object.keys(params).sort(), Object.keys(step.paramGrads).sort(), `${label}: parameter names`);
      for (const [name, spec] of Object.entries(step.paramGrads)) {
        assertGradClose(params[name]!.grad, spec, tol, `${label} grad of ${name}`);
      }
    });
    const state = m.stateDict();
    assert.deepEqual(Object.keys(state), Object.keys(c.finalState), `${c.name}: final state keys`);
    for (const [k, spec] of Object.entries(c.finalState)) assertTensorClose(state[k]!, spec, tol, `${c.name} final ${k}`);
  });
}
