/**
 * Learning-rate schedulers against PyTorch 1.13: test/fixtures/optim.json holds, for each scheduler
 * case, the lr of every parameter group after construction and after each step (and the cycled
 * momentum / β₁ for OneCycleLR), computed by torch.optim.lr_scheduler with an SGD (momentum 0.9) or
 * Adam optimizer whose two groups start at the fixture's lrs. Values must agree to 1e-12 relative.
 * Each case is also interrupted halfway: optimizer and scheduler state dicts go through JSON into a
 * fresh optimizer and scheduler, which must continue with the same numbers.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { zeros } from '../../src/index.js';
import * as optim from '../../src/optim/index.js';
import { readFixture } from '../helpers/fixtures.js';

interface Spec {
  scheduler: string;
  options: Record<string, unknown>;
}

interface SchedulerCase {
  kind: 'scheduler';
  name: string;
  optimizer: 'SGD' | 'SGDNoMomentum' | 'Adam';
  groupLrs: number[];
  spec: Spec;
  steps: number;
  lrs: number[][];
  metrics?: number[];
  momentum?: number[][];
}

const fixture = readFixture<{ cases: { kind: string }[] }>('optim.json');
const cases = fixture.cases.filter((c): c is SchedulerCase => c.kind === 'scheduler');

/** The functions of the LambdaLR cases, defined exactly as in tools/fixtures/make_optim_fixtures.py. */
const LAMBDAS: Record<string, (epoch: number) => number> = {
  inverse: (epoch) => 1.0 / (1.0 + 0.1 * epoch),
  warmupThenDecay: (epoch) => (epoch < 5 ? (epoch + 1) / 5 : 0.9 ** (epoch - 5)),
};

type AnyScheduler = optim.LRScheduler | optim.SequentialLR | optim.ReduceLROnPlateau;

function makeOptimizer(kind: SchedulerCase['optimizer'], lrs: readonly number[]): optim.AnyOptimizer {
  const groups = lrs.map((lr) => ({ params: [zeros([2], { dtype: 'float64', requiresGrad: true })], lr }));
  if (kind === 'SGD') return new optim.SGD(groups, { lr: lrs[0]!, momentum: 0.9 });
  if (kind === 'SGDNoMomentum') return new optim.SGD(groups, { lr: lrs[0]! });
  return new optim.Adam(groups, { lr: lrs[0]!, betas: [0.9, 0.999] });
}

function buildLR(spec: Spec, opt: optim.AnyOptimizer): optim.LRScheduler {
  const s = buildScheduler(spec, opt);
  assert.ok(s instanceof optim.LRScheduler, `${spec.scheduler} inside SequentialLR must be an LRScheduler`);
  return s;
}

function buildScheduler(spec: Spec, opt: optim.AnyOptimizer): AnyScheduler {
  const o = spec.options;
  switch (spec.scheduler) {
    case 'StepLR': return new optim.StepLR(opt, o as unknown as optim.StepLROptions);
    case 'MultiStepLR': return new optim.MultiStepLR(opt, o as unknown as optim.MultiStepLROptions);
    case 'ExponentialLR': return new optim.ExponentialLR(opt, o as unknown as optim.ExponentialLROptions);
    case 'CosineAnnealingLR': return new optim.CosineAnnealingLR(opt, o as unknown as optim.CosineAnnealingLROptions);
    case 'LinearLR': return new optim.LinearLR(opt, o as optim.LinearLROptions);
    case 'OneCycleLR': return new optim.OneCycleLR(opt, o as unknown as optim.OneCycleLROptions);
    case 'ReduceLROnPlateau': return new optim.ReduceLROnPlateau(opt, o as optim.ReduceLROnPlateauOptions);
    case 'LambdaLR': {
      const names = o.lrLambda as string | string[];
      const lrLambda = Array.isArray(names) ? names.map((n) => LAMBDAS[n]!) : LAMBDAS[names]!;
      return new optim.LambdaLR(opt, { lrLambda });
    }
    case 'SequentialLR': {
      const subs = (o.schedulers as Spec[]).map((s) => buildLR(s, opt));
      return new optim.SequentialLR(opt, { schedulers: subs, milestones: o.milestones as number[] });
    }
    default: throw new Error(`unknown scheduler ${spec.scheduler}`);
  }
}

function current(c: SchedulerCase, sched: AnyScheduler, opt: optim.AnyOptimizer): number[] {
  return sched instanceof optim.ReduceLROnPlateau ? opt.paramGroups.map((g) => g.lr) : sched.getLastLr();
}

function momentumOf(opt: optim.AnyOptimizer): number[] {
  return opt.paramGroups.map((g) => (g.betas !== undefined ? g.betas[0] : g.momentum!));
}

function advance(c: SchedulerCase, sched: AnyScheduler, opt: optim.AnyOptimizer, k: number): void {
  opt.step();
  if (sched instanceof optim.ReduceLROnPlateau) sched.step(c.metrics![k]!);
  else sched.step();
}

function assertRow(actual: readonly number[], expected: readonly number[], label: string): void {
  assert.equal(actual.length, expected.length, `${label}: number of groups`);
  actual.forEach((a, i) => {
    const e = expected[i]!;
    assert.ok(Math.abs(a - e) <= 1e-12 * Math.abs(e) + 1e-18, `${label} group ${i}: ${a} != torch ${e}`);
  });
}

test('optim fixture covers every scheduler', () => {
  const kinds = new Set(cases.map((c) => c.spec.scheduler));
  for (const k of ['StepLR', 'MultiStepLR', 'ExponentialLR', 'CosineAnnealingLR', 'LinearLR', 'LambdaLR', 'OneCycleLR', 'ReduceLROnPlateau', 'SequentialLR']) {
    assert.ok(kinds.has(k), `no fixture case for ${k}`);
  }
});

for (const c of cases) {
  test(`${c.name}: lr sequence over ${c.steps} steps matches PyTorch`, () => {
    const opt = makeOptimizer(c.optimizer, c.groupLrs);
    const sched = buildScheduler(c.spec, opt);
    assertRow(current(c, sched, opt), c.lrs[0]!, `${c.name} after construction`);
    if (c.momentum) assertRow(momentumOf(opt), c.momentum[0]!, `${c.name} momentum after construction`);
    for (let k = 0; k < c.steps; k++) {
      advance(c, sched, opt, k);
      assertRow(current(c, sched, opt), c.lrs[k + 1]!, `${c.name} step ${k + 1}`);
      if (c.momentum) assertRow(momentumOf(opt), c.momentum[k + 1]!, `${c.name} momentum step ${k + 1}`);
      assertRow(opt.paramGroups.map((g) => g.lr), c.lrs[k + 1]!, `${c.name} group lr step ${k + 1}`);
    }
  });

  test(`${c.name}: state dicts through JSON resume the same sequence`, () => {
    const split = Math.floor(c.steps / 2) + 1;
    const opt = makeOptimizer(c.optimizer, c.groupLrs);
    const sched = buildScheduler(c.spec, opt);
    for (let k = 0; k < split; k++) advance(c, sched, opt, k);
    const saved = JSON.parse(JSON.stringify({ opt: opt.stateDict(), sched: sched.stateDict() })) as {
      opt: optim.OptimizerStateDict;
      sched: optim.SchedulerStateDict;
    };

    const opt2 = makeOptimizer(c.optimizer, c.groupLrs);
    const sched2 = buildScheduler(c.spec, opt2);
    opt2.loadStateDict(saved.opt);
    sched2.loadStateDict(saved.sched);
    assertRow(current(c, sched2, opt2), c.lrs[split]!, `${c.name} restored at step ${split}`);
    for (let k = split; k < c.steps; k++) {
      advance(c, sched2, opt2, k);
      assertRow(current(c, sched2, opt2), c.lrs[k + 1]!, `${c.name} resumed step ${k + 1}`);
      if (c.momentum) assertRow(momentumOf(opt2), c.momentum[k + 1]!, `${c.name} resumed momentum step ${k + 1}`);
    }
  });
}
