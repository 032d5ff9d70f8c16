/** l1Penalty / l2Penalty: values and gradients by hand, and gradcheck against finite differences. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gradcheck, tensor } from '../../src/index.js';
import { l1Penalty, l2Penalty } from '../../src/optim/index.js';
import { ValueError } from '../../src/core/errors.js';

const make = (): [ReturnType<typeof tensor>, ReturnType<typeof tensor>] => [
  tensor([[1, -2], [3, -4]], { dtype: 'float64', requiresGrad: true }),
  tensor([0.5, -0.25], { dtype: 'float64', requiresGrad: true }),
];

test('l1Penalty = Σ|w| with gradient sign(w)', () => {
  const [a, b] = make();
  const p = l1Penalty([a, b]);
  assert.deepEqual(p.shape, []);
  assert.equal(p.item(), 10.75);
  p.backward();
  assert.deepEqual(a.grad!.toArray(), [[1, -1], [1, -1]]);
  assert.deepEqual(b.grad!.toArray(), [1, -1]);
});

test('l2Penalty = Σw² with gradient 2w', () => {
  const [a, b] = make();
  const p = l2Penalty([a, b]);
  assert.equal(p.item(), 30 + 0.3125);
  p.backward();
  assert.deepEqual(a.grad!.toArray(), [[2, -4], [6, -8]]);
  assert.deepEqual(b.grad!.toArray(), [1, -0.5]);
});

test('penalties pass gradcheck', () => {
  const [a, b] = make();
  assert.ok(gradcheck((x, y) => l1Penalty([x!, y!]), [a, b]).passed);
  assert.ok(gradcheck((x, y) => l2Penalty([x!, y!]), [a, b]).passed);
  assert.ok(gradcheck((x) => l2Penalty(x!), [a]).passed);
});

test('penalties need at least one tensor', () => {
  assert.throws(() => l1Penalty([]), ValueError);
  assert.throws(() => l2Penalty([]), ValueError);
});
