import { ShapeError, ValueError } from '../../core/errors.js';
import { formatShape } from '../../core/shape.js';
import { ones, zeros } from '../../tensor/ops/creation.js';
import type { Tensor } from '../../tensor/tensor.js';
import { constant_, ones_, zeros_ } from '../init/fill.js';
import { Module } from '../module.js';
import { Parameter } from '../parameter.js';
import { batchNorm } from './batch-norm.js';
import { checkSize, floatDType, reprValue, type FactoryOptions } from './options.js';

/** Options of the BatchNorm layers (PyTorch's defaults). */
export interface BatchNormOptions extends Omit<FactoryOptions, 'generator'> {
  /** Added to the variance (default 1e-5). */
  eps?: number;
  /** Weight of the newest batch in the running statistics (default 0.1); null = cumulative average. */
  momentum?: number | null;
  /** Learn a per-channel `weight` (init 1) and `bias` (init 0) (default true). */
  affine?: boolean;
  /** Keep `running_mean` / `running_var` / `num_batches_tracked` buffers and use them in eval (default true). */
  trackRunningStats?: boolean;
}

/**
 * Shared implementation of BatchNorm1d/2d (PyTorch's `_BatchNorm`). State-dict keys: `weight`, `bias`
 * (with `affine`), and the buffers `running_mean` (init 0), `running_var` (init 1) and
 * `num_batches_tracked` (int32 scalar; int64 in PyTorch) with `trackRunningStats`.
 */
export abstract class BatchNormBase extends Module {
  readonly numFeatures: number;
  readonly eps: number;
  readonly momentum: number | null;
  readonly affine: boolean;
  readonly trackRunningStats: boolean;
  weight: Parameter | null;
  bias: Parameter | null;

  constructor(layer: string, numFeatures: number, options: BatchNormOptions) {
    super();
    this.numFeatures = checkSize(layer, 'numFeatures', numFeatures, true);
    this.eps = options.eps ?? 1e-5;
    if (!(this.eps >= 0)) throw new ValueError(`${layer}: eps must be non-negative, got ${this.eps}`);
    this.momentum = options.momentum === undefined ? 0.1 : options.momentum;
    if (this.momentum !== null && !(this.momentum >= 0 && this.momentum <= 1)) {
      throw new ValueError(`${layer}: momentum must be in [0, 1] or null, got ${this.momentum}`);
    }
    this.affine = options.affine ?? true;
    this.trackRunningStats = options.trackRunningStats ?? true;
    const dtype = floatDType(layer, options.dtype);
    if (this.affine) {
      this.weight = new Parameter(ones([numFeatures], { dtype }));
      this.bias = new Parameter(zeros([numFeatures], { dtype }));
    } else {
      this.weight = null;
      this.bias = null;
      this.registerParameter('weight', null);
      this.registerParameter('bias', null);
    }
    if (this.trackRunningStats) {
      this.registerBuffer('running_mean', zeros([numFeatures], { dtype }));
      this.registerBuffer('running_var', ones([numFeatures], { dtype }));
      this.registerBuffer('num_batches_tracked', zeros([], { dtype: 'int32' }));
    } else {
      this.registerBuffer('running_mean', null);
      this.registerBuffer('running_var', null);
      this.registerBuffer('num_batches_tracked', null);
    }
  }

  /** The `running_mean` buffer [C] (null without trackRunningStats). */
  get runningMean(): Tensor | null {
    return this.getBuffer('running_mean');
  }

  /** The `running_var` buffer [C] (null without trackRunningStats). */
  get runningVar(): Tensor | null {
    return this.getBuffer('running_var');
  }

  /** The `num_batches_tracked` buffer (int32 scalar; null without trackRunningStats). */
  get numBatchesTracked(): Tensor | null {
    return this.getBuffer('num_batches_tracked');
  }

  /** Resets running_mean to 0, running_var to 1 and num_batches_tracked to 0. */
  resetRunningStats(): void {
    const rm = this.runningMean;
    const rv = this.runningVar;
    const nbt = this.numBatchesTracked;
    if (rm !== null) zeros_(rm);
    if (rv !== null) ones_(rv);
    if (nbt !== null) zeros_(nbt);
  }

  /** Resets the running statistics, weight to 1 and bias to 0. */
  resetParameters(): void {
    this.resetRunningStats();
    if (this.weight !== null) ones_(this.weight);
    if (this.bias !== null) zeros_(this.bias);
  }

  /** Throws a ShapeError unless `x` has a rank this layer accepts. */
  protected abstract checkInputDim(x: Tensor): void;

  /**
   * Normalises `x` [N, C, ...]. Training mode: batch statistics, and (with trackRunningStats) the running
   * statistics and num_batches_tracked are updated. Eval mode: running statistics when tracked, batch
   * statistics otherwise.
   */
  forward(x: Tensor): Tensor {
    this.checkInputDim(x);
    if (x.shape[1] !== this.numFeatures) {
      throw new ShapeError(`${this.constructor.name}: input ${formatShape(x.shape)} has ${x.shape[1]} channels, expected ${this.numFeatures}`);
    }
    let factor = this.momentum ?? 0;
    const nbt = this.numBatchesTracked;
    if (this.training && this.trackRunningStats && nbt !== null) {
      const count = nbt.item() + 1;
      constant_(nbt, count);
      factor = this.momentum === null ? 1 / count : this.momentum;
    }
    const rm = this.runningMean;
    const rv = this.runningVar;
    const useBatchStats = this.training || (rm === null && rv === null);
    const passStats = !this.training || this.trackRunningStats;
    return batchNorm(x, passStats ? rm : null, passStats ? rv : null, this.weight, this.bias, useBatchStats, factor, this.eps);
  }

  override extraRepr(): string {
    return `${this.numFeatures}, eps=${this.eps}, momentum=${reprValue(this.momentum)}, affine=${this.affine}, trackRunningStats=${this.trackRunningStats}`;
  }
}

/**
 * Batch normalisation for [N, C] or [N, C, L] inputs (torch.nn.BatchNorm1d): per-channel statistics over
 * N (and L). See `BatchNormBase` for parameters, buffers and modes.
 *
 * ```ts
 * const bn = new BatchNorm1d(64);
 * bn.forward(h);   // training: batch statistics, running stats updated
 * bn.eval().forward(h); // running statistics
 * ```
 */
export class BatchNorm1d extends BatchNormBase {
  constructor(numFeatures: number, options: BatchNormOptions = {}) {
    super('BatchNorm1d', numFeatures, options);
  }

  protected checkInputDim(x: Tensor): void {
    if (x.ndim !== 2 && x.ndim !== 3) throw new ShapeError(`BatchNorm1d: expected a 2-D or 3-D input, got ${formatShape(x.shape)}`);
  }
}

/**
 * Batch normalisation for [N, C, H, W] inputs (torch.nn.BatchNorm2d): per-channel statistics over N, H, W.
 * See `BatchNormBase` for parameters, buffers and modes.
 *
 * ```ts
 * const bn = new BatchNorm2d(16);
 * bn.forward(featureMaps); // [N, 16, H, W]
 * ```
 */
export class BatchNorm2d extends BatchNormBase {
  constructor(numFeatures: number, options: BatchNormOptions = {}) {
    super('BatchNorm2d', numFeatures, options);
  }

  protected checkInputDim(x: Tensor): void {
    if (x.ndim !== 4) throw new ShapeError(`BatchNorm2d: expected a 4-D input, got ${formatShape(x.shape)}`);
  }
}
