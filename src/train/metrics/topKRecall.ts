import { ValueError } from '../../core/errors.js';
import { checkPair } from './validate.js';

/** Options of {@link topKRecall}. */
export interface TopKRecallOptions {
  /** `true` (default): the best candidates have the largest values (e.g. conductivity); `false`: the smallest (e.g. formation energy). */
  higherIsBetter?: boolean;
}

/** Indices of the k best entries; ties are broken by the lower index first. */
function topIndices(values: ArrayLike<number>, k: number, higherIsBetter: boolean): Set<number> {
  const sign = higherIsBetter ? -1 : 1;
  const order = Array.from({ length: values.length }, (_, i) => i).sort(
    (a, b) => sign * (values[a]! - values[b]!) || a - b,
  );
  return new Set(order.slice(0, k));
}

/**
 * Top-k recall for screening: `|top-k by yTrue ∩ top-k by yPred| / k`, the fraction of the k truly best
 * candidates that a model's ranking puts in its own top k (the figure that matters when only k candidates
 * can be synthesised or simulated).
 *
 * Ties: candidates with equal values are ranked by index, the lower index first (in both `yTrue` and
 * `yPred`), so the result is deterministic; it depends on sample order only when a tie straddles the k-th
 * place.
 *
 * `k` is an integer with 1 ≤ k ≤ n (ValueError otherwise). Lengths must match (ShapeError naming both),
 * input must not be empty, and NaN/±Infinity entries are ValueErrors naming the index.
 *
 * @example
 * topKRecall([5, 4, 3, 2, 1], [5, 1, 4, 3, 2], 2); // true top-2 {0, 1}, predicted {0, 2} → 0.5
 * topKRecall([5, 4, 3], [1, 2, 3], 1, { higherIsBetter: false }); // {2} vs {0} → 0
 */
export function topKRecall(
  yTrue: ArrayLike<number>,
  yPred: ArrayLike<number>,
  k: number,
  options: TopKRecallOptions = {},
): number {
  checkPair('topKRecall', yTrue, yPred);
  const n = yTrue.length;
  if (!Number.isInteger(k) || k < 1 || k > n) {
    throw new ValueError(`topKRecall: k must be an integer with 1 ≤ k ≤ n = ${n}, got ${k}`);
  }
  const higherIsBetter = options.higherIsBetter ?? true;
  const trueTop = topIndices(yTrue, k, higherIsBetter);
  const predTop = topIndices(yPred, k, higherIsBetter);
  let hits = 0;
  for (const i of predTop) if (trueTop.has(i)) hits++;
  return hits / k;
}
