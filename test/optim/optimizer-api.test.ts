/**
 * The optimiser contract beyond the PyTorch trajectories: parameter groups, defaults, validation,
 * zeroGrad, skipped parameters, closures, dtypes, and first steps derived by hand.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { noGrad, tensor, zeros, type Tensor } from '../../src/index.js';
import { DTypeError, ShapeError, ValueError } from '../../src/core/errors.js';
import { Parameter } from '../../src/nn/parameter.js';
import * as optim from '../../src/optim/index.js';

const f64 = (values: number[]): Tensor => tensor(values, { dtype: 'float64', requiresGrad: true });

function setGrad(p: Tensor, values: number[]): void {
  p.grad = tensor(values, { dtype: p.dtype });
}

test('SGD with momentum, by hand: buffer starts at the first gradient, then μ·b + (1 − τ)·g', () => {
  const p = f64([1, -2]);
  const opt = new optim.SGD([p], { lr: 0.1, momentum: 0.9, dampening: 0.5 });
  setGrad(p, [2, 4]);
  opt.step();
  assert.deepEqual(Array.from(p.data()), [1 - 0.1 * 2, -2 - 0.1 * 4]);
  setGrad(p, [1, -1]);
  opt.step();
  const b = [0.9 * 2 + 0.5 * 1, 0.9 * 4 + 0.5 * -1];
  const expected = [1 - 0.1 * 2 - 0.1 * b[0]!, -2 - 0.1 * 4 - 0.1 * b[1]!];
  Array.from(p.data()).forEach((v, i) => assert.ok(Math.abs(v - expected[i]!) < 1e-15));
});

test('Adam first step, by hand: θ − lr·g/(|g| + eps)', () => {
  const p = f64([0.5, -1, 3]);
  const opt = new optim.Adam([p], { lr: 0.01, eps: 1e-3 });
  setGrad(p, [0.2, -5, 1]);
  opt.step();
  const expected = [0.5 - (0.01 * 0.2) / (0.2 + 1e-3), -1 + (0.01 * 5) / (5 + 1e-3), 3 - (0.01 * 1) / (1 + 1e-3)];
  Array.from(p.data()).forEach((v, i) => assert.ok(Math.abs(v - expected[i]!) < 1e-15, `element ${i}: ${v} vs ${expected[i]}`));
});

test('parameter groups: defaults filled in, overrides kept, lr editable, addParamGroup', () => {
  const a = f64([1]);
  const b = f64([1]);
  const opt = new optim.Adam([{ params: [a] }, { params: [b], lr: 0.1, betas: [0.5, 0.9] }], { lr: 0.01 });
  assert.equal(opt.paramGroups.length, 2);
  assert.equal(opt.paramGroups[0]!.lr, 0.01);
  assert.deepEqual(opt.paramGroups[0]!.betas, [0.9, 0.999]);
  assert.equal(opt.paramGroups[0]!.eps, 1e-8);
  assert.equal(opt.paramGroups[0]!.weightDecay, 0);
  assert.equal(opt.paramGroups[1]!.lr, 0.1);
  assert.deepEqual(opt.paramGroups[1]!.betas, [0.5, 0.9]);
  assert.equal(new optim.AdamW([f64([1])]).paramGroups[0]!.weightDecay, 0.01);

  const c = f64([2]);
  opt.addParamGroup({ params: c, amsgrad: true });
  assert.equal(opt.paramGroups[2]!.lr, 0.01);
  assert.equal(opt.paramGroups[2]!.amsgrad, true);
  assert.deepEqual(opt.paramGroups[2]!.params, [c]);

  // Setting a group's lr to zero freezes it: Adam's update is lr-proportional.
  opt.paramGroups[0]!.lr = 0;
  for (const p of [a, b, c]) setGrad(p, [1]);
  opt.step();
  assert.equal(a.item(), 1);
  assert.notEqual(b.item(), 1);
  assert.notEqual(c.item(), 2);
});

test('parameters whose grad is null are skipped and get no state; zeroGrad sets grads to null', () => {
  const a = f64([1, 2]);
  const b = f64([3]);
  const opt = new optim.RMSprop([a, b], { lr: 0.1, momentum: 0.5 });
  setGrad(a, [1, 1]);
  opt.step();
  assert.equal(b.item(), 3);
  assert.equal(opt.state.has(b), false);
  assert.deepEqual(Object.keys(opt.state.get(a)!).sort(), ['momentum_buffer', 'square_avg', 'step']);
  assert.deepEqual(Object.keys(opt.stateDict().state), ['0']);
  opt.zeroGrad();
  assert.equal(a.grad, null);
  assert.equal(b.grad, null);
});

test('Parameter objects are updated in place and stay leaves; float32 state stays float32', () => {
  const w = new Parameter(tensor([[1, 2], [3, 4]]));
  const opt = new optim.Adam([w], { lr: 0.1, amsgrad: true });
  setGrad(w, [1, 1, 1, 1]);
  w.grad = w.grad!.reshape([2, 2]);
  opt.step();
  assert.equal(w.dtype, 'float32');
  assert.ok(w.isLeaf && w.requiresGrad);
  for (const key of ['exp_avg', 'exp_avg_sq', 'max_exp_avg_sq']) {
    const s = opt.state.get(w)![key] as Tensor;
    assert.equal(s.dtype, 'float32', key);
    assert.deepEqual([...s.shape], [2, 2]);
  }
  assert.ok(Math.abs((w.toArray() as number[][])[0]![0]! - 0.9) < 1e-6);
});

test('Adagrad creates its state when groups are added, with the initial accumulator value', () => {
  const a = f64([1, 2]);
  const opt = new optim.Adagrad([a], { initialAccumulatorValue: 0.25 });
  const s = opt.stateDict().state[0]!;
  assert.equal(s.step, 0);
  assert.deepEqual(Array.from((s.sum as Tensor).data()), [0.25, 0.25]);
  const b = f64([5]);
  opt.addParamGroup({ params: [b], initialAccumulatorValue: 1 });
  assert.deepEqual(Array.from((opt.state.get(b)!.sum as Tensor).data()), [1]);
  // clr = lr / (1 + (t − 1)·lrDecay): one step with sum 1 + g² = 5 moves by lr·g/√5.
  setGrad(b, [2]);
  opt.step();
  assert.ok(Math.abs(b.item() - (5 - (0.01 * 2) / (Math.sqrt(5) + 1e-10))) < 1e-15);
});

test('step(closure) runs the closure with gradients enabled and returns its result', () => {
  const p = f64([3]);
  const opt = new optim.SGD([p], { lr: 0.5 });
  const loss = noGrad(() =>
    opt.step(() => {
      opt.zeroGrad();
      const l = p.mul(p).sum();
      l.backward();
      return l.item();
    }),
  );
  assert.equal(loss, 9);
  assert.equal(p.item(), 3 - 0.5 * 6);
  assert.equal(opt.step(), undefined);
});

test('invalid options and parameters are rejected with errors naming the field', () => {
  const p = (): Tensor => f64([1]);
  assert.throws(() => new optim.SGD([p()], { lr: -1 }), /lr/);
  assert.throws(() => new optim.SGD([p()], {} as optim.SGDOptions), ValueError);
  assert.throws(() => new optim.SGD([p()], { lr: 0.1, nesterov: true }), /Nesterov/);
  assert.throws(() => new optim.SGD([p()], { lr: 0.1, momentum: 0.9, dampening: 0.1, nesterov: true }), /Nesterov/);
  assert.throws(() => new optim.Adam([p()], { betas: [1, 0.999] }), /betas\[0\]/);
  assert.throws(() => new optim.Adam([p()], { betas: [0.9, -0.1] }), /betas\[1\]/);
  assert.throws(() => new optim.RMSprop([p()], { alpha: -0.5 }), /alpha/);
  assert.throws(() => new optim.Adagrad([p()], { lrDecay: Number.NaN }), /lrDecay/);
  assert.throws(() => new optim.Adam([], {}), /empty/);
  assert.throws(() => new optim.SGD([p()], { lr: 0.1, weight_decay: 0.1 } as unknown as optim.SGDOptions), /constructor option "weight_decay"|unknown option "weight_decay"/);
  assert.throws(() => new optim.Adam([p()], { amsgrad: 'yes' } as unknown as optim.AdamOptions), /"amsgrad" must be a boolean/);
  assert.equal(new optim.Adam([p()], { eps: undefined }).defaults.eps, 1e-8);
  assert.throws(() => new optim.Adam([{ params: [p()], weight_decay: 0.1 } as unknown as optim.ParamGroupSpec<optim.AdamConfig>]), /unknown option "weight_decay"/);
  assert.throws(() => new optim.Adam([{ params: [p()], lr: '0.1' } as unknown as optim.ParamGroupSpec<optim.AdamConfig>]), /"lr" must be a number/);
  assert.throws(() => new optim.Adam([{ params: [p()], betas: [0.9] } as unknown as optim.ParamGroupSpec<optim.AdamConfig>]), /betas/);
  const shared = p();
  assert.throws(() => new optim.Adam([{ params: [shared] }, { params: [shared] }]), /another parameter group/);
  assert.throws(() => new optim.Adam([shared, shared]), /more than once/);
  assert.throws(() => new optim.Adam([shared.mul(2)]), /leaf/);
  assert.throws(() => new optim.Adam([zeros([2], { dtype: 'int32' })]), DTypeError);
  // A group with an invalid override fails at addParamGroup too.
  const opt = new optim.SGD([p()], { lr: 0.1 });
  assert.throws(() => opt.addParamGroup({ params: [p()], momentum: -1 }), /momentum/);
});

test('a gradient of the wrong shape or dtype is an error at step()', () => {
  const p = f64([1, 2]);
  const opt = new optim.SGD([p], { lr: 0.1 });
  p.grad = tensor([1, 2, 3], { dtype: 'float64' });
  assert.throws(() => opt.step(), ShapeError);
  p.grad = tensor([1, 2]);
  assert.throws(() => opt.step(), /float32/);
});

test('loadStateDict checks group and parameter counts, shapes and dtypes', () => {
  const a = f64([1, 2]);
  const opt = new optim.Adam([a], { lr: 0.1 });
  setGrad(a, [1, 1]);
  opt.step();
  const sd = opt.stateDict();
  assert.throws(() => new optim.Adam([f64([1, 2]), f64([3])]).loadStateDict(sd), /1 parameters/);
  assert.throws(() => new optim.Adam([{ params: [f64([1, 2])] }, { params: [f64([1])] }]).loadStateDict(sd), /parameter groups/);
  assert.throws(() => new optim.Adam([f64([1, 2, 3])]).loadStateDict(sd), ShapeError);
  assert.throws(() => new optim.Adam([tensor([1, 2], { requiresGrad: true })]).loadStateDict(sd), DTypeError);
  const bad = { ...sd, paramGroups: [{ ...sd.paramGroups[0]!, momentum: 0.9 }] };
  assert.throws(() => new optim.Adam([f64([1, 2])]).loadStateDict(bad), /unknown option "momentum"/);
  // The loaded state is a copy: stepping the new optimizer does not touch the dict's tensors.
  const b = f64([1, 2]);
  const opt2 = new optim.Adam([b]);
  opt2.loadStateDict(sd);
  assert.equal(opt2.paramGroups[0]!.lr, 0.1);
  const before = Array.from((sd.state[0]!.exp_avg as Tensor).data());
  setGrad(b, [3, 3]);
  opt2.step();
  assert.equal(opt2.state.get(b)!.step, 2);
  assert.deepEqual(Array.from((sd.state[0]!.exp_avg as Tensor).data()), before);
});
