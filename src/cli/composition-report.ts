import type { CsvCell } from '../data/csv-write.js';
import { formatMeanStd, HtmlReport } from '../report/html/index.js';
import { learningCurveSvg } from '../report/svg/learning-curve.js';
import { parityPlotSvg } from '../report/svg/parity-plot.js';
import { ElementAttentionNet } from '../materials/composition/models/element-attention.js';
import { FeatureEncoder, type FeatureBlocks } from '../materials/composition/models/feature-encoder.js';
import { attentionHeatmapSvg } from '../report/svg/attention-heatmap.js';
import type { Tensor } from '../tensor/tensor.js';
import { VERSION } from '../version.js';
import type { TrainRun } from './composition-train.js';

const METRIC_NAMES: Readonly<Record<string, string>> = { mae: 'MAE', rmse: 'RMSE', r2: 'R²', rocauc: 'ROC-AUC', accuracy: 'accuracy (p ≥ 0.5)' };

/** The per-row predictions table (out-of-fold, and of the saved model). */
function predictionColumns(t: TrainRun): Record<string, CsvCell[]> {
  const { table, result } = t;
  const final = result.model.predict(table.compositions);
  const n = table.compositions.length;
  const regression = t.options.task === 'regression';
  const columns: Record<string, CsvCell[]> = { line: table.lines };
  if (table.ids !== undefined) columns['id'] = table.ids;
  columns['formula'] = table.formulas;
  columns['target'] = Array.from(table.targets);
  columns['fold'] = Array.from(result.foldOf, (f) => (f < 0 ? null : f + 1));
  columns[regression ? 'cv_prediction' : 'cv_probability'] = Array.from(result.predictions);
  columns['cv_uncertainty'] = Array.from(result.spreads);
  columns[regression ? 'model_prediction' : 'model_probability'] = Array.from(final.mean);
  columns['model_uncertainty'] = Array.from(final.std);
  if (columns['line']!.length !== n) throw new Error('prediction columns differ in length');
  return columns;
}

/** Writes metrics.json, predictions.csv, the model, the plots and report.html into the run folder. */
export function writeTrainReport(t: TrainRun): void {
  const { run, result, options, table, plan } = t;
  const regression = options.task === 'regression';
  const unitSuffix = plan.matbench?.units ? ` (${plan.matbench.units})` : '';
  const { json, tensors } = result.model.toFiles();
  run.writeJson('model.json', json);
  run.writeSafetensors('model.safetensors', tensors, { format: 'tensorite-composition-model' });
  run.writeCsv('predictions.csv', predictionColumns(t));
  const metrics = {
    task: options.task,
    model: options.model,
    cv: plan.description,
    rows: table.compositions.length,
    skipped: table.skipped.length,
    folds: result.folds.map((f) => ({ fold: f.fold + 1, trainSize: f.trainSize, testSize: f.testSize, ...f.metrics, bestEpochs: f.reports.map((r) => r.bestEpoch), ...(f.selection === undefined ? {} : { selection: f.selection }) })),
    summary: result.summary,
    leakage: t.leakage.map((l) => ({ fold: l.fold + 1, line: table.lines[l.row], exact: l.exact, trainLines: l.trainRows.map((j) => table.lines[j]) })),
    leaderboard: t.leaderboard.map((r) => ({ algorithm: r.algorithm, folds: r.folds, mean: r.mean })),
    seconds: t.seconds,
    cpuSeconds: t.cpuSeconds,
  };
  run.writeJson('metrics.json', metrics);

  const figures: { name: string; svg: string; caption: string }[] = [];
  const tested = Array.from(result.foldOf, (f, i) => (f >= 0 ? i : -1)).filter((i) => i >= 0);
  if (regression) {
    const svg = parityPlotSvg({
      yTrue: tested.map((i) => table.targets[i]!),
      yPred: tested.map((i) => result.predictions[i]!),
      uncertainty: tested.map((i) => result.spreads[i]!),
      label: options.target,
      units: plan.matbench?.units,
      title: `${options.model}: out-of-fold predictions`,
    });
    figures.push({ name: 'parity.svg', svg, caption: 'Each composition predicted by the model of the fold that held it out; bars are ±1 predictive standard deviation.' });
  }
  const curves = result.folds.map((f) => ({ name: `fold ${f.fold + 1} validation`, values: f.reports[0]!.valLoss }));
  const firstFold = result.folds[0]!;
  const first = firstFold.reports[0]!;
  const lossName = regression ? 'L1 loss (standardised target)' : 'BCE loss';
  const learning = learningCurveSvg({
    series: [{ name: `fold ${firstFold.fold + 1} training`, values: first.trainLoss }, ...curves],
    yLabel: lossName,
    title: 'Learning curves (first network of each fold)',
    best: { series: curves[0]!.name },
  });
  figures.push({ name: 'learning-curves.svg', svg: learning, caption: 'Training and early-stopping validation loss per epoch; the validation rows are carved from the training folds. The marker shows the epoch whose weights the first fold’s network kept.' });
  figures.push(...attentionFigures(t));
  for (const f of figures) run.writeSvg(f.name, f.svg);

  const report = new HtmlReport({
    title: `Composition → ${options.target}`,
    subtitle: `${options.model} · ${options.task} · ${table.compositions.length} compositions from ${options.data}`,
    footer: `tensorite ${VERSION} · ${new Date().toISOString()} · ${t.seconds.toFixed(1)} s (${t.cpuSeconds.toFixed(1)} CPU s)`,
  });
  const metricNames = Object.keys(result.summary);
  const cv = report.section('Cross-validation');
  cv.paragraph(`${plan.description}. Each fold's model is fitted on the other folds only: feature scaling, the target transform and early stopping (on a validation split carved from the training folds) never see the test fold.`);
  cv.table(
    ['fold', 'train', 'test', ...metricNames.map((m) => METRIC_NAMES[m] ?? m)],
    [...result.folds.map((f) => [f.fold + 1, f.trainSize, f.testSize, ...metricNames.map((m) => f.metrics[m]!)]), ['mean ± sd', null, null, ...metricNames.map((m) => formatMeanStd(result.folds.map((f) => f.metrics[m]!)))]],
    { caption: `Per-fold test metrics${unitSuffix}`, highlight: [result.folds.length] },
  );
  cv.notes(plan.notes);
  if (t.leaderboard.length > 0 && plan.matbench !== undefined && plan.total === 5) {
    const metric = plan.matbench.metric;
    const ours = new Array<number>(5).fill(NaN);
    for (const f of result.folds) ours[f.fold] = f.metrics[metric]!;
    const run = result.folds.map((f) => f.metrics[metric]!);
    const label = `tensorite ${options.model} (this run${run.length < 5 ? `, ${run.length} of 5 folds` : ''})`;
    const rows = [...t.leaderboard.map((r) => ({ name: r.algorithm, folds: r.folds, mean: r.mean })), { name: label, folds: ours, mean: run.reduce((s, v) => s + v, 0) / run.length }];
    const lowerIsBetter = metric === 'mae';
    rows.sort((a, b) => (lowerIsBetter ? a.mean - b.mean : b.mean - a.mean));
    const section = report.section('Against the published leaderboard');
    section.paragraph(`Matbench v0.1 ${plan.matbench.name}, ${METRIC_NAMES[metric]} per official fold, from the bundled per-fold leaderboard file (data/matbench/matbench_v0.1_leaderboard_perfold.csv).`);
    section.table(['algorithm', 'fold 1', 'fold 2', 'fold 3', 'fold 4', 'fold 5', 'mean'], rows.map((r) => [r.name, ...r.folds.map((v) => (Number.isNaN(v) ? null : v)), r.mean]), {
      highlight: [rows.findIndex((r) => r.name.startsWith('tensorite'))],
      caption: `${METRIC_NAMES[metric]}${unitSuffix}, ${lowerIsBetter ? 'lower' : 'higher'} is better`,
    });
  }
  const plots = report.section('Plots');
  for (const f of figures) plots.figure(f.svg, f.caption);
  const data = report.section('Data');
  data.keyValues([
    ['file', options.data],
    ['formula column', options.formulaColumn],
    ['target column', options.target],
    ['rows in the file', table.totalRows],
    ['rows used', table.compositions.length],
    ['rows skipped', table.skipped.length],
  ]);
  data.warnings(table.skipped.map((s) => `line ${s.line}, column "${s.column}": ${s.reason} — skipped`), `Skipped rows (${table.skipped.length}, --skip-invalid)`);
  const leak = t.leakage.slice(0, 50).map((l) => `fold ${l.fold + 1}: line ${table.lines[l.row]} (${table.formulas[l.row]}) ${l.exact ? 'is identical to' : 'is within 1 at.% of'} line${l.trainRows.length > 1 ? 's' : ''} ${l.trainRows.slice(0, 10).map((j) => table.lines[j]).join(', ')}${l.trainRows.length > 10 ? ', …' : ''} in its training folds`);
  if (t.leakage.length > 50) leak.push(`… and ${t.leakage.length - 50} more (all in metrics.json)`);
  const exact = t.leakage.filter((l) => l.exact).length;
  data.warnings(leak, `Possible leakage: ${exact} test rows identical to, and ${t.leakage.length - exact} within a fractional distance of 0.02 of, a training composition of their fold`);
  if (t.leakage.length === 0) data.notes(['Leakage check: no test row has the same or a near-identical composition (fractional L1 distance ≤ 0.02) as a training row of its fold.']);
  const model = report.section('Model');
  const m = t.modelOptions;
  model.keyValues([
    ['model', options.model],
    ['networks per fold', m.kind === 'mlp' ? 1 : m.members ?? 5],
    ...(m.kind === 'attention'
      ? ([
          ['input', 'elements as tokens: mat2vec vector (200-d) → Linear, plus CrabNet’s fractional encoding'],
          ['layers', `${m.attention?.layers ?? 2} Transformer encoder layers, width ${m.attention?.modelSize ?? 64}, ${m.attention?.heads ?? 4} heads; fraction-weighted pooling`],
          ['uncertainty', regression ? 'heteroscedastic head (mean, log σ) trained with CrabNet’s robust L1 loss' : 'spread of member probabilities'],
        ] as [string, string][])
      : ([
          ['input features', `${inputBlockNames(m.features)}, standardised on the training folds`],
          ...(m.selectFeatures === undefined
            ? []
            : ([['feature selection', `the ${m.selectFeatures} columns ranked first by MODNet’s relevance–redundancy criterion (NMI over 10 equal-frequency bins), ranked on each training fold’s rows`]] as [string, string][])),
          ['hidden layers', m.selection === undefined ? (m.hiddenSizes ?? [64, 64]).join(' × ') : `chosen per fold by ${m.selection.select} (below)`],
        ] as [string, string][])),
    ['target', regression ? `log(target) when all targets are positive, standardised; ${m.kind === 'attention' ? 'robust L1' : 'L1'} loss` : 'binary cross-entropy on logits'],
    ['optimiser', 'AdamW, early stopping on a 20 % validation split of the training folds'],
    ['seed', options.seed],
  ]);
  const chosen = t.result.folds.filter((f) => f.selection !== undefined);
  if (chosen.length > 0) {
    model.notes(
      chosen.map(
        (f) =>
          `Fold ${f.fold + 1}: inner out-of-fold ${regression ? 'MAE' : 'log loss'} on its training rows — ${f.selection!.candidates.map((c) => `${c.label} ${c.innerError.toPrecision(4)}`).join(', ')} → chose ${f.selection!.chosen.join(' + ')}.`,
      ),
    );
  }
  const selections = t.result.model.parts.map((p) => (p.encoder instanceof FeatureEncoder ? p.encoder.selection : undefined));
  if (selections.length === t.result.folds.length && selections.every((sel) => sel !== undefined)) {
    model.notes(
      t.result.folds.map((f, i) => {
        const chosen = selections[i]!.chosen;
        return `Fold ${f.fold + 1}: kept ${chosen.length} columns; the first ten ranked (NMI with the target): ${chosen
          .slice(0, 10)
          .map((c) => `${c.label} (${c.nmi.toFixed(2)})`)
          .join(', ')}.`;
      }),
    );
  }
  report.section('Files').files([
    { name: 'metrics.json', description: 'per-fold metrics and summary' },
    { name: 'predictions.csv', description: 'out-of-fold predictions with uncertainty, and the saved model’s predictions' },
    { name: 'model.json', description: 'model structure, feature scalers and target transform' },
    { name: 'model.safetensors', description: 'network weights' },
    ...figures.map((f) => ({ name: f.name })),
    { name: 'config.json', description: 'the command’s arguments and versions' },
  ]);
  run.writeText('report.html', report.render());
}

/** The MLP input blocks in words. */
function inputBlockNames(f: FeatureBlocks | undefined): string {
  const on = (b: boolean | undefined, dflt: boolean): boolean => b ?? dflt;
  return [
    on(f?.magpie, true) ? 'Magpie (146)' : '',
    on(f?.fractions, true) ? 'element fractions' : '',
    on(f?.logFractions, true) ? 'log10 fractions' : '',
    on(f?.weightFractions, false) ? 'weight fractions' : '',
    on(f?.logWeightFractions, false) ? 'log10 weight fractions' : '',
  ]
    .filter((b) => b !== '')
    .join(' + ');
}

/** Attention maps of the first network for a few compositions (attention models only). */
function attentionFigures(t: TrainRun): { name: string; svg: string; caption: string }[] {
  const part = t.result.model.parts[0]!;
  const net = part.members[0];
  if (!(net instanceof ElementAttentionNet)) return [];
  const rows = [...new Set([0, Math.floor(t.table.compositions.length / 2), t.table.compositions.length - 1])];
  const comps = rows.map((i) => t.table.compositions[i]!);
  const [index, , encoding] = part.encoder.encode(comps) as [Tensor, Tensor, Tensor];
  const weights = net.attentionWeights(index, encoding).toArray() as number[][][];
  return comps.map((c, k) => {
    const size = c.size;
    const matrix = weights[k]!.slice(0, size).map((row) => row.slice(0, size));
    const labels = c.symbols.map((s, j) => `${s} ${(c.amounts[j]! / c.numAtoms).toPrecision(2)}`);
    return {
      name: `attention-${k + 1}.svg`,
      svg: attentionHeatmapSvg({ weights: matrix, inputLabels: labels, outputLabels: labels, title: `Attention in ${t.table.formulas[rows[k]!]!.slice(0, 60)}`, xLabel: 'attended element', yLabel: 'element' }),
      caption: `Last-layer self-attention (mean over heads) of the first fold’s first network for line ${t.table.lines[rows[k]!]}: row = element, column = the element it attends to.`,
    };
  });
}
