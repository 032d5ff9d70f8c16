import { HtmlReport } from '../report/html/report.js';
import { attentionHeatmapSvg } from '../report/svg/attention-heatmap.js';
import { barChartSvg } from '../report/svg/bar-chart.js';
import { Seq2SeqForecaster } from '../process/sequence-forecasters.js';
import { predictWindows } from '../process/forecast.js';
import { learningCurveSvg } from '../report/svg/learning-curve.js';
import { timeSeriesSvg } from '../report/svg/time-series.js';
import { VERSION } from '../version.js';
import type { ForecastResult } from '../process/forecast.js';
import type { ProcessSeries } from '../process/series.js';

/** What the forecasting / soft-sensor report shows. */
export interface ForecastReportInput {
  readonly sub: 'forecast' | 'softsensor';
  readonly dataNote: string;
  readonly series: ProcessSeries;
  readonly targets: readonly string[];
  /** Names of the model's input channels (tags, then mask channels). */
  readonly channels: readonly string[];
  readonly lookback: number;
  readonly horizon: number;
  readonly modelName: string;
  readonly result: ForecastResult;
  readonly attributions: Float64Array;
  readonly minutesPerStep?: number;
  readonly files: readonly string[];
}

/** The self-contained HTML report of `tensorite process forecast|softsensor`. */
export function forecastReport(input: ForecastReportInput): string {
  const { result, targets, horizon, series } = input;
  const soft = input.sub === 'softsensor';
  const nt = targets.length;
  const baseline = soft ? 'training mean' : 'persistence';
  const title = soft ? 'Soft sensor' : 'Process forecast';
  const timeLabel = input.minutesPerStep === undefined ? 'time' : 'time (min)';
  const report = new HtmlReport({ title: `${title}: ${targets.join(', ')}`, subtitle: input.dataNote, footer: `tensorite ${VERSION} · ${new Date().toISOString()}` });

  const task = report.section('Task and split');
  const ahead = input.minutesPerStep === undefined ? `${horizon} steps` : `${horizon} steps (${horizon * input.minutesPerStep} min)`;
  task.paragraph(soft
    ? `Estimate ${targets.join(', ')} at each sample from the last ${input.lookback} samples of ${input.channels.length} input channels (the targets themselves are not inputs).`
    : `Forecast ${targets.join(', ')} 1 … ${ahead} ahead from the last ${input.lookback} samples of ${input.channels.length} input channels; direct multi-output, one model for all steps.`);
  const { split } = result;
  const t = (row: number): number => series.time[Math.min(row, series.time.length - 1)]!;
  task.table(['span', 'rows', 'time from', 'time to'], [
    ['training', `${split.train[0]} – ${split.train[1] - 1}`, t(split.train[0]), t(split.train[1] - 1)],
    ['validation', `${split.val[0]} – ${split.val[1] - 1}`, t(split.val[0]), t(split.val[1] - 1)],
    ['test (held-out time)', `${split.test[0]} – ${split.test[1] - 1}`, t(split.test[0]), t(split.test[1] - 1)],
  ]);
  task.notes([
    'Chronological split with gaps of lookback + horizon − 1 rows, so no window straddles two spans.',
    'Scalers are fitted on the training rows only; every number below is in engineering units.',
    `Models: ${baseline}; ridge regression on all lags (λ = ${result.ridgeLambda}, chosen on validation); ${input.modelName} with quantile heads (pinball loss, levels 0.1/0.5/0.9), early stopping on validation.`,
    'The 10–90 % interval is widened by split-conformal calibration on the validation windows.',
    ...(soft || horizon === 1 ? [] : [`Headline metric: the RMSE over the whole horizon (all steps 1 … ${horizon} of every test window, engineering units); the RMSE at step ${horizon} alone is shown beside it.`]),
  ]);

  const scores = report.section('Test scores');
  const rows = targets.flatMap((name, k) => [
    [name, baseline, result.scores.persistence.rmseLastStep[k]!, result.scores.persistence.rmseAllSteps[k]!, result.scores.persistence.maeLastStep[k]!, null],
    [name, 'ridge on lags (direct)', result.scores.ridge.rmseLastStep[k]!, result.scores.ridge.rmseAllSteps[k]!, result.scores.ridge.maeLastStep[k]!, null],
    ...(result.scores.recursive === undefined ? [] : [[name, 'ridge on lags (recursive one-step)', result.scores.recursive.rmseLastStep[k]!, result.scores.recursive.rmseAllSteps[k]!, result.scores.recursive.maeLastStep[k]!, null]]),
    [name, input.modelName, result.scores.model.rmseLastStep[k]!, result.scores.model.rmseAllSteps[k]!, result.scores.model.maeLastStep[k]!, `${(100 * result.coverage[k]!).toFixed(1)} %`],
  ]);
  scores.table(['target', 'model', `RMSE at step ${horizon}`, horizon > 1 ? `RMSE over steps 1–${horizon}` : 'RMSE over all steps', `MAE at step ${horizon}`, '10–90 % coverage'], rows, { digits: 4 });

  const plots = report.section('Forecast vs actual');
  for (let k = 0; k < nt; k++) {
    const count = result.test.ends.length;
    const idx = Array.from({ length: count }, (_, i) => (i * horizon + horizon - 1) * nt + k);
    const x = Float64Array.from({ length: count }, (_, i) => series.time[result.test.ends[i]! + horizon - (soft ? 1 : 0)]!);
    const actual = Float64Array.from(idx, (j) => result.test.actual[j]!);
    const median = Float64Array.from(idx, (j) => result.test.median[j]!);
    plots.figure(timeSeriesSvg({
      x, xLabel: timeLabel, yLabel: targets[k]!, title: `${targets[k]}: test span, step ${horizon}`,
      lines: [
        { name: `${input.modelName} median`, values: median, band: { lower: Float64Array.from(idx, (j) => result.test.lower[j]!), upper: Float64Array.from(idx, (j) => result.test.upper[j]!), name: '10–90 % interval' } },
        { name: 'actual', values: actual, dots: true },
        { name: 'ridge', values: Float64Array.from(idx, (j) => result.test.ridge[j]!) },
      ],
    }));
    plots.figure(timeSeriesSvg({
      x, xLabel: timeLabel, yLabel: `residual (${targets[k]})`, title: `${targets[k]}: residuals over time (actual − predicted)`,
      lines: [
        { name: input.modelName, values: actual.map((v, i) => v - median[i]!) },
        { name: 'ridge', values: actual.map((v, i) => v - result.test.ridge[idx[i]!]!) },
      ],
      hLines: [{ value: 0, name: 'zero' }],
    }));
    // Past the end of the data.
    const histFrom = Math.max(0, series.values.rows - 100);
    const hist = Float64Array.from({ length: series.values.rows - histFrom }, (_, i) => series.values.data[(histFrom + i) * series.values.cols + series.tags.indexOf(targets[k]!)]!);
    const step = series.time[1]! - series.time[0]!;
    const last = series.time[series.time.length - 1]!;
    const n = hist.length + horizon;
    const xs = Float64Array.from({ length: n }, (_, i) => (i < hist.length ? series.time[histFrom + i]! : last + (i - hist.length + (soft ? 0 : 1)) * step));
    const pad = (v: Float64Array): Float64Array => Float64Array.from({ length: n }, (_, i) => (i < hist.length ? Number.NaN : v[(i - hist.length) * nt + k]!));
    plots.figure(timeSeriesSvg({
      x: xs, xLabel: timeLabel, yLabel: targets[k]!, title: `${targets[k]}: forecast past the end of the data`,
      lines: [
        { name: 'history', values: Float64Array.from({ length: n }, (_, i) => (i < hist.length ? hist[i]! : Number.NaN)) },
        { name: 'forecast (median)', values: pad(result.future.median), dots: horizon === 1, band: { lower: pad(result.future.lower), upper: pad(result.future.upper), name: '10–90 % interval' } },
      ],
      vLines: [{ at: last, name: 'end of data' }],
    }));
  }

  const training = report.section('Training');
  training.figure(learningCurveSvg({ series: [{ name: 'train', values: result.history.trainLoss }, { name: 'validation', values: result.history.valLoss }], yLabel: 'pinball loss (standardised)', best: { series: 'validation' } }));

  const interp = report.section('Interpretation');
  interp.paragraph(`Integrated gradients of the median ${targets[0]} forecast at step ${horizon} on the test windows (all-zero baseline = the training mean), mean absolute value: which input channels and which lags the model uses.`);
  const L = input.lookback;
  const C = input.channels.length;
  const perChannel = Array.from({ length: C }, (_, c) => {
    let s = 0;
    for (let l = 0; l < L; l++) s += input.attributions[l * C + c]!;
    return { tag: input.channels[c]!, value: s };
  }).sort((a, b) => b.value - a.value).slice(0, 15);
  interp.figure(barChartSvg({ labels: perChannel.map((p) => p.tag), values: perChannel.map((p) => p.value), title: 'Attribution per input channel (summed over lags)', valueLabel: 'mean |integrated gradient|' }));
  const perLag = Array.from({ length: L }, (_, l) => {
    let s = 0;
    for (let c = 0; c < C; c++) s += input.attributions[l * C + c]!;
    return s;
  });
  interp.figure(barChartSvg({ labels: perLag.map((_, l) => `t−${L - 1 - l}`), values: perLag, title: 'Attribution per lag (summed over channels)', valueLabel: 'mean |integrated gradient|' }));

  if (result.model instanceof Seq2SeqForecaster) {
    // Mean attention over the test windows: which past samples each forecast step looks at.
    predictWindows(result.model, result.testWindows, result.testWindows.count);
    const att = result.model.lastAttention;
    if (att !== undefined) {
      const [b, h, l] = att.shape as [number, number, number];
      const a = att.data();
      const weights = Array.from({ length: h }, (_, s) => Array.from({ length: l }, (_, j) => {
        let sum = 0;
        for (let i = 0; i < b; i++) sum += a[(i * h + s) * l + j]!;
        return sum / b;
      }));
      interp.figure(attentionHeatmapSvg({
        weights, inputLabels: weights[0]!.map((_, j) => `t−${l - 1 - j}`), outputLabels: weights.map((_, s) => `+${s + 1}`),
        title: 'Seq2Seq attention (mean over test windows)', xLabel: 'input lag', yLabel: 'forecast step',
      }));
    }
  }

  report.section('Files').files(input.files.map((name) => ({ name })));
  return report.render();
}
