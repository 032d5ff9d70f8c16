import { parseArgs } from 'node:util';
import { ValueError } from '../core/errors.js';
import { MATBENCH_TASKS } from '../materials/composition/evaluation/matbench.js';
import { bundledDataPath } from './bundled-data.js';
import type { TrainCommandOptions } from './composition-options.js';
import { trainComposition, trainSummary } from './composition-train.js';

/** Help text of `tensorite demo`. */
export const DEMO_USAGE = `Usage: tensorite demo [options]

The composition workflow on bundled data: predicts the yield strength of 312 steels (Matbench
matbench_steels) from their composition with a deep ensemble of 20 MLPs per fold on the 75 Magpie and
element-fraction features that MODNet's relevance-redundancy ranking puts first on each training fold,
scored on Matbench's 5 official test folds, and writes a run folder with report.html.

Options:
  --members N           networks per fold (default 20)
  --select-features N   input columns kept per fold (default 75; 0 keeps all)
  --epochs N            most epochs per network (default 600, with early stopping)
  --max-folds N         run only the first N folds (a quick look)
  --seed N              random seed (default 0)
  --out DIR             run folder (default runs/composition-train-<time>)
  --quiet               no progress output
`;

/**
 * The demo's recipe: the best procedure of docs/composition-benchmarks.md (20 members; 75 columns, the count
 * chosen by inner cross-validation on the training folds).
 */
const DEMO_MEMBERS = 20;
const DEMO_SELECTED_FEATURES = 75;

function positive(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new ValueError(`demo: --${name} must be a positive integer, got ${text}`);
  return n;
}

/** `tensorite demo`: `composition train` on the bundled Matbench steels data with the official folds. */
export async function runDemo(argv: readonly string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(DEMO_USAGE);
    return 0;
  }
  const { values } = parseArgs({
    args: [...argv],
    options: {
      members: { type: 'string' },
      'select-features': { type: 'string' },
      epochs: { type: 'string' },
      'max-folds': { type: 'string' },
      seed: { type: 'string', default: '0' },
      out: { type: 'string' },
      quiet: { type: 'boolean', default: false },
    },
    strict: true,
  });
  const seed = Number(values.seed);
  if (!Number.isInteger(seed) || seed < 0) throw new ValueError(`demo: --seed must be a non-negative integer, got ${values.seed}`);
  const steels = MATBENCH_TASKS.steels;
  const maxFolds = positive('max-folds', values['max-folds']);
  const selectFeatures = values['select-features'] === '0' ? 0 : positive('select-features', values['select-features']) ?? DEMO_SELECTED_FEATURES;
  const options: TrainCommandOptions = {
    data: bundledDataPath('matbench', steels.file),
    formulaColumn: steels.formulaColumn,
    target: steels.targetColumn,
    task: 'regression',
    model: 'ensemble',
    cv: { kind: 'official' },
    idColumn: steels.idColumn,
    skipInvalid: false,
    out: values.out,
    members: positive('members', values.members) ?? DEMO_MEMBERS,
    epochs: positive('epochs', values.epochs),
    patience: undefined,
    lr: undefined,
    features: { magpie: true, fractions: true, logFractions: true },
    seed,
    select: undefined,
    selectFeatures: selectFeatures === 0 ? undefined : selectFeatures,
    onlyFolds: maxFolds === undefined ? undefined : Array.from({ length: Math.min(maxFolds, 5) }, (_, i) => i + 1),
    foldsFile: undefined,
    quiet: values.quiet!,
  };
  process.stdout.write('tensorite demo: composition → yield strength of steels (Matbench matbench_steels, official folds)\n');
  const trained = await trainComposition(options);
  process.stdout.write(trainSummary(trained));
  const mean = trained.result.summary['mae']!.mean;
  const folds = trained.result.folds.length;
  const scope = folds === 5 ? 'this run' : `this run (${folds} of the 5 folds only, not comparable)`;
  process.stdout.write(`Published mean MAE over the 5 official folds: RF on Magpie features 103.5 MPa, predicting the mean 229.7 MPa; ${scope} ${mean.toFixed(1)} MPa.\n`);
  return 0;
}
