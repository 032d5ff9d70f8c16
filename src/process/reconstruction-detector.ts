import { ValueError } from '../core/errors.js';
import type { Matrix } from '../data/scalers/matrix.js';
import { StandardScaler } from '../data/scalers/standardScaler.js';
import { Adam } from '../optim/adam.js';
import { noGrad } from '../tensor/graph.js';
import { tensor } from '../tensor/ops/creation.js';
import { cat } from '../tensor/ops/join.js';
import type { Tensor } from '../tensor/tensor.js';
import type { Callback } from '../train/callbacks/callback.js';
import { fit } from '../train/fit.js';
import { DenseAutoencoder, LstmAutoencoder, VariationalAutoencoder } from './autoencoders.js';
import { ewma, thresholdAtFalseAlarmRate } from './detection.js';
import { lagMatrix } from './lag-matrix.js';

/** Options of {@link ReconstructionDetector.fit}. */
export interface ReconstructionDetectorOptions {
  /** 'ae' (dense autoencoder, default), 'vae' (variational autoencoder) or 'lstm-ae' (LSTM autoencoder on windows). */
  kind?: 'ae' | 'vae' | 'lstm-ae';
  /** Samples stacked per input (lag window; default 1, and 10 for 'lstm-ae'). */
  window?: number;
  /** Hidden width (default 64) and bottleneck size (default 20). */
  hidden?: number;
  latent?: number;
  /** Training epochs (default 100), batch size (default 32), Adam learning rate (default 1e-3). */
  epochs?: number;
  batchSize?: number;
  lr?: number;
  /** KL weight of the VAE (default 0.01). */
  beta?: number;
  /** EWMA weight of the score smoothing (default 0.1; 1 = no smoothing). */
  smoothing?: number;
  /** False-alarm rate the threshold is set to on the normal validation span (default 0.01). */
  falseAlarmRate?: number;
  /**
   * How each variable's squared error is normalised before the mean: 'variable' (by its own mean error on
   * normal data), 'floored' (by its own mean error, but never by less than the median over variables;
   * default) or 'pooled' (by the mean error over all variables, i.e. the plain mean squared error in
   * standardised units, like PCA's SPE).
   */
  normalisation?: 'variable' | 'floored' | 'pooled';
  /** Standard deviation of Gaussian noise added to the standardised inputs in training (denoising autoencoder; default 0). */
  inputNoise?: number;
  /**
   * Amplitude factors: the training set is the standardised normal data multiplied by each factor
   * (default [1, 1.5]), so the network reconstructs normal variation of up to 1.5 × the training amplitude.
   */
  amplitudes?: readonly number[];
  /** Callbacks for `fit` (e.g. a ProgressBar). */
  callbacks?: readonly Callback[];
}

/**
 * A reconstruction-based fault detector: an autoencoder (or VAE) trained on normal operating data to
 * reconstruct each sample (with its lag window); the score of a sample is its mean squared reconstruction
 * error, each variable's error divided by that variable's mean error on normal data (floored at the median
 * over variables by default), smoothed by an EWMA. By default the training set also holds the normal data
 * scaled by 1.5 (`amplitudes`): like PCA's SPE, the residual should flag a broken correlation structure,
 * not a larger swing along the directions normal operation moves in, which a tanh network trained on one
 * short run does not extrapolate. The threshold is the `1 − falseAlarmRate` quantile of the scores on a separate normal
 * *validation* span. Scaler, normalisation and threshold use only the training and validation spans.
 *
 * @example
 * const det = await ReconstructionDetector.fit(normalTrain, normalVal, { kind: 'ae', falseAlarmRate: 0.01 });
 * const alarms = det.scores(test).map((s) => s > det.threshold);
 */
export class ReconstructionDetector {
  private constructor(
    readonly model: DenseAutoencoder | VariationalAutoencoder | LstmAutoencoder,
    readonly scaler: StandardScaler,
    readonly window: number,
    readonly smoothing: number,
    /** Mean squared error of each variable on the training span (the score's per-variable normaliser). */
    readonly errorScale: Float64Array,
    readonly threshold: number,
    /**
     * The unsmoothed scores of the normal data the threshold was set on, in time order (the validation
     * span, or the out-of-fold scores of all normal data), so other alarm rules can be calibrated on them.
     */
    readonly normalRawScores: Float64Array,
    readonly options: Required<Omit<ReconstructionDetectorOptions, 'callbacks'>>,
  ) {}

  /** Trains on `normalTrain` and sets the threshold on `normalVal` (both samples × variables, engineering units). */
  static async fit(normalTrain: Matrix, normalVal: Matrix, options: ReconstructionDetectorOptions = {}): Promise<ReconstructionDetector> {
    const o = ReconstructionDetector.resolve(options);
    if (normalTrain.cols !== normalVal.cols) throw new ValueError(`ReconstructionDetector: training has ${normalTrain.cols} variables, validation ${normalVal.cols}`);
    const partial = await ReconstructionDetector.train(normalTrain, o, options.callbacks);
    const raw = partial.rawScores(normalVal);
    const threshold = thresholdAtFalseAlarmRate(skipWarmUp(ewma(raw, o.smoothing), o), o.falseAlarmRate);
    return new ReconstructionDetector(partial.model, partial.scaler, o.window, o.smoothing, partial.errorScale, threshold, raw, o);
  }

  /**
   * Trains on all of `normal` and sets the threshold from out-of-fold scores: `folds` contiguous blocks of
   * `normal` are each held out once, a detector trained on the other blocks scores the held-out block,
   * and the out-of-fold raw scores, put back in time order and smoothed by the EWMA, give the
   * `1 − falseAlarmRate` quantile. Every normal sample thus serves both training (of the final model) and
   * threshold estimation (as unseen data of a fold model), so a 1 % quantile rests on all samples
   * instead of a short validation tail. Costs `folds + 1` trainings. (scikit-learn's `cross_val_predict`
   * pattern; for `window > 1` the training windows that straddle a removed block are kept.)
   */
  static async fitCrossValidated(normal: Matrix, options: ReconstructionDetectorOptions & { folds?: number } = {}): Promise<ReconstructionDetector> {
    const o = ReconstructionDetector.resolve(options);
    const folds = options.folds ?? 5;
    if (!Number.isInteger(folds) || folds < 2 || folds > normal.rows / (o.window + 2)) throw new ValueError(`ReconstructionDetector.fitCrossValidated: folds must be an integer in [2, ${Math.floor(normal.rows / (o.window + 2))}], got ${folds}`);
    const m = normal.cols;
    const rows = (from: number, to: number): Float64Array => Float64Array.from(normal.data.subarray(from * m, to * m));
    // Out-of-fold squared errors, rows × variables, each from the fold model that did not see the row.
    const oof = new Float64Array(normal.rows * m);
    for (let f = 0; f < folds; f++) {
      const from = Math.floor((f * normal.rows) / folds);
      const to = Math.floor(((f + 1) * normal.rows) / folds);
      const rest = new Float64Array((normal.rows - (to - from)) * m);
      rest.set(rows(0, from), 0);
      rest.set(rows(to, normal.rows), from * m);
      const foldModel = await ReconstructionDetector.train({ data: rest, rows: normal.rows - (to - from), cols: m }, o, options.callbacks);
      const e = foldModel.contributions({ data: rows(from, to), rows: to - from, cols: m });
      for (let r = 0; r < to - from; r++) for (let c = 0; c < m; c++) oof[(from + r) * m + c] = e[r * m + c]! * foldModel.errorScale[c]!;
    }
    // Each variable's error is normalised by its mean out-of-fold error (the error on unseen normal data),
    // not by the training error, which under-states it for variables the autoencoder fits closely.
    const errorScale = new Float64Array(m);
    for (let r = 0; r < normal.rows; r++) for (let c = 0; c < m; c++) errorScale[c]! += oof[r * m + c]! / normal.rows;
    normaliseErrorScale(errorScale, o.normalisation);
    const raw = Float64Array.from({ length: normal.rows }, (_, r) => {
      let s = 0;
      for (let c = 0; c < m; c++) s += oof[r * m + c]! / errorScale[c]!;
      return s / m;
    });
    const final = await ReconstructionDetector.train(normal, o, options.callbacks);
    const threshold = thresholdAtFalseAlarmRate(skipWarmUp(ewma(raw, o.smoothing), o), o.falseAlarmRate);
    return new ReconstructionDetector(final.model, final.scaler, o.window, o.smoothing, errorScale, threshold, raw, o);
  }

  private static resolve(options: ReconstructionDetectorOptions): Required<Omit<ReconstructionDetectorOptions, 'callbacks'>> {
    const amplitudes = options.amplitudes ?? [1, 1.5];
    if (amplitudes.length === 0 || !amplitudes.every((a) => Number.isFinite(a) && a > 0)) throw new ValueError(`ReconstructionDetector: amplitudes must be positive numbers, got [${amplitudes.join(', ')}]`);
    return {
      kind: options.kind ?? 'ae', window: options.window ?? (options.kind === 'lstm-ae' ? 10 : 1), hidden: options.hidden ?? 64, latent: options.latent ?? 20,
      epochs: options.epochs ?? 100, batchSize: options.batchSize ?? 32, lr: options.lr ?? 1e-3, beta: options.beta ?? 0.01,
      smoothing: options.smoothing ?? 0.1, falseAlarmRate: options.falseAlarmRate ?? 0.01,
      normalisation: options.normalisation ?? 'floored', inputNoise: options.inputNoise ?? 0, amplitudes,
    };
  }

  /** Trains the model on `normalTrain` and measures its per-variable training error (threshold NaN). */
  private static async train(normalTrain: Matrix, o: Required<Omit<ReconstructionDetectorOptions, 'callbacks'>>, callbacks: readonly Callback[] | undefined): Promise<ReconstructionDetector> {
    if (!Number.isInteger(o.window) || o.window < 1 || o.window >= normalTrain.rows) throw new ValueError(`ReconstructionDetector: window must be an integer in [1, ${normalTrain.rows - 1}], got ${o.window}`);
    const m = normalTrain.cols;
    const scaler = new StandardScaler().fit(normalTrain);
    const features = o.window * m;
    const inputs = (x: Matrix): Tensor => tensor(lagMatrix(scaler.transform(x), o.window)).reshape([x.rows, features]);
    // Training rows start at window − 1 so no training input repeats its first sample.
    const xTrain = inputs(normalTrain).narrow(0, o.window - 1, normalTrain.rows - o.window + 1);
    if (o.inputNoise !== 0 && o.kind === 'lstm-ae') throw new ValueError('ReconstructionDetector: inputNoise is for the dense detectors ae and vae');
    const model = o.kind === 'vae' ? new VariationalAutoencoder(features, o.hidden, o.latent, o.inputNoise)
      : o.kind === 'lstm-ae' ? new LstmAutoencoder(o.window, m, Math.min(o.hidden, 32), o.latent)
        : new DenseAutoencoder(features, o.hidden, o.latent, o.inputNoise);
    const loss = (p: Tensor, t: Tensor): Tensor => {
      const mse = p.sub(t).square().mean();
      return model instanceof VariationalAutoencoder && model.training && model.lastKl !== undefined ? mse.add(model.lastKl.mul(o.beta / features)) : mse;
    };
    const xFit = o.amplitudes.length === 1 && o.amplitudes[0] === 1 ? xTrain : cat(o.amplitudes.map((a) => xTrain.mul(a)));
    await fit(model, {
      train: [xFit, xFit], loss, optimizer: new Adam(model.parameters(), { lr: o.lr, weightDecay: 1e-4 }),
      epochs: o.epochs, batchSize: o.batchSize, callbacks: callbacks ?? [],
    });
    model.eval();
    const trainErrors = ReconstructionDetector.errors(model, xTrain, o.window, m);
    const errorScale = new Float64Array(m);
    for (let r = 0; r < xTrain.shape[0]!; r++) for (let c = 0; c < m; c++) errorScale[c]! += trainErrors[r * m + c]! / xTrain.shape[0]!;
    normaliseErrorScale(errorScale, o.normalisation);
    return new ReconstructionDetector(model, scaler, o.window, o.smoothing, errorScale, Number.NaN, new Float64Array(0), o);
  }

  /** Squared reconstruction errors of the newest sample of each window, rows × variables. */
  private static errors(model: DenseAutoencoder | VariationalAutoencoder | LstmAutoencoder, x: Tensor, window: number, m: number): Float64Array {
    return noGrad(() => Float64Array.from(model.forward(x).sub(x).square().narrow(1, (window - 1) * m, m).data()));
  }

  /** Per-variable normalised squared errors (rows × variables) of `x` (engineering units). */
  contributions(x: Matrix): Float64Array {
    const m = x.cols;
    const inputs = tensor(lagMatrix(this.scaler.transform(x), this.window)).reshape([x.rows, this.window * m]);
    const e = ReconstructionDetector.errors(this.model, inputs, this.window, m);
    for (let r = 0; r < x.rows; r++) for (let c = 0; c < m; c++) e[r * m + c]! /= this.errorScale[c]!;
    return e;
  }

  /** Unsmoothed score of every sample of `x`: the mean of its normalised squared errors. */
  rawScores(x: Matrix): Float64Array {
    const e = this.contributions(x);
    const m = x.cols;
    return Float64Array.from({ length: x.rows }, (_, r) => {
      let s = 0;
      for (let c = 0; c < m; c++) s += e[r * m + c]!;
      return s / m;
    });
  }

  /** Smoothed detection score of every sample of `x`; an alarm is `score > threshold`. */
  scores(x: Matrix): Float64Array {
    return ewma(this.rawScores(x), this.smoothing);
  }
}

/** Drops the EWMA warm-up (the first window − 1 + 2/α scores) before a quantile is taken. */
function skipWarmUp(scores: Float64Array, o: { window: number; smoothing: number }): Float64Array {
  return scores.subarray(Math.min(o.window + Math.ceil(2 / o.smoothing), scores.length - 1));
}

/**
 * Turns each variable's mean squared error on normal data into the divisor of its error in the score
 * (in place): 'variable' keeps it, 'floored' raises every divisor below the median over variables to the
 * median, 'pooled' replaces all by their mean. A small constant keeps every divisor positive.
 */
function normaliseErrorScale(errorScale: Float64Array, mode: 'variable' | 'floored' | 'pooled'): void {
  const m = errorScale.length;
  const sorted = Float64Array.from(errorScale).sort();
  const median = m % 2 === 1 ? sorted[(m - 1) / 2]! : (sorted[m / 2 - 1]! + sorted[m / 2]!) / 2;
  const mean = sorted.reduce((a, b) => a + b, 0) / m;
  for (let c = 0; c < m; c++) {
    const e = mode === 'pooled' ? mean : mode === 'floored' ? Math.max(errorScale[c]!, median) : errorScale[c]!;
    errorScale[c] = e + 1e-6;
  }
}
