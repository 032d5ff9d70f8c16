import { ValueError } from '../core/errors.js';
import { LRScheduler, type AnyOptimizer, type LRSchedulerOptions } from './lrScheduler.js';
import { pyMod, readInteger, readNumber, type SchedulerStateDict } from './schedulerState.js';

/** Options of `StepLR`. */
export interface StepLROptions extends LRSchedulerOptions {
  /** Period of the decay, in epochs (required, a positive integer). */
  stepSize: number;
  /** Multiplicative factor of the decay (default 0.1). */
  gamma?: number;
}

/**
 * Multiplies each group's lr by `gamma` every `stepSize` epochs (torch.optim.lr_scheduler.StepLR):
 * lr = initialLr · gamma^⌊epoch / stepSize⌋ when nothing else changes the lr.
 *
 * ```ts
 * const sched = new StepLR(opt, { stepSize: 30, gamma: 0.1 });
 * for (let epoch = 0; epoch < 100; epoch++) { train(); sched.step(); }
 * ```
 */
export class StepLR extends LRScheduler {
  /** Period of the decay, in epochs. */
  stepSize: number;
  /** Multiplicative factor of the decay. */
  gamma: number;

  constructor(optimizer: AnyOptimizer, options: StepLROptions) {
    super('StepLR', optimizer, options.lastEpoch);
    if (!Number.isInteger(options.stepSize) || options.stepSize < 1) {
      throw new ValueError(`StepLR: stepSize must be a positive integer, got ${String(options.stepSize)}`);
    }
    this.stepSize = options.stepSize;
    this.gamma = options.gamma ?? 0.1;
    this._initialStep();
  }

  protected getLr(): number[] {
    if (this.lastEpoch === 0 || pyMod(this.lastEpoch, this.stepSize) !== 0) return this.groups.map((g) => g.lr);
    return this.groups.map((g) => g.lr * this.gamma);
  }

  protected override closedFormLr(): number[] {
    return this.baseLrs.map((b) => b * this.gamma ** Math.floor(this.lastEpoch / this.stepSize));
  }

  override stateDict(): SchedulerStateDict {
    return { ...super.stateDict(), stepSize: this.stepSize, gamma: this.gamma };
  }

  override loadStateDict(stateDict: SchedulerStateDict): void {
    super.loadStateDict(stateDict);
    this.stepSize = readInteger(stateDict, 'stepSize', this.name);
    this.gamma = readNumber(stateDict, 'gamma', this.name);
  }
}
