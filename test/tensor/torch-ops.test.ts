/**
 * Every tensor op against PyTorch: test/fixtures/ops.json (written by tools/fixtures/make_op_fixtures.py)
 * holds, per case and dtype, the inputs, PyTorch's outputs and the gradients of
 * L = Σ_k sum(out_k · w_k) for fixed random weights w_k. Each case builds the inputs, runs the op
 * (function form, and method form too where the op has one), checks the outputs, then backpropagates L
 * and checks every input's gradient.
 *
 * Tolerance, element by element: |actual − torch| ≤ tol · max(1, |torch|) with tol = 1e-10 for float64
 * and 1e-5 for float32; integer and bool outputs must be equal.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as T from '../../src/index.js';
import type { Tensor } from '../../src/index.js';
import {
  FIXTURE_TOLERANCE, assertGradClose, assertTensorClose, isNumberSpec, makeTensor, readFixture,
  type NumberSpec, type TensorSpec,
} from '../helpers/fixtures.js';
import { FUNCTION_FORM, METHOD_FORM, type Arg, type Kwargs, type OpCall } from '../helpers/torch-op-table.js';

interface OpCase {
  name: string;
  op: string;
  dtype: 'float64' | 'float32';
  kwargs: Kwargs;
  inputs: (TensorSpec | NumberSpec)[];
  outputs: TensorSpec[];
  w: (TensorSpec | null)[];
  grads: (TensorSpec | null)[];
}

interface OpFixture {
  cases: OpCase[];
}

const fixture = readFixture<OpFixture>('ops.json');

function runAndCheck(c: OpCase, call: OpCall, form: string): void {
  const tol = FIXTURE_TOLERANCE[c.dtype];
  const label = `${c.name} [${form}]`;
  const inputs: Arg[] = c.inputs.map((s) => (isNumberSpec(s) ? s.number : makeTensor(s)));
  const result = call(inputs, c.kwargs);
  const outputs = Array.isArray(result) ? result : [result];
  assert.equal(outputs.length, c.outputs.length, `${label}: number of outputs`);
  outputs.forEach((o, k) => assertTensorClose(o, c.outputs[k]!, tol, `${label} output ${k}`));

  if (!c.grads.some((g) => g !== null)) return;
  let loss: Tensor | null = null;
  outputs.forEach((o, k) => {
    const w = c.w[k];
    if (w === null || w === undefined) return;
    const term = T.sum(T.mul(o, makeTensor(w)));
    loss = loss === null ? term : T.add(loss, term);
  });
  assert.ok(loss !== null, `${label}: no floating output to backpropagate`);
  (loss as Tensor).backward();
  c.grads.forEach((g, k) => {
    if (g === null) return;
    const input = inputs[k];
    assert.ok(typeof input !== 'number' && input !== undefined, `${label}: gradient expected for a number input`);
    assertGradClose(input.grad, g, tol, `${label} grad of input ${k}`);
  });
}

test('ops.json covers every op with both dtypes', () => {
  assert.ok(fixture.cases.length >= 180, `only ${fixture.cases.length} cases`);
  const ops = new Set(fixture.cases.map((c) => c.op));
  for (const op of ops) assert.ok(FUNCTION_FORM[op] !== undefined, `no function form for op ${op}`);
  for (const op of Object.keys(FUNCTION_FORM)) assert.ok(ops.has(op), `op ${op} has no fixture case`);
  for (const dtype of ['float64', 'float32']) {
    assert.ok(fixture.cases.some((c) => c.dtype === dtype), `no ${dtype} cases`);
  }
});

for (const c of fixture.cases) {
  test(c.name, () => {
    const fn = FUNCTION_FORM[c.op];
    assert.ok(fn !== undefined, `no function form for op ${c.op}`);
    runAndCheck(c, fn, 'function');
    const method = METHOD_FORM[c.op];
    const first = c.inputs[0];
    if (method !== undefined && first !== undefined && !isNumberSpec(first)) runAndCheck(c, method, 'method');
  });
}
