/**
 * Nested models against PyTorch (header `models` of test/fixtures/nn_basic.json): the state-dict keys,
 * their order and shapes for a nested Sequential and for a module holding an Embedding, a ModuleList, a
 * LayerNorm and a ModuleDict; PyTorch's state_dict loads strictly, and the eval-mode output and parameter
 * gradients of sum(out ⊙ g) match. Also: strict loadStateDict errors list every missing, unexpected and
 * mis-shaped key; non-strict loading returns the missing / unexpected keys.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ShapeError, add, nn, tanh, zeros, type Tensor } from '../../../src/index.js';
import { FIXTURE_TOLERANCE, assertGradClose, assertTensorClose, makeTensor, readFixture, type TensorSpec } from '../../helpers/fixtures.js';

interface ModelCase {
  name: string;
  model: 'nestedSequential' | 'heads';
  dtype: 'float32' | 'float64';
  keys: string[];
  shapes: number[][];
  stateDict: Record<string, TensorSpec>;
  input: TensorSpec;
  gradOutput: TensorSpec;
  output: TensorSpec;
  paramGrads: Record<string, TensorSpec>;
}

const fixture = readFixture<{ models: ModelCase[] }>('nn_basic.json');

function nestedSequential(): nn.Sequential {
  return new nn.Sequential(
    new nn.Linear(3, 4), new nn.ReLU(),
    new nn.Sequential(new nn.Linear(4, 4), new nn.BatchNorm1d(4)),
    new nn.LayerNorm(4), new nn.Dropout(0.1), new nn.Linear(4, 2),
  );
}

/** The same architecture as the fixture script's `Heads`. */
class Heads extends nn.Module {
  embed = new nn.Embedding(10, 4, { paddingIdx: 0 });
  blocks = new nn.ModuleList([new nn.Linear(4, 4), new nn.Linear(4, 4, { bias: false })]);
  norm = new nn.LayerNorm(4);
  heads = new nn.ModuleDict({ a: new nn.Linear(4, 1), b: new nn.Sequential(new nn.Linear(4, 2), new nn.Tanh()) });

  forward(idx: Tensor): Tensor {
    let h = this.embed.forward(idx);
    for (const block of this.blocks) h = tanh((block as nn.Linear).forward(h));
    h = this.norm.forward(h);
    const a = (this.heads.get('a') as nn.Linear).forward(h);
    const b = (this.heads.get('b') as nn.Sequential).forward(h);
    return add(a, b.sum(-1, true));
  }
}

function build(name: ModelCase['model']): nn.Module & { forward(x: Tensor): Tensor } {
  return name === 'nestedSequential' ? nestedSequential() : new Heads();
}

function specsToTensors(specs: Record<string, TensorSpec>): Record<string, Tensor> {
  return Object.fromEntries(Object.entries(specs).map(([k, s]) => [k, makeTensor(s, false)]));
}

for (const c of fixture.models) {
  test(`torch model ${c.name}: state-dict keys, order and shapes`, () => {
    const m = build(c.model);
    const sd = m.stateDict();
    assert.deepEqual(Object.keys(sd), c.keys);
    assert.deepEqual(Object.values(sd).map((t) => [...t.shape]), c.shapes);
  });

  test(`torch model ${c.name}: loads PyTorch's state_dict, eval output and gradients`, () => {
    const tol = FIXTURE_TOLERANCE[c.dtype];
    const m = build(c.model);
    if (c.dtype === 'float64') m.to('float64');
    m.eval();
    const result = m.loadStateDict(specsToTensors(c.stateDict));
    assert.deepEqual(result, { missingKeys: [], unexpectedKeys: [] });
    const out = m.forward(makeTensor(c.input, false));
    assertTensorClose(out, c.output, tol, `${c.name} output`);
    out.mul(makeTensor(c.gradOutput)).sum().backward();
    const params = Object.fromEntries(m.namedParameters());
    assert.deepEqual(Object.keys(params).sort(), Object.keys(c.paramGrads).sort());
    for (const [k, spec] of Object.entries(c.paramGrads)) assertGradClose(params[k]!.grad, spec, tol, `${c.name} grad of ${k}`);
  });
}

test('padding row of a loaded Embedding is returned as stored but gets no gradient', () => {
  const c = fixture.models.find((x) => x.model === 'heads' && x.dtype === 'float64')!;
  const padRow = c.stateDict['embed.weight']!.data.slice(0, 4);
  assert.ok(padRow.some((v) => v !== 0), 'the fixture gives the padding row non-zero values');
  assert.ok(c.paramGrads['embed.weight']!.data.slice(0, 4).every((v) => v === 0));
});

test('strict loadStateDict lists every missing, unexpected and mis-shaped key', () => {
  const m = nestedSequential();
  const sd = m.stateDict();
  const bad: Record<string, Tensor> = { ...sd, 'extra.weight': zeros([1]), '5.weight': zeros([3, 4]) };
  delete bad['2.1.running_var'];
  delete bad['0.bias'];
  assert.throws(() => m.loadStateDict(bad), (e: unknown) => {
    assert.ok(e instanceof ShapeError);
    const msg = (e as Error).message;
    assert.match(msg, /missing keys: 0\.bias, 2\.1\.running_var/);
    assert.match(msg, /unexpected keys: extra\.weight/);
    assert.match(msg, /5\.weight: checkpoint \[3, 4\] vs model \[2, 4\]/);
    return true;
  });
});

test('non-strict loadStateDict returns missing and unexpected keys and loads the rest', () => {
  const m = new nn.Sequential(new nn.Linear(2, 2), new nn.BatchNorm1d(2));
  const w = makeTensor({ shape: [2, 2], dtype: 'float32', data: [1, 2, 3, 4] });
  const result = m.loadStateDict({ '0.weight': w, 'head.bias': zeros([2]) }, { strict: false });
  assert.deepEqual(result.unexpectedKeys, ['head.bias']);
  assert.deepEqual(result.missingKeys, ['0.bias', '1.weight', '1.bias', '1.running_mean', '1.running_var', '1.num_batches_tracked']);
  assert.deepEqual(Array.from((m.at(0) as nn.Linear).weight.data()), [1, 2, 3, 4]);
});

test('a mis-shaped key fails even without strict, and dtypes are never cast', () => {
  const m = new nn.Linear(3, 2);
  assert.throws(() => m.loadStateDict({ weight: zeros([3, 2]) }, { strict: false }), /weight: checkpoint \[3, 2\] vs model \[2, 3\]/);
  assert.throws(() => m.loadStateDict({ weight: zeros([2, 3], { dtype: 'float64' }), bias: zeros([2]) }), /dtype float64 vs model dtype float32/);
});
