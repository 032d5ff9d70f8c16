import type { Checkpoint } from '../../io/checkpoint.js';
import type { Module } from '../../nn/module.js';
import type { EpochRecord, History } from '../history.js';
import type { Awaitable, OptimizerLike } from '../types.js';

/** What `fit` tells `onBatchEnd` after each optimiser step. */
export interface BatchLogs {
  /** 1-based epoch number. */
  epoch: number;
  /** 0-based index of the batch within the epoch. */
  batch: number;
  /** Batches per epoch. */
  batches: number;
  /** Samples in this batch. */
  size: number;
  /** The batch's loss (before the step). */
  loss: number;
}

/** The running training, as callbacks see it. */
export interface TrainContext {
  readonly model: Module;
  readonly optimizer: OptimizerLike;
  /** The last epoch of the run (epochs are 1-based). */
  readonly epochs: number;
  /** Epochs already done when this `fit` call began (0, or the resumed checkpoint's epoch). */
  readonly startEpoch: number;
  /** Batches per training epoch. */
  readonly batchesPerEpoch: number;
  /** Whether validation data was given (so 'valLoss' and metrics are recorded). */
  readonly hasValidation: boolean;
  /** Records of the epochs done so far (those of a resumed run included). */
  readonly history: History;
  /** Whether a callback asked training to stop after the current epoch. */
  readonly stopRequested: boolean;
  /** Asks training to stop after the current epoch; the reason is kept in `history.stopReason`. */
  requestStop(reason: string): void;
  /**
   * The full training state now (model, optimiser, scheduler, generators, epoch, history, callback states),
   * for `encodeCheckpoint`; at the end of an epoch it resumes exactly to the uninterrupted run.
   */
  checkpoint(): Checkpoint;
}

/**
 * Hooks into `fit` (Keras's `Callback`). Every hook is optional and may be async. Callbacks run in ascending
 * `order` (default 0; ties keep the given order): `ModelCheckpoint` uses 100 so it saves the state the
 * others have just updated, and `fit`'s own scheduler stepping runs at −100.
 *
 * A callback that keeps state across epochs implements `stateDict` / `loadStateDict` (JSON values,
 * tensors allowed) so it is saved in checkpoints under `stateKey` (default: its class name, with `#2`,
 * `#3` ... for repeats) and restored on resume.
 *
 * ```ts
 * const printer: Callback = { onEpochEnd: (r) => console.log(r.epoch, r.trainLoss) };
 * await fit(model, { ..., callbacks: [printer] });
 * ```
 */
export interface Callback {
  readonly order?: number;
  readonly stateKey?: string;
  onTrainBegin?(ctx: TrainContext): Awaitable<void>;
  /** Before epoch `epoch` (1-based) starts. */
  onEpochBegin?(epoch: number, ctx: TrainContext): Awaitable<void>;
  onBatchEnd?(logs: BatchLogs, ctx: TrainContext): Awaitable<void>;
  /** After validation; `record` is already in `ctx.history`. May call `ctx.requestStop`. */
  onEpochEnd?(record: EpochRecord, ctx: TrainContext): Awaitable<void>;
  /** After the last epoch, or the epoch at which a stop was requested. Not called when training throws. */
  onTrainEnd?(ctx: TrainContext): Awaitable<void>;
  stateDict?(): unknown;
  loadStateDict?(state: unknown): void;
}

/** The checkpoint keys of `callbacks` (see `Callback.stateKey`), in order. */
export function callbackKeys(callbacks: readonly Callback[]): string[] {
  const counts = new Map<string, number>();
  return callbacks.map((cb) => {
    const base = cb.stateKey ?? (cb.constructor === Object ? 'Callback' : cb.constructor.name);
    const n = (counts.get(base) ?? 0) + 1;
    counts.set(base, n);
    return n === 1 ? base : `${base}#${n}`;
  });
}
