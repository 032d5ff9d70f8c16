/**
 * A soft sensor on real Tennessee Eastman process data: estimate the E content of the product stream
 * (XMEAS 38, mol%, a gas-chromatograph reading every 15 min that arrives 15 min late) every 3 min from the
 * continuous process measurements and the controller outputs.
 *
 * Data: the Braatz TEP set bundled in data/process/tep/ (normal operation, 3-min samples): `d00.dat`
 * (one 25-h run) for training and validation, `d00_te.dat` (a separate 48-h run) as the test set.
 *
 * - Inputs: XMEAS 1–22 (flows, pressures, levels, temperatures, compressor work) and XMV 1–11 (valve
 *   positions); the analyser readings XMEAS 23–41 are left out, since replacing analysers is the point.
 * - Alignment: the product analyser samples over 15 min and reports 15 min later, so each input is averaged
 *   over rows t−9 … t−5 (27 to 15 min before row t) to explain the reading at row t.
 * - Split: chronological. The first 80 % of d00 trains, the last 20 % validates (early stopping, ridge
 *   strength); the StandardScaler is fitted on the training span only. d00_te is touched once, at the end.
 * - Model: an MLP (33 → 64 → 1, tanh, dropout 0.3) trained with `fit`, Adam (weight decay 1e-2),
 *   ReduceLROnPlateau and EarlyStopping (restoring the best weights), against two baselines: predict the
 *   training mean, and ridge regression on the same features. The MLP's settings were chosen on the
 *   validation span (hidden 16/32/64, lr 1e-3/3e-3, dropout 0/0.1/0.3, weight decay 1e-4/1e-2), the ridge
 *   strength likewise (below). In normal operation the relation is close to linear, and with ~400 training
 *   samples the MLP does about as well as ridge regression, not better.
 *
 * Run: `npm run build && node dist/examples/tep-soft-sensor.js [outDir]` (default runs/tep-soft-sensor/).
 * Writes metrics.json, history.csv, learning-curve.svg, parity.svg and model.safetensors.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { manualSeed } from '../src/core/random.js';
import { StandardScaler } from '../src/data/scalers/standardScaler.js';
import { Dropout } from '../src/nn/basic/dropout.js';
import { Tanh } from '../src/nn/basic/activation.js';
import { Linear } from '../src/nn/basic/linear.js';
import { Sequential } from '../src/nn/basic/sequential.js';
import { CsvLogger } from '../src/node/csv-logger.js';
import { ProgressBar } from '../src/node/progress.js';
import { saveSafetensors } from '../src/node/safetensors-file.js';
import { readTepFile } from '../src/node/tep-files.js';
import { ridgeFit, ridgePredict } from '../src/process/linalg.js';
import { Adam } from '../src/optim/adam.js';
import { ReduceLROnPlateau } from '../src/optim/reduceLROnPlateau.js';
import { learningCurveSvg } from '../src/report/svg/learning-curve.js';
import { parityPlotSvg } from '../src/report/svg/parity-plot.js';
import { noGrad } from '../src/tensor/graph.js';
import { tensor } from '../src/tensor/ops/creation.js';
import type { Tensor } from '../src/tensor/tensor.js';
import { EarlyStopping } from '../src/train/callbacks/early-stopping.js';
import { fit } from '../src/train/fit.js';
import { mae } from '../src/train/metrics/mae.js';
import { rmse } from '../src/train/metrics/mse.js';
import { r2 } from '../src/train/metrics/r2.js';

const INPUTS = [...Array.from({ length: 22 }, (_, i) => i), ...Array.from({ length: 11 }, (_, i) => 41 + i)];
const INPUT_NAMES = INPUTS.map((c) => (c < 41 ? `XMEAS ${c + 1}` : `XMV ${c - 40}`));
const TARGET = 37; // XMEAS 38: component E in the product (stream 11), mol%
const WINDOW = { from: 9, to: 5 }; // average inputs over rows t−9 … t−5
const TRAIN_FRACTION = 0.8;

/** Reads a Braatz TEP file as rows × 52 (`d00.dat` is transposed back by the reader). */
function readTep(path: string): number[][] {
  const m = readTepFile(path);
  return Array.from({ length: m.rows }, (_, r) => Array.from(m.data.subarray(r * m.cols, (r + 1) * m.cols)));
}

/** Windowed input features (row-major, samples × 33) and the target for every row t ≥ WINDOW.from. */
function features(table: number[][]): { x: Float64Array; y: Float64Array; rows: number } {
  const rows = table.length - WINDOW.from;
  const x = new Float64Array(rows * INPUTS.length);
  const y = new Float64Array(rows);
  const span = WINDOW.from - WINDOW.to + 1;
  for (let i = 0; i < rows; i++) {
    const t = i + WINDOW.from;
    INPUTS.forEach((c, j) => {
      let sum = 0;
      for (let r = t - WINDOW.from; r <= t - WINDOW.to; r++) sum += table[r]![c]!;
      x[i * INPUTS.length + j] = sum / span;
    });
    y[i] = table[t]![TARGET]!;
  }
  return { x, y, rows };
}

/** Ridge regression with an unpenalised intercept (`ridgeFit` from the process package). */
function ridge(x: Float64Array, y: Float64Array, rows: number, cols: number, lambda: number): (xs: Float64Array, n: number) => Float64Array {
  const w = ridgeFit({ data: x, rows, cols }, { data: y, rows, cols: 1 }, lambda);
  return (xs, n) => ridgePredict({ data: xs, rows: n, cols }, w).data;
}

const scores = (yTrue: Float64Array, yPred: Float64Array) => ({ mae: mae(yTrue, yPred), rmse: rmse(yTrue, yPred), r2: r2(yTrue, yPred) });

const started = performance.now();
const outDir = process.argv[2] ?? join('runs', 'tep-soft-sensor');
const dataDir = fileURLToPath(new URL('../../data/process/tep/', import.meta.url));
mkdirSync(outDir, { recursive: true });
manualSeed(0);

// Data: chronological split of the training run; the test run is a separate simulation.
const run = features(readTep(join(dataDir, 'd00.dat.gz')));
const test = features(readTep(join(dataDir, 'd00_te.dat.gz')));
const cols = INPUTS.length;
const nTrain = Math.floor(run.rows * TRAIN_FRACTION);
const nVal = run.rows - nTrain;
const span = (v: Float64Array, from: number, to: number, width = 1) => v.slice(from * width, to * width);
const raw = {
  xTrain: span(run.x, 0, nTrain, cols), yTrain: span(run.y, 0, nTrain),
  xVal: span(run.x, nTrain, run.rows, cols), yVal: span(run.y, nTrain, run.rows),
  xTest: test.x, yTest: test.y,
};

// Scaling fitted on the training span only (inputs and target).
const xScaler = new StandardScaler().fit({ data: raw.xTrain, rows: nTrain, cols });
const yScaler = new StandardScaler().fit({ data: raw.yTrain, rows: nTrain, cols: 1 });
const scaleX = (data: Float64Array, rows: number) => xScaler.transform({ data, rows, cols }).data;
const xs = { train: scaleX(raw.xTrain, nTrain), val: scaleX(raw.xVal, nVal), test: scaleX(raw.xTest, test.rows) };
const ys = { train: yScaler.transform({ data: raw.yTrain, rows: nTrain, cols: 1 }).data, val: yScaler.transform({ data: raw.yVal, rows: nVal, cols: 1 }).data };
const unscaleY = (v: ArrayLike<number>) => yScaler.inverseTransform({ data: v, rows: v.length, cols: 1 }).data;
const toTensor = (v: Float64Array, rows: number, width: number) => tensor(Float32Array.from(v)).reshape([rows, width]);

// Baselines: the training mean, and ridge regression with its strength chosen on the validation span.
const trainMean = raw.yTrain.reduce((s, v) => s + v, 0) / nTrain;
const meanScores = scores(raw.yTest, new Float64Array(test.rows).fill(trainMean));
const lambdas = [1e-3, 0.1, 1, 10, 100];
const ridgeFits = lambdas.map((lambda) => ({ lambda, predict: ridge(xs.train, raw.yTrain, nTrain, cols, lambda) }));
const ridgeBest = ridgeFits.reduce((best, f) => (rmse(raw.yVal, f.predict(xs.val, nVal)) < rmse(raw.yVal, best.predict(xs.val, nVal)) ? f : best));
const ridgeScores = scores(raw.yTest, ridgeBest.predict(xs.test, test.rows));

// The MLP, trained with fit on the scaled target; metrics reported in mol%.
const model = new Sequential(new Linear(cols, 64), new Tanh(), new Dropout(0.3), new Linear(64, 1));
const optimizer = new Adam(model.parameters(), { lr: 1e-3, weightDecay: 1e-2 });
const early = new EarlyStopping({ monitor: 'valLoss', patience: 40, restoreBestWeights: true });
const history = await fit(model, {
  train: [toTensor(xs.train, nTrain, cols), toTensor(ys.train, nTrain, 1)],
  val: [toTensor(xs.val, nVal, cols), toTensor(ys.val, nVal, 1)],
  loss: (p: Tensor, t: Tensor) => p.sub(t).square().mean(),
  optimizer, epochs: 400, batchSize: 32,
  scheduler: new ReduceLROnPlateau(optimizer, { factor: 0.5, patience: 15 }),
  metrics: { valMae: (t, p) => mae(unscaleY(t), unscaleY(p)) },
  callbacks: [early, new ProgressBar({ whenNotTTY: 'silent' }), new CsvLogger(join(outDir, 'history.csv'))],
});
const predicted = unscaleY(noGrad(() => model.eval().forward(toTensor(xs.test, test.rows, cols))).data());
const mlpScores = scores(raw.yTest, predicted);

// Report.
const target = { variable: 'XMEAS 38', name: 'E in product (stream 11)', units: 'mol%' };
const metrics = {
  target, inputs: INPUT_NAMES, window: `mean of rows t-${WINDOW.from} … t-${WINDOW.to} (27–15 min before the reading)`,
  samples: { train: nTrain, validation: nVal, test: test.rows },
  test: { mean: meanScores, ridge: { ...ridgeScores, lambda: ridgeBest.lambda }, mlp: mlpScores },
  training: { epochs: history.length, bestEpoch: early.bestEpoch, stopReason: history.stopReason ?? null },
  seconds: (performance.now() - started) / 1000,
};
writeFileSync(join(outDir, 'metrics.json'), `${JSON.stringify(metrics, null, 2)}\n`);
writeFileSync(join(outDir, 'learning-curve.svg'), learningCurveSvg({
  series: [{ name: 'train', values: history.trainLoss }, { name: 'validation', values: history.valLoss }],
  yLabel: 'MSE (standardised XMEAS 38)', logY: true, best: { series: 'validation' }, title: 'TEP soft sensor: learning curve',
}));
writeFileSync(join(outDir, 'parity.svg'), parityPlotSvg({
  yTrue: raw.yTest, yPred: predicted, label: 'E in product (XMEAS 38)', units: 'mol%', title: 'TEP soft sensor: test run d00_te',
}));
saveSafetensors(model.stateDict(), join(outDir, 'model.safetensors'));

const row = (name: string, s: { mae: number; rmse: number; r2: number }) =>
  `${name.padEnd(22)}${s.mae.toFixed(5).padStart(10)}${s.rmse.toFixed(5).padStart(10)}${s.r2.toFixed(3).padStart(8)}`;
console.log(`TEP soft sensor for ${target.variable} (${target.name}, ${target.units}); test run d00_te, ${test.rows} samples`);
console.log(`${''.padEnd(22)}${'MAE'.padStart(10)}${'RMSE'.padStart(10)}${'R²'.padStart(8)}`);
console.log(row('predict the mean', meanScores));
console.log(row(`ridge (λ = ${ridgeBest.lambda})`, ridgeScores));
console.log(row('MLP (fit)', mlpScores));
console.log(`MLP: ${history.length} epochs, best ${early.bestEpoch}; ${metrics.seconds.toFixed(1)} s; outputs in ${outDir}`);
