import { ShapeError, ValueError } from '../../core/errors.js';

/** One train/test split: indices into the samples, each ascending unless a splitter says otherwise. */
export interface Fold {
  train: Int32Array;
  test: Int32Array;
}

/**
 * Per-sample labels or group ids for stratification and grouping: numbers (finite) or strings, all of one
 * kind. Equal values are the same class/group.
 */
export type LabelArray = ArrayLike<number> | ArrayLike<string>;

/** Labels encoded as dense codes `0 … classes.length − 1`. */
export interface EncodedLabels {
  /** `codes[i]` is the code of sample i. */
  codes: Int32Array;
  /** `classes[c]` is the original value of code c. */
  classes: (number | string)[];
  /** `counts[c]` is the number of samples with code c. */
  counts: number[];
}

/** Checks that `n` is a usable sample count: a non-negative integer. */
export function checkSampleCount(op: string, n: number): void {
  if (!Number.isInteger(n) || n < 0) throw new ValueError(`${op}: the number of samples must be a non-negative integer, got ${n}`);
}

/** Checks `nSplits` is an integer ≥ 2 (a single split is not cross-validation). */
export function checkNSplits(op: string, nSplits: number): void {
  if (!Number.isInteger(nSplits) || nSplits < 2) {
    throw new ValueError(`${op}: nSplits must be an integer ≥ 2, got ${nSplits}`);
  }
}

/** A ValueError if there are fewer samples than folds (scikit-learn's message, in this project's words). */
export function checkEnoughSamples(op: string, nSplits: number, n: number): void {
  if (nSplits > n) throw new ValueError(`${op}: nSplits=${nSplits} is greater than the number of samples n=${n}`);
}

/**
 * Encodes labels into dense codes. `order` says how codes are assigned: `'sorted'` (ascending numbers or
 * strings, like NumPy's `unique`) or `'appearance'` (the first label seen gets 0). Throws a ValueError
 * naming `op`, `name` and the index of a NaN/±Infinity, or of an entry whose kind differs from the first;
 * a ShapeError when `expectedLength` is given and differs.
 */
export function encodeLabels(
  op: string,
  name: string,
  values: LabelArray,
  order: 'sorted' | 'appearance',
  expectedLength?: number,
): EncodedLabels {
  const n = values.length;
  if (expectedLength !== undefined && n !== expectedLength) {
    throw new ShapeError(`${op}: ${name} has length ${n} but there are ${expectedLength} samples`);
  }
  const kind = n > 0 ? typeof values[0] : 'number';
  const firstIndex = new Map<number | string, number>();
  for (let i = 0; i < n; i++) {
    const v: unknown = values[i];
    if (typeof v !== kind || (typeof v !== 'number' && typeof v !== 'string')) {
      throw new ValueError(`${op}: ${name}[${i}] is ${JSON.stringify(v)} (a ${typeof v}); expected a ${kind} like ${name}[0]`);
    }
    if (typeof v === 'number' && !Number.isFinite(v)) {
      throw new ValueError(`${op}: ${name}[${i}] is ${v}; labels must be finite numbers or strings`);
    }
    if (!firstIndex.has(v)) firstIndex.set(v, i);
  }
  const classes = [...firstIndex.keys()];
  if (order === 'sorted') {
    classes.sort((a, b) => (typeof a === 'number' && typeof b === 'number' ? a - b : a < b ? -1 : a > b ? 1 : 0));
  }
  const codeOf = new Map<number | string, number>();
  classes.forEach((c, k) => codeOf.set(c, k));
  const codes = new Int32Array(n);
  const counts = new Array<number>(classes.length).fill(0);
  for (let i = 0; i < n; i++) {
    const c = codeOf.get(values[i]!)!;
    codes[i] = c;
    counts[c]!++;
  }
  return { codes, classes, counts };
}

/**
 * Folds from a test-fold assignment: fold f tests the samples with `testFold[i] = f` and trains on all the
 * others; both index lists ascending.
 */
export function foldsFromAssignment(testFold: Int32Array, nSplits: number): Fold[] {
  const folds: Fold[] = [];
  for (let f = 0; f < nSplits; f++) {
    const test: number[] = [];
    const train: number[] = [];
    for (let i = 0; i < testFold.length; i++) (testFold[i] === f ? test : train).push(i);
    folds.push({ train: Int32Array.from(train), test: Int32Array.from(test) });
  }
  return folds;
}
