/** `tensorite crystal predict`: predictions and per-atom contributions of a trained CGCNN run. */
import { parseArgs } from 'node:util';
import { DataError, ValueError } from '../core/errors.js';
import { AtomFeatureTable } from '../materials/cgcnn/atom-features.js';
import { CrystalGraphConvNet, type CgcnnConfig } from '../materials/cgcnn/model.js';
import { Normalizer } from '../materials/cgcnn/normalizer.js';
import { predictCgcnn } from '../materials/cgcnn/predict.js';
import { crystalGraphsFromRecords } from '../materials/cgcnn/structure-data.js';
import { createRunDirectory, openRunDirectory } from '../node/run-directory.js';
import { HtmlReport } from '../report/html/index.js';
import { parityMetrics, parityPlotSvg } from '../report/svg/parity-plot.js';
import { VERSION } from '../version.js';
import { optionalString } from './crystal-args.js';
import { loadCrystalData } from './crystal-data.js';
import { atomContributionColumns } from './crystal-report.js';

export const CRYSTAL_PREDICT_HELP = `tensorite crystal predict — predictions of a trained CGCNN

Usage:
  tensorite crystal predict --model RUN_DIR [DATA] [options]

  --model RUN_DIR          a folder written by 'tensorite crystal train' (weights.safetensors, model.json)
  DATA                     a CGCNN data directory or a CSV with POSCAR/CIF text (default: the bundled Tc set);
                           targets are optional: when present, MAE/RMSE/R² and a parity plot are reported
  --target NAME  --id-column NAME  --structure-column NAME   as for 'crystal train'
  --out DIR                run directory (default: runs/crystal-predict-<time>)
Writes predictions.csv (id, n_atoms, prediction[, target]), atom_contributions.csv (id, site, element,
contribution: the network's head applied to each atom's convolved features, in target units) and report.html.
`;

interface SavedModel {
  config: CgcnnConfig;
  graph: { radius: number; maxNeighbors: number; step: number };
  normalizer: { mean: number; std: number };
  target: string;
}

/** Runs `tensorite crystal predict`; returns the exit code. */
export async function runCrystalPredict(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...argv], allowPositionals: true, strict: true,
    options: { model: { type: 'string' }, target: { type: 'string' }, 'id-column': { type: 'string' }, 'structure-column': { type: 'string' }, out: { type: 'string' }, help: { type: 'boolean', short: 'h', default: false } },
  });
  if (values.help) {
    process.stdout.write(CRYSTAL_PREDICT_HELP);
    return 0;
  }
  if (values.model === undefined) throw new ValueError('crystal predict: --model RUN_DIR is required (a folder written by tensorite crystal train)');
  if (positionals.length > 1) throw new ValueError(`crystal predict: expected at most one DATA path, got ${positionals.length}`);
  const source = openRunDirectory(values.model);
  if (!source.has('model.json') || !source.has('weights.safetensors')) throw new DataError({ file: values.model }, 'expected model.json and weights.safetensors from tensorite crystal train');
  const saved = source.readJson<SavedModel>('model.json');
  const atomInit = AtomFeatureTable.fromJSON(source.readText('atom_init.json'), source.file('atom_init.json'));
  const { config } = saved;
  const model = new CrystalGraphConvNet(config.origAtomFeaLen, config.nbrFeaLen, config);
  model.loadStateDict(source.readSafetensors('weights.safetensors'));
  const normalizer = Normalizer.fromStateDict(saved.normalizer);

  const v = values as Record<string, unknown>;
  const data = loadCrystalData(positionals[0], {
    target: optionalString(v, 'target') ?? (positionals[0] === undefined ? saved.target : undefined),
    idColumn: optionalString(v, 'id-column'), structureColumn: optionalString(v, 'structure-column'), targetOptional: true,
  });
  const graphs = crystalGraphsFromRecords(data.records, atomInit, { radius: saved.graph.radius, maxNeighbors: saved.graph.maxNeighbors, step: saved.graph.step });
  if (graphs[0]!.atomFeatureLength !== config.origAtomFeaLen) throw new DataError({ file: source.file('atom_init.json') }, `atom features have ${graphs[0]!.atomFeatureLength} values; the model expects ${config.origAtomFeaLen}`);
  const rows = predictCgcnn(model, normalizer, graphs);

  const run = createRunDirectory({ command: 'crystal-predict', ...(values.out === undefined ? {} : { out: values.out }) });
  run.writeConfig({ model: values.model, data: positionals[0] ?? 'bundled:tc_supercon', ...values });
  const hasTargets = rows.every((r) => r.target !== undefined && Number.isFinite(r.target));
  run.writeCsv('predictions.csv', {
    id: rows.map((r) => r.id), n_atoms: rows.map((r) => r.atomContributions.length), prediction: rows.map((r) => r.prediction),
    ...(hasTargets ? { target: rows.map((r) => r.target!) } : {}),
  });
  run.writeCsv('atom_contributions.csv', atomContributionColumns(rows));
  const report = new HtmlReport({ title: 'CGCNN predictions', subtitle: `${data.label} · model ${values.model}`, footer: `tensorite ${VERSION} · ${new Date().toISOString()}` });
  const section = report.section('Predictions').keyValues([['crystals', rows.length], ['target', saved.target]]);
  if (hasTargets && !config.classification) {
    const yTrue = rows.map((r) => r.target!);
    const yPred = rows.map((r) => r.prediction);
    const pm = parityMetrics(yTrue, yPred);
    run.writeJson('metrics.json', { n: pm.n, mae: pm.mae, rmse: pm.rmse, r2: pm.r2 });
    const svg = parityPlotSvg({ yTrue, yPred, label: saved.target });
    run.writeSvg('parity.svg', svg);
    section.figure(svg, `MAE ${pm.mae.toFixed(3)}, RMSE ${pm.rmse.toFixed(3)}, R² ${pm.r2.toFixed(3)}`);
  }
  section.table(['id', 'atoms', 'prediction', 'mean of atom contributions'], rows.slice(0, 50).map((r) => [r.id, r.atomContributions.length, r.prediction, r.atomContributions.reduce((a, b) => a + b, 0) / r.atomContributions.length]), { caption: rows.length > 50 ? `first 50 of ${rows.length}; all in predictions.csv` : undefined });
  report.section('Files').files([{ name: 'predictions.csv' }, { name: 'atom_contributions.csv', description: 'head applied to each atom\'s convolved features, in target units' }, { name: 'config.json' }]);
  run.writeText('report.html', report.render());
  process.stdout.write(`${rows.length} predictions${hasTargets && !config.classification ? `, MAE ${parityMetrics(rows.map((r) => r.target!), rows.map((r) => r.prediction)).mae.toFixed(3)}` : ''}\nreport: ${run.file('report.html')}\n`);
  return 0;
}
