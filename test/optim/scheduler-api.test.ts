/**
 * The scheduler contract beyond the PyTorch sequences: the optimiser uses the scheduled lr, closed
 * forms by hand, resuming with lastEpoch, and the checks on bad arguments.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tensor, type Tensor } from '../../src/index.js';
import { ValueError } from '../../src/core/errors.js';
import * as optim from '../../src/optim/index.js';

const param = (): Tensor => tensor([0], { dtype: 'float64', requiresGrad: true });

test('the optimizer steps with the lr the scheduler set', () => {
  const p = param();
  const opt = new optim.SGD([p], { lr: 1 });
  const sched = new optim.StepLR(opt, { stepSize: 1, gamma: 0.5 });
  const moves: number[] = [];
  for (let k = 0; k < 4; k++) {
    const before = p.item();
    p.grad = tensor([1], { dtype: 'float64' });
    opt.step();
    sched.step();
    moves.push(before - p.item());
  }
  assert.deepEqual(moves, [1, 0.5, 0.25, 0.125]);
  assert.deepEqual(sched.getLastLr(), [0.0625]);
  assert.equal(opt.paramGroups[0]!.initialLr, 1);
});

test('closed forms by hand: step(epoch) jumps', () => {
  const opt = new optim.SGD([param()], { lr: 1 });
  const exp = new optim.ExponentialLR(opt, { gamma: 0.5 });
  exp.step(3);
  assert.deepEqual(exp.getLastLr(), [0.125]);
  const opt2 = new optim.SGD([param()], { lr: 2 });
  const cos = new optim.CosineAnnealingLR(opt2, { tMax: 4, etaMin: 0 });
  cos.step(2);
  assert.ok(Math.abs(cos.getLastLr()[0]! - 1) < 1e-15);
  const opt3 = new optim.SGD([param()], { lr: 1 });
  const multi = new optim.MultiStepLR(opt3, { milestones: [2, 5, 5], gamma: 0.1 });
  multi.step(6);
  assert.ok(Math.abs(multi.getLastLr()[0]! - 1e-3) < 1e-18);
});

test('resuming with lastEpoch needs initialLr in the groups', () => {
  const opt = new optim.SGD([param()], { lr: 0.1 });
  assert.throws(() => new optim.StepLR(opt, { stepSize: 2, lastEpoch: 5 }), /initialLr/);
  opt.paramGroups[0]!.initialLr = 1;
  const sched = new optim.StepLR(opt, { stepSize: 2, gamma: 0.5, lastEpoch: 5 });
  assert.equal(sched.lastEpoch, 6);
  assert.deepEqual(sched.baseLrs, [1]);
});

test('OneCycleLR: stepping past totalSteps, optimisers without momentum, bad maxLr lists', () => {
  const opt = new optim.SGD([param()], { lr: 0.1, momentum: 0.9 });
  const sched = new optim.OneCycleLR(opt, { maxLr: 1, totalSteps: 3 });
  sched.step();
  sched.step();
  sched.step();
  assert.throws(() => sched.step(), /3 steps/);
  assert.throws(() => new optim.OneCycleLR(new optim.Adagrad([param()]), { maxLr: 1, totalSteps: 10 }), /momentum/);
  assert.doesNotThrow(() => new optim.OneCycleLR(new optim.Adagrad([param()]), { maxLr: 1, totalSteps: 10, cycleMomentum: false }));
  assert.throws(() => new optim.OneCycleLR(new optim.SGD([param()], { lr: 1 }), { maxLr: [1, 2], totalSteps: 10 }), /one per parameter group/);
  assert.throws(() => new optim.OneCycleLR(new optim.SGD([param()], { lr: 1 }), { maxLr: 1 }), /totalSteps/);
});

test('argument checks of the schedulers', () => {
  const opt = (): optim.SGD => new optim.SGD([param()], { lr: 0.1 });
  assert.throws(() => new optim.StepLR(opt(), { stepSize: 0 }), ValueError);
  assert.throws(() => new optim.LinearLR(opt(), { startFactor: 0 }), /startFactor/);
  assert.throws(() => new optim.LinearLR(opt(), { endFactor: 1.5 }), /endFactor/);
  assert.throws(() => new optim.CosineAnnealingLR(opt(), { tMax: 0 }), /tMax/);
  assert.throws(() => new optim.MultiStepLR(opt(), { milestones: [1.5] }), /milestones/);
  assert.throws(() => new optim.ReduceLROnPlateau(opt(), { factor: 1 }), /factor/);
  assert.throws(() => new optim.ReduceLROnPlateau(opt(), { mode: 'up' as 'min' }), /mode/);
  assert.throws(() => new optim.LambdaLR(opt(), { lrLambda: [(e: number) => e, (e: number) => e] }), /one per parameter group/);
  const o = opt();
  const a = new optim.LinearLR(o, { totalIters: 3 });
  const b = new optim.ExponentialLR(o, { gamma: 0.9 });
  assert.throws(() => new optim.SequentialLR(o, { schedulers: [a, b], milestones: [] }), /milestones/);
  assert.throws(() => new optim.SequentialLR(opt(), { schedulers: [a, b], milestones: [3] }), /different optimizer/);
  const withGroup = opt();
  const s = new optim.StepLR(withGroup, { stepSize: 2 });
  withGroup.addParamGroup({ params: [param()] });
  assert.throws(() => s.step(), /parameter groups/);
});

test('ReduceLROnPlateau: tensor metrics, and its state (with an infinite best) survives JSON', () => {
  const opt = new optim.Adam([param()], { lr: 1 });
  const sched = new optim.ReduceLROnPlateau(opt, { patience: 0, factor: 0.5 });
  const fresh = JSON.parse(JSON.stringify(sched.stateDict())) as optim.SchedulerStateDict;
  assert.equal(fresh.best, 'Infinity');
  sched.step(tensor(2));
  sched.step(3);
  assert.deepEqual(sched.getLastLr(), [0.5]);
  const restored = new optim.ReduceLROnPlateau(new optim.Adam([param()], { lr: 0.5 }));
  restored.loadStateDict(fresh);
  assert.equal(restored.best, Infinity);
  restored.loadStateDict(JSON.parse(JSON.stringify(sched.stateDict())) as optim.SchedulerStateDict);
  assert.equal(restored.best, 2);
  assert.equal(restored.patience, 0);
  restored.step(2.5);
  assert.deepEqual(restored.getLastLr(), [0.25]);
});
