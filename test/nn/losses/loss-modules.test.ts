/**
 * Loss modules: constructor options, PyTorch's buffer names for weights (`weight`, `pos_weight`), dtype
 * conversion with `to()`, state-dict round trips, and use as a criterion in a small training step.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nn, tensor, type Tensor } from '../../../src/index.js';

const F = nn.functional;
const int = (data: number[]): Tensor => tensor(data, { dtype: 'int32' });

test('weighted losses keep their weights as buffers with PyTorch keys; unweighted ones have none', () => {
  const w = tensor([1, 2, 3]);
  assert.deepEqual(Object.keys(new nn.CrossEntropyLoss({ weight: w }).stateDict()), ['weight']);
  assert.deepEqual(Object.keys(new nn.NLLLoss({ weight: w }).stateDict()), ['weight']);
  assert.deepEqual(Object.keys(new nn.BCELoss({ weight: w }).stateDict()), ['weight']);
  assert.deepEqual(Object.keys(new nn.BCEWithLogitsLoss({ weight: w, posWeight: w }).stateDict()), ['weight', 'pos_weight']);
  assert.deepEqual(Object.keys(new nn.BCEWithLogitsLoss({ posWeight: w }).stateDict()), ['pos_weight']);
  for (const m of [new nn.CrossEntropyLoss(), new nn.MSELoss(), new nn.KLDivLoss(), new nn.GaussianNLLLoss(), new nn.QuantileLoss([0.5])]) {
    assert.deepEqual(Object.keys(m.stateDict()), [], m.toString());
    assert.equal(m.parameters().length, 0);
  }
});

test('a loaded weight buffer changes the loss', () => {
  const x = tensor([[1, 2, 0.5], [0.1, -1, 2]]);
  const y = int([2, 0]);
  const criterion = new nn.CrossEntropyLoss({ weight: tensor([1, 1, 1]) });
  const before = criterion.forward(x, y).item();
  criterion.loadStateDict({ weight: tensor([1, 1, 4]) });
  const after = criterion.forward(x, y).item();
  const expected = F.crossEntropy(x, y, { weight: tensor([1, 1, 4]) }).item();
  assert.equal(after, expected);
  assert.notEqual(after, before);
});

test('to("float64") converts the weight buffers so float64 inputs work', () => {
  const criterion = new nn.BCEWithLogitsLoss({ weight: tensor([1, 0.5]), posWeight: tensor([2, 3]) }).to('float64');
  const x = tensor([[0.3, -1.2], [2.0, 0.1]], { dtype: 'float64' });
  const y = tensor([[1, 0], [0, 1]], { dtype: 'float64' });
  const loss = criterion.forward(x, y);
  assert.equal(loss.dtype, 'float64');
  const expected = F.bceWithLogitsLoss(x, y, { weight: tensor([1, 0.5], { dtype: 'float64' }), posWeight: tensor([2, 3], { dtype: 'float64' }) });
  assert.equal(loss.item(), expected.item());
});

test('module options reach the functional form', () => {
  const x = tensor([[0.2, 1.5, -3.0]]);
  const y = tensor([[0, 0, 0]]);
  assert.equal(new nn.SmoothL1Loss({ beta: 2, reduction: 'sum' }).forward(x, y).item(), F.smoothL1Loss(x, y, { beta: 2, reduction: 'sum' }).item());
  assert.equal(new nn.HuberLoss({ delta: 0.5, reduction: 'none' }).forward(x, y).data()[2], F.huberLoss(x, y, { delta: 0.5, reduction: 'none' }).data()[2]);
  const logP = tensor([[-1.2, -0.4, -2.3]]);
  const logT = tensor([[-0.9, -1.1, -1.4]]);
  assert.equal(new nn.KLDivLoss({ reduction: 'batchmean', logTarget: true }).forward(logP, logT).item(), F.klDiv(logP, logT, { reduction: 'batchmean', logTarget: true }).item());
  const v = tensor([[0.5, 1, 2]]);
  assert.equal(new nn.GaussianNLLLoss({ full: true, eps: 1e-3 }).forward(x, y, v).item(), F.gaussianNllLoss(x, y, v, { full: true, eps: 1e-3 }).item());
  const ce = new nn.CrossEntropyLoss({ ignoreIndex: 0, labelSmoothing: 0.1, reduction: 'none' });
  assert.match(ce.toString(), /CrossEntropyLoss\(reduction='none', ignoreIndex=0, labelSmoothing=0\.1\)/);
  assert.deepEqual(Array.from(ce.forward(tensor([[1, 2, 3], [3, 2, 1]]), int([0, 2])).data()).map((e) => e === 0), [true, false]);
});

test('a loss module drives a gradient step that lowers the loss', () => {
  const logits = tensor([[0.5, 0.1, -0.3], [0.2, 0.4, 0.1]], { requiresGrad: true });
  const labels = int([2, 0]);
  const criterion = new nn.CrossEntropyLoss();
  const first = criterion.forward(logits, labels);
  first.backward();
  const stepped = logits.detach().sub(logits.grad!.mul(0.5));
  assert.ok(criterion.forward(stepped, labels).item() < first.item());
});
