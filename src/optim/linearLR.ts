import { ValueError } from '../core/errors.js';
import { LRScheduler, type AnyOptimizer, type LRSchedulerOptions } from './lrScheduler.js';
import { readInteger, readNumber, type SchedulerStateDict } from './schedulerState.js';

/** Options of `LinearLR`. */
export interface LinearLROptions extends LRSchedulerOptions {
  /** Factor of the lr at epoch 0, in (0, 1] (default 1/3). */
  startFactor?: number;
  /** Factor of the lr from `totalIters` on, in [0, 1] (default 1). */
  endFactor?: number;
  /** Number of epochs over which the factor moves linearly (default 5). */
  totalIters?: number;
}

/**
 * Linear warm-up (or decay) of the lr factor from `startFactor` to `endFactor` over `totalIters` epochs
 * (torch.optim.lr_scheduler.LinearLR): lr = initialLr · (s + (e − s)·min(epoch, n)/n), computed with
 * PyTorch's chainable update so the numbers are its own.
 *
 * ```ts
 * const warmup = new LinearLR(opt, { startFactor: 0.1, totalIters: 5 });
 * ```
 */
export class LinearLR extends LRScheduler {
  /** Factor at epoch 0. */
  startFactor: number;
  /** Factor from `totalIters` on. */
  endFactor: number;
  /** Epochs over which the factor changes. */
  totalIters: number;

  constructor(optimizer: AnyOptimizer, options: LinearLROptions = {}) {
    super('LinearLR', optimizer, options.lastEpoch);
    const startFactor = options.startFactor ?? 1 / 3;
    const endFactor = options.endFactor ?? 1;
    const totalIters = options.totalIters ?? 5;
    if (!(startFactor > 0 && startFactor <= 1)) throw new ValueError(`LinearLR: startFactor must be in (0, 1], got ${startFactor}`);
    if (!(endFactor >= 0 && endFactor <= 1)) throw new ValueError(`LinearLR: endFactor must be in [0, 1], got ${endFactor}`);
    if (!Number.isInteger(totalIters) || totalIters < 1) throw new ValueError(`LinearLR: totalIters must be a positive integer, got ${totalIters}`);
    this.startFactor = startFactor;
    this.endFactor = endFactor;
    this.totalIters = totalIters;
    this._initialStep();
  }

  protected getLr(): number[] {
    const { startFactor: s, endFactor: e, totalIters: n, lastEpoch } = this;
    const groups = this.groups;
    if (lastEpoch === 0) return groups.map((g) => g.lr * s);
    if (lastEpoch > n) return groups.map((g) => g.lr);
    return groups.map((g) => g.lr * (1 + (e - s) / (n * s + (lastEpoch - 1) * (e - s))));
  }

  protected override closedFormLr(): number[] {
    const { startFactor: s, endFactor: e, totalIters: n } = this;
    return this.baseLrs.map((b) => b * (s + ((e - s) * Math.min(n, this.lastEpoch)) / n));
  }

  override stateDict(): SchedulerStateDict {
    return { ...super.stateDict(), startFactor: this.startFactor, endFactor: this.endFactor, totalIters: this.totalIters };
  }

  override loadStateDict(stateDict: SchedulerStateDict): void {
    super.loadStateDict(stateDict);
    this.startFactor = readNumber(stateDict, 'startFactor', this.name);
    this.endFactor = readNumber(stateDict, 'endFactor', this.name);
    this.totalIters = readInteger(stateDict, 'totalIters', this.name);
  }
}
