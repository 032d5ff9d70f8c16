import { ValueError } from '../../core/errors.js';
import { monitorValue, type EpochRecord } from '../history.js';
import type { SchedulerLike } from '../types.js';
import type { BatchLogs, Callback, TrainContext } from './callback.js';

/** When a scheduler steps. */
export type SchedulerInterval = 'epoch' | 'batch';

/** Options of `SchedulerCallback`. */
export interface SchedulerCallbackOptions {
  /**
   * 'epoch' (after every epoch) or 'batch' (after every optimiser step). Default: 'batch' for OneCycleLR and
   * CyclicLR (which PyTorch steps per batch), 'epoch' otherwise.
   */
  interval?: SchedulerInterval;
  /**
   * Pass this record value to `step(value)` (for ReduceLROnPlateau); only with interval 'epoch'. Default for
   * ReduceLROnPlateau: 'valLoss' when there is validation data, else 'trainLoss'; none for the others.
   */
  monitor?: string;
  /** The checkpoint key of the scheduler's state (default 'SchedulerCallback'). */
  stateKey?: string;
}

const PER_BATCH = new Set(['OneCycleLR', 'CyclicLR']);
const WITH_METRIC = new Set(['ReduceLROnPlateau']);

/** The scheduler's class name (its `name` property, else its constructor's). */
export function schedulerName(scheduler: SchedulerLike): string {
  return typeof scheduler.name === 'string' ? scheduler.name : scheduler.constructor.name;
}

/**
 * Steps a learning-rate scheduler during `fit` — the loop PyTorch users write by hand:
 * `scheduler.step()` after each epoch (StepLR, CosineAnnealingLR, ...), after each batch (OneCycleLR,
 * CyclicLR), or `scheduler.step(valLoss)` after each epoch (ReduceLROnPlateau). It runs before the other
 * callbacks (order −100), so the learning rate is updated before a checkpoint is taken. The scheduler's
 * `stateDict()` is this callback's checkpoint state. `fit({ scheduler })` uses one of these internally.
 *
 * ```ts
 * const sched = new optim.ReduceLROnPlateau(opt, { factor: 0.5, patience: 5 });
 * await fit(model, { ..., callbacks: [new SchedulerCallback(sched, { monitor: 'valLoss' })] });
 * ```
 */
export class SchedulerCallback implements Callback {
  readonly order = -100;
  readonly stateKey: string;
  readonly interval: SchedulerInterval;
  private readonly explicitMonitor: string | undefined;
  private resolvedMonitor: string | undefined;

  constructor(
    readonly scheduler: SchedulerLike,
    options: SchedulerCallbackOptions = {},
  ) {
    if (typeof scheduler?.step !== 'function') throw new ValueError('SchedulerCallback: expected a scheduler with a step() method');
    const name = schedulerName(scheduler);
    this.interval = options.interval ?? (PER_BATCH.has(name) ? 'batch' : 'epoch');
    if (this.interval !== 'epoch' && this.interval !== 'batch') throw new ValueError(`SchedulerCallback: interval must be 'epoch' or 'batch', got ${JSON.stringify(options.interval)}`);
    if (options.monitor !== undefined && this.interval === 'batch') throw new ValueError(`SchedulerCallback: a monitored value (${options.monitor}) needs interval 'epoch'`);
    this.explicitMonitor = options.monitor;
    this.stateKey = options.stateKey ?? 'SchedulerCallback';
  }

  /** The record value passed to `step`, if any (known once training began). */
  get monitor(): string | undefined {
    return this.resolvedMonitor;
  }

  onTrainBegin(ctx: TrainContext): void {
    const name = schedulerName(this.scheduler);
    this.resolvedMonitor = this.explicitMonitor ?? (WITH_METRIC.has(name) ? (ctx.hasValidation ? 'valLoss' : 'trainLoss') : undefined);
  }

  onBatchEnd(_logs: BatchLogs): void {
    if (this.interval === 'batch') this.stepWithoutValue();
  }

  private stepWithoutValue(): void {
    (this.scheduler as unknown as { step(): void }).step();
  }

  onEpochEnd(record: EpochRecord): void {
    if (this.interval !== 'epoch') return;
    if (this.resolvedMonitor === undefined) {
      this.stepWithoutValue();
      return;
    }
    const value = monitorValue(record, this.resolvedMonitor);
    if (value === undefined) {
      throw new ValueError(`SchedulerCallback: "${this.resolvedMonitor}" for ${schedulerName(this.scheduler)} is not in epoch ${record.epoch}'s record`);
    }
    this.scheduler.step(value);
  }

  stateDict(): unknown {
    return this.scheduler.stateDict?.();
  }

  loadStateDict(state: unknown): void {
    if (state === undefined) return;
    if (this.scheduler.loadStateDict === undefined) {
      throw new ValueError(`SchedulerCallback: the checkpoint holds state for ${schedulerName(this.scheduler)}, which has no loadStateDict`);
    }
    this.scheduler.loadStateDict(state);
  }
}
