import { parseArgs } from 'node:util';
import { manualSeed } from '../core/random.js';
import { ValueError } from '../core/errors.js';
import type { Matrix } from '../data/scalers/matrix.js';
import { createRunDirectory } from '../node/run-directory.js';
import { readTepRun } from '../node/tep-files.js';
import { PcaMonitor } from '../process/pca-monitor.js';
import { thresholdAtFalseAlarmRate } from '../process/detection.js';
import { detectorStatistic, evaluateMonitoring, pcaStatistics, type MonitoredRun, type MonitoringStatistic } from '../process/monitoring.js';
import { ReconstructionDetector } from '../process/reconstruction-detector.js';
import { TEP_FAULT_ONSET, TEP_TAGS } from '../process/tep.js';
import { intFlag, listFlag, numberFlag, progressCallbacks, readSeriesFile } from './process-args.js';
import { monitorReport } from './process-monitor-report.js';

export const MONITOR_HELP = `tensorite process monitor — fault detection: PCA T²/SPE and deep detectors

Usage:
  tensorite process monitor [--train FILE --test FILE[,FILE…] --onset ROW] [options]

Without --train/--test, the bundled Tennessee Eastman data: trains on d00.dat and tests on d00_te.dat and
the 21 fault runs d01_te … d21_te (fault from 0-based row 160).
Options:
  --method M         pca, ae, vae, lstm-ae or all (default all); several comma-separated
  --time-column C    time column of CSV files (default: the first)
  --onset ROW        0-based row of the fault onset in each --test file (default: none, a normal run)
  --components N     PCA components (default 9)      --confidence P   control-limit level (default 0.99)
  --far R            false-alarm rate of the deep detectors' thresholds on validation data (default 0.01)
  --val-fraction F   last fraction of the training data kept for thresholds (default 0.4)
  --folds K          ae and vae: train on all normal data and set the threshold from K-fold
                     out-of-fold scores (default 5; 0: train on the first part, threshold on the held-out tail)
  --normalisation N  deep detectors: each variable's squared error divided by its mean error on normal
                     data, floored at the median over variables ('floored', default), not floored
                     ('variable'), or one divisor for all ('pooled', the SPE of the autoencoder)
  --amplitudes A     deep detectors: train on the normal data scaled by each factor (default 1,1.5;
                     1 = the normal data only)
  --epochs N         training epochs of the dense detectors ae and vae (default 100)
  --seq-epochs N     training epochs of the LSTM autoencoder (default 30)
  --seed N           random seed (default 0)       --quiet        no progress output
  --out DIR          run folder (default: a new folder under runs/)
`;

const METHODS = ['pca', 'ae', 'vae', 'lstm-ae'] as const;
const NORMALISATIONS = ['floored', 'variable', 'pooled'] as const;

/** `tensorite process monitor`. */
export async function runProcessMonitor(argv: readonly string[]): Promise<number> {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      train: { type: 'string' }, test: { type: 'string' }, onset: { type: 'string' }, method: { type: 'string' },
      'time-column': { type: 'string' }, components: { type: 'string' }, confidence: { type: 'string' }, far: { type: 'string' },
      'val-fraction': { type: 'string' }, normalisation: { type: 'string' }, amplitudes: { type: 'string' }, folds: { type: 'string' }, epochs: { type: 'string' }, 'seq-epochs': { type: 'string' }, seed: { type: 'string' }, quiet: { type: 'boolean' },
      out: { type: 'string' }, help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help === true) {
    process.stdout.write(MONITOR_HELP);
    return 0;
  }
  const cmd = 'process monitor';
  const methods = listFlag(values.method) ?? ['all'];
  const chosen = methods.includes('all') ? [...METHODS] : methods;
  for (const m of chosen) if (!(METHODS as readonly string[]).includes(m)) throw new ValueError(`${cmd}: unknown --method ${JSON.stringify(m)}; expected ${METHODS.join(', ')} or all`);
  const components = intFlag(cmd, 'components', values.components, 9);
  const confidence = numberFlag(cmd, 'confidence', values.confidence, 0.99, 0, 1);
  const far = numberFlag(cmd, 'far', values.far, 0.01, 0, 1);
  const valFraction = numberFlag(cmd, 'val-fraction', values['val-fraction'], 0.4, 0, 1);
  const folds = intFlag(cmd, 'folds', values.folds, 5, 0);
  const epochs = intFlag(cmd, 'epochs', values.epochs, 100);
  const normalisation = NORMALISATIONS.find((n) => n === (values.normalisation ?? 'floored'));
  if (normalisation === undefined) throw new ValueError(`${cmd}: --normalisation must be ${NORMALISATIONS.join(', ')}, got ${JSON.stringify(values.normalisation)}`);
  const amplitudes = (listFlag(values.amplitudes) ?? ['1', '1.5']).map((a) => numberFlag(cmd, 'amplitudes', a, 1, 0));
  const seqEpochs = intFlag(cmd, 'seq-epochs', values['seq-epochs'], 30);
  const seed = intFlag(cmd, 'seed', values.seed, 0, 0);
  const quiet = values.quiet === true;
  const log = (line: string): void => {
    if (!quiet) process.stderr.write(`${line}\n`);
  };

  // Data: the bundled TEP runs, or the user's files.
  let normal: Matrix;
  let runs: MonitoredRun[];
  let tags: readonly string[];
  let source: string;
  if (values.train === undefined && values.test === undefined) {
    normal = readTepRun(0, 'train');
    runs = [{ name: 'normal (d00_te)', data: readTepRun(0, 'test'), onset: 960 }];
    for (let f = 1; f <= 21; f++) runs.push({ name: `IDV(${f})`, data: readTepRun(f, 'test'), onset: TEP_FAULT_ONSET });
    tags = TEP_TAGS;
    source = 'Tennessee Eastman (bundled): trained on d00.dat, tested on d00_te.dat and d01_te … d21_te.dat';
  } else {
    if (values.train === undefined || values.test === undefined) throw new ValueError(`${cmd}: give both --train and --test (or neither, for the bundled TEP data)`);
    const train = readSeriesFile(values.train, values['time-column']);
    tags = train.series.tags;
    normal = train.series.values;
    runs = (listFlag(values.test) ?? []).map((file) => {
      const t = readSeriesFile(file, values['time-column'], tags).series.values;
      const onset = values.onset === undefined ? t.rows : intFlag(cmd, 'onset', values.onset, 0, 0);
      if (onset > t.rows) throw new ValueError(`${cmd}: --onset ${onset} is past the end of ${file} (${t.rows} rows)`);
      return { name: file, data: t, onset };
    });
    source = `trained on ${values.train}; tested on ${values.test}`;
  }

  const run = createRunDirectory({ command: 'process-monitor', out: values.out });
  run.writeConfig({ ...values, methods: chosen, components, confidence, far, valFraction, folds, normalisation, amplitudes, epochs, seqEpochs, seed });
  manualSeed(seed);
  const statistics: MonitoringStatistic[] = [];
  const settings: Record<string, unknown> = {};
  const notes: string[] = [];
  if (chosen.includes('pca')) {
    const pca = PcaMonitor.fit(normal, { components, confidence });
    statistics.push(...pcaStatistics(pca));
    run.writeJson('pca-model.json', {
      components, confidence, samples: pca.samples, t2Limit: pca.t2Limit, speLimit: pca.speLimit,
      eigenvalues: Array.from(pca.eigenvalues), loadings: Array.from(pca.loadings), scaler: pca.scaler.toJSON(),
    });
    log(`PCA: ${components} components, T² limit ${pca.t2Limit.toFixed(2)}, SPE limit ${pca.speLimit.toFixed(2)}`);
  }
  // Deep detectors: chronological split of the normal data — the first part trains, the rest sets the threshold.
  const nTrain = Math.round(normal.rows * (1 - valFraction));
  const span = (from: number, to: number): Matrix => ({ data: normal.data.slice(from * normal.cols, to * normal.cols), rows: to - from, cols: normal.cols });
  for (const kind of ['ae', 'vae', 'lstm-ae'] as const) {
    if (!chosen.includes(kind)) continue;
    const crossValidated = folds > 0 && kind !== 'lstm-ae';
    const options = { kind, epochs: kind === 'lstm-ae' ? seqEpochs : epochs, falseAlarmRate: far, normalisation, amplitudes, callbacks: progressCallbacks(quiet) };
    log(crossValidated ? `${kind}: training on ${normal.rows} normal samples, threshold from ${folds}-fold out-of-fold scores` : `${kind}: training on ${nTrain} normal samples, threshold on the next ${normal.rows - nTrain}`);
    const detector = crossValidated ? await ReconstructionDetector.fitCrossValidated(normal, { ...options, folds })
      : await ReconstructionDetector.fit(span(0, nTrain), span(nTrain, normal.rows), options);
    const name = kind === 'lstm-ae' ? 'LSTM-AE' : kind.toUpperCase();
    statistics.push(detectorStatistic(name, detector));
    settings[name] = { ...detector.options, thresholdFrom: crossValidated ? `${folds}-fold out-of-fold scores of all normal samples` : `normal samples ${nTrain}–${normal.rows - 1}` };
    run.writeSafetensors(`${kind}-weights.safetensors`, detector.model.stateDict());
    run.writeJson(`${kind}-detector.json`, { ...detector.options, threshold: detector.threshold, errorScale: Array.from(detector.errorScale), scaler: detector.scaler.toJSON() });
  }
  if (chosen.some((m) => m !== 'pca')) {
    const where = folds > 0 ? `all ${normal.rows} normal training samples, each scored by a model trained without it (${folds} folds; LSTM-AE: the last ${normal.rows - nTrain} samples)` : `the last ${normal.rows - nTrain} normal training samples (validation)`;
    notes.push(`Deep detectors: each variable's squared reconstruction error divided by ${normalisation === 'pooled' ? 'the mean error over all variables' : `its mean error on normal data${normalisation === 'floored' ? ' (at least the median over variables)' : ''}`}, averaged over variables and smoothed by an EWMA (α = 0.1); trained on the normal data${amplitudes.length > 1 || amplitudes[0] !== 1 ? ` scaled by ${amplitudes.join(', ')}` : ''}.`);
    notes.push(`Deep detectors: thresholds at the ${(100 * (1 - far)).toFixed(1)} % quantile of the smoothed score on ${where}, never on test data.`);
  }

  const evaluation = evaluateMonitoring(statistics, runs, (i) => log(`scored ${runs[i]!.name}`));
  const table = evaluation.runs.map((name, i) => ({
    run: name, onset: runs[i]!.onset,
    ...Object.fromEntries(evaluation.statistics.map((s, j) => [s, evaluation.table[i]![j]])),
  }));
  const matched = matchedFalseAlarm(evaluation, runs, 0.05);
  run.writeJson('metrics.json', { source, statistics: statistics.map((s) => ({ name: s.name, limit: s.limit, ...(settings[s.name] === undefined ? {} : { settings: settings[s.name] }) })), table, matchedFalseAlarm: matched, notes });
  run.writeCsv('detection.csv', {
    run: evaluation.runs,
    ...Object.fromEntries(evaluation.statistics.flatMap((s, j) => [
      [`${s} detection rate`, evaluation.table.map((row) => row[j]!.detectionRate)],
      [`${s} false-alarm rate`, evaluation.table.map((row) => row[j]!.falseAlarmRate)],
      [`${s} delay`, evaluation.table.map((row) => row[j]!.delay ?? Number.NaN)],
    ])),
  });
  evaluation.runs.forEach((name, i) => {
    const file = `scores/${name.replace(/[^A-Za-z0-9_.-]+/g, '_')}.csv`;
    run.writeCsv(file, { sample: Array.from({ length: runs[i]!.data.rows }, (_, r) => r), ...Object.fromEntries(evaluation.statistics.map((s, j) => [s, evaluation.series[i]![j]!])) });
  });
  run.writeText('report.html', monitorReport({ source, statistics, runs, evaluation, matched, tags, notes, files: run.written }));
  process.stdout.write(`${formatTable(evaluation)}\nwrote ${run.path}/report.html\n`);
  return 0;
}

/** The detection table as text (detection rate %, and false-alarm rate % for runs without a fault). */
export function formatTable(evaluation: ReturnType<typeof evaluateMonitoring>): string {
  const head = ['run'.padEnd(18), ...evaluation.statistics.map((s) => s.padStart(10))].join('');
  const lines = evaluation.runs.map((name, i) => [name.padEnd(18), ...evaluation.table[i]!.map((d) => {
    const v = Number.isNaN(d.detectionRate) ? d.falseAlarmRate : d.detectionRate;
    return (100 * v).toFixed(1).padStart(10);
  })].join(''));
  return [`${head}   (detection rate %, false-alarm rate % for normal runs)`, ...lines].join('\n');
}

/** Detection rates when every statistic's threshold is set to a false-alarm rate `rate` on the normal test run. */
export interface MatchedFalseAlarm {
  readonly rate: number;
  readonly normalRun: string;
  /** detection[run][statistic], NaN for the normal run. */
  readonly detection: readonly (readonly number[])[];
}

/**
 * An evaluation (not an alarm setting): thresholds at the `1 − rate` quantile of each statistic on the first
 * normal test run, so all methods are compared at the same false-alarm rate. Undefined without a normal run.
 */
export function matchedFalseAlarm(evaluation: ReturnType<typeof evaluateMonitoring>, runs: readonly MonitoredRun[], rate: number): MatchedFalseAlarm | undefined {
  const normal = runs.findIndex((r) => r.onset >= r.data.rows);
  if (normal < 0) return undefined;
  const thresholds = evaluation.statistics.map((_, j) => thresholdAtFalseAlarmRate(evaluation.series[normal]![j]!, rate));
  const detection = runs.map((run, i) => thresholds.map((thr, j) => {
    if (run.onset >= run.data.rows) return Number.NaN;
    const s = evaluation.series[i]![j]!;
    let n = 0;
    for (let r = run.onset; r < s.length; r++) n += s[r]! > thr ? 1 : 0;
    return n / (s.length - run.onset);
  }));
  return { rate, normalRun: runs[normal]!.name, detection };
}
