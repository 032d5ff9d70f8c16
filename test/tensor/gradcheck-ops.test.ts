// Every differentiable op against float64 central differences, on broadcasting shapes
// (size-1 dims, 0-d scalars, batched matmul).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as T from '../../src/index.js';
import type { Tensor } from '../../src/index.js';

T.manualSeed(1234);

function input(shape: number[], opts: { positive?: boolean; awayFromZero?: boolean; scale?: number } = {}): Tensor {
  let x = T.randn(shape, { dtype: 'float64' }).mul(opts.scale ?? 1);
  if (opts.positive) x = x.abs().add(0.5);
  if (opts.awayFromZero) x = x.add(x.sign().mul(0.3));
  return x.detach().requiresGrad_();
}

function idx(values: number[], shape: number[]): Tensor {
  return T.tensor(Int32Array.from(values), { dtype: 'int32' }).reshape(shape);
}

const cases: [string, () => Tensor[], (...xs: Tensor[]) => Tensor | Tensor[]][] = [
  ['add broadcast [2,3]+[3]', () => [input([2, 3]), input([3])], (a, b) => T.add(a!, b!)],
  ['add with 0-d scalar', () => [input([2, 3]), input([])], (a, b) => a!.add(b!)],
  ['sub broadcast [2,1,3]-[4,1]', () => [input([2, 1, 3]), input([4, 1])], (a, b) => T.sub(a!, b!)],
  ['mul broadcast [3,1]*[1,4]', () => [input([3, 1]), input([1, 4])], (a, b) => T.mul(a!, b!)],
  ['div broadcast', () => [input([2, 3]), input([2, 1], { positive: true })], (a, b) => T.div(a!, b!)],
  ['number - tensor', () => [input([4])], (a) => T.sub(2, a!)],
  ['pow tensor exponent', () => [input([2, 3], { positive: true }), input([3])], (a, b) => T.pow(a!, b!)],
  ['pow scalar exponent 3', () => [input([5])], (a) => a!.pow(3)],
  ['pow scalar exponent -1.5', () => [input([5], { positive: true })], (a) => a!.pow(-1.5)],
  ['maximum broadcast', () => [input([3, 4]), input([4])], (a, b) => T.maximum(a!, b!)],
  ['minimum broadcast', () => [input([3, 1]), input([3, 4])], (a, b) => T.minimum(a!, b!)],
  ['neg', () => [input([3])], (a) => a!.neg()],
  ['abs', () => [input([6], { awayFromZero: true })], (a) => a!.abs()],
  ['sqrt', () => [input([6], { positive: true })], (a) => a!.sqrt()],
  ['rsqrt', () => [input([6], { positive: true })], (a) => a!.rsqrt()],
  ['exp', () => [input([2, 3])], (a) => a!.exp()],
  ['log', () => [input([2, 3], { positive: true })], (a) => a!.log()],
  ['log1p', () => [input([2, 3], { positive: true })], (a) => a!.log1p()],
  ['expm1', () => [input([2, 3])], (a) => a!.expm1()],
  ['sin', () => [input([4])], (a) => a!.sin()],
  ['cos', () => [input([4])], (a) => a!.cos()],
  ['tanh', () => [input([2, 2])], (a) => a!.tanh()],
  ['sigmoid', () => [input([2, 2])], (a) => a!.sigmoid()],
  ['relu', () => [input([8], { awayFromZero: true })], (a) => a!.relu()],
  ['leakyRelu 0.2', () => [input([8], { awayFromZero: true })], (a) => a!.leakyRelu(0.2)],
  ['elu 1.3', () => [input([8], { awayFromZero: true })], (a) => a!.elu(1.3)],
  ['gelu erf', () => [input([8])], (a) => a!.gelu()],
  ['gelu tanh', () => [input([8])], (a) => a!.gelu('tanh')],
  ['silu', () => [input([8])], (a) => a!.silu()],
  ['softplus beta 2', () => [input([8])], (a) => a!.softplus(2, 20)],
  ['erf', () => [input([5])], (a) => a!.erf()],
  ['square', () => [input([5])], (a) => a!.square()],
  ['reciprocal', () => [input([5], { positive: true })], (a) => a!.reciprocal()],
  ['clamp both', () => [input([10], { scale: 2 })], (a) => a!.clamp(-0.73, 0.81)],
  ['clamp min only', () => [input([10])], (a) => a!.clamp(0.13)],
  ['where broadcast', () => [input([2, 3]), input([3])], (a, b) => T.where(T.tensor([[true, false, true], [false, false, true]]), a!, b!)],
  ['sum all', () => [input([2, 3])], (a) => a!.sum()],
  ['sum dims keepdim', () => [input([2, 3, 4])], (a) => a!.sum([0, 2], true)],
  ['mean dim', () => [input([2, 3, 4])], (a) => a!.mean(1)],
  ['var correction 1', () => [input([3, 5])], (a) => a!.var(1)],
  ['var correction 0 keepdim', () => [input([3, 5])], (a) => a!.var(0, { correction: 0, keepdim: true })],
  ['std all', () => [input([4, 3])], (a) => a!.std()],
  ['max dim values', () => [input([3, 5])], (a) => a!.max(1).values],
  ['min dim keepdim', () => [input([3, 5])], (a) => a!.min(0, true).values],
  ['max all', () => [input([3, 5])], (a) => a!.max()],
  ['amax dims', () => [input([2, 3, 4])], (a) => a!.amax([0, 2])],
  ['prod dim', () => [input([3, 4])], (a) => a!.prod(1)],
  ['prod all', () => [input([5])], (a) => a!.prod()],
  ['prod with a zero', () => [T.tensor([[1.5, 0, 2], [0.5, -1, 3]], { dtype: 'float64', requiresGrad: true })], (a) => a!.prod(1)],
  ['logsumexp', () => [input([3, 4], { scale: 3 })], (a) => a!.logsumexp(1)],
  ['norm 2', () => [input([3, 4])], (a) => a!.norm()],
  ['norm 1 dim', () => [input([3, 4], { awayFromZero: true })], (a) => a!.norm(1, 1)],
  ['norm 3 keepdim', () => [input([3, 4], { awayFromZero: true })], (a) => a!.norm(3, 0, true)],
  ['norm inf', () => [input([6])], (a) => a!.norm(Infinity)],
  ['matmul 1-D·1-D', () => [input([4]), input([4])], (a, b) => T.matmul(a!, b!)],
  ['matmul 2-D·2-D', () => [input([3, 4]), input([4, 2])], (a, b) => a!.matmul(b!)],
  ['matmul 1-D·2-D', () => [input([4]), input([4, 2])], (a, b) => a!.matmul(b!)],
  ['matmul 2-D·1-D', () => [input([3, 4]), input([4])], (a, b) => a!.matmul(b!)],
  ['matmul batched·2-D', () => [input([2, 3, 4]), input([4, 2])], (a, b) => a!.matmul(b!)],
  ['matmul broadcast batch', () => [input([2, 1, 3, 4]), input([3, 4, 2])], (a, b) => a!.matmul(b!)],
  ['matmul 1-D·batched', () => [input([3]), input([2, 3, 2])], (a, b) => a!.matmul(b!)],
  ['gemm transposed flags', () => [input([2, 4, 3]), input([2, 5, 4])], (a, b) => T.gemm(a!, b!, true, true)],
  ['reshape', () => [input([2, 6])], (a) => a!.reshape([3, -1]).mul(T.arange(4, undefined, 1, { dtype: 'float64' }))],
  ['flatten', () => [input([2, 3, 2])], (a) => a!.flatten(1).mul(T.arange(6, undefined, 1, { dtype: 'float64' }))],
  ['squeeze/unsqueeze', () => [input([3, 1, 2])], (a) => a!.squeeze(1).unsqueeze(0).mul(T.arange(2, undefined, 1, { dtype: 'float64' }))],
  ['permute', () => [input([2, 3, 4])], (a) => a!.permute([2, 0, 1]).mul(T.arange(3, undefined, 1, { dtype: 'float64' }))],
  ['transpose', () => [input([2, 3])], (a) => a!.transpose(0, 1).mul(T.arange(2, undefined, 1, { dtype: 'float64' }))],
  ['expand', () => [input([3, 1])], (a) => a!.expand([2, 3, 4]).mul(T.arange(4, undefined, 1, { dtype: 'float64' }))],
  ['cat dim 1', () => [input([2, 3]), input([2, 1])], (a, b) => T.cat([a!, b!], 1).mul(T.arange(4, undefined, 1, { dtype: 'float64' }))],
  ['stack dim -1', () => [input([2, 3]), input([2, 3])], (a, b) => T.stack([a!, b!], -1)],
  ['split sections', () => [input([5, 2])], (a) => T.split(a!, [2, 3], 0)],
  ['chunk', () => [input([2, 5])], (a) => T.chunk(a!, 2, 1)],
  ['narrow', () => [input([4, 5])], (a) => a!.narrow(1, 1, 3)],
  ['slice with step', () => [input([7, 2])], (a) => a!.slice(0, 1, -1, 2)],
  ['select', () => [input([3, 4])], (a) => a!.select(1, -1)],
  ['flip', () => [input([3, 4])], (a) => a!.flip([0, 1]).mul(T.arange(4, undefined, 1, { dtype: 'float64' }))],
  ['gather', () => [input([3, 4])], (a) => a!.gather(1, idx([0, 3, 3, 1, 2, 2], [3, 2]))],
  ['scatterAdd', () => [input([3, 4]), input([2, 4])], (a, b) => a!.scatterAdd(0, idx([0, 2, 2, 1, 1, 1, 0, 2], [2, 4]), b!)],
  ['indexSelect repeated', () => [input([4, 3])], (a) => a!.indexSelect(0, idx([3, 0, 3], [3]))],
  ['maskedFill', () => [input([2, 3])], (a) => a!.maskedFill(T.tensor([true, false, true]), 2.5)],
  ['pad constant with crop', () => [input([2, 3, 4])], (a) => a!.pad([1, -1, 2, 0], 'constant', 0.5)],
  ['pad reflect', () => [input([1, 2, 5])], (a) => a!.pad([2, 3], 'reflect')],
  ['pad replicate 2-D', () => [input([1, 2, 3, 3])], (a) => a!.pad([1, 2, 2, 1], 'replicate')],
  ['pad circular', () => [input([1, 2, 4])], (a) => a!.pad([3, 1], 'circular')],
  ['tril', () => [input([2, 3, 4])], (a) => a!.tril(1)],
  ['triu', () => [input([3, 4])], (a) => a!.triu(-1)],
  ['cumsum', () => [input([3, 4])], (a) => a!.cumsum(1)],
  ['softmax', () => [input([3, 4], { scale: 2 })], (a) => a!.softmax(1)],
  ['logSoftmax dim 0', () => [input([3, 4], { scale: 2 })], (a) => a!.logSoftmax(0)],
  ['to float64 (identity cast chain)', () => [input([3])], (a) => a!.to('float32').to('float64').mul(0).add(a!)],
  ['clone', () => [input([3])], (a) => a!.clone().mul(a!)],
];

for (const [name, makeInputs, fn] of cases) {
  test(`gradcheck: ${name}`, () => {
    const inputs = makeInputs();
    const report = T.gradcheck(fn, inputs, { eps: 1e-6, atol: 1e-7, rtol: 1e-5 });
    assert.equal(report.passed, true);
    assert.ok(report.inputs.length > 0);
  });
}

test('gradcheck detects a wrong gradient', () => {
  // exp recorded with the gradient of identity: a deliberately broken op built from public pieces.
  const x = input([4]);
  const broken = (a: Tensor): Tensor => a.exp().detach().add(a).sub(a.detach());
  const report = T.gradcheck(broken, [x], { raiseException: false });
  assert.equal(report.passed, false);
  assert.ok(report.inputs[0]!.maxAbsError > 1e-3);
  assert.throws(() => T.gradcheck(broken, [x]), /gradcheck failed/);
});

test('second-order gradcheck through createGraph (gradient of a gradient)', () => {
  const x = input([3]);
  const firstGrad = (a: Tensor): Tensor => T.grad(a.tanh().pow(3).sum(), [a], { createGraph: true })[0]!;
  assert.equal(T.gradcheck(firstGrad, [x], { atol: 1e-7, rtol: 1e-5 }).passed, true);
  const w = input([3, 2]);
  const mlpGrad = (xx: Tensor, ww: Tensor): Tensor => T.grad(xx.matmul(ww).gelu().sum(), [xx], { createGraph: true })[0]!;
  assert.equal(T.gradcheck(mlpGrad, [input([4, 3]), w], { atol: 1e-7, rtol: 1e-5 }).passed, true);
});
