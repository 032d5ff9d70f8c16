import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ShapeError, ValueError } from '../../../src/core/errors.js';
import { Composition } from '../../../src/materials/composition/composition.js';
import { CompositionModel } from '../../../src/materials/composition/models/composition-model.js';
import { FeaturePreprocessor } from '../../../src/materials/composition/models/feature-preprocessor.js';
import { FeatureEncoder } from '../../../src/materials/composition/models/feature-encoder.js';
import { FeatureMLP } from '../../../src/materials/composition/models/feature-mlp.js';
import { fitCompositionModel } from '../../../src/materials/composition/models/fit-model.js';
import { robustL1Loss } from '../../../src/materials/composition/models/robust-l1-loss.js';
import { TargetTransform } from '../../../src/materials/composition/models/target-transform.js';
import { innerSplits } from '../../../src/materials/composition/models/train-member.js';
import { fitSelectedCompositionModel } from '../../../src/materials/composition/models/select-model.js';
import { tensor } from '../../../src/tensor/ops/creation.js';
import { gradcheck } from '../../../src/autograd/gradcheck.js';

test('robustL1Loss is CrabNet’s √2·|y−μ|·exp(−log σ) + log σ, averaged', () => {
  const pred = tensor([[1, 0], [0, Math.log(2)], [3, -1]]);
  const y = tensor([[2], [1], [3]]);
  const expected = (Math.SQRT2 * 1 * 1 + 0 + Math.SQRT2 * 1 * 0.5 + Math.log(2) + 0 - 1) / 3;
  assert.ok(Math.abs(robustL1Loss(pred, y).item() - expected) < 1e-6);
  assert.throws(() => robustL1Loss(tensor([[1, 2, 3]]), tensor([[1]])), ShapeError);
  assert.throws(() => robustL1Loss(tensor([[1, 2]]), tensor([[1], [2]])), ShapeError);
  const p = tensor([[0.3, 0.1], [-0.2, 0.4]], { dtype: 'float64', requiresGrad: true });
  const t = tensor([[1.1], [-0.7]], { dtype: 'float64' });
  assert.ok(gradcheck((q) => robustL1Loss(q, t), [p]));
});

test('FeaturePreprocessor fits on training rows: drops constant and empty columns, fills NaN, standardises', () => {
  // columns: varying, constant, all-NaN, varying with a NaN
  const train = Float64Array.from([1, 5, NaN, 2, 3, 5, NaN, NaN, 5, 5, NaN, 4]);
  const prep = FeaturePreprocessor.fit(train, 4);
  assert.deepEqual(prep.kept, [0, 3]);
  assert.deepEqual(prep.fill, [3, 3]);
  const x = prep.transform(train, 4);
  // column 0: values 1, 3, 5 → mean 3, std √(8/3)
  const s = Math.sqrt(8 / 3);
  assert.ok(Math.abs(x[0]! - -2 / s) < 1e-6 && Math.abs(x[2]! - 0) < 1e-6 && Math.abs(x[4]! - 2 / s) < 1e-6);
  // column 3: 2, NaN→3, 4 → standardised to −1.22, 0, 1.22
  assert.ok(Math.abs(x[3]!) < 1e-6);
  const copy = FeaturePreprocessor.fromJSON(JSON.parse(JSON.stringify(prep.toJSON())));
  assert.deepEqual([...copy.transform(Float64Array.from([7, 0, 0, NaN]), 4)], [...prep.transform(Float64Array.from([7, 0, 0, NaN]), 4)]);
  assert.throws(() => FeaturePreprocessor.fit(Float64Array.from([1, 1, 1]), 1), ValueError);
});

test('TargetTransform: log when all targets are positive, standardised, inverse round trip', () => {
  const t = TargetTransform.fit([100, 1000, 10000], { log: 'auto' });
  assert.equal(t.log, true);
  assert.ok(Math.abs(t.mean - Math.log(1000)) < 1e-12);
  for (const v of [50, 1000, 3e4]) assert.ok(Math.abs(t.inverse(t.forward(v)) - v) < 1e-9 * v);
  assert.equal(TargetTransform.fit([-1, 2, 3], { log: 'auto' }).log, false);
  assert.throws(() => TargetTransform.fit([-1, 2], { log: true }), ValueError);
  // a spread at the mean of a log target: σ·std·exp(mean)
  assert.ok(Math.abs(t.inverseSpread(0, 0.1) - 0.1 * t.std * 1000) < 1e-9);
});

test('innerSplits partitions the rows; stratified chunks share each class', () => {
  const chunks = innerSplits(23, 5, 1);
  assert.deepEqual(chunks.flat().sort((a, b) => a - b), Array.from({ length: 23 }, (_, i) => i));
  assert.ok(chunks.every((c) => c.length === 4 || c.length === 5));
  const labels = Array.from({ length: 20 }, (_, i) => (i < 5 ? 1 : 0));
  for (const c of innerSplits(20, 5, 3, labels)) assert.equal(c.filter((i) => labels[i] === 1).length, 1);
});

test('FeatureMLP builds PyTorch-named layers with BatchNorm and dropout options', () => {
  const m = new FeatureMLP({ inputSize: 4, hiddenSizes: [8, 6], batchNorm: true, dropout: 0.2 });
  assert.deepEqual(Object.keys(m.stateDict()).filter((k) => k.endsWith('weight')), ['net.0.weight', 'net.1.weight', 'net.4.weight', 'net.5.weight', 'net.8.weight']);
  assert.deepEqual(m.forward(tensor([[1, 2, 3, 4], [0, 1, 0, 1]])).shape, [2, 1]);
  assert.throws(() => new FeatureMLP({ inputSize: 4, dropout: 1 }), ValueError);
});

/** A toy target: a linear function of the Fe and O fractions. */
function toyData(n: number): { comps: Composition[]; y: number[] } {
  const comps: Composition[] = [];
  const y: number[] = [];
  for (let i = 0; i < n; i++) {
    const fe = 1 + (i % 7);
    const o = 1 + ((i * 3) % 5);
    const ni = 1 + ((i * 5) % 3);
    comps.push(Composition.fromAmounts({ Fe: fe, O: o, Ni: ni }));
    y.push(100 + 200 * (fe / (fe + o + ni)) - 50 * (o / (fe + o + ni)));
  }
  return { comps, y };
}

test('an ensemble learns a toy composition target and a saved model predicts identically', async () => {
  const { comps, y } = toyData(60);
  const { model, reports } = await fitCompositionModel(comps, y, { task: 'regression', kind: 'ensemble', members: 2, features: { magpie: false }, hiddenSizes: [16], train: { epochs: 80, patience: 80, lr: 1e-2 } });
  assert.equal(reports.length, 2);
  const { mean, std } = model.predict(comps);
  const spread = Math.max(...y) - Math.min(...y);
  const err = mean.reduce((s, m, i) => s + Math.abs(m - y[i]!), 0) / y.length;
  assert.ok(err < 0.15 * spread, `MAE ${err} vs range ${spread}`);
  assert.ok(std.every((s) => s >= 0 && Number.isFinite(s)));
  const { json, tensors } = model.toFiles();
  const copy = CompositionModel.fromFiles(JSON.parse(JSON.stringify(json)), tensors);
  const again = copy.predict(comps);
  assert.deepEqual([...again.mean], [...mean]);
  assert.deepEqual([...again.std], [...std]);
  assert.throws(() => CompositionModel.fromFiles({ ...json, format: 'x' } as never, tensors), ValueError);
});

test('classification ensembles give probabilities; heteroscedastic regression gives a spread', async () => {
  const { comps, y } = toyData(40);
  const labels = y.map((v) => (v > 150 ? 1 : 0));
  const { model } = await fitCompositionModel(comps, labels, { task: 'classification', kind: 'mlp', features: { magpie: false }, hiddenSizes: [8], train: { epochs: 30, patience: 30, lr: 1e-2 } });
  const p = model.predict(comps).mean;
  assert.ok(p.every((v) => v > 0 && v < 1));
  const hetero = await fitCompositionModel(comps, y, { task: 'regression', kind: 'mlp', heteroscedastic: true, features: { magpie: false }, hiddenSizes: [8], train: { epochs: 20, patience: 20 } });
  assert.equal(hetero.model.heteroscedastic, true);
  assert.ok(hetero.model.predict(comps).std.every((s) => s > 0));
  await assert.rejects(fitCompositionModel(comps, labels.map((v) => v * 2), { task: 'classification', kind: 'mlp' }), ValueError);
});

test('FeatureEncoder: vocabulary from training compositions, Magpie block', () => {
  const enc = FeatureEncoder.fit([Composition.parse('Fe2O3'), Composition.parse('NiO'), Composition.parse('Fe3Ni')], { magpie: true });
  assert.deepEqual(enc.elements, ['Fe', 'Ni', 'O']);
  assert.equal(enc.rawLabels().length, 146 + 6);
  const [x] = enc.encode([Composition.parse('CuO')]);
  assert.deepEqual(x!.shape, [1, enc.size]);
  assert.ok([...x!.data()].every(Number.isFinite));
});

test('FeatureEncoder: weight fractions from atomic weights; a selection keeps the ranked columns and survives JSON', () => {
  const train = [Composition.parse('Fe3C'), Composition.parse('FeC'), Composition.parse('Fe9C'), Composition.parse('Fe4C')];
  const enc = FeatureEncoder.fit(train, { magpie: false, fractions: false, logFractions: false, weightFractions: true, logWeightFractions: true });
  assert.deepEqual(enc.rawLabels(), ['weight fraction C', 'weight fraction Fe', 'log10 weight fraction C', 'log10 weight fraction Fe']);
  // FeC by mass: C 12.0107 / (12.0107 + 55.845); undo the standardisation with the saved scaler
  const [x] = enc.encode([Composition.parse('FeC')]);
  const { mean, scale } = enc.preprocessor.scaler;
  const wC = x!.data()[0]! * scale![0]! + mean![0]!;
  assert.ok(Math.abs(wC - 12.0107 / (12.0107 + 55.845)) < 1e-6, `weight fraction of C in FeC: ${wC}`);

  const y = [1, 4, 0.2, 2];
  const sel = FeatureEncoder.fit(train, { magpie: true }, { count: 5, target: y, bins: 2 });
  assert.equal(sel.size, 5);
  assert.equal(sel.selection!.chosen.length, 5);
  assert.deepEqual([...sel.inputLabels()].sort(), sel.selection!.chosen.map((c) => c.label).sort());
  const back = FeatureEncoder.fromJSON(JSON.parse(JSON.stringify(sel.toJSON())));
  assert.deepEqual(back.selection, sel.selection);
  assert.deepEqual([...back.encode(train)[0]!.data()], [...sel.encode(train)[0]!.data()]);
  assert.throws(() => FeatureEncoder.fit(train, {}, { count: 3, target: [1, 2] }), /4 compositions but 2 selection targets/);
});

test('inner-cv selection scores every candidate on the training rows and keeps the best; pooling never scores worse inside', async () => {
  const { comps, y } = toyData(50);
  const base = { task: 'regression' as const, kind: 'ensemble' as const, members: 5, features: { magpie: false }, train: { epochs: 40, patience: 40, lr: 1e-2 } };
  // An untrainable candidate (lr 1e-7) must lose to a trainable one.
  const grid = [
    { label: 'frozen', hiddenSizes: [8], lr: 1e-7 },
    { label: 'small', hiddenSizes: [8] },
    { label: 'wide', hiddenSizes: [32], dropout: 0.1 },
  ];
  const seen: [number, number][] = [];
  const one = await fitSelectedCompositionModel(comps, y, { ...base, onMemberEnd: (m, count) => seen.push([m, count]) }, { select: 'inner-cv', grid });
  const sel = one.selection!;
  assert.deepEqual(sel.candidates.map((c) => c.label), ['frozen', 'small', 'wide']);
  assert.equal(seen.length, 15);
  assert.deepEqual(seen[14], [14, 15]);
  const best = sel.candidates.reduce((a, b) => (b.innerError < a.innerError ? b : a));
  assert.notEqual(best.label, 'frozen');
  assert.deepEqual(sel.chosen, [best.label]);
  assert.equal(sel.innerError, best.innerError);
  assert.equal(one.model.memberCount, 5);
  assert.ok(sel.candidates[0]!.innerError > 2 * best.innerError, `frozen ${sel.candidates[0]!.innerError} vs ${best.innerError}`);
  // The same candidate fitted alone gives the same members (selection does not refit).
  const alone = await fitCompositionModel(comps, y, { ...base, hiddenSizes: best.label === 'small' ? [8] : [32], dropout: best.label === 'small' ? 0 : 0.1 });
  assert.deepEqual([...alone.model.predict(comps).mean], [...one.model.predict(comps).mean]);

  const pooled = await fitSelectedCompositionModel(comps, y, base, { select: 'inner-cv-pool', grid });
  assert.ok(pooled.selection!.innerError <= best.innerError + 1e-12);
  assert.equal(pooled.selection!.chosen[0], best.label);
  assert.equal(pooled.model.memberCount, 5 * pooled.selection!.chosen.length);
  await assert.rejects(fitSelectedCompositionModel(comps, y, base, { select: 'inner-cv', grid: [] }), ValueError);
  await assert.rejects(fitSelectedCompositionModel(comps, y, { ...base, kind: 'attention' }, { select: 'inner-cv', grid }), ValueError);
});
