import { ValueError } from '../../core/errors.js';
import { Tensor } from '../../tensor/tensor.js';
import { monitorValue, resolveMode, type EpochRecord, type MonitorMode } from '../history.js';
import type { Callback, TrainContext } from './callback.js';

/** Options of `EarlyStopping` (Keras's names and defaults). */
export interface EarlyStoppingOptions {
  /** What to watch: 'valLoss' (default), 'trainLoss', or a metric name given to `fit`. */
  monitor?: string;
  /** Epochs without improvement after which training stops (default 0: stop at the first one). */
  patience?: number;
  /** The least change that counts as an improvement (default 0). */
  minDelta?: number;
  /** 'min', 'max', or 'auto' (default: from the monitor's name, see `resolveMode`). */
  mode?: MonitorMode | 'auto';
  /** At the end of training, load the weights of the best epoch back into the model (default false). */
  restoreBestWeights?: boolean;
}

/** The state `EarlyStopping` keeps in checkpoints. */
export interface EarlyStoppingState {
  best: number;
  bestEpoch: number;
  wait: number;
  stoppedEpoch: number;
  bestWeights: Record<string, Tensor> | null;
}

/**
 * Stops training when the monitored quantity stops improving (Keras's `EarlyStopping`).
 *
 * After each epoch: if the value improves on the best so far by more than `minDelta` (`value < best − minDelta`
 * in 'min' mode, `value > best + minDelta` in 'max' mode) it becomes the best and the wait count resets to
 * 0; otherwise the wait count grows by one and, once it reaches `patience`, training stops after this
 * epoch. A NaN value never improves. With `restoreBestWeights`, a copy of the model's state dict is kept at
 * every new best and loaded back in `onTrainEnd` — whether training stopped early or ran all its epochs.
 * The best value, its epoch, the wait count and the kept weights are saved in checkpoints, so a resumed run
 * stops and restores exactly as the uninterrupted one would.
 *
 * @throws ValueError at the end of an epoch whose record lacks the monitored value (e.g. 'valLoss' without
 *   validation data).
 * @example
 * const stop = new EarlyStopping({ monitor: 'valLoss', patience: 10, restoreBestWeights: true });
 * await fit(model, { train, val, loss, optimizer, epochs: 500, callbacks: [stop] });
 * stop.bestEpoch // the epoch whose weights the model now holds
 */
export class EarlyStopping implements Callback {
  readonly monitor: string;
  readonly patience: number;
  readonly minDelta: number;
  readonly mode: MonitorMode;
  readonly restoreBestWeights: boolean;
  /** Best value so far (±Infinity before the first epoch). */
  best = 0;
  /** Epoch of the best value (0 before the first epoch). */
  bestEpoch = 0;
  /** Epochs since the last improvement. */
  wait = 0;
  /** Epoch at which this callback stopped training (0 if it did not). */
  stoppedEpoch = 0;
  private bestWeights: Record<string, Tensor> | null = null;
  private restored = false;

  constructor(options: EarlyStoppingOptions = {}) {
    this.monitor = options.monitor ?? 'valLoss';
    this.patience = options.patience ?? 0;
    this.minDelta = Math.abs(options.minDelta ?? 0);
    this.mode = resolveMode(this.monitor, options.mode ?? 'auto');
    this.restoreBestWeights = options.restoreBestWeights ?? false;
    if (!Number.isInteger(this.patience) || this.patience < 0) throw new ValueError(`EarlyStopping: patience must be a non-negative integer, got ${options.patience}`);
    if (!Number.isFinite(this.minDelta)) throw new ValueError(`EarlyStopping: minDelta must be finite, got ${options.minDelta}`);
    this.reset();
  }

  private reset(): void {
    this.best = this.mode === 'min' ? Infinity : -Infinity;
    this.bestEpoch = 0;
    this.wait = 0;
    this.stoppedEpoch = 0;
    this.bestWeights = null;
  }

  /** Whether `value` improves on `best` by more than `minDelta`. */
  isImprovement(value: number, best: number): boolean {
    return this.mode === 'min' ? value < best - this.minDelta : value > best + this.minDelta;
  }

  onTrainBegin(): void {
    // A state restored from a checkpoint continues; otherwise every run starts afresh.
    if (!this.restored) this.reset();
    this.restored = false;
  }

  onEpochEnd(record: EpochRecord, ctx: TrainContext): void {
    const value = monitorValue(record, this.monitor);
    if (value === undefined) {
      const available = ['trainLoss', ...(record.valLoss === undefined ? [] : ['valLoss']), ...Object.keys(record.metrics)];
      throw new ValueError(`EarlyStopping: "${this.monitor}" is not in epoch ${record.epoch}'s record (available: ${available.join(', ')}); pass validation data or monitor another value`);
    }
    if (this.isImprovement(value, this.best)) {
      this.best = value;
      this.bestEpoch = record.epoch;
      this.wait = 0;
      if (this.restoreBestWeights) this.bestWeights = copyState(ctx.model.stateDict());
      return;
    }
    this.wait += 1;
    if (this.wait >= this.patience) {
      this.stoppedEpoch = record.epoch;
      const best = this.bestEpoch === 0 ? 'no epoch improved on the start' : `best ${this.monitor} ${this.best} at epoch ${this.bestEpoch}`;
      ctx.requestStop(`EarlyStopping: ${this.monitor} did not improve for ${this.wait} epoch${this.wait === 1 ? '' : 's'} (${best})`);
    }
  }

  onTrainEnd(ctx: TrainContext): void {
    if (this.restoreBestWeights && this.bestWeights !== null) ctx.model.loadStateDict(this.bestWeights);
  }

  stateDict(): EarlyStoppingState {
    return { best: this.best, bestEpoch: this.bestEpoch, wait: this.wait, stoppedEpoch: this.stoppedEpoch, bestWeights: this.bestWeights };
  }

  loadStateDict(state: unknown): void {
    const s = state as Partial<EarlyStoppingState> | null;
    const num = (key: 'best' | 'bestEpoch' | 'wait' | 'stoppedEpoch'): number => {
      const v = s?.[key];
      if (typeof v !== 'number') throw new ValueError(`EarlyStopping.loadStateDict: "${key}" must be a number, got ${JSON.stringify(v)}`);
      return v;
    };
    this.best = num('best');
    this.bestEpoch = num('bestEpoch');
    this.wait = num('wait');
    this.stoppedEpoch = num('stoppedEpoch');
    const weights = s?.bestWeights;
    if (weights !== null && (typeof weights !== 'object' || !Object.values(weights).every((t) => t instanceof Tensor))) {
      throw new ValueError('EarlyStopping.loadStateDict: "bestWeights" must be null or an object of tensors');
    }
    this.bestWeights = weights === null ? null : copyState(weights);
    this.restored = true;
  }
}

/** An independent copy of a state dict (later optimiser steps cannot change it). */
function copyState(state: Record<string, Tensor>): Record<string, Tensor> {
  const out: Record<string, Tensor> = {};
  for (const [k, t] of Object.entries(state)) out[k] = t.detach().clone();
  return out;
}
