import type { Composition } from '../composition.js';
import { findCompositionLeakage } from '../leakage.js';

/** A test row whose composition also occurs (exactly, or within the tolerance) among the training rows of its fold. */
export interface LeakedRow {
  readonly fold: number;
  /** Row index of the test composition. */
  readonly row: number;
  /** Row indices of the matching training compositions. */
  readonly trainRows: readonly number[];
  /** True for an exact duplicate (same fractional composition), false for a near one. */
  readonly exact: boolean;
}

/**
 * Leakage between the folds of a cross-validation, by `findCompositionLeakage` on each fold's training and
 * test rows: every test row with an exact duplicate (same fractional composition) or a near duplicate
 * (fractional L1 distance ≤ `tolerance`, default 0.02) among the training rows of its fold. Such rows
 * flatter the test score, because the model has seen (nearly) their answer. `foldNumbers` label the folds.
 */
export function foldLeakage(compositions: readonly Composition[], folds: readonly (readonly number[])[], options: { tolerance?: number; foldNumbers?: readonly number[] } = {}): LeakedRow[] {
  const out: LeakedRow[] = [];
  const inFold = new Int32Array(compositions.length).fill(-1);
  folds.forEach((test, f) => test.forEach((i) => (inFold[i] = f)));
  folds.forEach((test, f) => {
    const train = compositions.map((_, i) => i).filter((i) => inFold[i] !== f);
    const report = findCompositionLeakage(train.map((i) => compositions[i]!), test.map((i) => compositions[i]!), { tolerance: options.tolerance });
    const matches = new Map<number, { rows: number[]; exact: boolean }>();
    for (const pair of [...report.exact, ...report.near]) {
      const m = matches.get(pair.testIndex) ?? { rows: [], exact: false };
      m.rows.push(train[pair.trainIndex]!);
      m.exact ||= pair.distance === 0;
      matches.set(pair.testIndex, m);
    }
    for (const [t, m] of [...matches.entries()].sort((a, b) => a[0] - b[0])) {
      out.push({ fold: options.foldNumbers?.[f] ?? f, row: test[t]!, trainRows: m.rows.sort((a, b) => a - b), exact: m.exact });
    }
  });
  return out;
}
