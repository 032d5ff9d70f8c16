/**
 * matminer's `PropertyStats` on the values of a composition's elements, weighted by their amounts, written
 * for one pass over small arrays. `values[i]` and `weights[i]` for i < n; weights are the amounts as
 * written (matminer passes `comp.element_composition` amounts, not fractions). A NaN value makes every
 * statistic NaN, as in matminer.
 */

/** Smallest value (unweighted). */
export function statMinimum(values: Float64Array, n: number): number {
  let m = values[0]!;
  for (let i = 1; i < n; i++) {
    const v = values[i]!;
    if (v < m || v !== v) m = v;
    if (m !== m) return NaN;
  }
  return m;
}

/** Largest value (unweighted). */
export function statMaximum(values: Float64Array, n: number): number {
  let m = values[0]!;
  for (let i = 1; i < n; i++) {
    const v = values[i]!;
    if (v > m || v !== v) m = v;
    if (m !== m) return NaN;
  }
  return m;
}

/** Weighted mean Σ wᵢxᵢ / Σ wᵢ (`np.average(x, weights=w)`). */
export function statMean(values: Float64Array, weights: Float64Array, n: number, weightSum: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += values[i]! * weights[i]!;
  return s / weightSum;
}

/** Weighted mean absolute deviation Σ wᵢ|xᵢ − mean| / Σ wᵢ (matminer's `avg_dev`). */
export function statAvgDev(values: Float64Array, weights: Float64Array, n: number, weightSum: number, mean: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += Math.abs(values[i]! - mean) * weights[i]!;
  return s / weightSum;
}

/**
 * The value of the element with the largest weight; among weights equal to the largest within
 * `np.isclose` (|w − max| ≤ 1e-8 + 1e-5·|max|), the smallest value (matminer's weighted `mode`).
 */
export function statMode(values: Float64Array, weights: Float64Array, n: number): number {
  let wMax = weights[0]!;
  for (let i = 1; i < n; i++) if (weights[i]! > wMax) wMax = weights[i]!;
  const tolerance = 1e-8 + 1e-5 * Math.abs(wMax);
  let m = Infinity;
  for (let i = 0; i < n; i++) {
    if (Math.abs(weights[i]! - wMax) <= tolerance) {
      const v = values[i]!;
      if (v !== v) return NaN;
      if (v < m) m = v;
    }
  }
  return m;
}
