import { ValueError } from '../core/errors.js';
import type { BatchLogs, Callback, TrainContext } from '../train/callbacks/callback.js';
import type { EpochRecord } from '../train/history.js';

/** Where a `ProgressBar` writes (process.stderr by default; anything with `write` will do). */
export interface ProgressStream {
  write(chunk: string): unknown;
  readonly isTTY?: boolean;
  /** Terminal width; live lines are cut to fit. */
  readonly columns?: number;
}

/** How a `ProgressBar` shows progress. */
export type ProgressMode = 'live' | 'epochs' | 'silent';

/** Options of `ProgressBar`. */
export interface ProgressBarOptions {
  /** Default `process.stderr`. */
  stream?: ProgressStream;
  /**
   * 'live' (a bar redrawn in place during each epoch, then a summary line), 'epochs' (one summary line per
   * epoch), 'silent', or 'auto' (default): 'live' on a TTY unless the CI environment variable is set,
   * otherwise `whenNotTTY`.
   */
  mode?: ProgressMode | 'auto';
  /** What 'auto' does without a TTY or on CI: 'epochs' (default) or 'silent'. */
  whenNotTTY?: 'epochs' | 'silent';
  /** Environment used to detect CI (default `process.env`). */
  env?: Readonly<Record<string, string | undefined>>;
  /** Characters of the bar (default 24). */
  width?: number;
  /** Least milliseconds between two redraws of the live bar (default 100; the last batch always draws). */
  intervalMs?: number;
}

/** Whether the environment says it is a CI run (`CI` set to anything but '', '0' or 'false'). */
export function isCI(env: Readonly<Record<string, string | undefined>>): boolean {
  const ci = env['CI'];
  return ci !== undefined && ci !== '' && ci !== '0' && ci.toLowerCase() !== 'false';
}

/** A number in about four significant digits (exponent form for very small or large magnitudes). */
export function formatMetric(value: number | undefined): string {
  if (value === undefined) return '–';
  if (!Number.isFinite(value)) return String(value);
  const a = Math.abs(value);
  if (a !== 0 && (a < 1e-3 || a >= 1e5)) return value.toExponential(3);
  return String(Number(value.toPrecision(4)));
}

/** A bar of `width` characters, `done / total` of it filled (full when total is 0). */
export function progressBarText(done: number, total: number, width: number): string {
  const filled = total === 0 ? width : Math.min(width, Math.round((done / total) * width));
  return '█'.repeat(filled) + '░'.repeat(width - filled);
}

/** Redraws the current terminal line with `line`, cut to the stream's width, followed by `end` (e.g. '\n'). */
export function redrawLine(stream: ProgressStream, line: string, end = ''): void {
  const columns = stream.columns;
  const shown = columns !== undefined && columns > 1 && line.length > columns - 1 ? line.slice(0, columns - 1) : line;
  stream.write(`\r\x1b[2K${shown}${end}`);
}

/** The one-line summary of an epoch: `Epoch 3/20 · trainLoss 0.1234 · valLoss 0.2 · mae 0.01 · lr 0.001 · 0.42s`. */
export function epochSummary(record: EpochRecord, epochs: number): string {
  const parts = [`Epoch ${record.epoch}/${epochs}`, `trainLoss ${formatMetric(record.trainLoss)}`];
  if (record.valLoss !== undefined) parts.push(`valLoss ${formatMetric(record.valLoss)}`);
  for (const [name, value] of Object.entries(record.metrics)) parts.push(`${name} ${formatMetric(value)}`);
  if (record.lr !== undefined) parts.push(`lr ${formatMetric(record.lr)}`);
  parts.push(`${record.seconds.toFixed(2)}s`);
  return parts.join(' · ');
}

/**
 * Shows training progress (Keras's progress bar): on a terminal, a bar with the running mean loss redrawn in
 * place during each epoch and a summary line after it; without a terminal or on CI, only the summary line
 * per epoch (or nothing, with `whenNotTTY: 'silent'`). When a callback stopped training early, the reason
 * is printed at the end.
 *
 * ```ts
 * await fit(model, { ..., callbacks: [new ProgressBar()] });
 * // Epoch 3/20 ████████░░░░░░░░ 12/40 loss 0.1234
 * // Epoch 3/20 · trainLoss 0.1187 · valLoss 0.1302 · lr 0.001 · 0.42s
 * ```
 */
export class ProgressBar implements Callback {
  readonly mode: ProgressMode;
  private readonly stream: ProgressStream;
  private readonly width: number;
  private readonly intervalMs: number;
  private lastDraw = -Infinity;
  private lossSum = 0;
  private samples = 0;
  private stopShown = false;

  constructor(options: ProgressBarOptions = {}) {
    this.stream = options.stream ?? process.stderr;
    this.width = options.width ?? 24;
    this.intervalMs = options.intervalMs ?? 100;
    if (!Number.isInteger(this.width) || this.width < 1) throw new ValueError(`ProgressBar: width must be a positive integer, got ${options.width}`);
    const mode = options.mode ?? 'auto';
    if (!['auto', 'live', 'epochs', 'silent'].includes(mode)) throw new ValueError(`ProgressBar: unknown mode ${JSON.stringify(mode)}`);
    const whenNotTTY = options.whenNotTTY ?? 'epochs';
    if (whenNotTTY !== 'epochs' && whenNotTTY !== 'silent') throw new ValueError(`ProgressBar: whenNotTTY must be 'epochs' or 'silent', got ${JSON.stringify(whenNotTTY)}`);
    this.mode = mode !== 'auto' ? mode : this.stream.isTTY === true && !isCI(options.env ?? process.env) ? 'live' : whenNotTTY;
  }

  onTrainBegin(ctx: TrainContext): void {
    this.stopShown = ctx.history.stopReason !== undefined;
  }

  onEpochBegin(epoch: number, ctx: TrainContext): void {
    this.lossSum = 0;
    this.samples = 0;
    this.lastDraw = -Infinity;
    if (this.mode === 'live') this.draw(epoch, ctx.epochs, 0, ctx.batchesPerEpoch, undefined);
  }

  onBatchEnd(logs: BatchLogs, ctx: TrainContext): void {
    if (this.mode !== 'live') return;
    this.lossSum += logs.loss * logs.size;
    this.samples += logs.size;
    const now = performance.now();
    const last = logs.batch + 1 === logs.batches;
    if (!last && now - this.lastDraw < this.intervalMs) return;
    this.lastDraw = now;
    this.draw(logs.epoch, ctx.epochs, logs.batch + 1, logs.batches, this.lossSum / this.samples);
  }

  onEpochEnd(record: EpochRecord, ctx: TrainContext): void {
    if (this.mode === 'silent') return;
    this.stream.write(`${this.mode === 'live' ? '\r\x1b[2K' : ''}${epochSummary(record, ctx.epochs)}\n`);
  }

  onTrainEnd(ctx: TrainContext): void {
    const reason = ctx.history.stopReason;
    if (this.mode === 'silent' || reason === undefined || this.stopShown) return;
    this.stream.write(`Stopped early: ${reason}\n`);
  }

  private draw(epoch: number, epochs: number, done: number, total: number, loss: number | undefined): void {
    const line = `Epoch ${epoch}/${epochs} ${progressBarText(done, total, this.width)} ${done}/${total}${loss === undefined ? '' : ` loss ${formatMetric(loss)}`}`;
    redrawLine(this.stream, line);
  }
}
