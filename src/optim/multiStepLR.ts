import { ValueError } from '../core/errors.js';
import { LRScheduler, type AnyOptimizer, type LRSchedulerOptions } from './lrScheduler.js';
import { readNumber, readNumbers, type SchedulerStateDict } from './schedulerState.js';

/** Options of `MultiStepLR`. */
export interface MultiStepLROptions extends LRSchedulerOptions {
  /** Epochs at which the lr is multiplied by gamma (a repeated milestone multiplies once per repetition). */
  milestones: readonly number[];
  /** Multiplicative factor of the decay (default 0.1). */
  gamma?: number;
}

/**
 * Multiplies each group's lr by `gamma` when the epoch reaches a milestone
 * (torch.optim.lr_scheduler.MultiStepLR): lr = initialLr · gamma^(number of milestones ≤ epoch).
 *
 * ```ts
 * const sched = new MultiStepLR(opt, { milestones: [30, 80], gamma: 0.1 });
 * ```
 */
export class MultiStepLR extends LRScheduler {
  /** Milestone → how many times it was given (PyTorch's Counter). */
  milestones: Map<number, number>;
  /** Multiplicative factor of the decay. */
  gamma: number;

  constructor(optimizer: AnyOptimizer, options: MultiStepLROptions) {
    super('MultiStepLR', optimizer, options.lastEpoch);
    this.milestones = MultiStepLR.count(options.milestones);
    this.gamma = options.gamma ?? 0.1;
    this._initialStep();
  }

  private static count(milestones: readonly number[]): Map<number, number> {
    if (!Array.isArray(milestones) || !milestones.every((m) => Number.isInteger(m))) {
      throw new ValueError(`MultiStepLR: milestones must be a list of integers, got ${JSON.stringify(milestones)}`);
    }
    const counts = new Map<number, number>();
    for (const m of milestones) counts.set(m, (counts.get(m) ?? 0) + 1);
    return counts;
  }

  private sortedMilestones(): number[] {
    const out: number[] = [];
    for (const [m, n] of this.milestones) for (let i = 0; i < n; i++) out.push(m);
    return out.sort((a, b) => a - b);
  }

  protected getLr(): number[] {
    const n = this.milestones.get(this.lastEpoch);
    if (n === undefined) return this.groups.map((g) => g.lr);
    return this.groups.map((g) => g.lr * this.gamma ** n);
  }

  protected override closedFormLr(): number[] {
    const passed = this.sortedMilestones().filter((m) => m <= this.lastEpoch).length;
    return this.baseLrs.map((b) => b * this.gamma ** passed);
  }

  override stateDict(): SchedulerStateDict {
    return { ...super.stateDict(), milestones: this.sortedMilestones(), gamma: this.gamma };
  }

  override loadStateDict(stateDict: SchedulerStateDict): void {
    super.loadStateDict(stateDict);
    this.milestones = MultiStepLR.count(readNumbers(stateDict, 'milestones', this.name));
    this.gamma = readNumber(stateDict, 'gamma', this.name);
  }
}
