import { ValueError } from '../core/errors.js';
import type { Optimizer, OptimizerOptions, ParamGroup } from './optimizer.js';
import { readInteger, readNumbers, type SchedulerStateDict } from './schedulerState.js';

/** Any optimiser, as seen by a scheduler (it reads and writes the groups' `lr`). */
export type AnyOptimizer = Optimizer<OptimizerOptions>;

/** Options every epoch-based scheduler takes. */
export interface LRSchedulerOptions {
  /**
   * Index of the last epoch when resuming (default −1: start from the beginning). When not −1, every
   * group must already have `initialLr` (restore the optimiser's state dict first).
   */
  lastEpoch?: number;
}

/**
 * Base class of the learning-rate schedulers (PyTorch's `_LRScheduler`). Creating one records each
 * group's `initialLr` and performs the initial step (epoch 0); each `step()` then advances the epoch
 * and writes the new `lr` into the optimiser's groups. Call `optimizer.step()` before `scheduler.step()`.
 *
 * Subclasses give the chainable form (`getLr`, from the groups' current lr) and, where PyTorch has one,
 * the closed form used by `step(epoch)`. They call `_initialStep()` at the end of their constructor.
 */
export abstract class LRScheduler {
  readonly optimizer: AnyOptimizer;
  /** Each group's `initialLr` at creation (PyTorch's `base_lrs`). */
  baseLrs: number[];
  /** Epoch (or batch, for per-batch schedulers) of the last step; 0 after creation. */
  lastEpoch: number;
  /** Number of `step()` calls including the initial one (PyTorch's `_step_count`). */
  protected stepCount = 0;
  private lastLr: number[] = [];
  /** Name used in error messages. */
  readonly name: string;

  protected constructor(name: string, optimizer: AnyOptimizer, lastEpoch = -1) {
    this.name = name;
    if (typeof optimizer !== 'object' || optimizer === null || !Array.isArray(optimizer.paramGroups)) {
      throw new ValueError(`${name}: expected an optimizer, got ${String(optimizer)}`);
    }
    if (!Number.isInteger(lastEpoch) || lastEpoch < -1) throw new ValueError(`${name}: lastEpoch must be an integer >= -1, got ${lastEpoch}`);
    this.optimizer = optimizer;
    if (lastEpoch === -1) {
      for (const group of optimizer.paramGroups) group.initialLr ??= group.lr;
    } else {
      optimizer.paramGroups.forEach((group, i) => {
        if (group.initialLr === undefined) {
          throw new ValueError(`${name}: param group ${i} has no initialLr; restore the optimizer's state dict before resuming a scheduler at lastEpoch ${lastEpoch}`);
        }
      });
    }
    this.baseLrs = optimizer.paramGroups.map((g) => g.initialLr!);
    this.lastEpoch = lastEpoch;
  }

  /** The optimiser's groups, checked to be as many as when the scheduler was made. */
  protected get groups(): ParamGroup[] {
    const groups = this.optimizer.paramGroups;
    if (groups.length !== this.baseLrs.length) {
      throw new ValueError(`${this.name}: the optimizer has ${groups.length} parameter groups but the scheduler was made for ${this.baseLrs.length}`);
    }
    return groups;
  }

  /** The learning rates for `lastEpoch`, computed from the groups' current ones (chainable form). */
  protected abstract getLr(): number[];

  /** The learning rates for `lastEpoch` from the base rates alone, or null where there is no closed form. */
  protected closedFormLr(): number[] | null {
    return null;
  }

  /** Internal: resets the step count and performs the initial step (PyTorch's `_initial_step`). */
  _initialStep(): void {
    this.stepCount = 0;
    this.step();
  }

  /**
   * Advances one epoch (or batch) and sets each group's lr. With `epoch`, jumps to that epoch using the
   * closed form where there is one (PyTorch's deprecated `step(epoch)`; SequentialLR uses `step(0)`).
   */
  step(epoch?: number): void {
    const groups = this.groups;
    this.stepCount += 1;
    let values: number[];
    if (epoch === undefined) {
      this.lastEpoch += 1;
      values = this.getLr();
    } else {
      if (!Number.isInteger(epoch) || epoch < 0) throw new ValueError(`${this.name}.step: epoch must be a non-negative integer, got ${epoch}`);
      this.lastEpoch = epoch;
      values = this.closedFormLr() ?? this.getLr();
    }
    groups.forEach((g, i) => {
      g.lr = values[i]!;
    });
    this.lastLr = groups.map((g) => g.lr);
  }

  /** The learning rates set by the last step, one per group (PyTorch's `get_last_lr()`). */
  getLastLr(): number[] {
    return [...this.lastLr];
  }

  /** The scheduler's state as JSON (PyTorch's `state_dict()`); subclasses add their settings. */
  stateDict(): SchedulerStateDict {
    return { lastEpoch: this.lastEpoch, stepCount: this.stepCount, baseLrs: [...this.baseLrs], lastLr: [...this.lastLr] };
  }

  /**
   * Restores a state from `stateDict()` (settings included, as PyTorch does). Load the optimiser's
   * state first: the groups' lr come from there.
   */
  loadStateDict(stateDict: SchedulerStateDict): void {
    const baseLrs = readNumbers(stateDict, 'baseLrs', this.name);
    const lastLr = readNumbers(stateDict, 'lastLr', this.name);
    if (baseLrs.length !== this.optimizer.paramGroups.length) {
      throw new ValueError(`${this.name}.loadStateDict: the state is for ${baseLrs.length} parameter groups, the optimizer has ${this.optimizer.paramGroups.length}`);
    }
    this.lastEpoch = readInteger(stateDict, 'lastEpoch', this.name);
    this.stepCount = readInteger(stateDict, 'stepCount', this.name);
    this.baseLrs = baseLrs;
    this.lastLr = lastLr;
  }
}
