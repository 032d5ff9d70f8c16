import { ValueError } from '../core/errors.js';
import { LRScheduler, type AnyOptimizer, type LRSchedulerOptions } from './lrScheduler.js';
import { pyMod, readNumber, type SchedulerStateDict } from './schedulerState.js';

/** Options of `CosineAnnealingLR`. */
export interface CosineAnnealingLROptions extends LRSchedulerOptions {
  /** Half-period T_max of the cosine, in epochs (required, > 0). */
  tMax: number;
  /** Minimum learning rate η_min (default 0). */
  etaMin?: number;
}

/**
 * Cosine annealing from each group's initial lr down to `etaMin` over `tMax` epochs
 * (torch.optim.lr_scheduler.CosineAnnealingLR). Like PyTorch it uses the recursive form
 *
 *     η_t = η_min + (η_{t−1} − η_min) · (1 + cos(π t/T)) / (1 + cos(π (t−1)/T))
 *
 * (with PyTorch's special case where the denominator vanishes), so its numbers — including the rise
 * again after tMax — are PyTorch's, and it composes with other changes to the lr. Without outside
 * changes it equals η_min + (η_max − η_min)(1 + cos(π t/T))/2.
 *
 * ```ts
 * const sched = new CosineAnnealingLR(opt, { tMax: 100, etaMin: 1e-5 });
 * ```
 */
export class CosineAnnealingLR extends LRScheduler {
  /** Half-period of the cosine, in epochs. */
  tMax: number;
  /** Minimum learning rate. */
  etaMin: number;

  constructor(optimizer: AnyOptimizer, options: CosineAnnealingLROptions) {
    super('CosineAnnealingLR', optimizer, options.lastEpoch);
    if (typeof options.tMax !== 'number' || !(options.tMax > 0)) {
      throw new ValueError(`CosineAnnealingLR: tMax must be a positive number, got ${String(options.tMax)}`);
    }
    this.tMax = options.tMax;
    this.etaMin = options.etaMin ?? 0;
    this._initialStep();
  }

  protected getLr(): number[] {
    const { tMax, etaMin, lastEpoch } = this;
    const groups = this.groups;
    if (lastEpoch === 0) return groups.map((g) => g.lr);
    if (this.stepCount === 1 && lastEpoch > 0) {
      return this.baseLrs.map((b) => etaMin + ((b - etaMin) * (1 + Math.cos((lastEpoch * Math.PI) / tMax))) / 2);
    }
    if (pyMod(lastEpoch - 1 - tMax, 2 * tMax) === 0) {
      return groups.map((g, i) => g.lr + ((this.baseLrs[i]! - etaMin) * (1 - Math.cos(Math.PI / tMax))) / 2);
    }
    return groups.map(
      (g) => ((1 + Math.cos((Math.PI * lastEpoch) / tMax)) / (1 + Math.cos((Math.PI * (lastEpoch - 1)) / tMax))) * (g.lr - etaMin) + etaMin,
    );
  }

  protected override closedFormLr(): number[] {
    return this.baseLrs.map((b) => this.etaMin + ((b - this.etaMin) * (1 + Math.cos((Math.PI * this.lastEpoch) / this.tMax))) / 2);
  }

  override stateDict(): SchedulerStateDict {
    return { ...super.stateDict(), tMax: this.tMax, etaMin: this.etaMin };
  }

  override loadStateDict(stateDict: SchedulerStateDict): void {
    super.loadStateDict(stateDict);
    this.tMax = readNumber(stateDict, 'tMax', this.name);
    this.etaMin = readNumber(stateDict, 'etaMin', this.name);
  }
}
