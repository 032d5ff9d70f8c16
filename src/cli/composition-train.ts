import { readFileSync } from 'node:fs';
import { DataError, ValueError } from '../core/errors.js';
import { KFold } from '../data/splitters/kFold.js';
import { StratifiedKFold } from '../data/splitters/stratifiedKFold.js';
import { type PropertyTable, readPropertyTable } from '../materials/composition/dataset/property-table.js';
import { type CrossValidationModelOptions, type CrossValidationResult, crossValidate } from '../materials/composition/evaluation/cross-validate.js';
import { foldLeakage, type LeakedRow } from '../materials/composition/evaluation/leakage.js';
import { type LeaderboardRow, MATBENCH_TASKS, type MatbenchTask, leaderboardTable, matbenchTaskForIds, officialTestFolds, readLeaderboard } from '../materials/composition/evaluation/matbench.js';
import { DEFAULT_SELECTION_GRID } from '../materials/composition/models/select-model.js';
import { createRunDirectory, type RunDirectory } from '../node/run-directory.js';
import { readCsvFile } from '../node/read-csv-file.js';
import { readTextFile } from '../node/read-text-file.js';
import { TaskProgress } from '../node/task-progress.js';
import { bundledDataPath } from './bundled-data.js';
import { TRAIN_USAGE, type TrainCommandOptions, parseTrainOptions } from './composition-options.js';
import { writeTrainReport } from './composition-report.js';

/** How the rows were split for cross-validation. */
export interface CvPlan {
  readonly description: string;
  readonly folds: number[][];
  /** 0-based number of each fold in the full split. */
  readonly numbers: number[];
  /** Folds in the full split. */
  readonly total: number;
  /** The Matbench task when the official folds are used. */
  readonly matbench: MatbenchTask | undefined;
  readonly notes: string[];
}

/** Everything a finished training run produced (for the report and for tests). */
export interface TrainRun {
  readonly options: TrainCommandOptions;
  readonly table: PropertyTable;
  readonly plan: CvPlan;
  readonly result: CrossValidationResult;
  readonly leakage: readonly LeakedRow[];
  readonly leaderboard: readonly LeaderboardRow[];
  readonly modelOptions: CrossValidationModelOptions;
  readonly run: RunDirectory;
  /** Wall-clock seconds of the run. */
  readonly seconds: number;
  /** CPU seconds the process spent (user + system), a load-independent measure of the work. */
  readonly cpuSeconds: number;
}

/** The model settings for a `--model` choice (the tuned defaults of the composition workflow). */
export function modelOptionsFor(options: TrainCommandOptions): CrossValidationModelOptions {
  const train = {
    ...(options.epochs === undefined ? {} : { epochs: options.epochs }),
    ...(options.patience === undefined ? {} : { patience: options.patience }),
    ...(options.lr === undefined ? {} : { lr: options.lr }),
  };
  const base = {
    task: options.task,
    seed: options.seed,
    train,
    features: options.features,
    ...(options.selectFeatures === undefined ? {} : { selectFeatures: options.selectFeatures }),
    ...(options.select === undefined ? {} : { selection: { select: options.select, grid: DEFAULT_SELECTION_GRID } }),
  };
  switch (options.model) {
    case 'mlp':
      return { ...base, kind: 'mlp' };
    case 'ensemble':
      return { ...base, kind: 'ensemble', members: options.members ?? 5 };
    case 'attention':
      return { ...base, kind: 'attention', members: options.members ?? 1 };
  }
}

/** Chooses the folds: Matbench's official test folds, or (stratified, for classification) shuffled k-fold. */
export function planFolds(options: TrainCommandOptions, table: PropertyTable): CvPlan {
  const notes: string[] = [];
  const ids = table.ids;
  const task = ids === undefined ? undefined : matbenchTaskForIds(ids);
  const wantOfficial = options.cv.kind === 'official' || (options.cv.kind === 'auto' && task !== undefined);
  let plan: CvPlan;
  if (wantOfficial) {
    if (ids === undefined) throw new DataError({ file: options.data, column: options.idColumn }, '--cv official needs the sample id column (Matbench mbid) in the header');
    if (task === undefined) throw new DataError({ file: options.data, column: options.idColumn }, `--cv official: the ids (e.g. ${JSON.stringify(ids[0])}) are not ids of a bundled Matbench task; use --cv kfold:5`);
    const foldsFile = options.foldsFile ?? bundledDataPath('matbench', 'official_test_folds.json');
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(foldsFile, 'utf8'));
    } catch (error) {
      throw new DataError({ file: foldsFile }, `cannot read the official folds: ${(error as Error).message}`);
    }
    const { folds, unassigned, missing } = officialTestFolds(json, task.name, ids, foldsFile);
    if (unassigned.length > 0) notes.push(`${unassigned.length} rows are in no official test fold; they are used for training only.`);
    if (missing > 0) notes.push(`${missing} samples of the official folds are not in the data (skipped as invalid, or removed); the folds are otherwise the official ones, so scores are not exactly comparable with the leaderboard.`);
    plan = { description: `Matbench official test folds of ${task.name} (${folds.length} folds)`, folds, numbers: folds.map((_, i) => i), total: folds.length, matbench: task, notes };
  } else {
    const k = options.cv.kind === 'kfold' ? options.cv.k : 5;
    const n = table.compositions.length;
    const splitter = options.task === 'classification' ? new StratifiedKFold(k, { shuffle: true, seed: options.seed }) : new KFold(k, { shuffle: true, seed: options.seed });
    const folds = (options.task === 'classification' ? (splitter as StratifiedKFold).split(Array.from(table.targets)) : (splitter as KFold).split(n)).map((f) => [...f.test]);
    plan = { description: `${options.task === 'classification' ? 'stratified ' : ''}shuffled ${k}-fold cross-validation (seed ${options.seed})`, folds, numbers: folds.map((_, i) => i), total: folds.length, matbench: undefined, notes };
  }
  if (options.onlyFolds !== undefined) {
    const bad = options.onlyFolds.find((f) => f > plan.total);
    if (bad !== undefined) throw new ValueError(`composition train: --folds ${bad}: the split has only ${plan.total} folds`);
    const numbers = [...new Set(options.onlyFolds)].sort((a, b) => a - b).map((f) => f - 1);
    notes.push(`Only fold${numbers.length === 1 ? '' : 's'} ${numbers.map((f) => f + 1).join(', ')} of ${plan.total} ${numbers.length === 1 ? 'was' : 'were'} run (--folds); the summary covers ${numbers.length === 1 ? 'that fold' : 'those folds'} only.`);
    return { ...plan, folds: numbers.map((f) => plan.folds[f]!), numbers };
  }
  return plan;
}

/** The published leaderboard rows for a Matbench task, from the bundled per-fold CSV. */
export function bundledLeaderboard(task: MatbenchTask): LeaderboardRow[] {
  const table = readCsvFile(bundledDataPath('matbench', 'matbench_v0.1_leaderboard_perfold.csv'), { columns: { algorithm: 'string', task: 'string', fold: 'string', metric: 'string', value: 'number' } });
  const entries = readLeaderboard({ algorithm: table.column('algorithm'), task: table.column('task'), fold: table.column('fold'), metric: table.column('metric'), value: table.column('value') });
  return leaderboardTable(entries, task.name, task.metric);
}

/** Trains, cross-validates and writes the run folder. Returns what it did. */
export async function trainComposition(options: TrainCommandOptions): Promise<TrainRun> {
  const started = performance.now();
  const cpuStart = process.cpuUsage();
  const text = readTextFile(options.data);
  const table = readPropertyTable(text, {
    file: options.data,
    formulaColumn: options.formulaColumn,
    targetColumn: options.target,
    task: options.task,
    idColumn: options.idColumn,
    skipInvalid: options.skipInvalid,
  });
  if (options.task === 'classification' && new Set(table.targets).size < 2) {
    throw new DataError({ file: options.data, column: options.target }, 'classification needs both classes among the targets');
  }
  const plan = planFolds(options, table);
  const modelOptions = modelOptionsFor(options);
  const run = createRunDirectory({ command: 'composition-train', out: options.out });
  run.writeConfig({ ...options, modelOptions });

  const members = (modelOptions.kind === 'mlp' ? 1 : modelOptions.members ?? 5) * (modelOptions.selection?.grid?.length ?? 1);
  const progress = new TaskProgress('training', plan.folds.length * members, { mode: options.quiet ? 'silent' : 'auto' });
  let result: CrossValidationResult;
  try {
    result = await crossValidate(table.compositions, table.targets, plan.folds, modelOptions, {
      foldNumbers: plan.numbers,
      onMemberEnd: (f, _folds, m, count, report) => progress.tick(`fold ${f + 1}/${plan.total} network ${m + 1}/${count} (best epoch ${report.bestEpoch})`),
    });
  } finally {
    progress.finish();
  }
  const leakage = foldLeakage(table.compositions, plan.folds, { foldNumbers: plan.numbers });
  const leaderboard = plan.matbench === undefined ? [] : bundledLeaderboard(plan.matbench);
  const cpu = process.cpuUsage(cpuStart);
  const trained: TrainRun = { options, table, plan, result, leakage, leaderboard, modelOptions, run, seconds: (performance.now() - started) / 1000, cpuSeconds: (cpu.user + cpu.system) / 1e6 };
  writeTrainReport(trained);
  return trained;
}

/** A one-screen summary of a finished run for the terminal. */
export function trainSummary(t: TrainRun): string {
  const lines: string[] = [];
  const metric = t.options.task === 'regression' ? 'mae' : 'rocauc';
  lines.push(`${t.options.model} on ${t.table.compositions.length} compositions from ${t.options.data} (${t.plan.description})`);
  for (const f of t.result.folds) {
    lines.push(`  fold ${f.fold + 1}: ${Object.entries(f.metrics).map(([k, v]) => `${k} ${v.toFixed(4)}`).join(' · ')}  (train ${f.trainSize}, test ${f.testSize})`);
    if (f.selection !== undefined) lines.push(`    inner selection: ${f.selection.candidates.map((c) => `${c.label} ${c.innerError.toFixed(4)}`).join(' · ')} → ${f.selection.chosen.join(' + ')}`);
  }
  const s = t.result.summary[metric]!;
  lines.push(`  mean ${metric} over ${t.result.folds.length} folds: ${s.mean.toFixed(4)} ± ${s.std.toFixed(4)}`);
  if (t.table.skipped.length > 0) lines.push(`  skipped ${t.table.skipped.length} invalid rows (listed in the report)`);
  if (t.leakage.length > 0) lines.push(`  leakage: ${t.leakage.filter((l) => l.exact).length} test rows have an identical and ${t.leakage.filter((l) => !l.exact).length} a near-identical composition in their training folds (listed in the report)`);
  lines.push(`run folder: ${t.run.path} (report.html, metrics.json, predictions.csv, model.json + model.safetensors)`);
  return `${lines.join('\n')}\n`;
}

/** `tensorite composition train …`. */
export async function runCompositionTrain(argv: readonly string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(MATBENCH_HINT);
    return 0;
  }
  const options = parseTrainOptions(argv);
  const trained = await trainComposition(options);
  process.stdout.write(trainSummary(trained));
  return 0;
}

const MATBENCH_HINT = `${TRAIN_USAGE}
Bundled data: data/matbench/${MATBENCH_TASKS.steels.file} (--target "yield strength"),
  ${MATBENCH_TASKS.glass.file} (--target gfa --task classification), ${MATBENCH_TASKS.expt_is_metal.file} (--target is_metal --task classification)
`;
