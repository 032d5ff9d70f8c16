/**
 * Convolution, pooling and resampling layers against PyTorch: test/fixtures/nn_conv.json (written by
 * tools/fixtures/make_nn_conv_fixtures.py) holds, per case and dtype, the layer's constructor arguments, its
 * state dict under PyTorch's keys, the input, the output, a weight w, and the gradients of L = sum(out · w)
 * with respect to the input and every parameter (plus max-pooling indices where requested). Each case builds
 * the layer, loads the state dict with `loadStateDict`, runs forward and backward and compares everything.
 *
 * Every module case runs on every registered backend (cpu, and wasm where the runtime has SIMD).
 *
 * Tolerance, element by element: |actual − torch| ≤ tol · max(1, |torch|), tol = 1e-10 (float64), 1e-5 (float32).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as T from '../../../src/index.js';
import type { Tensor } from '../../../src/index.js';
import { nn } from '../../../src/index.js';
import { FIXTURE_TOLERANCE, assertGradClose, assertTensorClose, makeTensor, readFixture, type TensorSpec } from '../../helpers/fixtures.js';

type Json = number | string | boolean | null | Json[] | { [k: string]: Json };

interface ModuleCase {
  name: string;
  layer: string;
  args: Json[];
  kwargs: Record<string, Json>;
  forwardKwargs: Record<string, Json>;
  dtype: 'float64' | 'float32';
  stateDict: Record<string, TensorSpec>;
  input: TensorSpec;
  output: TensorSpec;
  w: TensorSpec;
  gradInput: TensorSpec;
  gradParams: Record<string, TensorSpec>;
  indices?: TensorSpec;
}

interface FunctionCase {
  name: string;
  fn: 'unfold' | 'fold';
  args: Json[];
  kwargs: Record<string, Json>;
  dtype: 'float64' | 'float32';
  input: TensorSpec;
  output: TensorSpec;
  w: TensorSpec;
  gradInput: TensorSpec;
}

const fixture = readFixture<{ cases: (ModuleCase | FunctionCase | { name: 'spectra_classifier' })[] }>('nn_conv.json');
const moduleCases = fixture.cases.filter((c): c is ModuleCase => 'layer' in c);
const functionCases = fixture.cases.filter((c): c is FunctionCase => 'fn' in c);

/** A layer built from the fixture's constructor arguments, and how to run it. */
interface Built {
  module: nn.Module;
  run: (x: Tensor) => Tensor | [Tensor, Tensor];
}

// The fixture stores tensorite's own argument names; the casts only restore the static types of JSON values.
function build(c: ModuleCase): Built {
  const a = c.args as never[];
  const kw = c.kwargs as never;
  const withDtype = { ...(c.kwargs as object), dtype: c.dtype } as never;
  switch (c.layer) {
    case 'Conv1d': { const m = new nn.Conv1d(a[0]!, a[1]!, a[2]!, withDtype); return { module: m, run: (x) => m.forward(x) }; }
    case 'Conv2d': { const m = new nn.Conv2d(a[0]!, a[1]!, a[2]!, withDtype); return { module: m, run: (x) => m.forward(x) }; }
    case 'ConvTranspose1d':
    case 'ConvTranspose2d': {
      const m = c.layer === 'ConvTranspose1d' ? new nn.ConvTranspose1d(a[0]!, a[1]!, a[2]!, withDtype) : new nn.ConvTranspose2d(a[0]!, a[1]!, a[2]!, withDtype);
      const outputSize = c.forwardKwargs.outputSize as number[] | undefined;
      return { module: m, run: (x) => m.forward(x, outputSize) };
    }
    case 'MaxPool1d': { const m = new nn.MaxPool1d<boolean>(a[0]!, kw); return { module: m, run: (x) => m.forward(x) }; }
    case 'MaxPool2d': { const m = new nn.MaxPool2d<boolean>(a[0]!, kw); return { module: m, run: (x) => m.forward(x) }; }
    case 'AvgPool1d': { const m = new nn.AvgPool1d(a[0]!, kw); return { module: m, run: (x) => m.forward(x) }; }
    case 'AvgPool2d': { const m = new nn.AvgPool2d(a[0]!, kw); return { module: m, run: (x) => m.forward(x) }; }
    case 'AdaptiveAvgPool1d': { const m = new nn.AdaptiveAvgPool1d(a[0]!); return { module: m, run: (x) => m.forward(x) }; }
    case 'AdaptiveAvgPool2d': { const m = new nn.AdaptiveAvgPool2d(a[0]!); return { module: m, run: (x) => m.forward(x) }; }
    case 'Upsample': { const m = new nn.Upsample(kw); return { module: m, run: (x) => m.forward(x) }; }
    default: throw new Error(`unknown layer ${c.layer}`);
  }
}

test('nn_conv.json covers every layer in both dtypes', () => {
  const layers = new Set(moduleCases.map((c) => c.layer));
  for (const l of ['Conv1d', 'Conv2d', 'ConvTranspose1d', 'ConvTranspose2d', 'MaxPool1d', 'MaxPool2d', 'AvgPool1d', 'AvgPool2d',
    'AdaptiveAvgPool1d', 'AdaptiveAvgPool2d', 'Upsample']) {
    assert.ok(layers.has(l), `no fixture case for ${l}`);
    for (const dtype of ['float64', 'float32']) assert.ok(moduleCases.some((c) => c.layer === l && c.dtype === dtype), `no ${dtype} case for ${l}`);
  }
  assert.ok(moduleCases.length >= 120, `only ${moduleCases.length} module cases`);
});

for (const [c, backend] of moduleCases.flatMap((c) => T.listBackends().map((b) => [c, b] as const))) {
  test(`${c.name} (${c.dtype}, ${backend} backend)`, () => {
    const tol = FIXTURE_TOLERANCE[c.dtype];
    const label = `${c.name} ${c.dtype} on ${backend}`;
    const previous = T.getBackend().name;
    T.setBackend(backend);
    try {
      runModuleCase(c, tol, label);
    } finally {
      T.setBackend(previous);
    }
  });
}

function runModuleCase(c: ModuleCase, tol: number, label: string): void {
  {
    const { module, run } = build(c);
    const state: Record<string, Tensor> = {};
    for (const [k, spec] of Object.entries(c.stateDict)) state[k] = makeTensor(spec);
    module.loadStateDict(state);
    assert.deepEqual(Object.keys(module.stateDict()), Object.keys(c.stateDict), `${label}: state-dict keys`);
    const x = makeTensor(c.input, true);
    const result = run(x);
    const [values, indices] = Array.isArray(result) ? result : [result, null];
    assertTensorClose(values, c.output, tol, `${label} output`);
    if (c.indices !== undefined) {
      assert.ok(indices !== null, `${label}: indices expected`);
      assertTensorClose(indices, c.indices, 0, `${label} indices`);
    } else {
      assert.equal(indices, null, `${label}: unexpected indices`);
    }
    T.sum(T.mul(values, makeTensor(c.w))).backward();
    assertGradClose(x.grad, c.gradInput, tol, `${label} input gradient`);
    for (const [name, p] of module.namedParameters()) {
      const expected = c.gradParams[name];
      assert.ok(expected !== undefined, `${label}: no reference gradient for ${name}`);
      assertGradClose(p.grad, expected, tol, `${label} ${name} gradient`);
    }
    assert.equal([...module.namedParameters()].length, Object.keys(c.gradParams).length, `${label}: parameter count`);
  }
}

for (const c of functionCases) {
  test(`${c.name} (${c.dtype})`, () => {
    const tol = FIXTURE_TOLERANCE[c.dtype];
    const x = makeTensor(c.input, true);
    const kw = c.kwargs as nn.functional.UnfoldOptions;
    const y = c.fn === 'unfold'
      ? nn.functional.unfold(x, c.args[0] as number | number[], kw)
      : nn.functional.fold(x, c.args[0] as number | number[], c.args[1] as number | number[], kw);
    assertTensorClose(y, c.output, tol, `${c.name} output`);
    T.sum(T.mul(y, makeTensor(c.w))).backward();
    assertGradClose(x.grad, c.gradInput, tol, `${c.name} input gradient`);
  });
}
