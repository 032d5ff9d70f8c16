import { ValueError } from '../core/errors.js';
import { LRScheduler, type AnyOptimizer, type LRSchedulerOptions } from './lrScheduler.js';
import { readNumber, type SchedulerStateDict } from './schedulerState.js';

/** Options of `ExponentialLR`. */
export interface ExponentialLROptions extends LRSchedulerOptions {
  /** Multiplicative factor applied every epoch (required). */
  /** Multiplicative factor applied every epoch. */
  gamma: number;
}

/**
 * Multiplies each group's lr by `gamma` every epoch (torch.optim.lr_scheduler.ExponentialLR):
 * lr = initialLr · gamma^epoch.
 *
 * ```ts
 * const sched = new ExponentialLR(opt, { gamma: 0.95 });
 * ```
 */
export class ExponentialLR extends LRScheduler {
  gamma: number;

  constructor(optimizer: AnyOptimizer, options: ExponentialLROptions) {
    super('ExponentialLR', optimizer, options.lastEpoch);
    if (typeof options.gamma !== 'number' || !Number.isFinite(options.gamma)) {
      throw new ValueError(`ExponentialLR: gamma must be a finite number, got ${String(options.gamma)}`);
    }
    this.gamma = options.gamma;
    this._initialStep();
  }

  protected getLr(): number[] {
    if (this.lastEpoch === 0) return this.groups.map((g) => g.lr);
    return this.groups.map((g) => g.lr * this.gamma);
  }

  protected override closedFormLr(): number[] {
    return this.baseLrs.map((b) => b * this.gamma ** this.lastEpoch);
  }

  override stateDict(): SchedulerStateDict {
    return { ...super.stateDict(), gamma: this.gamma };
  }

  override loadStateDict(stateDict: SchedulerStateDict): void {
    super.loadStateDict(stateDict);
    this.gamma = readNumber(stateDict, 'gamma', this.name);
  }
}
