import { ValueError } from '../core/errors.js';
import { Tensor } from '../tensor/tensor.js';
import type { AnyOptimizer } from './lrScheduler.js';
import {
  encodeNumber, readEncodedNumber, readInteger, readNumber, readNumbers, readString, type SchedulerStateDict,
} from './schedulerState.js';

/** Options of `ReduceLROnPlateau`, defaulting to PyTorch's. */
export interface ReduceLROnPlateauOptions {
  /** 'min' (default): the metric should decrease; 'max': it should increase. */
  mode?: 'min' | 'max';
  /** new lr = lr · factor (default 0.1; must be < 1). */
  factor?: number;
  /** Epochs without improvement tolerated before reducing (default 10). */
  patience?: number;
  /** Minimum change that counts as an improvement (default 1e-4). */
  threshold?: number;
  /** 'rel' (default): best·(1 ∓ threshold); 'abs': best ∓ threshold. */
  thresholdMode?: 'rel' | 'abs';
  /** Epochs to wait after a reduction before counting bad epochs again (default 0). */
  cooldown?: number;
  /** Lower bound on the lr, or one per parameter group (default 0). */
  minLr?: number | readonly number[];
  /** Reductions smaller than eps are skipped (default 1e-8). */
  eps?: number;
}

/**
 * Reduces each group's lr by `factor` once a metric has stopped improving for more than `patience`
 * epochs (torch.optim.lr_scheduler.ReduceLROnPlateau). Call `step(metric)` once per epoch with the
 * validation metric.
 *
 * ```ts
 * const sched = new ReduceLROnPlateau(opt, { mode: 'min', factor: 0.5, patience: 5 });
 * for (let epoch = 0; epoch < 100; epoch++) { train(); sched.step(validationLoss()); }
 * ```
 */
export class ReduceLROnPlateau {
  readonly optimizer: AnyOptimizer;
  /** Name used in error messages. */
  readonly name = 'ReduceLROnPlateau';
  /** Settings, as in `ReduceLROnPlateauOptions` (`minLrs`: one per group). */
  mode: 'min' | 'max';
  factor: number;
  patience: number;
  threshold: number;
  thresholdMode: 'rel' | 'abs';
  cooldown: number;
  minLrs: number[];
  eps: number;
  /** Best metric so far (±Infinity before the first step). */
  best: number;
  /** Consecutive epochs without improvement. */
  numBadEpochs = 0;
  /** Epochs of cooldown left. */
  cooldownCounter = 0;
  /** Number of `step()` calls so far. */
  lastEpoch = 0;

  constructor(optimizer: AnyOptimizer, options: ReduceLROnPlateauOptions = {}) {
    if (typeof optimizer !== 'object' || optimizer === null || !Array.isArray(optimizer.paramGroups)) {
      throw new ValueError(`ReduceLROnPlateau: expected an optimizer, got ${String(optimizer)}`);
    }
    this.optimizer = optimizer;
    this.mode = options.mode ?? 'min';
    this.factor = options.factor ?? 0.1;
    this.patience = options.patience ?? 10;
    this.threshold = options.threshold ?? 1e-4;
    this.thresholdMode = options.thresholdMode ?? 'rel';
    this.cooldown = options.cooldown ?? 0;
    this.eps = options.eps ?? 1e-8;
    const n = optimizer.paramGroups.length;
    const minLr = options.minLr ?? 0;
    if (typeof minLr === 'number') this.minLrs = Array.from({ length: n }, () => minLr);
    else if (Array.isArray(minLr) && minLr.length === n && minLr.every((v) => typeof v === 'number')) this.minLrs = [...minLr];
    else throw new ValueError(`ReduceLROnPlateau: minLr must be a number or a list of ${n} numbers (one per parameter group), got ${JSON.stringify(minLr)}`);
    this.validate();
    this.best = this.modeWorse;
  }

  private validate(): void {
    if (this.mode !== 'min' && this.mode !== 'max') throw new ValueError(`ReduceLROnPlateau: mode must be 'min' or 'max', got ${String(this.mode)}`);
    if (this.thresholdMode !== 'rel' && this.thresholdMode !== 'abs') {
      throw new ValueError(`ReduceLROnPlateau: thresholdMode must be 'rel' or 'abs', got ${String(this.thresholdMode)}`);
    }
    if (!(this.factor < 1)) throw new ValueError(`ReduceLROnPlateau: factor must be < 1, got ${this.factor}`);
    if (!Number.isInteger(this.patience) || this.patience < 0) throw new ValueError(`ReduceLROnPlateau: patience must be a non-negative integer, got ${this.patience}`);
    if (!Number.isInteger(this.cooldown) || this.cooldown < 0) throw new ValueError(`ReduceLROnPlateau: cooldown must be a non-negative integer, got ${this.cooldown}`);
  }

  /** The worst possible metric for the mode (the starting `best`). */
  private get modeWorse(): number {
    return this.mode === 'min' ? Infinity : -Infinity;
  }

  /** Whether `a` improves on `best` by more than the threshold. */
  isBetter(a: number, best: number): boolean {
    if (this.mode === 'min' && this.thresholdMode === 'rel') return a < best * (1 - this.threshold);
    if (this.mode === 'min') return a < best - this.threshold;
    if (this.thresholdMode === 'rel') return a > best * (this.threshold + 1);
    return a > best + this.threshold;
  }

  /** Whether the scheduler is in its cooldown period. */
  get inCooldown(): boolean {
    return this.cooldownCounter > 0;
  }

  /** Records one epoch's metric (a number or a one-element tensor) and reduces the lr if it has plateaued. */
  step(metric: number | Tensor): void {
    const current = metric instanceof Tensor ? metric.item() : metric;
    if (typeof current !== 'number') throw new ValueError(`ReduceLROnPlateau.step: expected a number or a one-element tensor, got ${typeof metric}`);
    this.lastEpoch += 1;
    if (this.isBetter(current, this.best)) {
      this.best = current;
      this.numBadEpochs = 0;
    } else {
      this.numBadEpochs += 1;
    }
    if (this.inCooldown) {
      this.cooldownCounter -= 1;
      this.numBadEpochs = 0;
    }
    if (this.numBadEpochs > this.patience) {
      this.reduceLr();
      this.cooldownCounter = this.cooldown;
      this.numBadEpochs = 0;
    }
  }

  private reduceLr(): void {
    const groups = this.optimizer.paramGroups;
    if (groups.length !== this.minLrs.length) {
      throw new ValueError(`ReduceLROnPlateau: the optimizer has ${groups.length} parameter groups but minLr was given for ${this.minLrs.length}`);
    }
    groups.forEach((g, i) => {
      const oldLr = g.lr;
      const newLr = Math.max(oldLr * this.factor, this.minLrs[i]!);
      if (oldLr - newLr > this.eps) g.lr = newLr;
    });
  }

  /** The groups' current learning rates. */
  getLastLr(): number[] {
    return this.optimizer.paramGroups.map((g) => g.lr);
  }

  /** The scheduler's state as JSON; `best` is written as "Infinity" / "-Infinity" before any improvement. */
  stateDict(): SchedulerStateDict {
    return {
      mode: this.mode, factor: this.factor, patience: this.patience, threshold: this.threshold, thresholdMode: this.thresholdMode,
      cooldown: this.cooldown, minLrs: [...this.minLrs], eps: this.eps, best: encodeNumber(this.best),
      numBadEpochs: this.numBadEpochs, cooldownCounter: this.cooldownCounter, lastEpoch: this.lastEpoch,
    };
  }

  /** Restores a state from `stateDict()` (settings included). */
  loadStateDict(stateDict: SchedulerStateDict): void {
    const mode = readString(stateDict, 'mode', this.name);
    const thresholdMode = readString(stateDict, 'thresholdMode', this.name);
    if (mode !== 'min' && mode !== 'max') throw new ValueError(`ReduceLROnPlateau.loadStateDict: mode must be 'min' or 'max', got ${mode}`);
    if (thresholdMode !== 'rel' && thresholdMode !== 'abs') throw new ValueError(`ReduceLROnPlateau.loadStateDict: thresholdMode must be 'rel' or 'abs', got ${thresholdMode}`);
    this.mode = mode;
    this.thresholdMode = thresholdMode;
    this.factor = readNumber(stateDict, 'factor', this.name);
    this.patience = readInteger(stateDict, 'patience', this.name);
    this.threshold = readNumber(stateDict, 'threshold', this.name);
    this.cooldown = readInteger(stateDict, 'cooldown', this.name);
    this.minLrs = readNumbers(stateDict, 'minLrs', this.name);
    this.eps = readNumber(stateDict, 'eps', this.name);
    this.best = readEncodedNumber(stateDict, 'best', this.name);
    this.numBadEpochs = readInteger(stateDict, 'numBadEpochs', this.name);
    this.cooldownCounter = readInteger(stateDict, 'cooldownCounter', this.name);
    this.lastEpoch = readInteger(stateDict, 'lastEpoch', this.name);
    this.validate();
  }
}
