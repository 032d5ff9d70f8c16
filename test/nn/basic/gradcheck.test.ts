/**
 * Gradients of the core layers against float64 central differences (gradcheck): every differentiable
 * input of linear, layerNorm, batchNorm (train and eval), embedding and the modules built on them, plus
 * second-order checks (the gradient of a loss through LayerNorm / BatchNorm, differentiated again).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Generator, grad, gradcheck, nn, randn, tensor, type Tensor } from '../../../src/index.js';

const F = nn.functional;
const gen = new Generator(77);

function input(shape: number[], scale = 1): Tensor {
  return randn(shape, { dtype: 'float64', generator: gen }).mul(scale).detach().requiresGrad_();
}

const runningMean = randn([2], { dtype: 'float64', generator: new Generator(1) });
const runningVar = randn([2], { dtype: 'float64', generator: new Generator(2) }).abs().add(0.5);
const idx = tensor([[0, 4, 4], [2, 1, 0]], { dtype: 'int32' });

const cases: [string, () => Tensor[], (...xs: Tensor[]) => Tensor][] = [
  ['linear [3,4]·[2,4]ᵀ + b', () => [input([3, 4]), input([2, 4]), input([2])], (x, w, b) => F.linear(x!, w!, b!)],
  ['linear on [2,2,4] without bias', () => [input([2, 2, 4]), input([3, 4])], (x, w) => F.linear(x!, w!)],
  ['linear on a 1-D input', () => [input([4]), input([2, 4]), input([2])], (x, w, b) => F.linear(x!, w!, b!)],
  ['layerNorm over [4] with affine', () => [input([3, 4], 2), input([4]), input([4])], (x, w, b) => F.layerNorm(x!, [4], w!, b!)],
  ['layerNorm over [2,3], no affine', () => [input([2, 2, 3])], (x) => F.layerNorm(x!, [2, 3], null, null, 1e-3)],
  ['batchNorm train [5,3]', () => [input([5, 3], 2), input([3]), input([3])], (x, w, b) => F.batchNorm(x!, null, null, w!, b!, true)],
  ['batchNorm train [2,3,2,2]', () => [input([2, 3, 2, 2]), input([3]), input([3])], (x, w, b) => F.batchNorm(x!, null, null, w!, b!, true)],
  ['batchNorm eval with running stats', () => [input([4, 2, 3]), input([2]), input([2])], (x, w, b) =>
    F.batchNorm(x!, runningMean, runningVar, w!, b!, false)],
  ['embedding weight (repeated indices)', () => [input([5, 3])], (w) => F.embedding(idx, w!)],
];

for (const [name, make, fn] of cases) {
  test(`gradcheck: ${name}`, () => {
    assert.ok(gradcheck(fn, make()).passed);
  });
}

test('gradcheck: float64 modules (Linear → GELU → LayerNorm, BatchNorm1d in training)', () => {
  const lin = new nn.Linear(3, 4, { dtype: 'float64', generator: new Generator(5) });
  const norm = new nn.LayerNorm(4, { dtype: 'float64' });
  const act = new nn.GELU('tanh');
  assert.ok(gradcheck((x) => norm.forward(act.forward(lin.forward(x!))), [input([2, 3])]).passed);
  // gradcheck over the parameters themselves (they are leaves of float64).
  const x = input([2, 3]).detach();
  assert.ok(gradcheck((w, b) => F.linear(x, w!, b!).tanh(), [lin.weight, lin.bias!]).passed);
  const bn = new nn.BatchNorm1d(3, { dtype: 'float64' });
  assert.ok(gradcheck((x) => bn.forward(x!), [input([4, 3, 2])]).passed);
});

test('second order: gradients through layerNorm and batchNorm are themselves differentiable', () => {
  const w = input([4]);
  const f = (x: Tensor): Tensor => {
    const [g] = grad([F.layerNorm(x, [4], w).pow(3).sum()], [x], { createGraph: true });
    return g!;
  };
  assert.ok(gradcheck(f, [input([2, 4])]).passed);
  const h = (x: Tensor): Tensor => {
    const [g] = grad([F.batchNorm(x, null, null, null, null, true).tanh().sum()], [x], { createGraph: true });
    return g!;
  };
  assert.ok(gradcheck(h, [input([4, 2])]).passed);
});
