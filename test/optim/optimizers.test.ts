/**
 * Optimiser trajectories against PyTorch 1.13: test/fixtures/optim.json (tools/fixtures/make_optim_fixtures.py)
 * holds, for every optimiser and option combination, the parameters of a small float64 tanh regression
 * model after steps 1, 10 and 50 and the optimiser state after step 50. Each case replays the 50 steps
 * (zeroGrad / backward / step) and compares with |actual − torch| ≤ 1e-10 · max(1, |torch|).
 * The fifth parameter never enters the loss: its gradient stays null and it must not move or get state.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Tensor } from '../../src/index.js';
import { FIXTURE_TOLERANCE, assertTensorClose } from '../helpers/fixtures.js';
import { OPTIMIZERS, buildOptimizer, freshParams, optimizerCases as cases, trainStep } from './problem.js';

const TOL = FIXTURE_TOLERANCE.float64;

test('optim fixture has a case for every optimiser', () => {
  const kinds = new Set(cases.map((c) => c.optimizer));
  assert.deepEqual([...kinds].sort(), Object.keys(OPTIMIZERS).sort());
  assert.ok(cases.length >= 30);
});

for (const c of cases) {
  test(`${c.name}: 50-step trajectory matches PyTorch`, () => {
    const params = freshParams();
    const unusedBefore = Array.from(params[4]!.data());
    const opt = buildOptimizer(c, params);
    for (let step = 1; step <= 50; step++) {
      trainStep(opt, params, c.sign);
      const expected = c.snapshots[String(step)];
      if (expected === undefined) continue;
      params.forEach((p, i) => assertTensorClose(p, expected[i]!, TOL, `${c.name} step ${step} param ${i}`));
    }
    assert.equal(params[4]!.grad, null);
    assert.deepEqual(Array.from(params[4]!.data()), unusedBefore, `${c.name}: a parameter without gradient moved`);
    assert.ok(params.every((p) => p.requiresGrad && p.isLeaf), `${c.name}: parameters must stay trainable leaves`);

    const state = opt.stateDict().state;
    assert.deepEqual(Object.keys(state).sort(), Object.keys(c.state).sort(), `${c.name}: parameters with state`);
    for (const [index, entries] of Object.entries(c.state)) {
      const actual = state[Number(index)]!;
      assert.deepEqual(Object.keys(actual).sort(), Object.keys(entries).sort(), `${c.name}: state keys of param ${index}`);
      for (const [key, value] of Object.entries(entries)) {
        const got = actual[key];
        if (typeof value === 'number') assert.equal(got, value, `${c.name}: state[${index}].${key}`);
        else {
          assert.ok(got instanceof Tensor, `${c.name}: state[${index}].${key} should be a tensor`);
          assertTensorClose(got, value, TOL, `${c.name}: state[${index}].${key}`);
        }
      }
    }
  });
}
