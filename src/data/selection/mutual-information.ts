import { ValueError } from '../../core/errors.js';
import { percentileSorted } from '../scalers/quantile.js';

/**
 * Discretises `values` into at most `bins` equal-frequency bins: the edges are the distinct
 * `i/bins` quantiles (i = 1 … bins−1, NumPy's default linear interpolation) and a value's label is the
 * number of edges ≤ it — `np.searchsorted(np.unique(np.quantile(x, q)), x, side='right')`. Ties never
 * straddle a bin, so a column with few distinct values gets fewer bins; a constant column gets one.
 * @throws ValueError for an empty column, a non-finite value or `bins` < 2.
 * @example
 * quantileBins([1, 2, 3, 4], 2); // Int32Array [0, 0, 1, 1]
 */
export function quantileBins(values: ArrayLike<number>, bins: number): Int32Array {
  if (!Number.isInteger(bins) || bins < 2) throw new ValueError(`quantileBins: bins must be an integer ≥ 2, got ${bins}`);
  const n = values.length;
  if (n === 0) throw new ValueError('quantileBins: no values');
  const sorted = Float64Array.from(values);
  for (let i = 0; i < n; i++) if (!Number.isFinite(sorted[i]!)) throw new ValueError(`quantileBins: value ${i} is not finite (${sorted[i]})`);
  sorted.sort();
  const edges: number[] = [];
  for (let i = 1; i < bins; i++) {
    const e = percentileSorted(sorted, (100 * i) / bins);
    if (edges.length === 0 || e !== edges[edges.length - 1]) edges.push(e);
  }
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    let lo = 0;
    let hi = edges.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (edges[mid]! <= v) lo = mid + 1;
      else hi = mid;
    }
    labels[i] = lo;
  }
  return labels;
}

/** Shannon entropy (nats) of the empirical distribution of non-negative integer `labels`. */
export function entropy(labels: Int32Array): number {
  const counts = new Map<number, number>();
  for (const l of labels) counts.set(l, (counts.get(l) ?? 0) + 1);
  let h = 0;
  for (const c of counts.values()) {
    const p = c / labels.length;
    h -= p * Math.log(p);
  }
  return h;
}

/**
 * Normalised mutual information of two labelings: I(a; b) / ((H(a) + H(b)) / 2), in [0, 1] — scikit-learn's
 * `normalized_mutual_info_score(a, b)` (arithmetic normalisation). 0 when either labeling is constant.
 * `hA`/`hB` may pass precomputed entropies.
 * @throws ValueError when the labelings differ in length.
 */
export function normalizedMutualInformation(a: Int32Array, b: Int32Array, hA = entropy(a), hB = entropy(b)): number {
  if (a.length !== b.length) throw new ValueError(`normalizedMutualInformation: labelings of ${a.length} and ${b.length} samples`);
  if (hA === 0 || hB === 0) return 0;
  let width = 0;
  for (const l of b) width = Math.max(width, l + 1);
  const joint = new Int32Array(a.length);
  for (let i = 0; i < a.length; i++) joint[i] = a[i]! * width + b[i]!;
  const mi = Math.max(0, hA + hB - entropy(joint));
  return mi / ((hA + hB) / 2);
}
