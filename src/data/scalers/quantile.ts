/**
 * Order statistics of one column, bit-compatible with NumPy (`np.median`, `np.percentile` with the default
 * `'linear'` method), which scikit-learn's RobustScaler uses.
 */

/** NumPy's `_lerp`: `a + (b − a)·t`, evaluated from the nearer end for accuracy (from b when t ≥ 0.5). */
function lerp(a: number, b: number, t: number): number {
  const diff = b - a;
  return t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
}

/**
 * The q-th percentile (0 ≤ q ≤ 100) of ascending `sorted` values by linear interpolation: virtual index
 * `(n − 1)·q/100` between the two nearest order statistics. `sorted` must be non-empty.
 */
export function percentileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  const virtual = (n - 1) * (q / 100);
  if (virtual >= n - 1) return sorted[n - 1]!;
  if (virtual <= 0) return sorted[0]!;
  const lo = Math.floor(virtual);
  return lerp(sorted[lo]!, sorted[lo + 1]!, virtual - lo);
}

/** The median of ascending `sorted` values: the middle one, or the mean of the two middle ones. */
export function medianSorted(sorted: ArrayLike<number>): number {
  const n = sorted.length;
  const mid = n >> 1;
  return n % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Column `c` of a row-major matrix, sorted ascending. */
export function sortedColumn(data: Float64Array, rows: number, cols: number, c: number): Float64Array {
  const column = new Float64Array(rows);
  for (let r = 0; r < rows; r++) column[r] = data[r * cols + c]!;
  return column.sort();
}
