/**
 * The spectra classifier of the reference benchmark (conv1d workload), forward and backward once against
 * PyTorch (test/fixtures/nn_conv.json, case `spectra_classifier`, float32):
 *   Conv1d(1,32,7,p=3) → ReLU → MaxPool1d(2) → Conv1d(32,64,5,p=2) → ReLU → MaxPool1d(2) →
 *   AdaptiveAvgPool1d(1) → Flatten → Linear(64,7), cross-entropy (mean) on 2 spectra of 1024 points.
 * Parameters and input follow the fixture script's closed-form pattern, recomputed here; the Linear layer and
 * the loss are written with tensor ops (x·Wᵀ + b; −mean of the target's log-softmax).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as T from '../../../src/index.js';
import type { Tensor } from '../../../src/index.js';
import { nn } from '../../../src/index.js';
import { FIXTURE_TOLERANCE, assertGradClose, assertTensorClose, readFixture, type TensorSpec } from '../../helpers/fixtures.js';

interface Pattern {
  shape: number[];
  a: number;
  m: number;
  scale: number;
}

interface SpectraCase {
  name: 'spectra_classifier';
  dtype: 'float32';
  patterns: Record<string, Pattern>;
  target: TensorSpec;
  logits: TensorSpec;
  loss: TensorSpec;
  gradInput: TensorSpec;
  gradParams: Record<string, TensorSpec>;
}

const fixture = readFixture<{ cases: { name: string }[] }>('nn_conv.json');
const spectra = fixture.cases.find((c) => c.name === 'spectra_classifier') as SpectraCase | undefined;

/** value_i = (((i·a) mod m)/m·2 − 1)·scale in double, then rounded to float32 (as the fixture script does). */
function pattern(p: Pattern, requiresGrad = false): Tensor {
  const n = p.shape.reduce((x, y) => x * y, 1);
  const values = new Float64Array(n);
  for (let i = 0; i < n; i++) values[i] = ((((i * p.a) % p.m) / p.m) * 2 - 1) * p.scale;
  return T.tensor(values, { dtype: 'float32' }).reshape(p.shape).detach().requiresGrad_(requiresGrad);
}

/**
 * Gradients here are small (|g| ≲ 0.1), so besides the fixture rule (absolute below 1) each is also compared
 * relative to its own scale: |actual − torch| ≤ tol · max|torch|.
 */
function assertScaledClose(actual: Tensor | null, expected: TensorSpec, tol: number, label: string): void {
  assertGradClose(actual, expected, tol, label);
  const scale = Math.max(...expected.data.map(Math.abs));
  const values = actual!.data();
  expected.data.forEach((e, i) => {
    assert.ok(Math.abs(values[i]! - e) <= tol * scale, `${label}: element ${i} is ${values[i]}, expected ${e} (scale ${scale})`);
  });
}

test('spectra classifier: forward and backward match PyTorch (float32)', () => {
  assert.ok(spectra !== undefined, 'fixture case spectra_classifier missing');
  const tol = FIXTURE_TOLERANCE.float32;
  const conv1 = new nn.Conv1d(1, 32, 7, { padding: 3 });
  const pool1 = new nn.MaxPool1d(2);
  const conv2 = new nn.Conv1d(32, 64, 5, { padding: 2 });
  const pool2 = new nn.MaxPool1d(2);
  const gap = new nn.AdaptiveAvgPool1d(1);
  conv1.loadStateDict({ weight: pattern(spectra.patterns['0.weight']!), bias: pattern(spectra.patterns['0.bias']!) });
  conv2.loadStateDict({ weight: pattern(spectra.patterns['3.weight']!), bias: pattern(spectra.patterns['3.bias']!) });
  const linW = pattern(spectra.patterns['8.weight']!, true);
  const linB = pattern(spectra.patterns['8.bias']!, true);
  const x = pattern(spectra.patterns.input!, true);

  let h = pool1.forward(T.relu(conv1.forward(x)));
  h = pool2.forward(T.relu(conv2.forward(h)));
  assert.deepEqual([...h.shape], [2, 64, 256]);
  const features = T.flatten(gap.forward(h), 1);
  const logits = T.add(T.matmul(features, T.t(linW)), linB);
  assertTensorClose(logits, spectra.logits, tol, 'logits');

  const target = T.tensor(Int32Array.from(spectra.target.data), { dtype: 'int32' });
  const picked = T.mul(T.logSoftmax(logits, 1), T.oneHot(target, 7).to('float32'));
  const loss = T.div(T.neg(T.sum(picked)), logits.shape[0]!);
  assertTensorClose(loss, spectra.loss, tol, 'loss');
  loss.backward();

  assertScaledClose(x.grad, spectra.gradInput, tol, 'input gradient');
  assertScaledClose(conv1.weight.grad, spectra.gradParams['0.weight']!, tol, '0.weight gradient');
  assertScaledClose(conv1.bias!.grad, spectra.gradParams['0.bias']!, tol, '0.bias gradient');
  assertScaledClose(conv2.weight.grad, spectra.gradParams['3.weight']!, tol, '3.weight gradient');
  assertScaledClose(conv2.bias!.grad, spectra.gradParams['3.bias']!, tol, '3.bias gradient');
  assertScaledClose(linW.grad, spectra.gradParams['8.weight']!, tol, '8.weight gradient');
  assertScaledClose(linB.grad, spectra.gradParams['8.bias']!, tol, '8.bias gradient');
});
