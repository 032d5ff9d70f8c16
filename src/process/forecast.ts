import { ValueError } from '../core/errors.js';
import type { Matrix } from '../data/scalers/matrix.js';
import { StandardScaler } from '../data/scalers/standardScaler.js';
import { quantileLoss } from '../nn/losses/quantile.js';
import { Adam } from '../optim/adam.js';
import { noGrad } from '../tensor/graph.js';
import { tensor } from '../tensor/ops/creation.js';
import type { Tensor } from '../tensor/tensor.js';
import type { Callback } from '../train/callbacks/callback.js';
import { EarlyStopping } from '../train/callbacks/early-stopping.js';
import { fit } from '../train/fit.js';
import type { History } from '../train/history.js';
import { persistenceForecast, RecursiveRidgeForecaster, RidgeLagForecaster } from './forecast-baselines.js';
import { type Forecaster, type ForecasterShape, MlpForecaster } from './forecast-models.js';
import type { ProcessSeries } from './series.js';
import { chronologicalSplit, type ChronologicalSplit, makeWindows, type Windows } from './windows.js';

/** Options of {@link runForecast}. */
export interface ForecastOptions {
  /** Target tags (must be among the series' tags). */
  readonly targets: readonly string[];
  /** Input tags (default: every tag). */
  readonly inputs?: readonly string[];
  readonly lookback: number;
  readonly horizon: number;
  readonly stride?: number;
  /** First target row after the window's last row (default 1); 0 for a soft sensor (estimate the present). */
  readonly offset?: number;
  /** Validation and test fractions of the rows (default 0.15 each); gaps of lookback + horizon − 1 rows. */
  readonly valFraction?: number;
  readonly testFraction?: number;
  /** Quantile levels (default [0.1, 0.5, 0.9]); the median (0.5) is the point forecast. */
  readonly quantiles?: readonly number[];
  /** Builds the neural model for the window geometry. */
  readonly model: (shape: ForecasterShape) => Forecaster;
  /** Extra input channels, rows × inputs, e.g. the gap mask of `fillGaps` (not scaled). */
  readonly mask?: Matrix;
  readonly epochs?: number;
  readonly batchSize?: number;
  readonly lr?: number;
  /** Adam weight decay (default 1e-4). */
  readonly weightDecay?: number;
  /** Widen the intervals by split-conformal calibration on the validation windows (default true). */
  readonly conformal?: boolean;
  /**
   * Start a model that supports it (`MlpForecaster` with `lagFeatures: 0`) at the ridge-on-lags solution,
   * so training learns the nonlinear correction to the linear forecast (default true).
   */
  readonly warmStart?: boolean;
  readonly callbacks?: readonly Callback[];
}

/** Point and interval forecasts of one span, engineering units, each [count, horizon, targets] flattened. */
export interface SpanForecast {
  /** Row index of the last input row of each window. */
  readonly ends: Int32Array;
  readonly actual: Float64Array;
  readonly persistence: Float64Array;
  readonly ridge: Float64Array;
  /** Recursive one-step ridge (absent with mask channels or a soft sensor). */
  readonly recursive?: Float64Array;
  readonly median: Float64Array;
  readonly lower: Float64Array;
  readonly upper: Float64Array;
}

/** Scores of one forecaster per target at the last horizon step and over all steps (engineering units). */
export interface ForecastScores {
  readonly rmseLastStep: number[];
  readonly rmseAllSteps: number[];
  readonly maeLastStep: number[];
}

/** What {@link runForecast} returns. */
export interface ForecastResult {
  readonly split: ChronologicalSplit;
  readonly inputScaler: StandardScaler;
  readonly targetScaler: StandardScaler;
  readonly model: Forecaster;
  readonly history: History;
  readonly ridgeLambda: number;
  /** Split-conformal widening of the interval per step and target (scaled units, index step · targets + target). */
  readonly conformalWidening: Float64Array;
  readonly test: SpanForecast;
  /** The test windows (standardised inputs, with mask channels when given), e.g. for attributions. */
  readonly testWindows: Windows;
  readonly scores: { persistence: ForecastScores; ridge: ForecastScores; recursive?: ForecastScores; model: ForecastScores };
  /** Fraction of test points inside [lower, upper], per target (all steps). */
  readonly coverage: number[];
  /** The forecast past the end of the data: [horizon, targets] of median, lower, upper, engineering units. */
  readonly future: { readonly median: Float64Array; readonly lower: Float64Array; readonly upper: Float64Array };
}

function columnsOf(x: Matrix, cols: readonly number[]): Matrix {
  const data = new Float64Array(x.rows * cols.length);
  for (let r = 0; r < x.rows; r++) cols.forEach((c, j) => (data[r * cols.length + j] = x.data[r * x.cols + c]!));
  return { data, rows: x.rows, cols: cols.length };
}

function rowsOf(x: Matrix, from: number, to: number): Matrix {
  return { data: x.data.slice(from * x.cols, to * x.cols), rows: to - from, cols: x.cols };
}

function hstack(a: Matrix, b: Matrix | undefined): Matrix {
  if (b === undefined) return a;
  const cols = a.cols + b.cols;
  const data = new Float64Array(a.rows * cols);
  for (let r = 0; r < a.rows; r++) {
    data.set(a.data.subarray(r * a.cols, (r + 1) * a.cols), r * cols);
    data.set(b.data.subarray(r * b.cols, (r + 1) * b.cols), r * cols + a.cols);
  }
  return { data, rows: a.rows, cols };
}

/** RMSE/MAE per target of [count, horizon, targets] predictions. */
export function forecastScores(actual: Float64Array, pred: Float64Array, horizon: number, targets: number): ForecastScores {
  const count = actual.length / (horizon * targets);
  const rmseLastStep: number[] = [];
  const rmseAllSteps: number[] = [];
  const maeLastStep: number[] = [];
  for (let k = 0; k < targets; k++) {
    let sLast = 0;
    let aLast = 0;
    let sAll = 0;
    for (let i = 0; i < count; i++) {
      for (let h = 0; h < horizon; h++) {
        const j = (i * horizon + h) * targets + k;
        const e = pred[j]! - actual[j]!;
        sAll += e * e;
        if (h === horizon - 1) {
          sLast += e * e;
          aLast += Math.abs(e);
        }
      }
    }
    rmseLastStep.push(Math.sqrt(sLast / count));
    rmseAllSteps.push(Math.sqrt(sAll / (count * horizon)));
    maeLastStep.push(aLast / count);
  }
  return { rmseLastStep, rmseAllSteps, maeLastStep };
}

/** Runs the model on windows without gradients: [count, horizon·targets, Q] as a Float64Array. */
export function predictWindows(model: Forecaster, w: Windows, batch = 256): Float64Array {
  model.eval();
  const { lookback, inputs, horizon, targets, quantiles } = model.shape;
  const per = horizon * targets * quantiles.length;
  const out = new Float64Array(w.count * per);
  noGrad(() => {
    for (let b = 0; b < w.count; b += batch) {
      const n = Math.min(batch, w.count - b);
      const x = tensor(w.x.subarray(b * lookback * inputs, (b + n) * lookback * inputs)).reshape([n, lookback, inputs]);
      out.set(model.forward(x).data(), b * per);
    }
  });
  return out;
}

/**
 * The forecasting workflow on a regular series: chronological train / validation / test split with gaps;
 * scalers fitted on the training rows only; persistence and ridge-on-lags baselines; the neural forecaster
 * trained with the pinball loss on the quantile levels (early stopping on validation); intervals widened by
 * split-conformal calibration on the validation windows; everything reported in engineering units; and a
 * forecast past the end of the data from the last `lookback` rows.
 */
export async function runForecast(series: ProcessSeries, options: ForecastOptions): Promise<ForecastResult> {
  const { lookback, horizon } = options;
  const quantiles = options.quantiles ?? [0.1, 0.5, 0.9];
  const median = quantiles.indexOf(0.5);
  if (median < 0) throw new ValueError('runForecast: the quantile levels must include 0.5 (the point forecast)');
  const find = (tag: string): number => {
    const i = series.tags.indexOf(tag);
    if (i < 0) throw new ValueError(`runForecast(${series.file}): no tag ${JSON.stringify(tag)}; the tags are ${series.tags.join(', ')}`);
    return i;
  };
  const inputCols = (options.inputs ?? series.tags).map(find);
  const targetCols = options.targets.map(find);
  const targetInInputs = targetCols.map((c) => inputCols.indexOf(c));
  const offset = options.offset ?? 1;
  const rows = series.values.rows;
  if (rows < lookback + horizon + offset - 1) throw new ValueError(`${series.file}: ${rows} rows is shorter than lookback + horizon = ${lookback} + ${horizon}`);
  const gap = lookback + horizon + offset - 2;
  const split = chronologicalSplit(rows, { val: options.valFraction ?? 0.15, test: options.testFraction ?? 0.15, gap });

  // Scalers see the training rows only.
  const rawInputs = columnsOf(series.values, inputCols);
  const rawTargets = columnsOf(series.values, targetCols);
  const inputScaler = new StandardScaler().fit(rowsOf(rawInputs, ...split.train));
  const targetScaler = new StandardScaler().fit(rowsOf(rawTargets, ...split.train));
  const z = hstack(inputScaler.transform(rawInputs), options.mask === undefined ? undefined : columnsOf(options.mask, inputCols));
  const zy = targetScaler.transform(rawTargets);
  const spec = { lookback, horizon, stride: options.stride ?? 1, offset };
  const win = (range: readonly [number, number], what: string): Windows => makeWindows(z, zy, spec, range[0], range[1], `${series.file} ${what} span`);
  const train = win(split.train, 'training');
  const val = win(split.val, 'validation');
  const test = win(split.test, 'test');
  const nt = targetCols.length;

  // Neural forecaster with the pinball loss.
  const shape: ForecasterShape = { lookback, inputs: z.cols, horizon, targets: nt, quantiles };
  const model = options.model(shape);
  const ridge = RidgeLagForecaster.fit(train, val);
  if ((options.warmStart ?? true) && model instanceof MlpForecaster && model.lagFilter === undefined && model.highway !== undefined && options.mask === undefined) {
    model.initFromLinear(ridge.weights, ridge.residualStd(train));
  }
  const toX = (w: Windows): Tensor => tensor(w.x).reshape([w.count, lookback, z.cols]);
  const toY = (w: Windows): Tensor => tensor(w.y).reshape([w.count, horizon * nt]);
  const early = new EarlyStopping({ monitor: 'valLoss', patience: 15, restoreBestWeights: true });
  const history = await fit(model, {
    train: [toX(train), toY(train)], val: [toX(val), toY(val)],
    loss: (p: Tensor, t: Tensor) => quantileLoss(p, t, quantiles),
    optimizer: new Adam(model.parameters(), { lr: options.lr ?? 1e-3, weightDecay: options.weightDecay ?? 1e-4 }),
    epochs: options.epochs ?? 100, batchSize: options.batchSize ?? 32,
    callbacks: [early, ...(options.callbacks ?? [])],
  });

  const nq = quantiles.length;
  const lo = 0;
  const hi = nq - 1;
  const unscale = (v: Float64Array): Float64Array => targetScaler.inverseTransform({ data: v, rows: v.length / nt, cols: nt }).data;
  const pick = (p: Float64Array, q: number): Float64Array => Float64Array.from({ length: p.length / nq }, (_, i) => p[i * nq + q]!);

  // Split-conformal widening per target and step on the validation windows (scaled units): the spread of
  // the errors grows with the step, so one widening per target would over-cover near steps and
  // under-cover far ones. Layout of every prediction: (window · horizon + step) · targets + target.
  const cells = horizon * nt;
  const widening = new Float64Array(cells);
  if (options.conformal ?? true) {
    const pv = predictWindows(model, val);
    const alpha = 1 - (quantiles[hi]! - quantiles[lo]!);
    for (let cell = 0; cell < cells; cell++) {
      const s: number[] = [];
      for (let j = cell; j < val.count * cells; j += cells) s.push(Math.max(pv[j * nq + lo]! - val.y[j]!, val.y[j]! - pv[j * nq + hi]!));
      s.sort((a, b) => a - b);
      const rank = Math.min(s.length - 1, Math.ceil((s.length + 1) * (1 - alpha)) - 1);
      widening[cell] = s[rank]!;
    }
  }
  const widen = (v: Float64Array, sign: number): Float64Array => v.map((x, j) => x + sign * widening[j % cells]!);

  const pt = predictWindows(model, test);
  let recursive: Float64Array | undefined;
  if (options.mask === undefined && offset === 1 && targetInInputs.every((i) => i >= 0)) {
    // One-step ridge on all inputs, iterated; predictions mapped back to engineering units per target.
    const one = (range: readonly [number, number]): Windows => makeWindows(z, z, { lookback, horizon: 1 }, range[0], range[1], series.file);
    const rec = RecursiveRidgeForecaster.fit(one(split.train), one(split.val));
    const all = rec.predict(test, horizon);
    const ic = z.cols;
    const rows = all.length / ic;
    const raw = (inputScaler.inverseTransform({ data: all, rows, cols: ic }) as Matrix).data;
    recursive = Float64Array.from({ length: rows * nt }, (_, j) => raw[Math.floor(j / nt) * ic + targetInInputs[j % nt]!]!);
  }
  const actual = unscale(Float64Array.from(test.y));
  const spanForecast: SpanForecast = {
    ends: test.ends, actual,
    // Persistence needs the target's history among the inputs; otherwise the training mean stands in.
    persistence: unscale(targetInInputs.every((i) => i >= 0) ? persistenceForecast(test, targetInInputs) : new Float64Array(test.y.length)),
    ridge: unscale(ridge.predict(test)),
    recursive,
    median: unscale(pick(pt, median)),
    lower: unscale(widen(pick(pt, lo), -1)),
    upper: unscale(widen(pick(pt, hi), 1)),
  };
  const coverage = Array.from({ length: nt }, (_, k) => {
    let inside = 0;
    let n = 0;
    for (let j = k; j < actual.length; j += nt) {
      n++;
      if (actual[j]! >= spanForecast.lower[j]! && actual[j]! <= spanForecast.upper[j]!) inside++;
    }
    return inside / n;
  });

  // Past the end of the data: the last lookback rows, no ground truth needed.
  const lastX = Float32Array.from(z.data.subarray((rows - lookback) * z.cols, rows * z.cols));
  const pf = noGrad(() => Float64Array.from(model.forward(tensor(lastX).reshape([1, lookback, z.cols])).data()));
  const future = { median: unscale(pick(pf, median)), lower: unscale(widen(pick(pf, lo), -1)), upper: unscale(widen(pick(pf, hi), 1)) };

  const sc = (p: Float64Array): ForecastScores => forecastScores(actual, p, horizon, nt);
  return {
    split, inputScaler, targetScaler, model, history, ridgeLambda: ridge.lambda, conformalWidening: widening,
    test: spanForecast, testWindows: test, coverage, future,
    scores: {
      persistence: sc(spanForecast.persistence), ridge: sc(spanForecast.ridge), model: sc(spanForecast.median),
      ...(recursive === undefined ? {} : { recursive: sc(recursive) }),
    },
  };
}
