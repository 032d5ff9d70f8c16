/**
 * Checkpointing: for every optimiser case of test/fixtures/optim.json, 20 steps, then the optimiser state
 * dict goes through JSON (tensors as shape/dtype/data) into a new optimiser over a copy of the
 * parameters, which continues for 30 steps; the parameters must be bit-identical to an uninterrupted
 * 50-step run.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tensor, Tensor } from '../../src/index.js';
import type { DType } from '../../src/core/dtype.js';
import type { OptimizerStateDict } from '../../src/optim/index.js';
import { buildOptimizer, freshParams, optimizerCases, trainStep } from './problem.js';

interface EncodedTensor {
  tensor: { shape: number[]; dtype: DType; data: number[] };
}

function copyParam(p: Tensor): Tensor {
  return tensor(p.data(), { dtype: p.dtype }).reshape([...p.shape]).requiresGrad_(true);
}

/** A JSON round trip as a checkpoint would do it: tensors become { tensor: { shape, dtype, data } }. */
function throughJson(sd: OptimizerStateDict): OptimizerStateDict {
  const text = JSON.stringify(sd, (_key, value: unknown) =>
    value instanceof Tensor ? { tensor: { shape: [...value.shape], dtype: value.dtype, data: Array.from(value.data()) } } : value,
  );
  return JSON.parse(text, (_key, value: unknown) => {
    if (typeof value === 'object' && value !== null && 'tensor' in value) {
      const { shape, dtype, data } = (value as EncodedTensor).tensor;
      return tensor(dtype === 'float64' ? Float64Array.from(data) : Float32Array.from(data), { dtype }).reshape(shape);
    }
    return value;
  }) as OptimizerStateDict;
}

for (const c of optimizerCases) {
  test(`${c.name}: stateDict → JSON → new optimizer → loadStateDict continues bit-identically`, () => {
    const reference = freshParams();
    const refOpt = buildOptimizer(c, reference);
    for (let k = 0; k < 50; k++) trainStep(refOpt, reference, c.sign);

    const first = freshParams();
    const firstOpt = buildOptimizer(c, first);
    for (let k = 0; k < 20; k++) trainStep(firstOpt, first, c.sign);
    const saved = throughJson(firstOpt.stateDict());

    const resumed = first.map(copyParam);
    const resumedOpt = buildOptimizer(c, resumed);
    resumedOpt.loadStateDict(saved);
    assert.deepEqual(resumedOpt.paramGroups.map((g) => g.lr), firstOpt.paramGroups.map((g) => g.lr));
    for (let k = 20; k < 50; k++) trainStep(resumedOpt, resumed, c.sign);
    resumed.forEach((p, i) => {
      assert.deepEqual(Array.from(p.data()), Array.from(reference[i]!.data()), `${c.name}: param ${i} differs from the uninterrupted run`);
    });
  });
}

test('a state dict is a snapshot: later steps do not change it', () => {
  const c = optimizerCases.find((k) => k.name === 'adam_amsgrad')!;
  const params = freshParams();
  const opt = buildOptimizer(c, params);
  for (let k = 0; k < 3; k++) trainStep(opt, params, c.sign);
  const sd = opt.stateDict();
  const expAvg = Array.from((sd.state[0]!.exp_avg as Tensor).data());
  assert.equal(sd.state[0]!.step, 3);
  trainStep(opt, params, c.sign);
  assert.equal(sd.state[0]!.step, 3);
  assert.deepEqual(Array.from((sd.state[0]!.exp_avg as Tensor).data()), expAvg);
  assert.equal(opt.stateDict().state[0]!.step, 4);
});
