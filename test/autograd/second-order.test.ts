/**
 * Gradients of gradients against PyTorch (test/fixtures/second_order.json, written by
 * tools/fixtures/make_second_order_fixtures.py), all in float64:
 *  - f(x) = Σ tanh(x)³: first derivative kept in the graph, Hessian diagonal, Hessian-vector product;
 *  - the WGAN-GP gradient penalty of a small tanh MLP critic and its gradient w.r.t. the critic's weights;
 *  - a Morse-like pair potential: forces F = −∂E/∂X kept in the graph, and the gradient of an
 *    energy-and-forces loss w.r.t. the potential's parameters and the positions.
 * Tolerance, element by element: |actual − torch| ≤ 1e-10 · max(1, |torch|).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as T from '../../src/index.js';
import type { Tensor } from '../../src/index.js';
import { assertGradClose, assertTensorClose, makeTensor, readFixture, type TensorSpec } from '../helpers/fixtures.js';

interface SecondOrderCase {
  name: string;
  inputs: Record<string, TensorSpec | number[][]>;
  expected: Record<string, TensorSpec>;
}

const TOL = 1e-10;
const fixture = readFixture<{ cases: SecondOrderCase[] }>('second_order.json');

function fixtureCase(name: string): SecondOrderCase {
  const c = fixture.cases.find((x) => x.name === name);
  if (c === undefined) throw new Error(`second_order.json has no case ${name}`);
  return c;
}

function input(c: SecondOrderCase, key: string, requiresGrad = false): Tensor {
  const spec = c.inputs[key];
  if (spec === undefined || Array.isArray(spec)) throw new Error(`${c.name}: input ${key} is not a tensor`);
  return makeTensor(spec, requiresGrad);
}

function expected(c: SecondOrderCase, key: string): TensorSpec {
  const spec = c.expected[key];
  if (spec === undefined) throw new Error(`${c.name}: no expected ${key}`);
  return spec;
}

/** The non-null gradients returned by grad(), in order. */
function present(grads: readonly (Tensor | null | undefined)[], count: number, label: string): Tensor[] {
  assert.equal(grads.length, count, `${label}: number of gradients`);
  return grads.map((g, i) => {
    assert.ok(g !== null && g !== undefined, `${label}: gradient ${i} is missing`);
    return g;
  });
}

// --- f(x) = Σ tanh(x)³ ---------------------------------------------------------------------------------

function tanhCubed(x: Tensor): Tensor {
  return T.sum(T.pow(T.tanh(x), 3));
}

test('tanh³: grad with createGraph, then the Hessian diagonal', () => {
  const c = fixtureCase('tanh_cubed');
  const x = input(c, 'x', true);
  const f = tanhCubed(x);
  assertTensorClose(f, expected(c, 'f'), TOL, 'f');
  const [g] = present(T.grad([f], [x], { createGraph: true }), 1, 'df/dx');
  assertTensorClose(g!, expected(c, 'grad'), TOL, 'df/dx');
  assert.ok(g!.requiresGrad, 'a gradient made with createGraph must itself require grad');
  // f is separable, so its Hessian is diagonal and the gradient of Σ g is that diagonal.
  const [h] = present(T.grad([T.sum(g!)], [x]), 1, 'd2f/dx2');
  assertTensorClose(h!, expected(c, 'hessianDiag'), TOL, 'Hessian diagonal');
});

test('tanh³: Hessian-vector product via gradOutputs', () => {
  const c = fixtureCase('tanh_cubed');
  const x = input(c, 'x', true);
  const v = input(c, 'v');
  const [g] = present(T.grad([tanhCubed(x)], [x], { createGraph: true }), 1, 'df/dx');
  const [hv] = present(T.grad([g!], [x], { gradOutputs: [v] }), 1, 'Hv');
  assertTensorClose(hv!, expected(c, 'hvp'), TOL, 'Hessian-vector product');
});

test('tanh³: backward with createGraph leaves a differentiable x.grad', () => {
  const c = fixtureCase('tanh_cubed');
  const x = input(c, 'x', true);
  tanhCubed(x).backward(undefined, { createGraph: true });
  const g = x.grad;
  assert.ok(g !== null, 'x.grad after backward');
  assertTensorClose(g, expected(c, 'grad'), TOL, 'x.grad');
  x.grad = null;
  T.sum(g).backward();
  assertGradClose(x.grad, expected(c, 'hessianDiag'), TOL, 'x.grad after the second backward');
});

// --- WGAN-GP gradient penalty ----------------------------------------------------------------------------

interface Critic {
  w1: Tensor;
  b1: Tensor;
  w2: Tensor;
  b2: Tensor;
}

function critic(p: Critic, x: Tensor): Tensor {
  const hidden = T.tanh(T.add(T.matmul(x, T.transpose(p.w1, 0, 1)), p.b1));
  return T.add(T.matmul(hidden, T.transpose(p.w2, 0, 1)), p.b2);
}

function wganCase(rowNorm: (g: Tensor) => Tensor, label: string): void {
  const c = fixtureCase('wgan_gp');
  const p: Critic = { w1: input(c, 'W1', true), b1: input(c, 'b1', true), w2: input(c, 'W2', true), b2: input(c, 'b2', true) };
  const x = input(c, 'x', true);
  const out = critic(p, x);
  assertTensorClose(out, expected(c, 'critic'), TOL, `${label}: D(x)`);
  const [gx] = present(T.grad([T.sum(out)], [x], { createGraph: true }), 1, `${label}: dD/dx`);
  assertTensorClose(gx!, expected(c, 'gradX'), TOL, `${label}: dD/dx`);
  const norms = rowNorm(gx!);
  assertTensorClose(norms, expected(c, 'gradNorms'), TOL, `${label}: ‖dD/dx‖`);
  const penalty = T.mean(T.pow(T.sub(norms, 1), 2));
  assertTensorClose(penalty, expected(c, 'penalty'), TOL, `${label}: penalty`);
  const [gw1, gb1, gw2] = present(T.grad([penalty], [p.w1, p.b1, p.w2], { retainGraph: true }), 3, label);
  assertTensorClose(gw1!, expected(c, 'gradW1'), TOL, `${label}: dP/dW1`);
  assertTensorClose(gb1!, expected(c, 'gradB1'), TOL, `${label}: dP/db1`);
  assertTensorClose(gw2!, expected(c, 'gradW2'), TOL, `${label}: dP/dW2`);
  // The output bias does not reach the penalty: unused (null) or a zero gradient, as in PyTorch.
  const [gb2] = T.grad([penalty], [p.b2], { allowUnused: true });
  assertGradClose(gb2 ?? null, expected(c, 'gradB2'), TOL, `${label}: dP/db2`);
}

test('WGAN-GP: penalty and its gradient w.r.t. the critic weights (norm as sqrt of sum of squares)', () => {
  wganCase((g) => T.sqrt(T.sum(T.mul(g, g), 1)), 'sqrt-sum');
});

test('WGAN-GP: penalty and its gradient w.r.t. the critic weights (norm op)', () => {
  wganCase((g) => T.norm(g, 2, 1), 'norm');
});

// --- Morse-like pair potential: energies and forces ------------------------------------------------------

interface Potential {
  positions: Tensor;
  d: Tensor;
  a: Tensor;
  r0: Tensor;
}

function potential(c: SecondOrderCase): Potential {
  return { positions: input(c, 'positions', true), d: input(c, 'D', true), a: input(c, 'a', true), r0: input(c, 'r0', true) };
}

/** Pair incidence matrix S (pairs × atoms): (S X)[p] = X[i] − X[j] for pair p = (i, j). */
function incidence(c: SecondOrderCase, atoms: number): Tensor {
  const pairs = c.inputs['pairs'];
  if (!Array.isArray(pairs)) throw new Error('morse: pairs missing');
  const rows = pairs.map(([i, j]) => Array.from({ length: atoms }, (_, k) => (k === i ? 1 : k === j ? -1 : 0)));
  return T.tensor(rows, { dtype: 'float64' });
}

/** Energy, forces (kept in the graph) and the energy-and-forces loss; distances for checking. */
function morseLoss(c: SecondOrderCase, p: Potential): { r: Tensor; energy: Tensor; forces: Tensor; loss: Tensor } {
  const diff = T.matmul(incidence(c, p.positions.shape[0]!), p.positions);
  const r = T.sqrt(T.sum(T.mul(diff, diff), 1));
  const decay = T.exp(T.neg(T.mul(p.a, T.sub(r, p.r0))));
  const energy = T.sum(T.mul(p.d, T.pow(T.sub(1, decay), 2)));
  const [dEdX] = present(T.grad([energy], [p.positions], { createGraph: true }), 1, 'dE/dX');
  const forces = T.neg(dEdX!);
  const forceErr = T.sub(forces, input(c, 'forcesRef'));
  const energyErr = T.sub(energy, input(c, 'energyRef'));
  const loss = T.add(T.mean(T.mul(forceErr, forceErr)), T.mul(energyErr, energyErr));
  return { r, energy, forces, loss };
}

test('Morse potential: forces from createGraph and loss gradients via grad()', () => {
  const c = fixtureCase('morse');
  const p = potential(c);
  const { r, energy, forces, loss } = morseLoss(c, p);
  assertTensorClose(r, expected(c, 'distances'), TOL, 'distances');
  assertTensorClose(energy, expected(c, 'energy'), TOL, 'energy');
  assertTensorClose(forces, expected(c, 'forces'), TOL, 'forces');
  assertTensorClose(loss, expected(c, 'loss'), TOL, 'loss');
  const [gd, ga, gr0, gx] = present(T.grad([loss], [p.d, p.a, p.r0, p.positions]), 4, 'dloss');
  assertTensorClose(gd!, expected(c, 'gradD'), TOL, 'dloss/dD');
  assertTensorClose(ga!, expected(c, 'gradA'), TOL, 'dloss/da');
  assertTensorClose(gr0!, expected(c, 'gradR0'), TOL, 'dloss/dr0');
  assertTensorClose(gx!, expected(c, 'gradPositions'), TOL, 'dloss/dX');
});

test('Morse potential: loss.backward() through the force graph accumulates the same gradients', () => {
  const c = fixtureCase('morse');
  const p = potential(c);
  morseLoss(c, p).loss.backward();
  assertGradClose(p.d.grad, expected(c, 'gradD'), TOL, 'D.grad');
  assertGradClose(p.a.grad, expected(c, 'gradA'), TOL, 'a.grad');
  assertGradClose(p.r0.grad, expected(c, 'gradR0'), TOL, 'r0.grad');
  assertGradClose(p.positions.grad, expected(c, 'gradPositions'), TOL, 'positions.grad');
});
