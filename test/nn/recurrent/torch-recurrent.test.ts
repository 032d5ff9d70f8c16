/**
 * Recurrent layers against PyTorch (test/fixtures/recurrent_float64.json and recurrent_float32.json, written
 * by tools/fixtures/make_recurrent_fixtures.py). Each case builds the module through the public constructor,
 * loads PyTorch's state_dict (strict: PyTorch's keys, order and shapes), runs forward with the same initial
 * states and lengths, and checks the outputs, the final states and the gradients of
 * L = Σ output·g₀ + Σ h_n·g₁ (+ Σ c_n·g₂) with respect to the input, the initial states and every parameter.
 * Tolerance, element by element: |actual − torch| ≤ tol · max(1, |torch|), tol = 1e-9 (float64), 1e-4 (float32).
 * The float32 file holds only results; its inputs are the float64 file's, cast to float32 as PyTorch did.
 * recurrent_wide_float32.json (make_recurrent_wide_fixtures.py) adds float32 LSTM/GRU cases with H = 5…8, the
 * sizes at which the wasm backend (the default where it exists) runs its whole-sequence kernels.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nn, type Tensor } from '../../../src/index.js';
import { assertGradClose, assertTensorClose, makeTensor, readFixture, type TensorSpec } from '../../helpers/fixtures.js';

interface RecurrentCase {
  name: string;
  module: string;
  args: [number, number, Record<string, unknown>];
  dtype: 'float32' | 'float64';
  input?: TensorSpec;
  state?: TensorSpec[];
  lengths?: number[];
  outputs: TensorSpec[];
  gOutputs?: TensorSpec[];
  grads: Record<string, TensorSpec>;
  stateDict?: Record<string, TensorSpec>;
  paramGrads: Record<string, TensorSpec>;
}

const TOL = { float64: 1e-9, float32: 1e-4 } as const;
const f64 = readFixture<{ cases: RecurrentCase[] }>('recurrent_float64.json').cases;
const f32 = readFixture<{ cases: RecurrentCase[] }>('recurrent_float32.json').cases;
const wide = readFixture<{ cases: RecurrentCase[] }>('recurrent_wide_float32.json').cases;

type AnyRecurrent = nn.Module & { forward(x: Tensor, state?: unknown, options?: unknown): unknown };

function asDType(spec: TensorSpec, dtype: 'float32' | 'float64'): TensorSpec {
  return { ...spec, dtype };
}

function runCase(c: RecurrentCase, source: RecurrentCase): void {
  const tol = TOL[c.dtype];
  const ctor = (nn as unknown as Record<string, new (...a: unknown[]) => AnyRecurrent>)[c.module];
  assert.ok(ctor !== undefined, `nn.${c.module} is not exported`);
  const m = new ctor(...c.args);
  if (c.dtype === 'float64') m.to('float64');
  const stateDict = Object.fromEntries(Object.entries(source.stateDict!).map(([k, s]) => [k, makeTensor(asDType(s, c.dtype))]));
  assert.deepEqual(Object.keys(m.stateDict()), Object.keys(stateDict), `${c.name}: state-dict keys (and order) differ from PyTorch`);
  m.loadStateDict(stateDict);
  const x = makeTensor(asDType(source.input!, c.dtype), true);
  const states = source.state!.map((s) => makeTensor(asDType(s, c.dtype), true));
  const isLstm = c.module.startsWith('LSTM');
  const isCell = c.module.endsWith('Cell');
  const stateArg = states.length === 0 ? null : isLstm ? states : states[0]!;
  const result = isCell
    ? m.forward(x, stateArg)
    : m.forward(x, stateArg, source.lengths === undefined ? {} : { lengths: source.lengths });
  let outs: Tensor[];
  if (isCell) outs = isLstm ? (result as Tensor[]) : [result as Tensor];
  else {
    const [out, st] = result as [Tensor, Tensor | Tensor[]];
    outs = [out, ...(Array.isArray(st) ? st : [st])];
  }
  assert.equal(outs.length, c.outputs.length, `${c.name}: number of outputs`);
  outs.forEach((o, i) => assertTensorClose(o, c.outputs[i]!, tol, `${c.name} [${c.dtype}] output ${i}`));
  let loss: Tensor | null = null;
  outs.forEach((o, i) => {
    const term = o.mul(makeTensor(asDType(source.gOutputs![i]!, c.dtype))).sum();
    loss = loss === null ? term : loss.add(term);
  });
  (loss as unknown as Tensor).backward();
  assertGradClose(x.grad, c.grads.input!, tol, `${c.name} [${c.dtype}] input grad`);
  states.forEach((s, i) => assertGradClose(s.grad, c.grads[`state${i}`]!, tol, `${c.name} [${c.dtype}] state ${i} grad`));
  const params = Object.fromEntries(m.namedParameters());
  assert.deepEqual(Object.keys(params).sort(), Object.keys(c.paramGrads).sort(), `${c.name}: parameter names`);
  for (const [name, spec] of Object.entries(c.paramGrads)) assertGradClose(params[name]!.grad, spec, tol, `${c.name} [${c.dtype}] grad of ${name}`);
}

test('the fixture covers RNN/LSTM/GRU × layers × directions × batchFirst × state × lengths, and the cells', () => {
  for (const kind of ['RNN', 'LSTM', 'GRU']) {
    const combos = new Set(f64.filter((c) => c.module === kind).map((c) => {
      const o = c.args[2];
      return `${o.numLayers}/${o.bidirectional}/${o.batchFirst}/${(c.state ?? []).length > 0}/${c.lengths !== undefined}`;
    }));
    assert.ok(combos.size >= 32, `${kind}: only ${combos.size} option combinations`);
  }
  for (const cell of ['RNNCell', 'LSTMCell', 'GRUCell']) assert.ok(f64.some((c) => c.module === cell), `no ${cell} case`);
  assert.ok(f64.some((c) => c.args[2].projSize !== undefined), 'no projSize case');
  assert.equal(f32.length, f64.length);
});

f64.forEach((c, i) => {
  test(`torch: ${c.name} (float64, float32)`, () => {
    runCase(c, c);
    assert.equal(f32[i]!.name, c.name);
    runCase(f32[i]!, c);
  });
});

wide.forEach((c) => {
  test(`torch: ${c.name} (float32, hidden ${c.args[1]})`, () => runCase(c, c));
});
