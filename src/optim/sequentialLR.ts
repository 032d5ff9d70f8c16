import { ValueError } from '../core/errors.js';
import { LRScheduler, type AnyOptimizer } from './lrScheduler.js';
import { readInteger, readNumbers, type JsonValue, type SchedulerStateDict } from './schedulerState.js';

/** Options of `SequentialLR`. */
export interface SequentialLROptions {
  /** The schedulers, all of the same optimizer, used one after the other. */
  schedulers: readonly LRScheduler[];
  /** Epochs at which to switch to the next scheduler (one fewer than the schedulers, increasing). */
  milestones: readonly number[];
}

/**
 * Runs schedulers one after another, switching at the milestones (torch.optim.lr_scheduler.SequentialLR);
 * the usual warm-up composition is a LinearLR followed by the main schedule. At each milestone the next
 * scheduler restarts from epoch 0 of its closed form, as in PyTorch.
 *
 * ```ts
 * const warmup = new LinearLR(opt, { startFactor: 0.1, totalIters: 5 });
 * const cosine = new CosineAnnealingLR(opt, { tMax: 95 });
 * const sched = new SequentialLR(opt, { schedulers: [warmup, cosine], milestones: [5] });
 * ```
 */
export class SequentialLR {
  readonly optimizer: AnyOptimizer;
  /** The schedulers, in order of use. */
  readonly schedulers: readonly LRScheduler[];
  /** Epochs at which the next scheduler takes over. */
  readonly milestones: readonly number[];
  /** Epochs stepped so far. */
  lastEpoch: number;
  private lastLr: number[];

  constructor(optimizer: AnyOptimizer, options: SequentialLROptions) {
    const { schedulers, milestones } = options;
    if (!Array.isArray(schedulers) || schedulers.length === 0) throw new ValueError('SequentialLR: expected a non-empty list of schedulers');
    schedulers.forEach((s, i) => {
      if (!(s instanceof LRScheduler)) throw new ValueError(`SequentialLR: schedulers[${i}] is not an epoch-based LRScheduler`);
      if (s.optimizer !== optimizer) throw new ValueError(`SequentialLR: schedulers[${i}] belongs to a different optimizer`);
    });
    if (!Array.isArray(milestones) || milestones.length !== schedulers.length - 1) {
      throw new ValueError(`SequentialLR: expected ${schedulers.length - 1} milestones for ${schedulers.length} schedulers, got ${JSON.stringify(milestones)}`);
    }
    if (!milestones.every((m, i) => Number.isInteger(m) && (i === 0 || m > milestones[i - 1]!))) {
      throw new ValueError(`SequentialLR: milestones must be increasing integers, got ${JSON.stringify(milestones)}`);
    }
    this.optimizer = optimizer;
    this.schedulers = [...schedulers];
    this.milestones = [...milestones];
    this.lastEpoch = 0;
    // Undo the initial steps the schedulers made when they were created, then start the first one again.
    optimizer.paramGroups.forEach((g, i) => {
      if (g.initialLr === undefined) throw new ValueError(`SequentialLR: param group ${i} has no initialLr`);
      g.lr = g.initialLr;
    });
    for (const s of this.schedulers) s.lastEpoch -= 1;
    this.schedulers[0]!._initialStep();
    this.lastLr = this.schedulers[0]!.getLastLr();
  }

  /** Advances one epoch, delegating to the scheduler whose interval contains it. */
  step(): void {
    this.lastEpoch += 1;
    const idx = this.milestones.filter((m) => m <= this.lastEpoch).length;
    const scheduler = this.schedulers[idx]!;
    if (idx > 0 && this.milestones[idx - 1] === this.lastEpoch) scheduler.step(0);
    else scheduler.step();
    this.lastLr = scheduler.getLastLr();
  }

  /** The learning rates set by the last step, one per group. */
  getLastLr(): number[] {
    return [...this.lastLr];
  }

  /** The state of this scheduler and of every scheduler in it. */
  stateDict(): SchedulerStateDict {
    return {
      lastEpoch: this.lastEpoch, milestones: [...this.milestones], lastLr: [...this.lastLr],
      schedulers: this.schedulers.map((s) => s.stateDict()),
    };
  }

  /** Restores a state from `stateDict()`; the schedulers must be of the same kinds, in the same order. */
  loadStateDict(stateDict: SchedulerStateDict): void {
    const subs = stateDict.schedulers;
    if (!Array.isArray(subs) || subs.length !== this.schedulers.length) {
      throw new ValueError(`SequentialLR.loadStateDict: expected states of ${this.schedulers.length} schedulers`);
    }
    const milestones = readNumbers(stateDict, 'milestones', 'SequentialLR');
    if (milestones.length !== this.milestones.length || milestones.some((m, i) => m !== this.milestones[i])) {
      throw new ValueError(`SequentialLR.loadStateDict: milestones ${JSON.stringify(milestones)} differ from this scheduler's ${JSON.stringify(this.milestones)}`);
    }
    this.lastEpoch = readInteger(stateDict, 'lastEpoch', 'SequentialLR');
    this.lastLr = readNumbers(stateDict, 'lastLr', 'SequentialLR');
    subs.forEach((s: JsonValue, i) => {
      if (typeof s !== 'object' || s === null || Array.isArray(s)) throw new ValueError(`SequentialLR.loadStateDict: schedulers[${i}] is not a state dict`);
      this.schedulers[i]!.loadStateDict(s);
    });
  }
}
