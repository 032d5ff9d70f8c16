/**
 * Every tensor op against PyTorch: test/fixtures/ops.json (written by tools/fixtures/make_op_fixtures.py)
 * holds, per case and dtype, the inputs, PyTorch's outputs and the gradients of
 * L = Σ_k sum(out_k · w_k) for fixed random weights w_k. Each case builds the inputs, runs the op
 * (function form, and method form too where the op has one), checks the outputs, then backpropagates L
 * and checks every input's gradient.
 *
 * Tolerance, element by element: |actual − torch| ≤ tol · max(1, |torch|) with tol = 1e-10 for float64
 * and 1e-5 for float32; integer and bool outputs must be equal.
 *
 * The same table runs on every registered backend (cpu, and wasm where the runtime has WebAssembly SIMD).
 * On the wasm backend each case is also checked against the CPU backend, the oracle, with the tolerance
 * of WASM_VS_CPU below: ops the wasm backend computes with the shared reference kernels must agree
 * bit for bit, float32 GEMM-based ops (its own SIMD kernel, float32 accumulation) and softmax / log-softmax
 * (its SIMD kernel with a vectorised exp) to 1e-6 relative.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as T from '../../src/index.js';
import type { Tensor } from '../../src/index.js';
import {
  FIXTURE_TOLERANCE, assertGradClose, assertTensorClose, isNumberSpec, makeTensor, readFixture,
  type NumberSpec, type TensorSpec,
} from '../helpers/fixtures.js';
import { detectSimd } from '../../src/backend/wasm/gemm.js';
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

/**
 * Per-op tolerance of the wasm backend against the CPU oracle (relative, as FIXTURE_TOLERANCE); 0 = bit-identical.
 * softmax / logSoftmax: the SIMD kernel's vectorised exp, ≤ 4 float32 ulp (test/backend/wasm-softmax.test.ts).
 */
const WASM_VS_CPU: Readonly<Record<string, number>> = { matmul: 1e-6, softmax: 1e-6, logSoftmax: 1e-6 };

/** The case's outputs computed on the CPU backend. */
function oracleOutputs(c: OpCase, call: OpCall): Tensor[] {
  const previous = T.getBackend().name;
  T.setBackend('cpu');
  try {
    const inputs: Arg[] = c.inputs.map((s) => (isNumberSpec(s) ? s.number : makeTensor(s)));
    const result = call(inputs, c.kwargs);
    return Array.isArray(result) ? result : [result];
  } finally {
    T.setBackend(previous);
  }
}

function runAndCheck(c: OpCase, call: OpCall, form: string): void {
  const tol = FIXTURE_TOLERANCE[c.dtype];
  const backend = T.getBackend().name;
  const label = `${c.name} [${form}, ${backend}]`;
  const inputs: Arg[] = c.inputs.map((s) => (isNumberSpec(s) ? s.number : makeTensor(s)));
  const result = call(inputs, c.kwargs);
  const outputs = Array.isArray(result) ? result : [result];
  assert.equal(outputs.length, c.outputs.length, `${label}: number of outputs`);
  outputs.forEach((o, k) => assertTensorClose(o, c.outputs[k]!, tol, `${label} output ${k}`));
  if (backend !== 'cpu') {
    const oracle = oracleOutputs(c, call);
    const wtol = c.dtype === 'float32' ? (WASM_VS_CPU[c.op] ?? 0) : 0;
    outputs.forEach((o, k) => {
      const expected = oracle[k]!;
      assert.deepEqual(o.shape, expected.shape, `${label} output ${k} shape vs cpu`);
      const a = o.data();
      const e = expected.data();
      for (let i = 0; i < e.length; i++) {
        const bothNaN = Number.isNaN(a[i]!) && Number.isNaN(e[i]!);
        const err = bothNaN || a[i] === e[i] ? 0 : Math.abs(a[i]! - e[i]!) / Math.max(1, Math.abs(e[i]!));
        if (!(err <= wtol)) assert.fail(`${label} output ${k}: ${a[i]} vs the cpu backend's ${e[i]} at ${i} (tolerance ${wtol})`);
      }
    });
  }

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

for (const backend of T.listBackends()) {
  for (const c of fixture.cases) {
    test(`${backend}: ${c.name}`, () => {
      T.setBackend(backend);
      const fn = FUNCTION_FORM[c.op];
    assert.ok(fn !== undefined, `no function form for op ${c.op}`);
      runAndCheck(c, fn, 'function');
      const method = METHOD_FORM[c.op];
      const first = c.inputs[0];
      if (method !== undefined && first !== undefined && !isNumberSpec(first)) runAndCheck(c, method, 'method');
    });
  }
}

test('the op table runs on the wasm backend where the runtime has WebAssembly SIMD', () => {
  assert.equal(T.listBackends().includes('wasm'), detectSimd() !== 'none');
});
