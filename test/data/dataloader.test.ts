import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as T from '../../src/index.js';
import { DataLoader, defaultCollate } from '../../src/data/dataloader.js';
import { Subset, TensorDataset } from '../../src/data/dataset.js';

const x = T.arange(10).reshape([10, 1]);
const y = T.arange(10).mul(2);

test('TensorDataset returns rows and validates lengths', () => {
  const ds = new TensorDataset(x, y);
  assert.equal(ds.length, 10);
  const [xi, yi] = ds.get(3);
  assert.deepEqual(xi!.toArray(), [3]);
  assert.equal(yi!.item(), 6);
  assert.throws(() => new TensorDataset(x, T.zeros([9])), /first dimension/);
  assert.throws(() => ds.get(10), /out of range/);
});

test('DataLoader batches in order, with and without dropLast', () => {
  const ds = new TensorDataset(x, y);
  const sizes = [...new DataLoader(ds, { batchSize: 4 })].map(([xb]) => xb!.shape[0]);
  assert.deepEqual(sizes, [4, 4, 2]);
  assert.equal(new DataLoader(ds, { batchSize: 4, dropLast: true }).length, 2);
  const [first] = new DataLoader(ds, { batchSize: 4 });
  assert.deepEqual(first![1]!.toArray(), [0, 2, 4, 6]);
});

test('shuffling is a permutation, differs between epochs, and is reproducible with a seed', () => {
  const ds = new TensorDataset(x, y);
  const epoch = (loader: DataLoader): number[] => [...loader].flatMap(([xb]) => Array.from(xb!.data()));
  const loader = new DataLoader(ds, { batchSize: 3, shuffle: true, generator: new T.Generator(5) });
  const e1 = epoch(loader);
  const e2 = epoch(loader);
  assert.deepEqual([...e1].sort((a, b) => a - b), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  assert.notDeepEqual(e1, e2);
  assert.deepEqual(epoch(new DataLoader(ds, { batchSize: 3, shuffle: true, generator: new T.Generator(5) })), e1);
});

test('items keep their pairing through shuffling (y = 2x in every batch)', () => {
  const loader = new DataLoader(new TensorDataset(x, y), { batchSize: 4, shuffle: true, generator: new T.Generator(1) });
  for (const [xb, yb] of loader) assert.deepEqual(Array.from(yb!.data()), Array.from(xb!.data()).map((v) => 2 * v));
});

test('custom collate and Subset', () => {
  const ds = new TensorDataset(x, y);
  const sub = new Subset(ds, [9, 0, 5]);
  const loader = new DataLoader(sub, { batchSize: 2, collate: (items: T.Tensor[][]) => items.map((it) => it[1]!.item()) });
  assert.deepEqual([...loader], [[18, 0], [10]]);
  const stacked = defaultCollate([T.tensor([1, 2]), T.tensor([3, 4])]) as T.Tensor;
  assert.deepEqual(stacked.toArray(), [[1, 2], [3, 4]]);
  assert.throws(() => new DataLoader(ds, { batchSize: 0 }), /batchSize/);
});
