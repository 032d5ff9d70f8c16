import { ValueError } from '../core/errors.js';
import { Dropout } from '../nn/basic/dropout.js';
import { GELU } from '../nn/basic/activation.js';
import { Linear } from '../nn/basic/linear.js';
import { Sequential } from '../nn/basic/sequential.js';
import { Module } from '../nn/module.js';
import { fillInPlace } from '../nn/init/fill.js';
import { normalQuantile } from '../core/special.js';
import type { Matrix } from '../data/scalers/matrix.js';
import type { Tensor } from '../tensor/tensor.js';

/** Sizes every forecaster shares: windows of [lookback, inputs] in, [horizon, targets, quantiles] out. */
export interface ForecasterShape {
  readonly lookback: number;
  readonly inputs: number;
  readonly horizon: number;
  readonly targets: number;
  /** Quantile levels of the output head, e.g. [0.1, 0.5, 0.9]. */
  readonly quantiles: readonly number[];
}

/** A forecaster: [batch, lookback, inputs] → [batch, horizon·targets, quantiles] (direct multi-output). */
export abstract class Forecaster extends Module {
  constructor(readonly shape: ForecasterShape) {
    super();
    if (shape.quantiles.length === 0) throw new ValueError('Forecaster: at least one quantile level is needed');
  }

  abstract override forward(x: Tensor): Tensor;

  /** Reshapes the head's flat output [batch, horizon·targets·Q] to [batch, horizon·targets, Q]. */
  protected toQuantiles(flat: Tensor): Tensor {
    const { horizon, targets, quantiles } = this.shape;
    return flat.reshape([flat.shape[0]!, horizon * targets, quantiles.length]);
  }
}

/** Options of {@link MlpForecaster}. */
export interface MlpForecasterOptions {
  /** Hidden width (default 64). */
  hidden?: number;
  /** Dropout after each hidden layer (default 0.2). */
  dropout?: number;
  /**
   * Compress each tag's lookback window to this many learned lag features, with one `Linear(lookback, k)`
   * shared by all tags, before the MLP (default 4; 0 = feed the raw flattened window). With hundreds of
   * rows and tens of tags this factorisation is what keeps the network from over-fitting.
   */
  lagFeatures?: number;
  /** Add a linear highway from the (compressed) window to the outputs, as in LSTNet (default true). */
  highway?: boolean;
}

/**
 * Direct multi-output MLP forecaster: each tag's lookback window is compressed to `lagFeatures` learned
 * lag features (a lag filter bank shared by all tags), the [inputs · lagFeatures] features go through an
 * MLP (GELU, dropout) to one output per (horizon step, target, quantile), and a linear highway adds a
 * linear autoregression of the same features (LSTNet), so the network learns the nonlinear correction.
 */
export class MlpForecaster extends Forecaster {
  /** Linear(lookback, lagFeatures) applied to every tag's window; undefined with lagFeatures = 0. */
  lagFilter: Linear | undefined;
  net: Sequential;
  highway: Linear | undefined;

  constructor(shape: ForecasterShape, options: MlpForecasterOptions = {}) {
    super(shape);
    const hidden = options.hidden ?? 64;
    const p = options.dropout ?? 0.2;
    const k = options.lagFeatures ?? 4;
    if (k > 0) this.lagFilter = new Linear(shape.lookback, k);
    const features = shape.inputs * (k > 0 ? k : shape.lookback);
    const outputs = shape.horizon * shape.targets * shape.quantiles.length;
    this.net = new Sequential(new Linear(features, hidden), new GELU(), new Dropout(p), new Linear(hidden, outputs));
    if (options.highway ?? true) this.highway = new Linear(features, outputs);
  }

  /**
   * Starts the network at a linear (ridge) solution on the raw flattened window: the highway gets the
   * linear weights (`weights` (features + 1) × (horizon·targets), last row the intercept, as `ridgeFit`
   * returns), each quantile level τ offset by Φ⁻¹(τ)·`residualStd` of its output, and the MLP branch's output
   * layer starts at zero. Training then learns the nonlinear correction from that point. Needs
   * `lagFeatures: 0` and the highway.
   */
  initFromLinear(weights: Matrix, residualStd: ArrayLike<number>): void {
    const features = this.shape.lookback * this.shape.inputs;
    const nq = this.shape.quantiles.length;
    if (this.lagFilter !== undefined || this.highway === undefined) throw new ValueError('MlpForecaster.initFromLinear needs lagFeatures: 0 and the highway');
    if (weights.rows !== features + 1 || weights.cols * nq !== this.highway.weight.shape[0]) throw new ValueError(`MlpForecaster.initFromLinear: expected ${features + 1} × ${this.highway.weight.shape[0]! / nq} weights, got ${weights.rows} × ${weights.cols}`);
    const z = this.shape.quantiles.map((q) => normalQuantile(q));
    fillInPlace(this.highway.weight, (i) => {
      const out = Math.floor(i / features);
      return weights.data[(i % features) * weights.cols + Math.floor(out / nq)]!;
    });
    fillInPlace(this.highway.bias!, (o) => weights.data[features * weights.cols + Math.floor(o / nq)]! + z[o % nq]! * residualStd[Math.floor(o / nq)]!);
    const last = this.net.at(this.net.length - 1) as Linear;
    fillInPlace(last.weight, () => 0);
    fillInPlace(last.bias!, () => 0);
  }

  forward(x: Tensor): Tensor {
    const n = x.shape[0]!;
    const { lookback, inputs } = this.shape;
    // [n, lookback, inputs] → [n, inputs, lookback] → lag features [n, inputs, k] → [n, inputs·k].
    const flat = this.lagFilter === undefined
      ? x.reshape([n, lookback * inputs])
      : this.lagFilter.forward(x.transpose(1, 2)).reshape([n, -1]);
    const out = this.net.forward(flat);
    return this.toQuantiles(this.highway === undefined ? out : out.add(this.highway.forward(flat)));
  }
}
