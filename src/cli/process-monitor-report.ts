import { HtmlReport } from '../report/html/report.js';
import { barChartSvg } from '../report/svg/bar-chart.js';
import { timeSeriesSvg } from '../report/svg/time-series.js';
import { VERSION } from '../version.js';
import type { MatchedFalseAlarm } from './process-monitor.js';
import { topContributions, type MonitoredRun, type MonitoringEvaluation, type MonitoringStatistic } from '../process/monitoring.js';

/** What the monitoring report shows. */
export interface MonitorReportInput {
  readonly source: string;
  readonly statistics: readonly MonitoringStatistic[];
  readonly runs: readonly MonitoredRun[];
  readonly evaluation: MonitoringEvaluation;
  readonly matched?: MatchedFalseAlarm;
  readonly tags: readonly string[];
  readonly notes: readonly string[];
  readonly files: readonly string[];
}

const pct = (v: number): string => (Number.isNaN(v) ? '–' : (100 * v).toFixed(1));

/** Runs charted in the report: the normal runs and (for TEP) the faults PCA finds hard, else all (up to 8). */
function chartedRuns(runs: readonly MonitoredRun[]): number[] {
  const hard = new Set(['IDV(1)', 'IDV(5)', 'IDV(10)', 'IDV(16)', 'IDV(19)', 'IDV(20)', 'IDV(21)']);
  const picked = runs.map((r, i) => (r.onset >= r.data.rows || hard.has(r.name) ? i : -1)).filter((i) => i >= 0);
  return (picked.length > 0 ? picked : runs.map((_, i) => i)).slice(0, 8);
}

/** The self-contained HTML report of `tensorite process monitor`. */
export function monitorReport(input: MonitorReportInput): string {
  const { statistics, runs, evaluation } = input;
  const report = new HtmlReport({ title: 'Process monitoring: fault detection', subtitle: input.source, footer: `tensorite ${VERSION} · ${new Date().toISOString()}` });

  const summary = report.section('Summary');
  summary.paragraph('Each statistic raises an alarm when it exceeds its control limit. Detection rate: % of samples after the fault onset in alarm; false-alarm rate: % of samples before the onset (the whole run for a normal run) in alarm; delay: minutes from the onset to the first alarm (3-min samples).');
  summary.table(['statistic', 'control limit'], statistics.map((s) => [s.name, s.limit]), { digits: 4 });
  if (input.notes.length > 0) summary.notes(input.notes);

  const table = report.section('Detection per fault');
  const columns = ['run', ...statistics.flatMap((s) => [`${s.name} detection %`, `${s.name} false alarms %`, `${s.name} delay (min)`])];
  const rows = evaluation.runs.map((name, i) => [name, ...evaluation.table[i]!.flatMap((d) => [pct(d.detectionRate), pct(d.falseAlarmRate), d.delay === null ? '–' : String(3 * d.delay)])]);
  const faulty = evaluation.table.filter((_, i) => runs[i]!.onset < runs[i]!.data.rows);
  if (faulty.length > 0) {
    rows.push(['mean over faults', ...statistics.flatMap((_, j) => [
      pct(faulty.reduce((s, row) => s + row[j]!.detectionRate, 0) / faulty.length),
      pct(faulty.reduce((s, row) => s + row[j]!.falseAlarmRate, 0) / faulty.length), '',
    ])]);
  }
  table.table(columns, rows, { caption: 'Detection rate, false-alarm rate and detection delay of every statistic on every test run' });
  const { matched } = input;
  if (matched !== undefined) {
    table.paragraph(`Evaluation at an equal false-alarm rate: each statistic's threshold set so that ${(100 * matched.rate).toFixed(0)} % of the normal test run (${matched.normalRun}) is in alarm — this uses the test run, so it compares detection power; it is not how the alarms above are set.`);
    table.table(['run', ...statistics.map((s) => `${s.name} detection %`)], evaluation.runs.map((name, i) => [name, ...matched.detection[i]!.map(pct)]).filter((_, i) => runs[i]!.onset < runs[i]!.data.rows),
      { caption: `Detection rate at a ${(100 * matched.rate).toFixed(0)} % false-alarm rate on ${matched.normalRun}` });
  }

  const charts = report.section('Monitoring charts');
  charts.paragraph('Each statistic divided by its control limit (log scale): above 1 is an alarm. The dashed vertical line is the fault onset.');
  for (const i of chartedRuns(runs)) {
    const run = runs[i]!;
    const lines = statistics.map((s, j) => ({ name: s.name, values: evaluation.series[i]![j]!.map((v) => v / s.limit) }));
    charts.figure(timeSeriesSvg({
      lines, logY: true, title: run.name, xLabel: 'Sample (3 min)', yLabel: 'statistic / limit',
      hLines: [{ value: 1, name: 'control limit' }],
      vLines: run.onset < run.data.rows ? [{ at: run.onset, name: 'fault onset' }] : [],
    }), `${run.name}: ${statistics.map((s, j) => `${s.name} ${run.onset < run.data.rows ? `detects ${pct(evaluation.table[i]![j]!.detectionRate)} %` : `false alarms ${pct(evaluation.table[i]![j]!.falseAlarmRate)} %`}`).join(', ')}`);
  }
  const pcaT2 = statistics.findIndex((s) => s.name === 'PCA T²');
  const firstFault = runs.findIndex((r) => r.onset < r.data.rows);
  if (pcaT2 >= 0 && firstFault >= 0) {
    for (const j of [pcaT2, pcaT2 + 1]) {
      const s = statistics[j]!;
      charts.figure(timeSeriesSvg({
        lines: [{ name: s.name, values: evaluation.series[firstFault]![j]! }], logY: true, title: `${s.name} chart, ${runs[firstFault]!.name}`,
        xLabel: 'Sample (3 min)', yLabel: s.name, hLines: [{ value: s.limit, name: '99 % limit' }], vLines: [{ at: runs[firstFault]!.onset, name: 'fault onset' }],
      }));
    }
  }

  const contrib = report.section('Variable contributions');
  contrib.paragraph('Which variables drive an alarm: the mean contribution of each variable over the first 20 samples from the first alarm after the onset (SPE: squared residual; T²: Westerhuis contribution; autoencoders: normalised squared reconstruction error). Look at the largest bars first.');
  for (const i of chartedRuns(runs).filter((k) => runs[k]!.onset < runs[k]!.data.rows).slice(0, 4)) {
    const run = runs[i]!;
    statistics.forEach((s, j) => {
      if (s.name === 'PCA T²') return;
      const d = evaluation.table[i]![j]!;
      if (d.delay === null) return;
      const from = run.onset + d.delay;
      const to = Math.min(run.data.rows, from + 20);
      const top = topContributions(s.contributions(run.data), run.data.cols, from, to, input.tags);
      contrib.figure(barChartSvg({ labels: top.map((t) => t.tag), values: top.map((t) => t.value), title: `${run.name}: ${s.name} contributions`, valueLabel: `${s.name} contribution (samples ${from}–${to - 1})` }));
    });
  }
  report.section('Files').files(input.files.map((name) => ({ name })));
  return report.render();
}
