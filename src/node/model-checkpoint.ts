import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { ValueError } from '../core/errors.js';
import { encodeCheckpoint } from '../io/checkpoint.js';
import { safetensorsFromTensors } from '../io/safetensors.js';
import type { Callback, TrainContext } from '../train/callbacks/callback.js';
import { monitorValue, resolveMode, type EpochRecord, type MonitorMode } from '../train/history.js';
import { writeFileAtomic } from './atomic-write.js';

/** Options of `ModelCheckpoint`. */
export interface ModelCheckpointOptions {
  /** Save only when `monitor` improves on the best so far (default false: every epoch). */
  saveBestOnly?: boolean;
  /** The value judged by `saveBestOnly`: 'valLoss' (default), 'trainLoss' or a metric name. */
  monitor?: string;
  /** 'min', 'max' or 'auto' (default: from the monitor's name). */
  mode?: MonitorMode | 'auto';
  /**
   * Save only the model's state dict as a plain safetensors file (what PyTorch's `load_file` +
   * `load_state_dict` read) instead of the full training checkpoint (default false).
   */
  weightsOnly?: boolean;
}

/** The state `ModelCheckpoint` keeps in checkpoints. */
export interface ModelCheckpointState {
  best: number;
  bestEpoch: number;
}

/**
 * Saves the model after epochs (Keras's `ModelCheckpoint`), atomically: a kill during a save leaves the
 * previous file intact. By default it writes the full training checkpoint (`encodeCheckpoint`: weights,
 * optimiser, scheduler, generators, history, callback states), which `fit({ resume })` continues from;
 * with `weightsOnly` just the model's state dict. The path may contain `{epoch}` (or `{epoch:3}` for a
 * zero-padded width) to keep one file per epoch; missing folders are created. It runs after the other
 * callbacks (order 100; 90 with `saveBestOnly`, so that an every-epoch checkpoint also holds the best-only
 * one's updated state), so the checkpoint holds their state for this epoch.
 *
 * @example
 * const last = new ModelCheckpoint('runs/tep/last.safetensors');
 * const best = new ModelCheckpoint('runs/tep/best.safetensors', { saveBestOnly: true, weightsOnly: true });
 */
export class ModelCheckpoint implements Callback {
  readonly order: number;
  readonly saveBestOnly: boolean;
  readonly monitor: string;
  readonly mode: MonitorMode;
  readonly weightsOnly: boolean;
  /** Best monitored value so far (±Infinity before the first save). */
  best: number;
  /** Epoch of the best value (0 before the first). */
  bestEpoch = 0;
  /** The file written last, if any. */
  lastSaved: string | undefined;
  private restored = false;

  constructor(
    readonly path: string,
    options: ModelCheckpointOptions = {},
  ) {
    if (typeof path !== 'string' || path === '') throw new ValueError('ModelCheckpoint: expected a file path');
    this.saveBestOnly = options.saveBestOnly ?? false;
    this.monitor = options.monitor ?? 'valLoss';
    this.mode = resolveMode(this.monitor, options.mode ?? 'auto');
    this.weightsOnly = options.weightsOnly ?? false;
    this.best = this.mode === 'min' ? Infinity : -Infinity;
    this.order = this.saveBestOnly ? 90 : 100;
  }

  /** The file name for `epoch` (the path with `{epoch}` / `{epoch:N}` filled in). */
  fileFor(epoch: number): string {
    return this.path.replace(/\{epoch(?::(\d+))?\}/g, (_, width: string | undefined) => String(epoch).padStart(Number(width ?? 0), '0'));
  }

  onTrainBegin(): void {
    if (!this.restored) {
      this.best = this.mode === 'min' ? Infinity : -Infinity;
      this.bestEpoch = 0;
    }
    this.restored = false;
  }

  async onEpochEnd(record: EpochRecord, ctx: TrainContext): Promise<void> {
    if (this.saveBestOnly) {
      const value = monitorValue(record, this.monitor);
      if (value === undefined) throw new ValueError(`ModelCheckpoint: "${this.monitor}" is not in epoch ${record.epoch}'s record; pass validation data or monitor another value`);
      const better = this.mode === 'min' ? value < this.best : value > this.best;
      if (!better) return;
      this.best = value;
      this.bestEpoch = record.epoch;
    }
    const file = this.fileFor(record.epoch);
    const bytes = this.weightsOnly ? safetensorsFromTensors(ctx.model.stateDict()) : encodeCheckpoint(ctx.checkpoint());
    await mkdir(dirname(file), { recursive: true });
    await writeFileAtomic(file, bytes);
    this.lastSaved = file;
  }

  stateDict(): ModelCheckpointState {
    return { best: this.best, bestEpoch: this.bestEpoch };
  }

  loadStateDict(state: unknown): void {
    const s = state as Partial<ModelCheckpointState> | null;
    if (typeof s?.best !== 'number' || typeof s.bestEpoch !== 'number') {
      throw new ValueError('ModelCheckpoint.loadStateDict: expected { best: number, bestEpoch: number }');
    }
    this.best = s.best;
    this.bestEpoch = s.bestEpoch;
    this.restored = true;
  }
}
