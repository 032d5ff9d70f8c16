import { readFileSync } from 'node:fs';
import { ValueError } from '../core/errors.js';
import { ProgressBar } from '../node/progress.js';
import { fillGaps, readProcessCsv, resampleRegular, type ProcessSeries } from '../process/series.js';
import type { Callback } from '../train/callbacks/callback.js';

/** A positive integer flag, or its default. */
export function intFlag(command: string, name: string, value: string | undefined, fallback: number, min = 1): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new ValueError(`${command}: --${name} must be an integer ≥ ${min}, got ${JSON.stringify(value)}`);
  return n;
}

/** A number flag in (lo, hi), or its default. */
export function numberFlag(command: string, name: string, value: string | undefined, fallback: number, lo = 0, hi = Infinity): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!(n > lo && n < hi)) throw new ValueError(`${command}: --${name} must be a number in (${lo}, ${hi}), got ${JSON.stringify(value)}`);
  return n;
}

/** A comma-separated list flag. */
export function listFlag(value: string | undefined): string[] | undefined {
  return value === undefined ? undefined : value.split(',').map((s) => s.trim()).filter((s) => s !== '');
}

/**
 * Reads a historian CSV/TSV, checks its time stamps, resamples it to its median step (when irregular) and
 * fills gaps; returns the filled series and the gap mask (1 = filled in).
 */
export function readSeriesFile(path: string, timeColumn: string | undefined, tags?: readonly string[]): { series: ProcessSeries; mask: ProcessSeries['values']; resampled: boolean; filled: number } {
  const raw = readProcessCsv(readFileSync(path, 'utf8'), { file: path, timeColumn, tags });
  const steps = new Set<number>();
  for (let i = 1; i < raw.time.length; i++) steps.add(raw.time[i]! - raw.time[i - 1]!);
  const resampled = steps.size > 1;
  const regular = resampled ? resampleRegular(raw) : raw;
  const { series, mask } = fillGaps(regular);
  let filled = 0;
  for (const v of mask.data) filled += v;
  return { series, mask, resampled, filled };
}

/** Progress output of the CLI's training loops (epoch lines without a terminal). */
export function progressCallbacks(quiet: boolean): Callback[] {
  return quiet ? [] : [new ProgressBar()];
}
