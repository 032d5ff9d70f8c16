import { ValueError } from '../core/errors.js';
import { LRScheduler, type AnyOptimizer } from './lrScheduler.js';
import { readBoolean, readInteger, readNumber, readString, type SchedulerStateDict } from './schedulerState.js';

/** Options of `OneCycleLR`; give `totalSteps`, or `epochs` and `stepsPerEpoch`. */
export interface OneCycleLROptions {
  /** Peak learning rate, or one per parameter group (required). */
  maxLr: number | readonly number[];
  /** Number of steps (batches) in the cycle. */
  totalSteps?: number;
  /** With `stepsPerEpoch`, gives totalSteps = epochs · stepsPerEpoch. */
  epochs?: number;
  stepsPerEpoch?: number;
  /** Fraction of the cycle spent increasing the lr (default 0.3). */
  pctStart?: number;
  /** 'cos' (default) or 'linear' annealing. */
  annealStrategy?: 'cos' | 'linear';
  /** Cycle momentum (SGD, RMSprop) or β₁ (Adam, AdamW) inversely to the lr (default true). */
  cycleMomentum?: boolean;
  /** Momentum at the lr peak, or one per group (default 0.85). */
  baseMomentum?: number | readonly number[];
  /** Momentum at the start and end, or one per group (default 0.95). */
  maxMomentum?: number | readonly number[];
  /** initialLr = maxLr / divFactor (default 25). */
  divFactor?: number;
  /** minLr = initialLr / finalDivFactor (default 1e4). */
  finalDivFactor?: number;
  /** Use three phases (up, down to initialLr, down to minLr) as in the original paper (default false). */
  threePhase?: boolean;
  /** Index of the last batch when resuming (default −1). */
  lastEpoch?: number;
}

type GroupKey = 'initialLr' | 'maxLr' | 'minLr' | 'maxMomentum' | 'baseMomentum';

interface Phase {
  endStep: number;
  startLr: GroupKey;
  endLr: GroupKey;
  startMomentum: GroupKey;
  endMomentum: GroupKey;
}

/**
 * The 1cycle policy (torch.optim.lr_scheduler.OneCycleLR): the lr rises from maxLr/divFactor to maxLr
 * over the first `pctStart` of the cycle, then anneals to initialLr/finalDivFactor (with `threePhase`,
 * back down to initialLr symmetrically, then to the minimum); momentum (or β₁) moves the opposite way
 * between maxMomentum and baseMomentum. Call `step()` after every batch; stepping past `totalSteps`
 * is an error. Writes `initialLr`, `maxLr`, `minLr` (and `maxMomentum`, `baseMomentum`) into the groups.
 *
 * ```ts
 * const sched = new OneCycleLR(opt, { maxLr: 0.1, epochs: 20, stepsPerEpoch: loader.length });
 * for (const batch of loader) { trainStep(batch); sched.step(); }
 * ```
 */
export class OneCycleLR extends LRScheduler {
  /** Steps (batches) in the cycle. */
  totalSteps: number;
  /** Fraction of the cycle spent increasing the lr. */
  pctStart: number;
  /** Shape of the annealing. */
  annealStrategy: 'cos' | 'linear';
  /** Whether the schedule has three phases. */
  threePhase: boolean;
  /** Whether momentum (or β₁) is cycled. */
  cycleMomentum: boolean;
  /** Whether momentum is cycled through β₁ (optimisers with `betas`) rather than `momentum`. */
  useBeta1: boolean;
  private phases: Phase[];

  constructor(optimizer: AnyOptimizer, options: OneCycleLROptions) {
    const lastEpoch = options.lastEpoch ?? -1;
    const groups = optimizer.paramGroups;
    const totalSteps = OneCycleLR.totalStepsOf(options);
    const pctStart = options.pctStart ?? 0.3;
    if (!(pctStart >= 0 && pctStart <= 1)) throw new ValueError(`OneCycleLR: pctStart must be in [0, 1], got ${pctStart}`);
    const annealStrategy = options.annealStrategy ?? 'cos';
    if (annealStrategy !== 'cos' && annealStrategy !== 'linear') {
      throw new ValueError(`OneCycleLR: annealStrategy must be 'cos' or 'linear', got ${String(annealStrategy)}`);
    }
    const divFactor = options.divFactor ?? 25;
    const finalDivFactor = options.finalDivFactor ?? 1e4;
    const maxLrs = perGroup('maxLr', options.maxLr, groups.length);
    if (lastEpoch === -1) {
      groups.forEach((g, i) => {
        g.initialLr = maxLrs[i]! / divFactor;
        g.maxLr = maxLrs[i]!;
        g.minLr = g.initialLr / finalDivFactor;
      });
    }
    const cycleMomentum = options.cycleMomentum ?? true;
    let useBeta1 = false;
    if (cycleMomentum) {
      const defaults = optimizer.defaults as object;
      if (!('momentum' in defaults) && !('betas' in defaults)) {
        throw new ValueError(`OneCycleLR: ${optimizer.name} has neither momentum nor betas; pass cycleMomentum: false`);
      }
      useBeta1 = 'betas' in defaults;
      const maxMomentums = perGroup('maxMomentum', options.maxMomentum ?? 0.95, groups.length);
      const baseMomentums = perGroup('baseMomentum', options.baseMomentum ?? 0.85, groups.length);
      if (lastEpoch === -1) {
        groups.forEach((g, i) => {
          if (useBeta1) g.betas = [maxMomentums[i]!, g.betas![1]];
          else g.momentum = maxMomentums[i]!;
          g.maxMomentum = maxMomentums[i]!;
          g.baseMomentum = baseMomentums[i]!;
        });
      }
    }
    super('OneCycleLR', optimizer, lastEpoch);
    this.totalSteps = totalSteps;
    this.pctStart = pctStart;
    this.annealStrategy = annealStrategy;
    this.threePhase = options.threePhase ?? false;
    this.cycleMomentum = cycleMomentum;
    this.useBeta1 = useBeta1;
    this.phases = this.makePhases();
    this._initialStep();
  }

  private static totalStepsOf(options: OneCycleLROptions): number {
    if (options.totalSteps !== undefined) {
      if (!Number.isInteger(options.totalSteps) || options.totalSteps <= 0) throw new ValueError(`OneCycleLR: totalSteps must be a positive integer, got ${options.totalSteps}`);
      return options.totalSteps;
    }
    const { epochs, stepsPerEpoch } = options;
    if (epochs === undefined || stepsPerEpoch === undefined) throw new ValueError('OneCycleLR: give totalSteps, or epochs and stepsPerEpoch');
    if (!Number.isInteger(epochs) || epochs <= 0) throw new ValueError(`OneCycleLR: epochs must be a positive integer, got ${epochs}`);
    if (!Number.isInteger(stepsPerEpoch) || stepsPerEpoch <= 0) throw new ValueError(`OneCycleLR: stepsPerEpoch must be a positive integer, got ${stepsPerEpoch}`);
    return epochs * stepsPerEpoch;
  }

  private makePhases(): Phase[] {
    const n = this.totalSteps;
    const p = this.pctStart;
    if (this.threePhase) {
      return [
        { endStep: p * n - 1, startLr: 'initialLr', endLr: 'maxLr', startMomentum: 'maxMomentum', endMomentum: 'baseMomentum' },
        { endStep: 2 * p * n - 2, startLr: 'maxLr', endLr: 'initialLr', startMomentum: 'baseMomentum', endMomentum: 'maxMomentum' },
        { endStep: n - 1, startLr: 'initialLr', endLr: 'minLr', startMomentum: 'maxMomentum', endMomentum: 'maxMomentum' },
      ];
    }
    return [
      { endStep: p * n - 1, startLr: 'initialLr', endLr: 'maxLr', startMomentum: 'maxMomentum', endMomentum: 'baseMomentum' },
      { endStep: n - 1, startLr: 'maxLr', endLr: 'minLr', startMomentum: 'baseMomentum', endMomentum: 'maxMomentum' },
    ];
  }

  private anneal(start: number, end: number, pct: number): number {
    if (this.annealStrategy === 'cos') return end + ((start - end) / 2) * (Math.cos(Math.PI * pct) + 1);
    return (end - start) * pct + start;
  }

  protected getLr(): number[] {
    const stepNum = this.lastEpoch;
    if (stepNum > this.totalSteps) {
      throw new ValueError(`OneCycleLR: tried to step ${stepNum + 1} times; the cycle has ${this.totalSteps} steps`);
    }
    return this.groups.map((group, gi) => {
      const read = (key: GroupKey): number => {
        const v = group[key];
        if (v === undefined) throw new ValueError(`OneCycleLR: param group ${gi} has no ${key}`);
        return v;
      };
      let startStep = 0;
      let lr = 0;
      for (let i = 0; i < this.phases.length; i++) {
        const phase = this.phases[i]!;
        if (stepNum <= phase.endStep || i === this.phases.length - 1) {
          const pct = (stepNum - startStep) / (phase.endStep - startStep);
          lr = this.anneal(read(phase.startLr), read(phase.endLr), pct);
          if (this.cycleMomentum) {
            const m = this.anneal(read(phase.startMomentum), read(phase.endMomentum), pct);
            if (this.useBeta1) group.betas = [m, group.betas![1]];
            else group.momentum = m;
          }
          break;
        }
        startStep = phase.endStep;
      }
      return lr;
    });
  }

  override stateDict(): SchedulerStateDict {
    return {
      ...super.stateDict(), totalSteps: this.totalSteps, pctStart: this.pctStart, annealStrategy: this.annealStrategy,
      threePhase: this.threePhase, cycleMomentum: this.cycleMomentum, useBeta1: this.useBeta1,
    };
  }

  override loadStateDict(stateDict: SchedulerStateDict): void {
    super.loadStateDict(stateDict);
    this.totalSteps = readInteger(stateDict, 'totalSteps', this.name);
    this.pctStart = readNumber(stateDict, 'pctStart', this.name);
    const strategy = readString(stateDict, 'annealStrategy', this.name);
    if (strategy !== 'cos' && strategy !== 'linear') throw new ValueError(`OneCycleLR.loadStateDict: annealStrategy must be 'cos' or 'linear', got ${strategy}`);
    this.annealStrategy = strategy;
    this.threePhase = readBoolean(stateDict, 'threePhase', this.name);
    this.cycleMomentum = readBoolean(stateDict, 'cycleMomentum', this.name);
    this.useBeta1 = readBoolean(stateDict, 'useBeta1', this.name);
    this.phases = this.makePhases();
  }
}

/** A per-group list from a number (repeated) or a list (checked to have one value per group). */
function perGroup(name: string, value: number | readonly number[], groups: number): number[] {
  if (typeof value === 'number') return Array.from({ length: groups }, () => value);
  if (!Array.isArray(value) || value.length !== groups || !value.every((v) => typeof v === 'number')) {
    throw new ValueError(`OneCycleLR: ${name} must be a number or a list of ${groups} numbers (one per parameter group), got ${JSON.stringify(value)}`);
  }
  return [...value];
}
