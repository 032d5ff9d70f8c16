/**
 * Gradients of every loss against float64 central differences (gradcheck), for every reduction, with respect
 * to every floating argument the loss is differentiable in (input, target, var); and second derivatives of
 * the two classification losses (gradcheck of the gradient taken with createGraph).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { grad, gradcheck, nn, tensor, type NestedArray, type Tensor } from '../../../src/index.js';

const F = nn.functional;
const f64 = (data: NestedArray, requiresGrad = true): Tensor => tensor(data, { dtype: 'float64', requiresGrad });
const int = (data: NestedArray): Tensor => tensor(data, { dtype: 'int32' });

// Differences input − target avoid 0 and the thresholds |d| = 0.5, 1, 2 (beta, delta below).
const target = (): Tensor => f64([[0.3, -1.2, 0.8], [2.1, 0.05, -0.6]]);
const input = (): Tensor => f64([[0.55, -0.4, -0.9], [-0.5, 0.32, 0.77]]);
const probs = (): Tensor => f64([[0.2, 0.7, 0.45], [0.9, 0.12, 0.6]]);
const softLabels = (): Tensor => f64([[1, 0.25, 0], [0.6, 1, 0.1]]);
const logits = (): Tensor => f64([[1.3, -0.2, 0.4, 2.2], [-1.1, 0.5, 0.3, -0.7], [0.9, 0.1, -2.0, 1.5]]);
const classWeight = tensor([0.5, 1.5, 1.0, 2.0], { dtype: 'float64' });
const reductions = ['none', 'mean', 'sum'] as const;

function check(label: string, fn: (...xs: Tensor[]) => Tensor, inputs: Tensor[]): void {
  const report = gradcheck(fn, inputs, { raiseException: false });
  assert.ok(report.passed, `${label}: ${JSON.stringify(report.inputs.map((r) => [r.maxAbsError, r.worst]))}`);
}

test('regression losses: gradcheck w.r.t. input and target', () => {
  for (const reduction of reductions) {
    check(`mse ${reduction}`, (x, y) => F.mseLoss(x!, y!, { reduction }), [input(), target()]);
    check(`l1 ${reduction}`, (x, y) => F.l1Loss(x!, y!, { reduction }), [input(), target()]);
    for (const beta of [1, 0.5, 2, 0]) {
      check(`smoothL1 β=${beta} ${reduction}`, (x, y) => F.smoothL1Loss(x!, y!, { reduction, beta }), [input(), target()]);
    }
    for (const delta of [1, 0.5, 2]) {
      check(`huber δ=${delta} ${reduction}`, (x, y) => F.huberLoss(x!, y!, { reduction, delta }), [input(), target()]);
    }
  }
});

test('binary cross-entropy losses: gradcheck w.r.t. input and target, with weight and posWeight', () => {
  const weight = tensor([0.5, 2, 1.25], { dtype: 'float64' });
  const posWeight = tensor([3, 0.5, 1.5], { dtype: 'float64' });
  for (const reduction of reductions) {
    check(`bce ${reduction}`, (x, y) => F.bceLoss(x!, y!, { reduction, weight }), [probs(), softLabels()]);
    check(`bceWithLogits ${reduction}`, (x, y) => F.bceWithLogitsLoss(x!, y!, { reduction }), [input(), softLabels()]);
    check(`bceWithLogits weights ${reduction}`, (x, y) => F.bceWithLogitsLoss(x!, y!, { reduction, weight, posWeight }), [
      f64([[8, -0.4, -0.9], [-12, 0.32, 0.77]]), softLabels(),
    ]);
  }
});

test('nllLoss and crossEntropy (index targets): gradcheck with weight, ignored targets and label smoothing', () => {
  const labels = int([3, -100, 1]);
  for (const reduction of reductions) {
    check(`nll ${reduction}`, (x) => F.nllLoss(x!, labels, { reduction, weight: classWeight }), [logits()]);
    check(`ce ${reduction}`, (x) => F.crossEntropy(x!, labels, { reduction, weight: classWeight }), [logits()]);
    check(`ce smoothing ${reduction}`, (x) => F.crossEntropy(x!, int([3, 0, 1]), { reduction, weight: classWeight, ignoreIndex: 0, labelSmoothing: 0.2 }), [logits()]);
    const spatial = f64([[[[0.1, -0.3], [1.2, 0.4]], [[-0.8, 0.9], [0.3, 0.2]], [[0.5, -1.1], [-0.2, 0.7]]]]); // [1, 3, 2, 2]
    check(`ce spatial ${reduction}`, (x) => F.crossEntropy(x!, int([[[2, 0], [-100, 1]]]), { reduction, labelSmoothing: 0.1 }), [spatial]);
  }
});

test('crossEntropy (probability targets): gradcheck w.r.t. input and target', () => {
  const q = f64([[0.1, 0.2, 0.3, 0.4], [0.7, 0.1, 0.1, 0.1], [0.25, 0.25, 0.25, 0.25]]);
  for (const reduction of reductions) {
    check(`ce prob ${reduction}`, (x, t) => F.crossEntropy(x!, t!, { reduction, weight: classWeight, labelSmoothing: 0.1 }), [logits(), q]);
  }
});

test('klDiv: gradcheck w.r.t. input and target, all reductions, probability and log targets', () => {
  const logQ = f64([[-1.2, -0.9, -1.3], [-0.4, -2.0, -1.6]]);
  for (const reduction of [...reductions, 'batchmean'] as const) {
    check(`kl ${reduction}`, (x, p) => F.klDiv(x!, p!, { reduction }), [logQ, f64([[0.2, 0.5, 0.3], [0.6, 0.1, 0.3]])]);
    check(`kl logTarget ${reduction}`, (x, p) => F.klDiv(x!, p!, { reduction, logTarget: true }), [logQ, f64([[-1.6, -0.7, -1.2], [-0.5, -2.3, -1.2]])]);
  }
});

test('gaussianNllLoss: gradcheck w.r.t. input, target and var (full, per-row var)', () => {
  for (const reduction of reductions) {
    check(`gnll ${reduction}`, (x, y, v) => F.gaussianNllLoss(x!, y!, v!, { reduction }), [input(), target(), f64([[0.3, 1.2, 0.8], [2.0, 0.5, 0.9]])]);
    check(`gnll full per-row ${reduction}`, (x, y, v) => F.gaussianNllLoss(x!, y!, v!, { reduction, full: true }), [input(), target(), f64([0.4, 1.7])]);
  }
});

test('quantileLoss: gradcheck w.r.t. prediction and target', () => {
  const pred = f64([[0.1, 0.5, 1.4], [-1.0, 0.2, 0.9]]);
  const y = f64([0.7, -0.3]);
  for (const reduction of reductions) {
    check(`quantile ${reduction}`, (p, t) => F.quantileLoss(p!, t!, [0.1, 0.5, 0.9], { reduction }), [pred, y]);
  }
});

test('second derivatives of crossEntropy and bceWithLogitsLoss match finite differences of their gradients', () => {
  const labels = int([3, 0, 1]);
  check('ce Hessian-vector', (x) => grad(F.crossEntropy(x!, labels, { weight: classWeight, labelSmoothing: 0.1 }), [x!], { createGraph: true })[0]!, [logits()]);
  check('bceWithLogits Hessian-vector', (x) => grad(F.bceWithLogitsLoss(x!, softLabels().detach()), [x!], { createGraph: true })[0]!, [input()]);
});
