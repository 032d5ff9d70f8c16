import { ShapeError, ValueError } from '../../core/errors.js';

/**
 * Input checks shared by the metrics. Every metric calls one of these first, so the error text has one
 * shape: `<metric>: <what> ...`, naming the offending array and index.
 */

/** Describes a bad entry for an error message (`NaN`, `Infinity`, `"abc" (a string)`). */
function describe(value: unknown): string {
  if (typeof value === 'number') return String(value);
  return `${JSON.stringify(value)} (a ${typeof value})`;
}

/** Throws a ValueError naming `metric`, `name` and the index of the first entry that is not a finite number. */
export function checkFinite(metric: string, name: string, values: ArrayLike<number>): void {
  for (let i = 0; i < values.length; i++) {
    const v: unknown = values[i];
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      throw new ValueError(`${metric}: ${name}[${i}] is ${describe(v)}; expected a finite number`);
    }
  }
}

/**
 * Checks a (yTrue, other) pair: equal lengths (ShapeError naming both lengths), not empty (ValueError),
 * and every entry finite (ValueError naming the array and index).
 */
export function checkPair(metric: string, yTrue: ArrayLike<number>, other: ArrayLike<number>, otherName = 'yPred'): void {
  if (yTrue.length !== other.length) {
    throw new ShapeError(
      `${metric}: yTrue has length ${yTrue.length} but ${otherName} has length ${other.length}; they must be equal`,
    );
  }
  if (yTrue.length === 0) {
    throw new ValueError(`${metric}: yTrue and ${otherName} are empty (length 0); need at least one sample`);
  }
  checkFinite(metric, 'yTrue', yTrue);
  checkFinite(metric, otherName, other);
}

/** Throws a ValueError naming the first entry of `values` that is not an integer class label. */
export function checkLabels(metric: string, name: string, values: ArrayLike<number>): void {
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isInteger(v)) {
      throw new ValueError(`${metric}: ${name}[${i}] is ${describe(v)}; expected an integer class label`);
    }
  }
}

/** Checks a pair of class-label arrays: `checkPair` plus integer labels. */
export function checkLabelPair(metric: string, yTrue: ArrayLike<number>, yPred: ArrayLike<number>): void {
  checkPair(metric, yTrue, yPred);
  checkLabels(metric, 'yTrue', yTrue);
  checkLabels(metric, 'yPred', yPred);
}

/** The sorted distinct values of the given arrays (scikit-learn's `unique_labels`). */
export function uniqueSorted(...arrays: ArrayLike<number>[]): number[] {
  const seen = new Set<number>();
  for (const a of arrays) for (let i = 0; i < a.length; i++) seen.add(a[i]!);
  return [...seen].sort((x, y) => x - y);
}
