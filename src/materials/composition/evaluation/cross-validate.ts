import { ValueError } from '../../../core/errors.js';
import { accuracy } from '../../../train/metrics/accuracy.js';
import { mae } from '../../../train/metrics/mae.js';
import { rmse } from '../../../train/metrics/mse.js';
import { r2 } from '../../../train/metrics/r2.js';
import { rocAuc } from '../../../train/metrics/roc.js';
import type { Composition } from '../composition.js';
import { CompositionModel, type CompositionTask } from '../models/composition-model.js';
import { type CompositionModelOptions, fitCompositionModel } from '../models/fit-model.js';
import { type SelectedFitResult, type SelectionOptions, type SelectionReport, fitSelectedCompositionModel } from '../models/select-model.js';
import type { MemberReport } from '../models/train-member.js';

/** Model options of `crossValidate`: a model, optionally chosen inside each training fold (`selection`). */
export type CrossValidationModelOptions = CompositionModelOptions & {
  /** Choose the network settings by inner cross-validation on each training fold (see `fitSelectedCompositionModel`). */
  readonly selection?: SelectionOptions;
};

/** The metrics of one fold: MAE/RMSE/R² for regression; ROC-AUC and accuracy (at p = 0.5) for classification. */
export type FoldMetrics = Readonly<Record<string, number>>;

/** One fold's outcome. */
export interface FoldResult {
  /** 0-based fold number (see `CrossValidationHooks.foldNumbers`). */
  readonly fold: number;
  readonly trainSize: number;
  readonly testSize: number;
  readonly metrics: FoldMetrics;
  readonly reports: readonly MemberReport[];
  /** What the inner selection chose on this fold's training rows (with `selection` only). */
  readonly selection?: SelectionReport;
}

/** Everything `crossValidate` measured. */
export interface CrossValidationResult {
  readonly task: CompositionTask;
  readonly folds: readonly FoldResult[];
  /** Per metric: mean and sample standard deviation over the folds. */
  readonly summary: Readonly<Record<string, { mean: number; std: number }>>;
  /** Out-of-fold prediction of each row (by the model that did not see it); NaN for rows in no test fold. */
  readonly predictions: Float64Array;
  /** Its spread (see `CompositionPrediction.std`). */
  readonly spreads: Float64Array;
  /** The test fold number of each row (−1 for none). */
  readonly foldOf: Int32Array;
  /** The fold models as one model (every fold's members pooled), for predicting new compositions. */
  readonly model: CompositionModel;
}

/** Metrics of predictions against targets for a task. */
export function taskMetrics(task: CompositionTask, yTrue: ArrayLike<number>, yPred: ArrayLike<number>): FoldMetrics {
  if (task === 'regression') return { mae: mae(yTrue, yPred), rmse: rmse(yTrue, yPred), r2: r2(yTrue, yPred) };
  const labels = Array.from(yPred, (p) => (p >= 0.5 ? 1 : 0));
  const hasBoth = new Set(Array.from(yTrue)).size === 2;
  return { rocauc: hasBoth ? rocAuc(yTrue, yPred) : NaN, accuracy: accuracy(yTrue, labels) };
}

/** Mean and sample standard deviation of each metric over folds. */
export function summarizeFolds(folds: readonly { metrics: FoldMetrics }[]): Record<string, { mean: number; std: number }> {
  const out: Record<string, { mean: number; std: number }> = {};
  for (const name of Object.keys(folds[0]?.metrics ?? {})) {
    const values = folds.map((f) => f.metrics[name]!);
    const mean = values.reduce((s, v) => s + v, 0) / values.length;
    const std = values.length > 1 ? Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / (values.length - 1)) : 0;
    out[name] = { mean, std };
  }
  return out;
}

/** Progress of `crossValidate`. */
export interface CrossValidationHooks {
  /** After each member network of each fold. */
  readonly onMemberEnd?: (fold: number, folds: number, member: number, members: number, report: MemberReport) => void;
  /** After each fold. */
  readonly onFoldEnd?: (result: FoldResult) => void;
  /**
   * 0-based numbers of the given folds in the full split (default 0, 1, …), when only some folds of a split
   * are run: they label the results and seed each fold's model, so a fold gives the same result alone as
   * within the full run.
   */
  readonly foldNumbers?: readonly number[];
}

/**
 * Cross-validates a composition model: for each test fold (row indices), fits a model on all other rows
 * — its early-stopping validation rows carved from those training rows only — and predicts the test rows.
 * Nothing of a test fold is used for fitting or tuning. Returns per-fold metrics, their summary, the
 * out-of-fold predictions and the fold models pooled into one model.
 * @throws ValueError when a row is in two folds or an index is out of range.
 */
export async function crossValidate(
  compositions: readonly Composition[],
  y: ArrayLike<number>,
  folds: readonly (readonly number[])[],
  options: CrossValidationModelOptions,
  hooks: CrossValidationHooks = {},
): Promise<CrossValidationResult> {
  const n = compositions.length;
  const foldOf = new Int32Array(n).fill(-1);
  const assign = new Int32Array(n).fill(-1);
  folds.forEach((test, f) => {
    for (const i of test) {
      if (!Number.isInteger(i) || i < 0 || i >= n) throw new ValueError(`crossValidate: fold ${f} holds row ${i}, outside 0 … ${n - 1}`);
      if (assign[i] !== -1) throw new ValueError(`crossValidate: row ${i} is in folds ${assign[i]} and ${f}`);
      assign[i] = f;
      foldOf[i] = (hooks.foldNumbers ?? [])[f] ?? f;
    }
  });
  const predictions = new Float64Array(n).fill(NaN);
  const spreads = new Float64Array(n).fill(NaN);
  const results: FoldResult[] = [];
  const parts = [];
  let first: CompositionModel | undefined;
  const numbers = hooks.foldNumbers ?? folds.map((_, f) => f);
  if (numbers.length !== folds.length) throw new ValueError(`crossValidate: ${folds.length} folds but ${numbers.length} fold numbers`);
  for (let f = 0; f < folds.length; f++) {
    const test = folds[f]!;
    const number = numbers[f]!;
    const train = Array.from({ length: n }, (_, i) => i).filter((i) => assign[i] !== f);
    const { selection: select, ...base } = options;
    const foldOptions: CompositionModelOptions = {
      ...base,
      seed: (options.seed ?? 0) + 101 * number,
      onMemberEnd: (m, members, report) => hooks.onMemberEnd?.(number, folds.length, m, members, report),
    };
    const trainComps = train.map((i) => compositions[i]!);
    const trainY = train.map((i) => y[i]!);
    const fitted: SelectedFitResult =
      select === undefined ? await fitCompositionModel(trainComps, trainY, foldOptions) : await fitSelectedCompositionModel(trainComps, trainY, foldOptions, select);
    const { model, reports, selection } = fitted;
    first ??= model;
    parts.push(...model.parts);
    const { mean, std } = model.predict(test.map((i) => compositions[i]!));
    test.forEach((i, j) => {
      predictions[i] = mean[j]!;
      spreads[i] = std[j]!;
    });
    const result: FoldResult = {
      fold: number,
      trainSize: train.length,
      testSize: test.length,
      metrics: taskMetrics(options.task, test.map((i) => y[i]!), mean),
      reports,
      ...(selection === undefined ? {} : { selection }),
    };
    results.push(result);
    hooks.onFoldEnd?.(result);
  }
  if (first === undefined) throw new ValueError('crossValidate: no folds given');
  const model = new CompositionModel(first.task, first.kind, first.heteroscedastic, parts);
  return { task: options.task, folds: results, summary: summarizeFolds(results), predictions, spreads, foldOf, model };
}
