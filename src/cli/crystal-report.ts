/** The run directory and HTML report of `tensorite crystal train`. */
import type { CrystalGraph } from '../materials/cgcnn/crystal-graph.js';
import type { CrystalPrediction } from '../materials/cgcnn/predict.js';
import type { GraphSettings } from '../materials/cgcnn/structure-data.js';
import type { CgcnnTrainResult } from '../materials/cgcnn/train.js';
import { elementSymbol } from '../materials/structure/index.js';
import { historyToCsv } from '../node/csv-logger.js';
import type { RunDirectory } from '../node/run-directory.js';
import { formatMeanStd, HtmlReport } from '../report/html/index.js';
import { learningCurveSvg } from '../report/svg/learning-curve.js';
import { parityMetrics, parityPlotSvg } from '../report/svg/parity-plot.js';
import { VERSION } from '../version.js';
import type { CrystalData } from './crystal-data.js';

/** One trained seed: the model, its test predictions and scores. */
export interface SeedResult {
  seed: number;
  result: CgcnnTrainResult;
  test: CrystalPrediction[];
  valMae: number;
  testMae: number;
}

/** One cross-validation fold: held-out predictions and MAE. */
export interface CvFoldResult {
  fold: number;
  rows: CrystalPrediction[];
  mae: number;
  bestEpoch: number;
}

/** Everything `writeTrainReport` shows. */
export interface TrainReportInput {
  data: CrystalData;
  split: { train: CrystalGraph[]; val: CrystalGraph[]; test: CrystalGraph[]; official: boolean };
  seeds: SeedResult[];
  /** The seed's model with the best validation MAE: saved as weights.safetensors. */
  best: CgcnnTrainResult;
  folds: CvFoldResult[];
  graphSeconds: number;
  settings: GraphSettings;
  task: 'regression' | 'classification';
  /** Name of the score in valMae / testMae / fold mae: 'MAE' (regression) or 'error rate' (classification). */
  metric: string;
  command: string;
}

const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
const std = (xs: readonly number[]): number => (xs.length < 2 ? 0 : Math.sqrt(xs.reduce((a, b) => a + (b - mean(xs)) ** 2, 0) / (xs.length - 1)));

/** The files a model needs to predict: weights, model.json (config, graph settings, normaliser), atom_init.json. */
export function saveModel(run: RunDirectory, result: CgcnnTrainResult, settings: GraphSettings, atomInitText: string, targetName: string): void {
  run.writeSafetensors('weights.safetensors', result.model.stateDict(), { format: 'pt', model: 'CrystalGraphConvNet' });
  run.writeJson('model.json', {
    model: 'CrystalGraphConvNet', config: result.model.config, graph: { radius: settings.radius ?? 8, maxNeighbors: settings.maxNeighbors ?? 12, step: 0.2 },
    normalizer: result.normalizer.stateDict(), target: targetName, bestEpoch: result.bestEpoch,
  });
  run.writeJson('normalizer.json', result.normalizer.stateDict());
  run.writeText('atom_init.json', atomInitText);
}

/** Per-atom contributions as CSV columns: id, site, element, contribution. */
export function atomContributionColumns(rows: readonly CrystalPrediction[]): Record<string, (string | number)[]> {
  const out: Record<string, (string | number)[]> = { id: [], site: [], element: [], contribution: [] };
  for (const r of rows) {
    r.atomContributions.forEach((c, i) => {
      out['id']!.push(r.id);
      out['site']!.push(i);
      out['element']!.push(elementSymbol(r.atomicNumbers[i]!) ?? String(r.atomicNumbers[i]));
      out['contribution']!.push(c);
    });
  }
  return out;
}

/** "Nb 3.12, Se 0.41": the mean contribution of each element's atoms in one crystal. */
function contributionSummary(row: CrystalPrediction): string {
  const byElement = new Map<string, number[]>();
  row.atomContributions.forEach((c, i) => {
    const symbol = elementSymbol(row.atomicNumbers[i]!) ?? String(row.atomicNumbers[i]);
    byElement.set(symbol, [...(byElement.get(symbol) ?? []), c]);
  });
  return [...byElement].map(([symbol, cs]) => `${symbol} ${mean(cs).toFixed(2)}`).join(', ');
}

/** Writes metrics.json, predictions.csv, the model files, plots and report.html of a training run. */
export function writeTrainReport(run: RunDirectory, input: TrainReportInput): void {
  const { data, split, seeds, best, folds, task, metric } = input;
  const testMaes = seeds.map((s) => s.testMae);
  const cvMaes = folds.map((f) => f.mae);
  const trainTargets = split.train.map((g) => g.target!);
  const trainMean = mean(trainTargets);
  const baseline = split.test.length > 0 ? mean(split.test.map((g) => Math.abs(g.target! - trainMean))) : NaN;
  const metrics = {
    task, metric, target: data.targetName, nTrain: split.train.length, nVal: split.val.length, nTest: split.test.length, officialSplit: split.official,
    seeds: seeds.map((s) => ({ seed: s.seed, valMae: s.valMae, testMae: s.testMae, bestEpoch: s.result.bestEpoch, epochsRun: s.result.history.records.length })),
    testMaeMean: mean(testMaes), testMaeStd: std(testMaes), trainMeanBaselineTestMae: baseline,
    ...(folds.length > 0 ? { cv: { folds: folds.map((f) => ({ fold: f.fold, n: f.rows.length, mae: f.mae, bestEpoch: f.bestEpoch })), maeMean: mean(cvMaes), maeStd: std(cvMaes) } } : {}),
    graphSeconds: input.graphSeconds, secondsPerEpoch: mean(seeds.flatMap((s) => s.result.history.records.map((r) => r.seconds))),
  };
  run.writeJson('metrics.json', metrics);
  saveModel(run, best, input.settings, data.atomInitText, data.targetName);

  const ids = split.test.map((g) => g.id);
  const ensemble = ids.map((_, i) => mean(seeds.map((s) => s.test[i]!.prediction)));
  const predictions: Record<string, (string | number)[]> = { id: ids, split: ids.map(() => 'test'), target: split.test.map((g) => g.target!), prediction: ensemble };
  for (const s of seeds) predictions[`prediction_seed${s.seed}`] = s.test.map((r) => r.prediction);
  run.writeCsv('predictions.csv', predictions);
  if (seeds[0]!.test.length > 0) run.writeCsv('atom_contributions.csv', atomContributionColumns(seeds[0]!.test));
  if (folds.length > 0) {
    const rows = folds.flatMap((f) => f.rows.map((r) => [f.fold, r.id, r.target!, r.prediction] as const));
    run.writeCsv('cv_predictions.csv', { fold: rows.map((r) => r[0]), id: rows.map((r) => r[1]), target: rows.map((r) => r[2]), prediction: rows.map((r) => r[3]) });
  }
  run.writeText('history.csv', historyToCsv(best.history));

  const records = best.history.records;
  const curve = learningCurveSvg({
    series: [{ name: 'train loss', values: records.map((r) => r.trainLoss) }, { name: 'validation loss', values: records.map((r) => r.valLoss ?? NaN) }],
    yLabel: task === 'regression' ? 'Loss on normalised target' : 'NLL loss', logY: false, best: { epoch: best.bestEpoch },
  });
  run.writeSvg('learning-curve.svg', curve);
  const report = new HtmlReport({ title: 'Crystal graph convolutional network', subtitle: `${data.label} · target ${data.targetName}`, footer: `tensorite ${VERSION} · ${new Date().toISOString()}` });
  const summary = report.section('Summary');
  summary.keyValues([
    ['crystals (train / val / test)', `${split.train.length} / ${split.val.length} / ${split.test.length}${split.official ? ' (split given by the data)' : ' (random split)'}`],
    ['seeds', seeds.map((s) => s.seed).join(', ')],
    [`test ${metric} (mean ± std over seeds)`, seeds.length > 1 ? formatMeanStd(testMaes) : testMaes[0]],
    ...(task === 'regression' ? [['test MAE of the train-mean baseline', baseline] as const] : []),
    ...(folds.length > 0 ? [[`${folds.length}-fold CV ${metric} (non-test crystals)`, formatMeanStd(cvMaes)] as const] : []),
  ]);
  summary.table(['seed', 'best epoch', 'epochs run', `validation ${metric}`, `test ${metric}`], seeds.map((s) => [s.seed, s.result.bestEpoch, s.result.history.records.length, s.valMae, s.testMae]));
  if (split.test.length > 0 && task === 'regression') {
    const parity = parityPlotSvg({ yTrue: split.test.map((g) => g.target!), yPred: ensemble, label: data.targetName });
    run.writeSvg('parity.svg', parity);
    const pm = parityMetrics(split.test.map((g) => g.target!), ensemble);
    summary.figure(parity, `Test set, mean prediction over ${seeds.length} seed(s): MAE ${pm.mae.toFixed(3)}, RMSE ${pm.rmse.toFixed(3)}, R² ${pm.r2.toFixed(3)}`);
  }
  report.section('Learning curve').figure(curve, `Seed ${seeds.find((s) => s.result === best)?.seed}: loss per epoch; the marked epoch's weights are kept (best validation MAE; validation loss when classifying).`);
  if (seeds[0]!.test.length > 0) {
    const rows = seeds[0]!.test.slice(0, 15).map((r) => [r.id, r.target, r.prediction, contributionSummary(r)]);
    report.section('Per-atom contributions').paragraph(
      'The network\'s head applied to each atom\'s convolved features (what a crystal made only of that atom\'s environment would be predicted), averaged per element; the crystal\'s prediction pools the atoms before the head, so it is close to, not equal to, the mean of the contributions.',
    ).table(['id', 'target', 'prediction', 'contribution by element'], rows, { caption: `test crystals, seed ${seeds[0]!.seed}${seeds[0]!.test.length > 15 ? ` (first 15 of ${seeds[0]!.test.length}; all atoms in atom_contributions.csv)` : ''}` });
  }
  if (folds.length > 0) report.section('Cross-validation').table(['fold', 'crystals', 'best epoch', metric], folds.map((f) => [f.fold, f.rows.length, f.bestEpoch, f.mae]));
  const cfg = best.model.config;
  report.section('Model and data').keyValues([
    ['model', `CGCNN: atom_fea_len ${cfg.atomFeaLen}, n_conv ${cfg.nConv}, h_fea_len ${cfg.hFeaLen}, n_h ${cfg.nH}, ${best.model.numParameters()} parameters`],
    ['graph', `radius ${input.settings.radius} Å, ${input.settings.maxNeighbors} neighbours, Gaussian step 0.2 Å; built in ${input.graphSeconds.toFixed(2)} s`],
    ['atom features', data.atomInitSource],
    ['normaliser', `mean ${best.normalizer.mean.toFixed(4)}, std ${best.normalizer.std.toFixed(4)}`],
    ['seconds per epoch', metrics.secondsPerEpoch],
  ]).code(input.command);
  report.section('Files').files([
    { name: 'metrics.json' }, { name: 'predictions.csv', description: 'test crystals: target, mean and per-seed predictions' },
    { name: 'atom_contributions.csv', description: 'per-atom contributions (first seed)' }, { name: 'weights.safetensors', description: 'state dict, the reference\'s keys' },
    { name: 'model.json' }, { name: 'atom_init.json' }, { name: 'history.csv' }, { name: 'learning-curve.svg' }, { name: 'config.json' },
  ]);
  run.writeText('report.html', report.render());
}
