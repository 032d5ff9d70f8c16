/**
 * Attention and Transformer layers against PyTorch 1.13 (test/fixtures/attention.json, written by
 * tools/fixtures/make_attention_fixtures.py): each case builds the layer through the public constructor,
 * loads PyTorch's state_dict strictly (so keys, their order and shapes must match), runs the forward with
 * the case's masks, and compares the output, the attention weights and the gradients of
 * L = Σ out ⊙ g (+ Σ weights ⊙ gw) with respect to every input and parameter.
 * Tolerance, element by element: |actual − torch| ≤ tol · max(1, |torch|), tol = 1e-5 (float32), 1e-10 (float64).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nn, tensor, type Tensor } from '../../../src/index.js';
import {
  FIXTURE_TOLERANCE, assertGradClose, assertTensorClose, makeTensor, readFixture, type TensorSpec,
} from '../../helpers/fixtures.js';

interface MaskSpec extends Omit<TensorSpec, 'data'> {
  data: (number | '-Infinity')[];
}

interface AttentionCase {
  name: string;
  kind: 'scaledDotProductAttention' | 'MultiheadAttention' | 'TransformerEncoderLayer' | 'TransformerEncoder'
    | 'TransformerDecoderLayer' | 'TransformerDecoder';
  args: [number, number, Record<string, unknown>, number?] | [];
  dtype: 'float32' | 'float64';
  stateDict: Record<string, TensorSpec>;
  inputs: Record<string, TensorSpec>;
  same: 'qkv' | 'kv' | null;
  masks: Record<string, MaskSpec>;
  call: Record<string, unknown>;
  gradOutput: TensorSpec;
  gradWeights?: TensorSpec;
  output: TensorSpec;
  weights?: TensorSpec;
  inputGrads: Record<string, TensorSpec>;
  paramGrads: Record<string, TensorSpec>;
}

const fixture = readFixture<{ cases: AttentionCase[] }>('attention.json');

function makeMask(spec: MaskSpec): Tensor {
  const data = spec.data.map((v) => (v === '-Infinity' ? -Infinity : v));
  return tensor(data, { dtype: spec.dtype }).reshape(spec.shape);
}

type Runner = (inputs: Record<string, Tensor>, masks: Record<string, Tensor>) => [Tensor, Tensor | null];

function build(c: AttentionCase): { module: nn.Module | null; run: Runner } {
  if (c.kind === 'scaledDotProductAttention') {
    return {
      module: null,
      run: (x, m) => nn.functional.scaledDotProductAttention(x.query!, x.key!, x.value!, {
        attnMask: m.attnMask ?? null, isCausal: c.call.isCausal as boolean, scale: c.call.scale as number | undefined, needWeights: true,
      }),
    };
  }
  const [e, h, options, numLayers] = c.args as [number, number, Record<string, unknown>, number?];
  const opts = { ...options, dtype: c.dtype };
  switch (c.kind) {
    case 'MultiheadAttention': {
      const mha = new nn.MultiheadAttention(e, h, opts);
      return {
        module: mha,
        run: (x, m) => {
          const q = x.query!;
          const k = c.same === 'qkv' ? q : x.key!;
          const v = c.same === 'qkv' ? q : c.same === 'kv' ? k : x.value!;
          return mha.forward(q, k, v, { ...m, ...c.call });
        },
      };
    }
    case 'TransformerEncoderLayer': {
      const layer = new nn.TransformerEncoderLayer(e, h, opts);
      return { module: layer, run: (x, m) => [layer.forward(x.src!, m), null] };
    }
    case 'TransformerEncoder': {
      const stack = new nn.TransformerEncoder(new nn.TransformerEncoderLayer(e, h, opts), numLayers!, { norm: new nn.LayerNorm(e, { dtype: c.dtype }) });
      return { module: stack, run: (x, m) => [stack.forward(x.src!, m), null] };
    }
    case 'TransformerDecoderLayer': {
      const layer = new nn.TransformerDecoderLayer(e, h, opts);
      return { module: layer, run: (x, m) => [layer.forward(x.tgt!, x.memory!, m), null] };
    }
    case 'TransformerDecoder': {
      const stack = new nn.TransformerDecoder(new nn.TransformerDecoderLayer(e, h, opts), numLayers!, { norm: new nn.LayerNorm(e, { dtype: c.dtype }) });
      return { module: stack, run: (x, m) => [stack.forward(x.tgt!, x.memory!, m), null] };
    }
  }
}

test('the fixture covers masks, layouts, kdim/vdim, weights, norm placement and activations in both dtypes', () => {
  const names = fixture.cases.map((c) => c.name).join('\n');
  for (const word of ['kpm', 'causal', 'batchFirst', 'seq-first', 'kdim/vdim', 'per-head', 'norm-first', 'post-norm', 'gelu', 'relu', 'bias_k', 'unbatched', 'memory mask']) {
    assert.ok(names.includes(word), `no fixture case mentions ${word}`);
  }
  const kinds = new Set(fixture.cases.map((c) => c.kind));
  assert.equal(kinds.size, 6);
  assert.equal(fixture.cases.filter((c) => c.dtype === 'float32').length, fixture.cases.filter((c) => c.dtype === 'float64').length);
});

for (const c of fixture.cases) {
  test(`torch: ${c.kind} — ${c.name} (${c.dtype})`, () => {
    const tol = FIXTURE_TOLERANCE[c.dtype];
    const { module, run } = build(c);
    if (module !== null) {
      module.train();
      assert.deepEqual(Object.keys(module.stateDict()), Object.keys(c.stateDict), 'state-dict keys (and their order) differ from PyTorch');
      module.loadStateDict(Object.fromEntries(Object.entries(c.stateDict).map(([k, s]) => [k, makeTensor(s, false)])));
    }
    const inputs = Object.fromEntries(Object.entries(c.inputs).map(([k, s]) => [k, makeTensor(s, true)]));
    const masks = Object.fromEntries(Object.entries(c.masks).map(([k, s]) => [k, makeMask(s)]));
    const [out, weights] = run(inputs, masks);
    assertTensorClose(out, c.output, tol, `${c.name} output`);
    let loss = out.mul(makeTensor(c.gradOutput)).sum();
    if (c.weights !== undefined) {
      assert.ok(weights !== null, `${c.name}: no attention weights returned`);
      assertTensorClose(weights, c.weights, tol, `${c.name} weights`);
      loss = loss.add(weights.mul(makeTensor(c.gradWeights!)).sum());
    } else if (c.kind === 'MultiheadAttention') {
      assert.equal(weights, null, `${c.name}: weights returned although needWeights is false`);
    }
    loss.backward();
    for (const [k, spec] of Object.entries(c.inputGrads)) assertGradClose(inputs[k]!.grad, spec, tol, `${c.name} grad of input ${k}`);
    if (module !== null) {
      const params = Object.fromEntries(module.namedParameters());
      assert.deepEqual(Object.keys(params).sort(), Object.keys(c.paramGrads).sort(), `${c.name}: parameter names`);
      for (const [k, spec] of Object.entries(c.paramGrads)) assertGradClose(params[k]!.grad, spec, tol, `${c.name} grad of ${k}`);
    }
  });
}
