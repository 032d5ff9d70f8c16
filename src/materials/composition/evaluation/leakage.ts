import type { Composition } from '../composition.js';

/** A test row whose composition also occurs among the training rows of its fold. */
export interface LeakedRow {
  readonly fold: number;
  /** Row index of the test composition. */
  readonly row: number;
  /** Row indices of the identical training compositions. */
  readonly trainRows: readonly number[];
}

/**
 * A key equal for compositions with the same elements in the same proportions (atomic fractions rounded to
 * 6 significant digits), so `Fe2O3` and `Fe4O6` match.
 */
export function compositionKey(c: Composition): string {
  const total = c.numAtoms;
  return c.symbols
    .map((s, i) => [s, c.amounts[i]! / total] as const)
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .map(([s, f]) => `${s}${Number(f.toPrecision(6))}`)
    .join(' ');
}

/**
 * Leakage between the folds of a cross-validation: every test row whose composition (same elements and
 * proportions) also appears in the training rows of its fold. Such rows flatter the test score, because
 * the model has seen their answer (or a replicate measurement of it).
 */
export function foldLeakage(compositions: readonly Composition[], folds: readonly (readonly number[])[]): LeakedRow[] {
  const keys = compositions.map(compositionKey);
  const rowsByKey = new Map<string, number[]>();
  keys.forEach((k, i) => rowsByKey.set(k, [...(rowsByKey.get(k) ?? []), i]));
  const foldOf = new Int32Array(compositions.length).fill(-1);
  folds.forEach((test, f) => test.forEach((i) => (foldOf[i] = f)));
  const out: LeakedRow[] = [];
  folds.forEach((test, f) => {
    for (const row of test) {
      const trainRows = rowsByKey.get(keys[row]!)!.filter((j) => foldOf[j] !== f);
      if (trainRows.length > 0) out.push({ fold: f, row, trainRows });
    }
  });
  return out;
}
