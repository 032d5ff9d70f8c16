import { ValueError } from '../core/errors.js';

/** What `fit` records for one epoch. */
export interface EpochRecord {
  /** 1-based epoch number (epoch 1 is the first pass over the training data). */
  epoch: number;
  /** Mean training loss over the epoch's samples (batch losses weighted by batch size), in train mode. */
  trainLoss: number;
  /** Mean validation loss (weighted by batch size), in eval mode without gradients; absent without `val`. */
  valLoss?: number;
  /** Learning rate of the optimiser's first parameter group during the epoch (its value at the epoch's start). */
  lr?: number;
  /** Metrics computed on the validation predictions, by the names given in `fit`'s `metrics`. */
  metrics: Record<string, number>;
  /** Wall-clock seconds the epoch took (training, validation and callbacks). */
  seconds: number;
}

/** Whether a smaller or a larger value of a monitored quantity is better. */
export type MonitorMode = 'min' | 'max';

/** The plain-JSON form of a `History` (`history.toJSON()`; restored by `History.fromJSON`). */
export interface HistoryJSON {
  records: EpochRecord[];
  /** Why training stopped before its last epoch (set by `EarlyStopping` and friends), if it did. */
  stopReason?: string;
}

const LARGER_IS_BETTER = /(r2|acc|accuracy|auc|f1|precision|recall)$/i;

/**
 * The direction of `monitor` for `mode: 'auto'`: 'max' for names ending in r2, acc, accuracy, auc, f1,
 * precision or recall (case-insensitive: 'valR2', 'averagePrecision'), 'min' otherwise (losses, mae, rmse, ...).
 * @example resolveMode('r2', 'auto') // 'max'
 */
export function resolveMode(monitor: string, mode: MonitorMode | 'auto' = 'auto'): MonitorMode {
  if (mode === 'min' || mode === 'max') return mode;
  if (mode !== 'auto') throw new ValueError(`mode must be 'min', 'max' or 'auto', got ${JSON.stringify(mode)}`);
  return LARGER_IS_BETTER.test(monitor) ? 'max' : 'min';
}

/**
 * The value of `monitor` in an epoch record: 'trainLoss', 'valLoss', 'lr', 'seconds' or a metric name.
 * Returns undefined when the record does not have it (e.g. 'valLoss' without validation data).
 */
export function monitorValue(record: EpochRecord, monitor: string): number | undefined {
  switch (monitor) {
    case 'trainLoss':
      return record.trainLoss;
    case 'valLoss':
      return record.valLoss;
    case 'lr':
      return record.lr;
    case 'seconds':
      return record.seconds;
    default:
      return Object.hasOwn(record.metrics, monitor) ? record.metrics[monitor] : undefined;
  }
}

/**
 * The per-epoch record of a training run, as returned by `fit` (Keras's `History`). Epochs are 1-based and
 * contiguous; a resumed run continues the history it was checkpointed with.
 *
 * ```ts
 * const history = await fit(model, { train: [x, y], val: [xv, yv], loss, optimizer, epochs: 50 });
 * history.valLoss            // [0.91, 0.55, ...]
 * history.best('valLoss')    // { epoch: 37, value: 0.0123 }
 * ```
 */
export class History {
  /** One record per finished epoch, in order. */
  readonly records: EpochRecord[] = [];
  /** Why training stopped early, when a callback asked it to. */
  stopReason: string | undefined;

  /** Appends the record of the next epoch (its `epoch` must follow the last one). */
  push(record: EpochRecord): void {
    const expected = this.records.length === 0 ? record.epoch : this.records[this.records.length - 1]!.epoch + 1;
    if (record.epoch !== expected) {
      throw new ValueError(`History.push: expected epoch ${expected} after epoch ${expected - 1}, got ${record.epoch}`);
    }
    this.records.push(structuredRecord(record));
  }

  /** Number of recorded epochs. */
  get length(): number {
    return this.records.length;
  }

  /** The epoch numbers. */
  get epochs(): number[] {
    return this.records.map((r) => r.epoch);
  }

  /** Training loss per epoch. */
  get trainLoss(): number[] {
    return this.records.map((r) => r.trainLoss);
  }

  /** Validation loss per epoch (NaN for epochs without validation). */
  get valLoss(): number[] {
    return this.records.map((r) => r.valLoss ?? Number.NaN);
  }

  /** Learning rate per epoch (NaN where unknown). */
  get lr(): number[] {
    return this.records.map((r) => r.lr ?? Number.NaN);
  }

  /** Seconds per epoch. */
  get seconds(): number[] {
    return this.records.map((r) => r.seconds);
  }

  /** The values of `monitor` (see `monitorValue`) per epoch, NaN where a record lacks it. */
  values(monitor: string): number[] {
    return this.records.map((r) => monitorValue(r, monitor) ?? Number.NaN);
  }

  /** The last record, or undefined before the first epoch. */
  get last(): EpochRecord | undefined {
    return this.records[this.records.length - 1];
  }

  /**
   * The epoch with the best finite value of `monitor` (default 'valLoss'); `mode` 'auto' picks the direction
   * from the name (see `resolveMode`). Ties go to the earliest epoch. Undefined when no epoch has a finite value.
   * @example history.best('r2') // { epoch: 12, value: 0.87 }
   */
  best(monitor = 'valLoss', mode: MonitorMode | 'auto' = 'auto'): { epoch: number; value: number } | undefined {
    const direction = resolveMode(monitor, mode);
    let best: { epoch: number; value: number } | undefined;
    for (const r of this.records) {
      const v = monitorValue(r, monitor);
      if (v === undefined || !Number.isFinite(v)) continue;
      if (best === undefined || (direction === 'min' ? v < best.value : v > best.value)) best = { epoch: r.epoch, value: v };
    }
    return best;
  }

  /** A plain-JSON copy (records and stop reason). */
  toJSON(): HistoryJSON {
    const out: HistoryJSON = { records: this.records.map(structuredRecord) };
    if (this.stopReason !== undefined) out.stopReason = this.stopReason;
    return out;
  }

  /** Rebuilds a history from `toJSON()` output, checking every field. */
  static fromJSON(json: unknown): History {
    const history = new History();
    if (typeof json !== 'object' || json === null || !Array.isArray((json as HistoryJSON).records)) {
      throw new ValueError('History.fromJSON: expected an object with a "records" array');
    }
    const { records, stopReason } = json as HistoryJSON;
    records.forEach((r, i) => history.push(checkRecord(r, i)));
    if (stopReason !== undefined) {
      if (typeof stopReason !== 'string') throw new ValueError('History.fromJSON: "stopReason" must be a string');
      history.stopReason = stopReason;
    }
    return history;
  }
}

function structuredRecord(r: EpochRecord): EpochRecord {
  const out: EpochRecord = { epoch: r.epoch, trainLoss: r.trainLoss, metrics: { ...r.metrics }, seconds: r.seconds };
  if (r.valLoss !== undefined) out.valLoss = r.valLoss;
  if (r.lr !== undefined) out.lr = r.lr;
  return out;
}

function checkRecord(raw: unknown, index: number): EpochRecord {
  const where = `History.fromJSON: records[${index}]`;
  if (typeof raw !== 'object' || raw === null) throw new ValueError(`${where} must be an object`);
  const r = raw as Record<string, unknown>;
  const num = (key: string, optional: boolean): void => {
    if (optional && r[key] === undefined) return;
    if (typeof r[key] !== 'number') throw new ValueError(`${where}.${key} must be a number, got ${JSON.stringify(r[key])}`);
  };
  num('epoch', false);
  num('trainLoss', false);
  num('seconds', false);
  num('valLoss', true);
  num('lr', true);
  if (!Number.isInteger(r['epoch']) || (r['epoch'] as number) < 1) throw new ValueError(`${where}.epoch must be a positive integer`);
  const metrics = r['metrics'];
  if (typeof metrics !== 'object' || metrics === null || Array.isArray(metrics)) throw new ValueError(`${where}.metrics must be an object`);
  for (const [k, v] of Object.entries(metrics)) {
    if (typeof v !== 'number') throw new ValueError(`${where}.metrics.${k} must be a number, got ${JSON.stringify(v)}`);
  }
  return r as unknown as EpochRecord;
}
