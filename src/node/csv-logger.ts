import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { ValueError } from '../core/errors.js';
import { toCsv, type CsvCell } from '../data/csv-write.js';
import type { Callback, TrainContext } from '../train/callbacks/callback.js';
import type { History } from '../train/history.js';
import { writeFileAtomic } from './atomic-write.js';

/**
 * The history as CSV text: columns `epoch, trainLoss, valLoss, lr, <metrics…>, seconds` (valLoss and lr only
 * when some epoch has them; metric columns in order of first appearance), one row per epoch. Numbers are
 * written in full precision (shortest round-trip form); a value an epoch lacks, or NaN, is an empty cell.
 * @example historyToCsv(history) // 'epoch,trainLoss,valLoss,lr,mae,seconds\n1,0.52,0.61,0.001,0.4,0.12\n...'
 */
export function historyToCsv(history: History): string {
  const records = history.records;
  const metricNames: string[] = [];
  for (const r of records) for (const name of Object.keys(r.metrics)) if (!metricNames.includes(name)) metricNames.push(name);
  const columns: Record<string, CsvCell[]> = { epoch: records.map((r) => r.epoch), trainLoss: records.map((r) => r.trainLoss) };
  if (records.some((r) => r.valLoss !== undefined)) columns['valLoss'] = records.map((r) => r.valLoss);
  if (records.some((r) => r.lr !== undefined)) columns['lr'] = records.map((r) => r.lr);
  for (const name of metricNames) {
    if (Object.hasOwn(columns, name) || name === 'seconds') throw new ValueError(`historyToCsv: metric name "${name}" clashes with a column`);
    columns[name] = records.map((r) => r.metrics[name]);
  }
  columns['seconds'] = records.map((r) => r.seconds);
  return toCsv(columns);
}

/**
 * Writes the training history to a CSV file after every epoch (Keras's `CSVLogger`), rewriting the whole
 * file atomically each time, so the file is always complete and a resumed run's file holds the epochs from
 * before the interruption too. Missing folders are created. Columns: see `historyToCsv`.
 * @example await fit(model, { ..., callbacks: [new CsvLogger('runs/tep/history.csv')] });
 */
export class CsvLogger implements Callback {
  constructor(readonly path: string) {
    if (typeof path !== 'string' || path === '') throw new ValueError('CsvLogger: expected a file path');
  }

  async onEpochEnd(_record: unknown, ctx: TrainContext): Promise<void> {
    await mkdir(dirname(this.path), { recursive: true });
    await writeFileAtomic(this.path, historyToCsv(ctx.history));
  }
}
