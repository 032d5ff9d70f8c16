import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { ValueError } from '../core/errors.js';
import type { Callback, TrainContext } from '../train/callbacks/callback.js';
import type { History } from '../train/history.js';
import { writeFileAtomic } from './atomic-write.js';

/** Options of `JsonLogger`. */
export interface JsonLoggerOptions {
  /** Extra fields written beside the history (run configuration, data set, ...). */
  meta?: Record<string, unknown>;
}

/**
 * The history as JSON text: `{ "epochs": [{ epoch, trainLoss, valLoss, lr, metrics, seconds }, …],
 * "stopReason"?, "best"?: { monitor, epoch, value }, …meta }`, indented by two spaces. NaN and ±Infinity,
 * which JSON cannot hold, are written as the strings "NaN", "Infinity" and "-Infinity".
 * @example JSON.parse(historyToJson(history)).epochs[0].trainLoss
 */
export function historyToJson(history: History, meta: Record<string, unknown> = {}): string {
  const body: Record<string, unknown> = { ...meta, epochs: history.toJSON().records };
  if (history.stopReason !== undefined) body['stopReason'] = history.stopReason;
  const monitor = history.records.some((r) => r.valLoss !== undefined) ? 'valLoss' : 'trainLoss';
  const best = history.best(monitor);
  if (best !== undefined) body['best'] = { monitor, ...best };
  return `${JSON.stringify(body, (_key, value: unknown) => (typeof value === 'number' && !Number.isFinite(value) ? String(value) : value), 2)}\n`;
}

/**
 * Writes the training history to a JSON file after every epoch and at the end of training (see
 * `historyToJson`), rewriting it atomically each time; missing folders are created. A resumed run's file
 * holds the epochs from before the interruption too.
 * @example await fit(model, { ..., callbacks: [new JsonLogger('runs/tep/history.json', { meta: { seed: 0 } })] });
 */
export class JsonLogger implements Callback {
  private readonly meta: Record<string, unknown>;

  constructor(
    readonly path: string,
    options: JsonLoggerOptions = {},
  ) {
    if (typeof path !== 'string' || path === '') throw new ValueError('JsonLogger: expected a file path');
    this.meta = { ...(options.meta ?? {}) };
  }

  async onEpochEnd(_record: unknown, ctx: TrainContext): Promise<void> {
    await this.write(ctx);
  }

  async onTrainEnd(ctx: TrainContext): Promise<void> {
    await this.write(ctx);
  }

  private async write(ctx: TrainContext): Promise<void> {
    await mkdir(dirname(this.path), { recursive: true });
    await writeFileAtomic(this.path, historyToJson(ctx.history, this.meta));
  }
}
