import { ValueError } from '../../core/errors.js';
import { entropy, normalizedMutualInformation, quantileBins } from './mutual-information.js';

/** Options of `relevanceRedundancyRanking`. */
export interface RelevanceRedundancyOptions {
  /** Equal-frequency bins per column and for the target (default 10). */
  readonly bins?: number;
  /** Columns to consider (default all); others are never chosen. */
  readonly columns?: readonly number[];
}

/** The columns chosen by `relevanceRedundancyRanking`, in the order they were chosen. */
export interface RelevanceRedundancyRanking {
  /** Column indices, most useful first. */
  readonly order: readonly number[];
  /** NMI of each chosen column with the target (same order). */
  readonly relevance: readonly number[];
}

/**
 * MODNet's relevance–redundancy feature ranking (De Breuck et al., npj Comput. Mater. 7, 83 (2021);
 * `modnet.preprocessing.get_features_relevance_redundancy` with its default dynamic parameters). Every
 * column and the target are discretised into equal-frequency bins (`quantileBins`) and compared by
 * normalised mutual information (`normalizedMutualInformation`). The first column is the one with the
 * largest NMI with the target (relevance); with n columns chosen, the next maximises
 * relevance / (redundancy^p + c), redundancy being its largest NMI with a chosen column,
 * p = max(0.1, 4.5 − 0.4·n^0.4) and c = min(10⁵, 10⁻⁶·n³). Columns that are constant (one bin) are never
 * chosen, so fewer than `count` may come back. Ties go to the lower column index. MODNet estimates MI with
 * scikit-learn's k-nearest-neighbour estimator; this uses the binned estimate, which is deterministic.
 * @param data row-major [rows, cols], finite values
 * @param target one value per row (a regression target, or 0/1 labels)
 * @throws ValueError for mismatched sizes or a non-positive `count`.
 * @example
 * const { order } = relevanceRedundancyRanking(x, rows, cols, y, 40);
 */
export function relevanceRedundancyRanking(data: Float64Array, rows: number, cols: number, target: ArrayLike<number>, count: number, options: RelevanceRedundancyOptions = {}): RelevanceRedundancyRanking {
  if (data.length !== rows * cols) throw new ValueError(`relevanceRedundancyRanking: data has ${data.length} values, expected ${rows}×${cols}`);
  if (target.length !== rows) throw new ValueError(`relevanceRedundancyRanking: ${rows} rows but ${target.length} targets`);
  if (!Number.isInteger(count) || count < 1) throw new ValueError(`relevanceRedundancyRanking: count must be a positive integer, got ${count}`);
  const bins = options.bins ?? 10;
  const columns = options.columns ?? Array.from({ length: cols }, (_, c) => c);
  const yBins = quantileBins(target, bins);
  const hY = entropy(yBins);
  const labels: Int32Array[] = [];
  const h: number[] = [];
  const rel: number[] = [];
  const candidates: number[] = [];
  const column = new Float64Array(rows);
  for (const c of columns) {
    if (!Number.isInteger(c) || c < 0 || c >= cols) throw new ValueError(`relevanceRedundancyRanking: column ${c} is outside 0…${cols - 1}`);
    for (let r = 0; r < rows; r++) column[r] = data[r * cols + c]!;
    const l = quantileBins(column, bins);
    const hc = entropy(l);
    if (hc === 0) continue;
    candidates.push(c);
    labels.push(l);
    h.push(hc);
    rel.push(normalizedMutualInformation(l, yBins, hc, hY));
  }
  const order: number[] = [];
  const relevance: number[] = [];
  if (candidates.length === 0) return { order, relevance };
  const redundancy = new Float64Array(candidates.length);
  const chosen = new Uint8Array(candidates.length);
  let next = 0;
  for (let j = 1; j < candidates.length; j++) if (rel[j]! > rel[next]!) next = j;
  while (true) {
    chosen[next] = 1;
    order.push(candidates[next]!);
    relevance.push(rel[next]!);
    const n = order.length;
    if (n >= Math.min(count, candidates.length)) break;
    const p = Math.max(0.1, 4.5 - 0.4 * n ** 0.4);
    const c = Math.min(1e5, 1e-6 * n ** 3);
    const last = next;
    let best = -1;
    let bestScore = -Infinity;
    for (let j = 0; j < candidates.length; j++) {
      if (chosen[j] === 1) continue;
      redundancy[j] = Math.max(redundancy[j]!, normalizedMutualInformation(labels[j]!, labels[last]!, h[j], h[last]));
      const score = rel[j]! / (redundancy[j]! ** p + c);
      if (score > bestScore) {
        bestScore = score;
        best = j;
      }
    }
    next = best;
  }
  return { order, relevance };
}
