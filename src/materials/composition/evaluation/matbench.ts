import { DataError, ValueError } from '../../../core/errors.js';
import type { CompositionTask } from '../models/composition-model.js';

/** A Matbench v0.1 composition task as bundled in `data/matbench/`. */
export interface MatbenchTask {
  /** Matbench's name, e.g. 'matbench_steels'. */
  readonly name: string;
  /** The CSV file in `data/matbench/`. */
  readonly file: string;
  readonly idColumn: string;
  readonly formulaColumn: string;
  readonly targetColumn: string;
  readonly task: CompositionTask;
  /** Units of a regression target ('' for classification). */
  readonly units: string;
  /** The leaderboard's headline metric: 'mae' or 'rocauc'. */
  readonly metric: 'mae' | 'rocauc';
}

/** The three bundled composition tasks, by short name. */
export const MATBENCH_TASKS: Readonly<Record<'steels' | 'glass' | 'expt_is_metal', MatbenchTask>> = {
  steels: { name: 'matbench_steels', file: 'matbench_steels.csv', idColumn: 'mbid', formulaColumn: 'composition', targetColumn: 'yield strength', task: 'regression', units: 'MPa', metric: 'mae' },
  glass: { name: 'matbench_glass', file: 'matbench_glass.csv', idColumn: 'mbid', formulaColumn: 'composition', targetColumn: 'gfa', task: 'classification', units: '', metric: 'rocauc' },
  expt_is_metal: { name: 'matbench_expt_is_metal', file: 'matbench_expt_is_metal.csv', idColumn: 'mbid', formulaColumn: 'composition', targetColumn: 'is_metal', task: 'classification', units: '', metric: 'rocauc' },
};

/** The Matbench task whose sample ids look like `ids` (by their `mb-<task>-` prefix), if any. */
export function matbenchTaskForIds(ids: readonly string[]): MatbenchTask | undefined {
  const first = ids[0];
  if (first === undefined) return undefined;
  return Object.values(MATBENCH_TASKS).find((t) => first.startsWith(`mb-${t.name.slice('matbench_'.length).replace(/_/g, '-')}-`));
}

/**
 * The official test folds of a Matbench task as row indices into `ids` (the sample ids of the data, e.g.
 * the `mbid` column): fold f's test set holds the rows whose id is in `foldsJson.folds[task].fold_f`.
 * Rows whose id is in no fold (none in the official data) are reported in `unassigned`; fold ids absent
 * from `ids` (e.g. rows skipped as invalid) are counted in `missing`.
 * @throws DataError (naming `file`) when the JSON lacks the task, or an id appears in two folds.
 */
export function officialTestFolds(foldsJson: unknown, task: string, ids: readonly string[], file = 'official_test_folds.json'): { folds: number[][]; unassigned: number[]; missing: number } {
  const root = foldsJson as { folds?: Record<string, Record<string, unknown>> };
  const taskFolds = root?.folds?.[task];
  if (taskFolds === undefined || typeof taskFolds !== 'object') throw new DataError({ file }, `no folds for task ${JSON.stringify(task)}`);
  const row = new Map(ids.map((id, i) => [id, i]));
  const assigned = new Int32Array(ids.length).fill(-1);
  const folds: number[][] = [];
  let missing = 0;
  Object.keys(taskFolds).sort().forEach((key, f) => {
    const list = taskFolds[key];
    if (!Array.isArray(list)) throw new DataError({ file }, `folds.${task}.${key}: expected a list of sample ids`);
    const test: number[] = [];
    for (const id of list) {
      const i = row.get(String(id));
      if (i === undefined) {
        missing++;
        continue;
      }
      if (assigned[i] !== -1) throw new DataError({ file }, `sample ${String(id)} is in two folds (${assigned[i]} and ${f})`);
      assigned[i] = f;
      test.push(i);
    }
    folds.push(test.sort((a, b) => a - b));
  });
  const unassigned: number[] = [];
  assigned.forEach((f, i) => {
    if (f === -1) unassigned.push(i);
  });
  return { folds, unassigned, missing };
}

/** One published score: an algorithm's metric on one fold of one task. */
export interface LeaderboardEntry {
  readonly algorithm: string;
  readonly task: string;
  /** 0-based fold number. */
  readonly fold: number;
  readonly metric: string;
  readonly value: number;
}

/**
 * Reads the published per-fold leaderboard (`matbench_v0.1_leaderboard_perfold.csv`: columns algorithm,
 * task, fold (`fold_0` …), metric, value) from its parsed columns. Algorithm names lose the
 * `matbench_v0.1_` prefix.
 * @throws ValueError when the columns differ in length or a fold is not `fold_<n>`.
 */
export function readLeaderboard(columns: { algorithm: readonly string[]; task: readonly string[]; fold: readonly string[]; metric: readonly string[]; value: ArrayLike<number> }): LeaderboardEntry[] {
  const n = columns.algorithm.length;
  if ([columns.task, columns.fold, columns.metric].some((c) => c.length !== n) || columns.value.length !== n) {
    throw new ValueError('readLeaderboard: the columns differ in length');
  }
  return columns.algorithm.map((algorithm, i) => {
    const m = /^fold_(\d+)$/.exec(columns.fold[i]!);
    if (m === null) throw new ValueError(`readLeaderboard: row ${i}: expected a fold like "fold_0", got ${JSON.stringify(columns.fold[i])}`);
    return { algorithm: algorithm.replace(/^matbench_v0\.1_/, ''), task: columns.task[i]!, fold: Number(m[1]), metric: columns.metric[i]!, value: columns.value[i]! };
  });
}

/** An algorithm's published per-fold scores on one task and metric, with their mean. */
export interface LeaderboardRow {
  readonly algorithm: string;
  /** Scores by fold (NaN where not published). */
  readonly folds: readonly number[];
  readonly mean: number;
}

/**
 * The published rows for `task` and `metric`, best first (lowest mean for errors, highest for ROC-AUC and
 * other scores). Algorithms without a score on every one of `folds` folds are left out.
 */
export function leaderboardTable(entries: readonly LeaderboardEntry[], task: string, metric: string, folds = 5): LeaderboardRow[] {
  const byAlgorithm = new Map<string, number[]>();
  for (const e of entries) {
    if (e.task !== task || e.metric !== metric || e.fold >= folds) continue;
    const row = byAlgorithm.get(e.algorithm) ?? new Array<number>(folds).fill(NaN);
    row[e.fold] = e.value;
    byAlgorithm.set(e.algorithm, row);
  }
  const lowerIsBetter = /mae|rmse|error|mape/.test(metric);
  return [...byAlgorithm.entries()]
    .filter(([, values]) => values.every(Number.isFinite))
    .map(([algorithm, values]) => ({ algorithm, folds: values, mean: values.reduce((s, v) => s + v, 0) / folds }))
    .sort((a, b) => (lowerIsBetter ? a.mean - b.mean : b.mean - a.mean));
}
