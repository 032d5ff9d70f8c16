import { ValueError } from '../../core/errors.js';
import type { Composition } from './composition.js';

/** A composition as a sparse fractional vector, atomic numbers ascending. */
interface Sparse {
  readonly z: Int32Array;
  readonly x: Float64Array;
}

function sparse(c: Composition): Sparse {
  const order = c.atomicNumbers.map((_, i) => i).sort((a, b) => c.atomicNumbers[a]! - c.atomicNumbers[b]!);
  const total = c.numAtoms;
  return { z: Int32Array.from(order, (i) => c.atomicNumbers[i]!), x: Float64Array.from(order, (i) => c.amounts[i]! / total) };
}

/** L1 distance of two sparse fractional vectors, stopping early once it exceeds `limit`. */
function l1(a: Sparse, b: Sparse, limit = Infinity): number {
  let i = 0;
  let j = 0;
  let d = 0;
  while (i < a.z.length || j < b.z.length) {
    const za = i < a.z.length ? a.z[i]! : Infinity;
    const zb = j < b.z.length ? b.z[j]! : Infinity;
    if (za === zb) d += Math.abs(a.x[i++]! - b.x[j++]!);
    else if (za < zb) d += a.x[i++]!;
    else d += b.x[j++]!;
    if (d > limit) return d;
  }
  return d;
}

/**
 * The distance between two compositions: the L1 distance of their fractional compositions,
 * Σₑ |xₑ(a) − xₑ(b)| over all elements (0 for the same composition however written, 2 for compositions
 * with no element in common). Moving 1 at.% from one element to another changes it by 0.02.
 * @example compositionDistance(parseFormula('Fe0.62Ni0.38'), parseFormula('Fe0.63Ni0.37')) // 0.02
 */
export function compositionDistance(a: Composition, b: Composition): number {
  return l1(sparse(a), sparse(b));
}

/**
 * A key equal for compositions with the same fractional composition (`Fe2O3`, `Fe4O6`, `O3Fe2`,
 * `Fe0.4O0.6`): the elements in Hill order with their atomic fractions to 9 significant digits.
 */
export function compositionKey(c: Composition): string {
  return c.fractional().hillFormula.replace(/\d+(\.\d+)?/g, (m) => String(Number(Number(m).toPrecision(9))));
}

/** The indices of each `compositionKey`, in order of first occurrence. */
function indicesByKey(compositions: readonly Composition[]): Map<string, number[]> {
  const groups = new Map<string, number[]>();
  compositions.forEach((c, i) => {
    const key = compositionKey(c);
    const g = groups.get(key);
    if (g === undefined) groups.set(key, [i]);
    else g.push(i);
  });
  return groups;
}

/** A training and a test composition that are the same or too close. */
export interface LeakagePair {
  readonly trainIndex: number;
  readonly testIndex: number;
  /** `compositionDistance` (0 for exact duplicates). */
  readonly distance: number;
}

/** What `findCompositionLeakage` found. */
export interface LeakageReport {
  /** The tolerance used for near duplicates. */
  readonly tolerance: number;
  /** Pairs with the same fractional composition (same `compositionKey`; the same reduced formula). */
  readonly exact: readonly LeakagePair[];
  /** Pairs at distance 0 < d ≤ tolerance (not exact), sorted by distance. */
  readonly near: readonly LeakagePair[];
  /** Test indices with at least one exact duplicate in the training set, ascending. */
  readonly testWithExact: readonly number[];
  /** Test indices with a near duplicate (and no exact one), ascending. */
  readonly testWithNearOnly: readonly number[];
  /** Chemical systems present in both sets. */
  readonly sharedSystems: readonly string[];
  /** Number of test compositions. */
  readonly testSize: number;
}

/** Options of `findCompositionLeakage`. */
export interface LeakageOptions {
  /** Largest `compositionDistance` that counts as a near duplicate (default 0.02, i.e. 1 at.% moved). */
  readonly tolerance?: number;
}

/**
 * Finds compositions of a test set that also appear in the training set (exact duplicates: same fractional
 * composition, e.g. `Fe2O3` and `Fe4O6`) or nearly (fractional L1 distance ≤ `tolerance`, e.g. `Fe0.62Ni0.38`
 * and `Fe0.625Ni0.375`), and the chemical systems the two share. A test score on a split with many such
 * pairs overstates how a model does on new materials; split by chemical system (`chemicalSystemKFold`) or
 * remove the duplicates.
 *
 * Cost: O(train × test) distance checks with early exit; about a second for 10⁴ × 10³ compositions.
 * @example
 * const r = findCompositionLeakage(train, test);
 * console.log(formatLeakageReport(r));
 */
export function findCompositionLeakage(train: readonly Composition[], test: readonly Composition[], options: LeakageOptions = {}): LeakageReport {
  const tolerance = options.tolerance ?? 0.02;
  if (!(tolerance >= 0) || !Number.isFinite(tolerance)) throw new ValueError(`findCompositionLeakage: tolerance must be a finite number ≥ 0, got ${tolerance}`);
  const trainKeys = indicesByKey(train);
  const trainSparse = train.map(sparse);
  const exact: LeakagePair[] = [];
  const near: LeakagePair[] = [];
  const testWithExact: number[] = [];
  const testWithNearOnly: number[] = [];
  test.forEach((c, t) => {
    const same = trainKeys.get(compositionKey(c));
    if (same !== undefined) {
      for (const i of same) exact.push({ trainIndex: i, testIndex: t, distance: 0 });
      testWithExact.push(t);
    }
    const s = sparse(c);
    let anyNear = false;
    for (let i = 0; i < trainSparse.length; i++) {
      const d = l1(s, trainSparse[i]!, tolerance);
      if (d <= tolerance && (same === undefined || !same.includes(i))) {
        near.push({ trainIndex: i, testIndex: t, distance: d });
        anyNear = true;
      }
    }
    if (same === undefined && anyNear) testWithNearOnly.push(t);
  });
  near.sort((a, b) => a.distance - b.distance || a.testIndex - b.testIndex || a.trainIndex - b.trainIndex);
  const trainSystems = new Set(train.map((c) => c.chemicalSystem));
  const sharedSystems = [...new Set(test.map((c) => c.chemicalSystem))].filter((s) => trainSystems.has(s)).sort();
  return { tolerance, exact, near, testWithExact, testWithNearOnly, sharedSystems, testSize: test.length };
}

/**
 * Groups of indices whose compositions are exact duplicates of each other within one set (same
 * `compositionKey`), only groups of two or more, in order of first index. Use it to average or drop
 * repeated measurements before splitting.
 */
export function duplicateCompositionGroups(compositions: readonly Composition[]): number[][] {
  return [...indicesByKey(compositions).values()].filter((g) => g.length > 1);
}

/** A few lines describing a `LeakageReport`, for a terminal or a report. */
export function formatLeakageReport(report: LeakageReport, names: { train?: string; test?: string } = {}): string {
  const train = names.train ?? 'train';
  const test = names.test ?? 'test';
  const pct = (k: number): string => (report.testSize === 0 ? '0' : ((100 * k) / report.testSize).toFixed(1));
  const lines = [
    `${report.testWithExact.length} of ${report.testSize} ${test} compositions (${pct(report.testWithExact.length)} %) also occur in ${train} (same reduced formula): ${report.exact.length} pairs`,
    `${report.testWithNearOnly.length} more (${pct(report.testWithNearOnly.length)} %) are within ${report.tolerance} (fractional L1 distance) of a ${train} composition: ${report.near.length} pairs`,
    `${report.sharedSystems.length} chemical systems occur in both sets`,
  ];
  return lines.join('\n');
}
