import { parseArgs } from 'node:util';
import { manualSeed } from '../core/random.js';
import { ValueError } from '../core/errors.js';
import { createRunDirectory } from '../node/run-directory.js';
import { readTepRun } from '../node/tep-files.js';
import { integratedGradients } from '../process/attribution.js';
import { runForecast } from '../process/forecast.js';
import { forecasterFactory, FORECASTER_NAMES } from '../process/forecaster-factory.js';
import { TEP_SAMPLE_MINUTES, TEP_TAGS } from '../process/tep.js';
import type { ProcessSeries } from '../process/series.js';
import { intFlag, listFlag, numberFlag, progressCallbacks, readSeriesFile } from './process-args.js';
import { forecastReport } from './process-forecast-report.js';

const help = (sub: string): string => `tensorite process ${sub} — ${sub === 'forecast' ? 'multi-step forecasting with prediction intervals' : 'soft sensor: estimate a lab/analyser variable from the other tags'}

Usage:
  tensorite process ${sub} --data FILE --time-column COL --targets A,B [options]
Without --data, the bundled Tennessee Eastman test run d00_te (960 samples, 3 min): ${sub === 'forecast' ? 'XMEAS(9), reactor temperature, 10 steps (30 min) ahead from all 52 tags' : 'XMEAS(38), E in the product, from XMEAS 1–22 and XMV 1–11'}.
Options:
  --inputs A,B       input tags (default: ${sub === 'forecast' ? 'every tag' : 'every tag except the targets'})
  --lookback N       past samples per window (default ${sub === 'forecast' ? 20 : 10})
  --horizon H        samples ahead (default ${sub === 'forecast' ? 10 : 1})
  --stride S         samples between windows (default 1)
  --model M          ${FORECASTER_NAMES.join(', ')} (default mlp)
  --epochs N         (default 100)    --lr X (default 1e-4 mlp, 1e-3 others)    --hidden N (default 64 mlp, 32 others)    --seed N (default 0)
  --val-fraction F / --test-fraction F   chronological split (default 0.15 each, gaps of lookback + horizon − 1)
  --quiet            no progress output
  --out DIR          run folder (default: a new folder under runs/)
`;

/** `tensorite process forecast|softsensor`. */
export async function runProcessForecast(sub: 'forecast' | 'softsensor', argv: readonly string[]): Promise<number> {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      data: { type: 'string' }, 'time-column': { type: 'string' }, targets: { type: 'string' }, inputs: { type: 'string' },
      lookback: { type: 'string' }, horizon: { type: 'string' }, stride: { type: 'string' }, model: { type: 'string' },
      epochs: { type: 'string' }, lr: { type: 'string' }, hidden: { type: 'string' }, seed: { type: 'string' },
      'val-fraction': { type: 'string' }, 'test-fraction': { type: 'string' }, quiet: { type: 'boolean' },
      out: { type: 'string' }, help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help === true) {
    process.stdout.write(help(sub));
    return 0;
  }
  const cmd = `process ${sub}`;
  const soft = sub === 'softsensor';
  const lookback = intFlag(cmd, 'lookback', values.lookback, soft ? 10 : 20);
  const horizon = intFlag(cmd, 'horizon', values.horizon, soft ? 1 : 10);
  const stride = intFlag(cmd, 'stride', values.stride, 1);
  const epochs = intFlag(cmd, 'epochs', values.epochs, 100);
  const hidden = values.hidden === undefined ? undefined : intFlag(cmd, 'hidden', values.hidden, 64);
  const seed = intFlag(cmd, 'seed', values.seed, 0, 0);
  const modelName = values.model ?? 'mlp';
  // The MLP starts at the ridge solution and learns a correction: a small step size keeps it near there.
  const lr = numberFlag(cmd, 'lr', values.lr, modelName === 'mlp' ? 1e-4 : 1e-3, 0, 1);
  const valFraction = numberFlag(cmd, 'val-fraction', values['val-fraction'], 0.15, 0, 0.5);
  const testFraction = numberFlag(cmd, 'test-fraction', values['test-fraction'], 0.15, 0, 0.5);
  const factory = forecasterFactory(modelName, { hidden, bidirectional: soft });

  let series: ProcessSeries;
  let mask: ProcessSeries['values'] | undefined;
  let targets: string[];
  let inputs: string[] | undefined;
  let dataNote: string;
  let minutesPerStep: number | undefined;
  if (values.data === undefined) {
    const x = readTepRun(0, 'test');
    series = { file: 'd00_te.dat', time: Float64Array.from({ length: x.rows }, (_, i) => i * TEP_SAMPLE_MINUTES), timeIsDate: false, tags: TEP_TAGS, values: x, lines: new Int32Array(0) };
    targets = listFlag(values.targets) ?? [soft ? 'XMEAS(38)' : 'XMEAS(9)'];
    inputs = listFlag(values.inputs) ?? (soft ? TEP_TAGS.filter((_, i) => i < 22 || i >= 41) : undefined);
    dataNote = 'Tennessee Eastman normal-operation test run d00_te (bundled): 960 samples every 3 min; time in minutes.';
    minutesPerStep = TEP_SAMPLE_MINUTES;
  } else {
    const targetList = listFlag(values.targets);
    if (targetList === undefined || targetList.length === 0) throw new ValueError(`${cmd}: --targets is required with --data`);
    const read = readSeriesFile(values.data, values['time-column']);
    series = read.series;
    mask = read.filled > 0 ? read.mask : undefined;
    targets = targetList;
    inputs = listFlag(values.inputs) ?? (soft ? series.tags.filter((t) => !targetList.includes(t)) : undefined);
    dataNote = `${values.data}: ${series.values.rows} rows × ${series.tags.length} tags${read.resampled ? ', resampled to a regular grid (median step)' : ''}${read.filled > 0 ? `, ${read.filled} missing readings interpolated (mask channels added as inputs)` : ''}.`;
  }

  const run = createRunDirectory({ command: `process-${sub}`, out: values.out });
  run.writeConfig({ ...values, lookback, horizon, stride, epochs, hidden, seed, lr, model: modelName, targets, inputs: inputs ?? 'all' });
  manualSeed(seed);
  const result = await runForecast(series, {
    targets, inputs, lookback, horizon, stride, offset: soft ? 0 : 1, valFraction, testFraction, mask,
    model: factory, epochs, lr, callbacks: progressCallbacks(values.quiet === true),
  });

  // Attributions per input channel (tags, then mask channels) and lag on the test windows.
  const inputTags = inputs ?? series.tags;
  const channels = mask === undefined ? inputTags : [...inputTags, ...inputTags.map((tag) => `${tag} (filled)`)];
  const attributions = integratedGradients(result.model, result.testWindows, { target: 0, step: horizon - 1 });

  const nt = targets.length;
  const time = (row: number): number => series.time[row]!;
  const step = series.time[1]! - series.time[0]!;
  const rowsOut: Record<string, (number | string)[]> = { window_end_time: [], target_time: [], step: [], target: [], actual: [], persistence: [], ridge: [], ...(result.test.recursive === undefined ? {} : { ridge_recursive: [] }), median: [], lower: [], upper: [] };
  const t = result.test;
  const count = t.ends.length;
  for (let i = 0; i < count; i++) {
    for (let h = 0; h < horizon; h++) {
      for (let k = 0; k < nt; k++) {
        const j = (i * horizon + h) * nt + k;
        rowsOut['window_end_time']!.push(time(t.ends[i]!));
        rowsOut['target_time']!.push(time(t.ends[i]!) + (h + (soft ? 0 : 1)) * step);
        rowsOut['step']!.push(h + (soft ? 0 : 1));
        rowsOut['target']!.push(targets[k]!);
        rowsOut['actual']!.push(t.actual[j]!);
        rowsOut['persistence']!.push(t.persistence[j]!);
        rowsOut['ridge']!.push(t.ridge[j]!);
        if (t.recursive !== undefined) rowsOut['ridge_recursive']!.push(t.recursive[j]!);
        rowsOut['median']!.push(t.median[j]!);
        rowsOut['lower']!.push(t.lower[j]!);
        rowsOut['upper']!.push(t.upper[j]!);
      }
    }
  }
  run.writeCsv('predictions.csv', rowsOut);
  const last = series.time[series.time.length - 1]!;
  const future: Record<string, (number | string)[]> = { time: [], step: [], target: [], median: [], lower: [], upper: [] };
  for (let h = 0; h < horizon; h++) {
    for (let k = 0; k < nt; k++) {
      future['time']!.push(last + (h + (soft ? 0 : 1)) * step);
      future['step']!.push(h + (soft ? 0 : 1));
      future['target']!.push(targets[k]!);
      future['median']!.push(result.future.median[h * nt + k]!);
      future['lower']!.push(result.future.lower[h * nt + k]!);
      future['upper']!.push(result.future.upper[h * nt + k]!);
    }
  }
  run.writeCsv('future.csv', future);
  run.writeSafetensors('model.safetensors', result.model.stateDict());
  run.writeJson('scalers.json', { inputs: result.inputScaler.toJSON(), targets: result.targetScaler.toJSON(), fittedOnRows: result.split.train });
  const metrics = {
    task: sub, data: dataNote, targets, inputs: inputTags, lookback, horizon, model: modelName,
    split: result.split, ridgeLambda: result.ridgeLambda, conformalWidening: Array.from(result.conformalWidening),
    scores: result.scores, coverage: result.coverage, interval: '10–90 % (quantile heads, split-conformal on validation)',
    epochs: result.history.length,
  };
  run.writeJson('metrics.json', metrics);
  run.writeText('report.html', forecastReport({
    sub, dataNote, series, targets, channels, lookback, horizon, modelName, result, attributions, minutesPerStep, files: run.written,
  }));
  const baseline = soft ? 'training mean' : 'persistence';
  // The headline metric of a multi-step forecast is the RMSE over the whole horizon (steps 1 … h).
  const sc = result.scores;
  const allSteps = (k: number): string => (horizon > 1 && !soft ? `RMSE over steps 1–${horizon} — ${baseline} ${sc.persistence.rmseAllSteps[k]!.toPrecision(4)}, ridge ${sc.ridge.rmseAllSteps[k]!.toPrecision(4)}, ${modelName} ${sc.model.rmseAllSteps[k]!.toPrecision(4)}; ` : '');
  const lines = targets.map((name, k) => `${name}: ${allSteps(k)}RMSE at step ${horizon} — ${baseline} ${sc.persistence.rmseLastStep[k]!.toPrecision(4)}, ridge ${sc.ridge.rmseLastStep[k]!.toPrecision(4)}, ${modelName} ${sc.model.rmseLastStep[k]!.toPrecision(4)}; 10–90 % interval coverage ${(100 * result.coverage[k]!).toFixed(1)} %`);
  process.stdout.write(`${lines.join('\n')}\nwrote ${run.path}/report.html\n`);
  return 0;
}

