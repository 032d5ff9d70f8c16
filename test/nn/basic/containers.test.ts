/**
 * Sequential, ModuleList, ModuleDict: PyTorch's child names and state-dict keys, indexing, length,
 * iteration, append / extend / insert / set, train/eval propagation, forward chaining and errors.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TensoriteError, ValueError, nn, tensor, type Tensor } from '../../../src/index.js';

test('Sequential names children 0, 1, ... and chains forward', () => {
  const a = new nn.Linear(2, 3);
  const seq = new nn.Sequential(a, new nn.ReLU(), new nn.Linear(3, 1));
  assert.equal(seq.length, 3);
  assert.equal(seq.at(0), a);
  assert.ok(seq.at(-1) instanceof nn.Linear);
  assert.throws(() => seq.at(3), ValueError);
  assert.deepEqual([...seq].map((m) => m.constructor.name), ['Linear', 'ReLU', 'Linear']);
  assert.deepEqual(Object.keys(seq.stateDict()), ['0.weight', '0.bias', '2.weight', '2.bias']);
  seq.append(new nn.Sigmoid()).append(new nn.Linear(1, 1, { bias: false }));
  assert.equal(seq.length, 5);
  assert.deepEqual(Object.keys(seq.stateDict()).slice(-1), ['4.weight']);
  // Hand-set weights: y = sigmoid(relu(x·w0ᵀ + b0)·w2ᵀ + b2)·w4.
  seq.loadStateDict({
    '0.weight': tensor([[1, 0], [0, 1], [1, 1]]), '0.bias': tensor([0, -5, 0]),
    '2.weight': tensor([[1, 1, -1]]), '2.bias': tensor([0.5]), '4.weight': tensor([[2]]),
  });
  const y = seq.forward(tensor([[1, 2]]));
  // h = relu([1, -3, 3]) = [1, 0, 3]; z = 1 + 0 − 3 + 0.5 = −1.5; y = 2·σ(−1.5).
  assert.ok(Math.abs(y.item() - 2 / (1 + Math.exp(1.5))) < 1e-6);
});

test('Sequential from a record uses its keys; extend; non-module arguments are rejected', () => {
  const seq = new nn.Sequential({ encoder: new nn.Linear(2, 2), act: new nn.Tanh() });
  assert.deepEqual(Object.keys(seq.stateDict()), ['encoder.weight', 'encoder.bias']);
  seq.extend([new nn.Linear(2, 1)]);
  assert.deepEqual(Object.keys(seq.stateDict()).slice(-2), ['2.weight', '2.bias']);
  assert.throws(() => new nn.Sequential(42 as unknown as nn.Module), ValueError);
  assert.throws(() => new nn.Sequential({ 'a.b': new nn.ReLU() }), ValueError);
});

test('Sequential reports a child that does not return one tensor', () => {
  class Pair extends nn.Module {
    forward(x: Tensor): Tensor[] {
      return [x, x];
    }
  }
  const seq = new nn.Sequential(new nn.ReLU(), new Pair());
  assert.throws(() => seq.forward(tensor([1])), /module '1' \(Pair\) did not return a single tensor/);
});

test('train()/eval() reach every nested child', () => {
  const inner = new nn.Sequential(new nn.Dropout(0.5), new nn.BatchNorm1d(2));
  const outer = new nn.Sequential(new nn.Linear(2, 2), inner);
  outer.eval();
  assert.ok([...outer.modules()].every((m) => !m.training));
  outer.train();
  assert.ok(inner.at(1).training);
});

test('ModuleList: keys, append / extend / insert renumbering / set, iteration, no forward', () => {
  const list = new nn.ModuleList([new nn.Linear(1, 2), new nn.Linear(2, 3)]);
  assert.equal(list.length, 2);
  assert.deepEqual(Object.keys(list.stateDict()), ['0.weight', '0.bias', '1.weight', '1.bias']);
  const inserted = new nn.Linear(5, 5, { bias: false });
  list.insert(1, inserted);
  assert.equal(list.at(1), inserted);
  assert.deepEqual(Object.keys(list.stateDict()), ['0.weight', '0.bias', '1.weight', '2.weight', '2.bias']);
  assert.deepEqual(list.stateDict()['2.weight']!.shape, [3, 2]);
  list.extend([new nn.ReLU()]).append(new nn.Tanh());
  assert.deepEqual([...list].map((m) => m.constructor.name), ['Linear', 'Linear', 'Linear', 'ReLU', 'Tanh']);
  list.set(-1, new nn.Sigmoid());
  assert.ok(list.at(4) instanceof nn.Sigmoid);
  assert.equal(list.parameters().length, 5);
  assert.throws(() => list.insert(9, new nn.ReLU()), ValueError);
  assert.throws(() => list.forward(), TensoriteError);
});

test('ModuleDict: insertion order, get / has / keys / iteration, key validation, no forward', () => {
  const dict = new nn.ModuleDict({ gap: new nn.Linear(4, 1), energy: new nn.Linear(4, 2) });
  dict.set('extra', new nn.ReLU());
  assert.deepEqual(dict.keys(), ['gap', 'energy', 'extra']);
  assert.deepEqual([...dict], ['gap', 'energy', 'extra']);
  assert.equal(dict.length, 3);
  assert.ok(dict.has('energy') && !dict.has('missing'));
  assert.deepEqual((dict.get('energy') as nn.Linear).weight.shape, [2, 4]);
  assert.throws(() => dict.get('missing'), /no module under "missing" \(keys: gap, energy, extra\)/);
  assert.deepEqual(Object.keys(dict.stateDict()), ['gap.weight', 'gap.bias', 'energy.weight', 'energy.bias']);
  const replaced = new nn.Linear(4, 1, { bias: false });
  dict.set('gap', replaced);
  assert.equal(dict.get('gap'), replaced);
  assert.deepEqual(dict.keys(), ['gap', 'energy', 'extra']);
  assert.throws(() => dict.set('a.b', new nn.ReLU()), ValueError);
  assert.throws(() => dict.set('', new nn.ReLU()), ValueError);
  assert.throws(() => dict.forward(), TensoriteError);
  const fromEntries = new nn.ModuleDict([['x', new nn.Identity()]]);
  assert.deepEqual(fromEntries.keys(), ['x']);
});
