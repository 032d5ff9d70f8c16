/**
 * Every loss against PyTorch 1.13: test/fixtures/losses.json (written by
 * tools/fixtures/make_losses_fixtures.py) holds, per loss × option set × reduction × dtype, the inputs,
 * PyTorch's output and the gradients of the floating inputs (input, and target / var where PyTorch gives
 * them) — of the output itself for scalar reductions, of Σ output·w for fixed random w with 'none'.
 * Each case runs the functional form (values and gradients) and the module form (values).
 *
 * Tolerance, element by element: |actual − torch| ≤ tol · max(1, |torch|), tol = 1e-10 (float64), 1e-5 (float32).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nn, type Tensor } from '../../../src/index.js';
import * as T from '../../../src/index.js';
import { FIXTURE_TOLERANCE, assertGradClose, assertTensorClose, makeTensor, readFixture, type TensorSpec } from '../../helpers/fixtures.js';

type OptionValue = number | boolean | string | TensorSpec;

interface LossCase {
  name: string;
  loss: string;
  dtype: 'float64' | 'float32';
  inputs: Record<string, TensorSpec>;
  options: Record<string, OptionValue>;
  output: TensorSpec;
  w: TensorSpec | null;
  grads: Record<string, TensorSpec | null>;
  checkGrad: boolean;
}

const fixture = readFixture<{ cases: LossCase[] }>('losses.json');
const F = nn.functional;

type Inputs = Record<string, Tensor>;
// The option bags are built from the fixture; each loss reads only the names it knows.
type Options = Record<string, unknown>;

const FUNCTIONAL: Record<string, (i: Inputs, o: Options) => Tensor> = {
  mseLoss: (i, o) => F.mseLoss(i.input!, i.target!, o),
  l1Loss: (i, o) => F.l1Loss(i.input!, i.target!, o),
  smoothL1Loss: (i, o) => F.smoothL1Loss(i.input!, i.target!, o),
  huberLoss: (i, o) => F.huberLoss(i.input!, i.target!, o),
  bceLoss: (i, o) => F.bceLoss(i.input!, i.target!, o),
  bceWithLogitsLoss: (i, o) => F.bceWithLogitsLoss(i.input!, i.target!, o),
  nllLoss: (i, o) => F.nllLoss(i.input!, i.target!, o),
  crossEntropy: (i, o) => F.crossEntropy(i.input!, i.target!, o),
  klDiv: (i, o) => F.klDiv(i.input!, i.target!, o),
  gaussianNllLoss: (i, o) => F.gaussianNllLoss(i.input!, i.target!, i.var!, o),
};

const MODULE: Record<string, (i: Inputs, o: Options) => Tensor> = {
  mseLoss: (i, o) => new nn.MSELoss(o).forward(i.input!, i.target!),
  l1Loss: (i, o) => new nn.L1Loss(o).forward(i.input!, i.target!),
  smoothL1Loss: (i, o) => new nn.SmoothL1Loss(o).forward(i.input!, i.target!),
  huberLoss: (i, o) => new nn.HuberLoss(o).forward(i.input!, i.target!),
  bceLoss: (i, o) => new nn.BCELoss(o).forward(i.input!, i.target!),
  bceWithLogitsLoss: (i, o) => new nn.BCEWithLogitsLoss(o).forward(i.input!, i.target!),
  nllLoss: (i, o) => new nn.NLLLoss(o).forward(i.input!, i.target!),
  crossEntropy: (i, o) => new nn.CrossEntropyLoss(o).forward(i.input!, i.target!),
  klDiv: (i, o) => new nn.KLDivLoss(o).forward(i.input!, i.target!),
  gaussianNllLoss: (i, o) => new nn.GaussianNLLLoss(o).forward(i.input!, i.target!, i.var!),
};

function decodeOptions(options: Record<string, OptionValue>): Options {
  const out: Options = {};
  for (const [k, v] of Object.entries(options)) out[k] = typeof v === 'object' ? makeTensor(v) : v;
  return out;
}

function buildInputs(c: LossCase, withGrad: boolean): Inputs {
  const out: Inputs = {};
  for (const [k, spec] of Object.entries(c.inputs)) {
    const wantsGrad = withGrad && c.checkGrad && c.grads[k] !== undefined && c.grads[k] !== null;
    out[k] = makeTensor(spec, wantsGrad);
  }
  return out;
}

test('the fixture covers every loss, reduction and dtype', () => {
  const losses = new Set(fixture.cases.map((c) => c.loss));
  assert.deepEqual([...losses].sort(), Object.keys(FUNCTIONAL).sort());
  for (const loss of losses) {
    for (const dtype of ['float64', 'float32']) {
      const reductions = new Set(fixture.cases.filter((c) => c.loss === loss && c.dtype === dtype).map((c) => c.options.reduction));
      for (const r of ['none', 'mean', 'sum']) assert.ok(reductions.has(r), `${loss} ${dtype}: no '${r}' case`);
    }
  }
});

for (const loss of Object.keys(FUNCTIONAL)) {
  test(`${loss} matches PyTorch (values and gradients, functional and module forms)`, () => {
    const cases = fixture.cases.filter((c) => c.loss === loss);
    assert.ok(cases.length > 0);
    for (const c of cases) {
      const tol = FIXTURE_TOLERANCE[c.dtype];
      const label = `${c.name} ${c.dtype}`;
      const inputs = buildInputs(c, true);
      const out = FUNCTIONAL[loss]!(inputs, decodeOptions(c.options));
      assertTensorClose(out, c.output, tol, `${label} output`);
      if (c.checkGrad) {
        const scalar = c.w === null ? out : T.sum(T.mul(out, makeTensor(c.w)));
        scalar.backward();
        for (const [k, expected] of Object.entries(c.grads)) {
          if (expected === null) continue;
          assertGradClose(inputs[k]!.grad, expected, tol, `${label} ∂/∂${k}`);
        }
      }
      const viaModule = MODULE[loss]!(buildInputs(c, false), decodeOptions(c.options));
      assertTensorClose(viaModule, c.output, tol, `${label} module output`);
    }
  });
}
