/** `tensorite crystal train`: trains CGCNN on crystal structures and writes a run directory with a report. */
import { parseArgs } from 'node:util';
import { ValueError } from '../core/errors.js';
import { KFold } from '../data/splitters/kFold.js';
import { permutation } from '../data/splitters/shuffle.js';
import { Generator } from '../core/random.js';
import type { CrystalGraph } from '../materials/cgcnn/crystal-graph.js';
import { predictCgcnn, type CrystalPrediction } from '../materials/cgcnn/predict.js';
import { crystalGraphsFromRecords, type CrystalRecord, type GraphSettings } from '../materials/cgcnn/structure-data.js';
import { trainCgcnn, type CgcnnTrainOptions, type CgcnnTrainResult } from '../materials/cgcnn/train.js';
import { createRunDirectory } from '../node/run-directory.js';
import { ProgressBar } from '../node/progress.js';
import { choiceOption, intOption, numberOption, optionalString } from './crystal-args.js';
import { loadCrystalData } from './crystal-data.js';
import { writeTrainReport, type SeedResult, type CvFoldResult } from './crystal-report.js';

export const CRYSTAL_TRAIN_HELP = `tensorite crystal train — crystal graph convolutional network (CGCNN) on crystal structures

Usage:
  tensorite crystal train [DATA] [options]

DATA (default: the bundled JARVIS-DFT superconductor Tc set, 616 structures, official split):
  a CGCNN data directory (id_prop.csv with rows id,target; <id>.cif; optional atom_init.json), or
  a CSV file with POSCAR or CIF text in a column (poscar, cif or structure) and a target column.

Data options:
  --target NAME            target column of a CSV (default: a column named target; Tc_K for the bundled set)
  --id-column NAME         id column (default: id, jid, material_id or name when present)
  --structure-column NAME  column with POSCAR/CIF text (default: poscar, cif or structure)
  --split-column NAME      train/val/test column (default: split when present; else a random split)
  --val-fraction F         random split: validation share (default 0.1)
  --test-fraction F        random split: test share (default 0.1)
  --atom-init FILE         atom feature JSON (default: the directory's atom_init.json, else CGCNN's)
  --radius R               neighbour cutoff, Å (default 8)
  --max-neighbors M        neighbours per atom (default 12)
Model (the reference's defaults):
  --atom-fea-len N (64)  --n-conv N (3)  --h-fea-len N (128)  --n-h N (1)  --task regression|classification
Training (the reference's defaults):
  --epochs N (30)  --batch-size N (256)  --optim SGD|Adam (SGD)  --lr X (0.01)  --momentum X (0.9)
  --weight-decay X (0)  --lr-milestone N (100)  --loss mse|l1 (mse)  --patience N (none: best validation
  epoch kept)  --seed N (123)  --repeats K (1: seeds seed … seed+K−1, mean ± std reported)
  --cv K                   also K-fold cross-validation over the non-test crystals (default off)
Output:
  --out DIR                run directory (default: runs/crystal-train-<time>)
  --quiet                  no progress output
`;

const OPTIONS = {
  target: { type: 'string' }, 'id-column': { type: 'string' }, 'structure-column': { type: 'string' }, 'split-column': { type: 'string' },
  'val-fraction': { type: 'string', default: '0.1' }, 'test-fraction': { type: 'string', default: '0.1' }, 'atom-init': { type: 'string' },
  radius: { type: 'string', default: '8' }, 'max-neighbors': { type: 'string', default: '12' },
  'atom-fea-len': { type: 'string', default: '64' }, 'n-conv': { type: 'string', default: '3' }, 'h-fea-len': { type: 'string', default: '128' },
  'n-h': { type: 'string', default: '1' }, task: { type: 'string', default: 'regression' },
  epochs: { type: 'string', default: '30' }, 'batch-size': { type: 'string', default: '256' }, optim: { type: 'string', default: 'SGD' },
  lr: { type: 'string', default: '0.01' }, momentum: { type: 'string', default: '0.9' }, 'weight-decay': { type: 'string', default: '0' },
  'lr-milestone': { type: 'string', default: '100' }, loss: { type: 'string', default: 'mse' }, patience: { type: 'string' },
  seed: { type: 'string', default: '123' }, repeats: { type: 'string', default: '1' }, cv: { type: 'string' },
  out: { type: 'string' }, quiet: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h', default: false },
} as const;

type Split = { train: CrystalGraph[]; val: CrystalGraph[]; test: CrystalGraph[]; official: boolean };

function splitGraphs(records: readonly CrystalRecord[], graphs: CrystalGraph[], valFraction: number, testFraction: number, seed: number): Split {
  if (records.every((r) => r.split !== undefined)) {
    const of = (s: string): CrystalGraph[] => graphs.filter((_, i) => records[i]!.split === s);
    return { train: of('train'), val: of('val'), test: of('test'), official: true };
  }
  const order = permutation(graphs.length, new Generator(seed));
  const nTest = Math.round(graphs.length * testFraction);
  const nVal = Math.round(graphs.length * valFraction);
  const pick = (from: number, to: number): CrystalGraph[] => Array.from(order.subarray(from, to), (i) => graphs[i]!);
  return { test: pick(0, nTest), val: pick(nTest, nTest + nVal), train: pick(nTest + nVal, graphs.length), official: false };
}

/** The score of predictions (lower is better): MAE for regression, error rate (probability ≥ 0.5 = class 1) for classification. */
function scorer(task: 'regression' | 'classification'): (rows: readonly CrystalPrediction[]) => number {
  return task === 'regression'
    ? (rows) => rows.reduce((a, r) => a + Math.abs(r.prediction - (r.target ?? NaN)), 0) / rows.length
    : (rows) => rows.reduce((a, r) => a + ((r.prediction >= 0.5 ? 1 : 0) === r.target ? 0 : 1), 0) / rows.length;
}

/** Runs `tensorite crystal train`; returns the exit code. */
export async function runCrystalTrain(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
  if (values.help) {
    process.stdout.write(CRYSTAL_TRAIN_HELP);
    return 0;
  }
  if (positionals.length > 1) throw new ValueError(`crystal train: expected at most one DATA path, got ${positionals.length}`);
  const v = values as Record<string, unknown>;
  const task = choiceOption(v, 'task', ['regression', 'classification'] as const);
  const settings: GraphSettings = { radius: numberOption(v, 'radius'), maxNeighbors: intOption(v, 'max-neighbors') };
  const seed = intOption(v, 'seed', 0);
  const repeats = intOption(v, 'repeats');
  const cv = v['cv'] === undefined ? 0 : intOption(v, 'cv', 2);
  const base: Omit<CgcnnTrainOptions, 'train'> = {
    atomFeaLen: intOption(v, 'atom-fea-len'), nConv: intOption(v, 'n-conv'), hFeaLen: intOption(v, 'h-fea-len'), nH: intOption(v, 'n-h'),
    classification: task === 'classification', epochs: intOption(v, 'epochs'), batchSize: intOption(v, 'batch-size'),
    optimizer: choiceOption(v, 'optim', ['SGD', 'Adam'] as const), lr: numberOption(v, 'lr'), momentum: numberOption(v, 'momentum', { inclusiveMin: true }),
    weightDecay: numberOption(v, 'weight-decay', { inclusiveMin: true }), lrMilestones: [intOption(v, 'lr-milestone')],
    loss: choiceOption(v, 'loss', ['mse', 'l1'] as const), ...(v['patience'] === undefined ? {} : { patience: intOption(v, 'patience') }),
  };
  const valFraction = numberOption(v, 'val-fraction', { max: 0.5 });
  const testFraction = numberOption(v, 'test-fraction', { max: 0.5, inclusiveMin: true });
  const mae = scorer(task);
  const metric = task === 'regression' ? 'MAE' : 'error rate';
  const quiet = values.quiet === true;
  const log = (line: string): void => { if (!quiet) process.stderr.write(`${line}\n`); };

  const dataPath = positionals[0];
  const data = loadCrystalData(dataPath, {
    target: optionalString(v, 'target'), idColumn: optionalString(v, 'id-column'), structureColumn: optionalString(v, 'structure-column'),
    splitColumn: optionalString(v, 'split-column'), atomInit: optionalString(v, 'atom-init'),
  });
  const run = createRunDirectory({ command: 'crystal-train', ...(values.out === undefined ? {} : { out: values.out }) });
  run.writeConfig({ data: dataPath ?? 'bundled:tc_supercon', ...values, positionals });
  log(`Building ${data.records.length} crystal graphs (radius ${settings.radius} Å, ${settings.maxNeighbors} neighbours)…`);
  const t0 = performance.now();
  const graphs = crystalGraphsFromRecords(data.records, data.atomInit, settings);
  const graphSeconds = (performance.now() - t0) / 1000;
  const split = splitGraphs(data.records, graphs, valFraction, testFraction, seed);
  if (split.train.length < 2) throw new ValueError(`crystal train: only ${split.train.length} training crystals; need at least 2`);
  log(`${split.train.length} train / ${split.val.length} validation / ${split.test.length} test crystals (${split.official ? 'split given by the data' : `random split, seed ${seed}`}); graphs built in ${graphSeconds.toFixed(2)} s`);

  const progress = (): ProgressBar[] => (quiet ? [] : [new ProgressBar()]);
  const seeds: SeedResult[] = [];
  let best: CgcnnTrainResult | undefined;
  let bestVal = Infinity;
  for (let k = 0; k < repeats; k++) {
    const s = seed + k;
    log(`Training with seed ${s} (${k + 1}/${repeats})`);
    const result = await trainCgcnn({ ...base, train: split.train, val: split.val, seed: s, callbacks: progress() });
    const test = split.test.length > 0 ? predictCgcnn(result.model, result.normalizer, split.test) : [];
    const valRows = split.val.length > 0 ? predictCgcnn(result.model, result.normalizer, split.val) : [];
    const valMae = valRows.length > 0 ? mae(valRows) : NaN;
    seeds.push({ seed: s, result, test, valMae, testMae: test.length > 0 ? mae(test) : NaN });
    if (best === undefined || valMae < bestVal) {
      best = result;
      bestVal = valMae;
    }
  }

  const folds: CvFoldResult[] = [];
  if (cv > 0) {
    const pool = graphs.filter((g) => !split.test.includes(g));
    const kfold = new KFold(cv, { shuffle: true, seed }).split(pool.length);
    for (const [f, fold] of kfold.entries()) {
      log(`Cross-validation fold ${f + 1}/${cv}`);
      const inner = [...fold.train];
      const result = await trainCgcnn({
        ...base, seed, callbacks: progress(),
        train: inner.filter((_, i) => i % 10 !== 0).map((i) => pool[i]!), val: inner.filter((_, i) => i % 10 === 0).map((i) => pool[i]!),
      });
      const rows = predictCgcnn(result.model, result.normalizer, [...fold.test].map((i) => pool[i]!));
      folds.push({ fold: f + 1, rows, mae: mae(rows), bestEpoch: result.bestEpoch });
    }
  }

  writeTrainReport(run, { data, split, seeds, best: best!, folds, graphSeconds, settings, task, metric, command: ['tensorite', 'crystal', 'train', ...argv].join(' ') });
  log(`Wrote ${run.absolutePath}`);
  const summary = seeds.map((s) => `seed ${s.seed}: val ${metric} ${s.valMae.toFixed(3)}, test ${metric} ${s.testMae.toFixed(3)}`).join('\n');
  process.stdout.write(`${summary}\n${folds.length > 0 ? `CV ${metric} ${(folds.reduce((a, f) => a + f.mae, 0) / folds.length).toFixed(3)} over ${folds.length} folds\n` : ''}report: ${run.file('report.html')}\n`);
  return 0;
}
