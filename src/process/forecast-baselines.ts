import { ValueError } from '../core/errors.js';
import type { Matrix } from '../data/scalers/matrix.js';
import { ridgeFit, ridgePredict } from './linalg.js';
import type { Windows } from './windows.js';

/**
 * Persistence forecast ("tomorrow = today"): every future step of each target equals its last observed
 * value. `targetInputColumns[k]` is the input column holding target k. Returns [count, horizon, targets].
 */
export function persistenceForecast(w: Windows, targetInputColumns: readonly number[]): Float64Array {
  const out = new Float64Array(w.count * w.horizon * w.targetCols);
  for (let i = 0; i < w.count; i++) {
    const last = (i * w.lookback + w.lookback - 1) * w.inputCols;
    for (let h = 0; h < w.horizon; h++) {
      for (let k = 0; k < w.targetCols; k++) out[(i * w.horizon + h) * w.targetCols + k] = w.x[last + targetInputColumns[k]!]!;
    }
  }
  return out;
}

/** The flattened windows as a ridge design matrix [count, lookback·inputs] and targets [count, horizon·targets]. */
function design(w: Windows): { x: Matrix; y: Matrix } {
  return {
    x: { data: Float64Array.from(w.x), rows: w.count, cols: w.lookback * w.inputCols },
    y: { data: Float64Array.from(w.y), rows: w.count, cols: w.horizon * w.targetCols },
  };
}

/**
 * Ridge regression on lags: one linear model per (horizon step, target) on the whole flattened window —
 * the strong linear baseline of process forecasting. λ is chosen on the validation windows among
 * `lambdas`. `predict` returns [count, horizon, targets] flattened.
 */
export class RidgeLagForecaster {
  private constructor(
    /** (lookback·inputs + 1) × (horizon·targets), last row the intercept (see `ridgeFit`). */
    readonly weights: Matrix,
    readonly lambda: number,
  ) {}

  static fit(train: Windows, val: Windows, lambdas: readonly number[] = [0.1, 1, 10, 100, 1e3, 1e4, 1e5]): RidgeLagForecaster {
    const tr = design(train);
    const va = design(val);
    let best: RidgeLagForecaster | undefined;
    let bestErr = Infinity;
    for (const lambda of lambdas) {
      const f = new RidgeLagForecaster(ridgeFit(tr.x, tr.y, lambda), lambda);
      const p = ridgePredict(va.x, f.weights).data;
      let err = 0;
      for (let i = 0; i < p.length; i++) err += (p[i]! - va.y.data[i]!) ** 2;
      if (err < bestErr) {
        bestErr = err;
        best = f;
      }
    }
    return best!;
  }

  predict(w: Windows): Float64Array {
    return ridgePredict(design(w).x, this.weights).data;
  }

  /** Root-mean-square residual of each output (horizon step × target) on windows `w`. */
  residualStd(w: Windows): Float64Array {
    const p = this.predict(w);
    const m = w.horizon * w.targetCols;
    const out = new Float64Array(m);
    for (let i = 0; i < p.length; i++) out[i % m]! += (p[i]! - w.y[i]!) ** 2 / w.count;
    return out.map(Math.sqrt);
  }
}

/**
 * Recursive multi-step forecasting with a one-step ridge model on lags: the model predicts every input
 * channel one step ahead; its prediction is appended to the window (the oldest row dropped) and the step is
 * repeated `horizon` times — the classic alternative to direct multi-output forecasting, whose errors
 * compound with the horizon. Fitted on windows whose targets are all the inputs (horizon 1).
 */
export class RecursiveRidgeForecaster {
  private constructor(private readonly oneStep: RidgeLagForecaster) {}

  /** `train`/`val` must be windows with horizon 1 whose targets are the inputs themselves. */
  static fit(train: Windows, val: Windows, lambdas?: readonly number[]): RecursiveRidgeForecaster {
    if (train.horizon !== 1 || train.targetCols !== train.inputCols) throw new ValueError('RecursiveRidgeForecaster.fit: expected one-step windows whose targets are the inputs');
    return new RecursiveRidgeForecaster(RidgeLagForecaster.fit(train, val, lambdas));
  }

  /** Forecasts `horizon` steps of every input channel from each window: [count, horizon, inputs] flattened. */
  predict(w: Windows, horizon: number): Float64Array {
    const { lookback, inputCols: c, count } = w;
    const out = new Float64Array(count * horizon * c);
    const win = new Float32Array(lookback * c);
    for (let i = 0; i < count; i++) {
      win.set(w.x.subarray(i * lookback * c, (i + 1) * lookback * c));
      for (let h = 0; h < horizon; h++) {
        const one: Windows = { x: win, y: new Float32Array(c), ends: new Int32Array(1), count: 1, lookback, horizon: 1, inputCols: c, targetCols: c };
        const next = this.oneStep.predict(one);
        out.set(next, (i * horizon + h) * c);
        win.copyWithin(0, c);
        win.set(next, (lookback - 1) * c);
      }
    }
    return out;
  }
}
