import type { Matrix } from '../data/scalers/matrix.js';
import { detectionScores, type DetectionScores } from './detection.js';
import type { PcaMonitor } from './pca-monitor.js';
import type { ReconstructionDetector } from './reconstruction-detector.js';

/** A test run to monitor: the data and the 0-based row the fault starts at (`rows` for a normal run). */
export interface MonitoredRun {
  readonly name: string;
  readonly data: Matrix;
  readonly onset: number;
}

/** One monitoring statistic with its control limit (an alarm is `score > limit`). */
export interface MonitoringStatistic {
  /** E.g. 'PCA T²', 'PCA SPE', 'AE'. */
  readonly name: string;
  readonly limit: number;
  scores(x: Matrix): Float64Array;
  /** Per-variable contributions of each sample (rows × variables). */
  contributions(x: Matrix): Float64Array;
}

/** The statistics of a fitted PCA monitor: T² and SPE. */
export function pcaStatistics(pca: PcaMonitor): MonitoringStatistic[] {
  const perSample = (x: Matrix, which: 't2' | 'spe'): Float64Array => {
    const out = new Float64Array(x.rows * x.cols);
    for (let r = 0; r < x.rows; r++) out.set(pca.contributions(x.data.subarray(r * x.cols, (r + 1) * x.cols))[which], r * x.cols);
    return out;
  };
  return [
    { name: 'PCA T²', limit: pca.t2Limit, scores: (x) => pca.statistics(x).t2, contributions: (x) => perSample(x, 't2') },
    { name: 'PCA SPE', limit: pca.speLimit, scores: (x) => pca.statistics(x).spe, contributions: (x) => perSample(x, 'spe') },
  ];
}

/** The statistic of a fitted reconstruction detector. */
export function detectorStatistic(name: string, detector: ReconstructionDetector): MonitoringStatistic {
  return { name, limit: detector.threshold, scores: (x) => detector.scores(x), contributions: (x) => detector.contributions(x) };
}

/** Scores of every statistic on every run: `table[run][statistic]`, plus the score series. */
export interface MonitoringEvaluation {
  readonly runs: readonly string[];
  readonly statistics: readonly string[];
  readonly table: readonly (readonly DetectionScores[])[];
  readonly series: readonly (readonly Float64Array[])[];
}

/** Evaluates each statistic on each run (detection rate, false-alarm rate, delay; see `detectionScores`). */
export function evaluateMonitoring(statistics: readonly MonitoringStatistic[], runs: readonly MonitoredRun[], onRun?: (index: number) => void): MonitoringEvaluation {
  const series: Float64Array[][] = [];
  const table: DetectionScores[][] = [];
  runs.forEach((run, i) => {
    const s = statistics.map((st) => st.scores(run.data));
    series.push(s);
    table.push(s.map((v, j) => detectionScores(v, statistics[j]!.limit, run.onset)));
    onRun?.(i);
  });
  return { runs: runs.map((r) => r.name), statistics: statistics.map((s) => s.name), table, series };
}

/** The variables with the largest mean contribution over rows [from, to), largest first. */
export function topContributions(contributions: Float64Array, cols: number, from: number, to: number, tags: readonly string[], count = 10): { tag: string; value: number }[] {
  const mean = new Float64Array(cols);
  for (let r = from; r < to; r++) for (let c = 0; c < cols; c++) mean[c]! += contributions[r * cols + c]! / (to - from);
  return Array.from(mean, (value, c) => ({ tag: tags[c] ?? `var ${c + 1}`, value })).sort((a, b) => b.value - a.value).slice(0, count);
}
