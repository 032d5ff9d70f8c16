import { parseArgs } from 'node:util';
import { ValueError } from '../core/errors.js';
import type { CompositionTask } from '../materials/composition/models/composition-model.js';
import type { FeatureBlocks } from '../materials/composition/models/feature-encoder.js';

/** `--features` names of the MLP input blocks. */
const FEATURE_BLOCK_NAMES = { magpie: 'magpie', fractions: 'fractions', logfractions: 'logFractions', wfractions: 'weightFractions', logwfractions: 'logWeightFractions' } as const;

/** The parsed options of `tensorite composition train`. */
export interface TrainCommandOptions {
  readonly data: string;
  readonly formulaColumn: string;
  readonly target: string;
  readonly task: CompositionTask;
  readonly model: 'mlp' | 'ensemble' | 'attention';
  /** 'official' (Matbench's test folds) or k-fold with `k` folds. */
  readonly cv: { readonly kind: 'official' | 'auto' } | { readonly kind: 'kfold'; readonly k: number };
  readonly idColumn: string;
  readonly skipInvalid: boolean;
  readonly out: string | undefined;
  readonly members: number | undefined;
  readonly epochs: number | undefined;
  readonly patience: number | undefined;
  /** AdamW learning rate (default 3e-3 below 1000 training rows, 1e-3 above). */
  readonly lr: number | undefined;
  /** MLP input blocks: Magpie features, element (weight) fractions and their log10 (default Magpie + atomic fractions + log). */
  readonly features: FeatureBlocks;
  /** Keep this many MLP input columns, ranked inside each training fold (MODNet's relevance–redundancy). */
  readonly selectFeatures: number | undefined;
  readonly seed: number;
  /** Choose the MLP settings inside each training fold by inner cross-validation (see `fitSelectedCompositionModel`). */
  readonly select: 'inner-cv' | 'inner-cv-pool' | undefined;
  /** Run only these folds (1-based numbers; quick checks, or one fold per process; the report says so). */
  readonly onlyFolds: readonly number[] | undefined;
  readonly foldsFile: string | undefined;
  readonly quiet: boolean;
}

/** Help text of `tensorite composition train`. */
export const TRAIN_USAGE = `Usage: tensorite composition train --data FILE --target COL [options]

Trains a composition → property model, cross-validates it and writes a run folder with a report.

Options:
  --data FILE             CSV file with a formula column and a target column
  --formula-column COL    column of chemical formulas (default "composition")
  --target COL            column to predict
  --task T                regression (default) or classification (true/false, yes/no, 1/0)
  --model M               mlp, ensemble (default) or attention
  --cv CV                 official (Matbench's 5 test folds; needs the id column) or kfold:K
                          (default: official when the ids are Matbench ids, else kfold:5)
  --id-column COL         sample id column (default "mbid")
  --skip-invalid          skip rows with a bad formula or target (listed in the report) instead of failing
  --out DIR               write the run here instead of runs/composition-train-<time>
  --members N             networks per ensemble (default 5 for ensemble, 1 otherwise)
  --epochs N              most epochs per network (default 600)
  --patience N            early-stopping patience in epochs (default 60; 20 above 1000 rows)
  --lr X                  AdamW learning rate (default 3e-3; 1e-3 above 1000 rows)
  --features LIST         MLP inputs, comma-separated: magpie, fractions, logfractions (atomic
                          fractions of the training elements and their log10), wfractions, logwfractions
                          (the same in weight fractions) (default magpie,fractions,logfractions)
  --select-features N     mlp/ensemble: keep N input columns, chosen inside each training fold by
                          MODNet's relevance-redundancy ranking (normalised mutual information with the
                          target over 10 equal-frequency bins, divided by the redundancy with columns
                          already kept); the kept columns are saved with the model
  --seed N                random seed (default 0)
  --select S              mlp/ensemble: choose the network settings inside each training fold, from a
                          grid of 6 (width, depth, dropout, weight decay), by the inner out-of-fold error
                          of each candidate's members: inner-cv keeps the best candidate, inner-cv-pool
                          pools the best p candidates (p chosen the same way); costs 6× the networks
  --folds LIST            run only these folds, e.g. 1 or 2,4 (1-based; the report says so)
  --quiet                 no progress output
`;

function positiveInteger(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) throw new ValueError(`composition train: --${name} must be a positive integer, got ${JSON.stringify(text)}`);
  return value;
}

/**
 * Parses the arguments of `tensorite composition train`.
 * @throws ValueError naming the flag for a missing or malformed value.
 */
export function parseTrainOptions(argv: readonly string[]): TrainCommandOptions {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      data: { type: 'string' },
      'formula-column': { type: 'string', default: 'composition' },
      target: { type: 'string' },
      task: { type: 'string', default: 'regression' },
      model: { type: 'string', default: 'ensemble' },
      cv: { type: 'string' },
      'id-column': { type: 'string', default: 'mbid' },
      'skip-invalid': { type: 'boolean', default: false },
      out: { type: 'string' },
      members: { type: 'string' },
      epochs: { type: 'string' },
      patience: { type: 'string' },
      lr: { type: 'string' },
      features: { type: 'string', default: 'magpie,fractions,logfractions' },
      seed: { type: 'string', default: '0' },
      select: { type: 'string' },
      'select-features': { type: 'string' },
      folds: { type: 'string' },
      'folds-file': { type: 'string' },
      quiet: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.data === undefined) throw new ValueError('composition train: --data FILE is required');
  if (values.target === undefined) throw new ValueError('composition train: --target COL is required');
  const task = values.task;
  if (task !== 'regression' && task !== 'classification') throw new ValueError(`composition train: --task must be regression or classification, got ${JSON.stringify(task)}`);
  const model = values.model;
  if (model !== 'mlp' && model !== 'ensemble' && model !== 'attention') throw new ValueError(`composition train: --model must be mlp, ensemble or attention, got ${JSON.stringify(model)}`);
  let cv: TrainCommandOptions['cv'] = { kind: 'official' };
  if (values.cv !== undefined && values.cv !== 'official') {
    const m = /^kfold:(\d+)$/.exec(values.cv);
    if (m === null || Number(m[1]) < 2) throw new ValueError(`composition train: --cv must be official or kfold:K with K ≥ 2, got ${JSON.stringify(values.cv)}`);
    cv = { kind: 'kfold', k: Number(m[1]) };
  }
  const lr = values.lr === undefined ? undefined : Number(values.lr);
  if (lr !== undefined && !(lr > 0 && lr < 1)) throw new ValueError(`composition train: --lr must be a number in (0, 1), got ${JSON.stringify(values.lr)}`);
  const blocks = values.features!.split(',').map((b) => b.trim().toLowerCase());
  const unknown = blocks.find((b) => !Object.hasOwn(FEATURE_BLOCK_NAMES, b));
  if (unknown !== undefined || blocks.length === 0) throw new ValueError(`composition train: --features takes ${Object.keys(FEATURE_BLOCK_NAMES).join(', ')}, got ${JSON.stringify(values.features)}`);
  const features = Object.fromEntries(Object.entries(FEATURE_BLOCK_NAMES).map(([flag, key]) => [key, blocks.includes(flag)])) as Required<FeatureBlocks>;
  const selectFeatures = positiveInteger('select-features', values['select-features']);
  if (selectFeatures !== undefined && model === 'attention') throw new ValueError('composition train: --select-features applies to --model mlp or ensemble, not attention');
  const seed = Number(values.seed);
  if (!Number.isInteger(seed) || seed < 0) throw new ValueError(`composition train: --seed must be a non-negative integer, got ${JSON.stringify(values.seed)}`);
  const select = values.select;
  if (select !== undefined && select !== 'inner-cv' && select !== 'inner-cv-pool') throw new ValueError(`composition train: --select must be inner-cv or inner-cv-pool, got ${JSON.stringify(select)}`);
  if (select !== undefined && model === 'attention') throw new ValueError('composition train: --select applies to --model mlp or ensemble, not attention');
  return {
    data: values.data,
    formulaColumn: values['formula-column']!,
    target: values.target,
    task,
    model,
    cv: values.cv === undefined ? { kind: 'auto' } : cv,
    idColumn: values['id-column']!,
    skipInvalid: values['skip-invalid']!,
    out: values.out,
    members: positiveInteger('members', values.members),
    epochs: positiveInteger('epochs', values.epochs),
    patience: positiveInteger('patience', values.patience),
    lr,
    features,
    selectFeatures,
    seed,
    select,
    onlyFolds: values.folds === undefined ? undefined : values.folds.split(',').map((f) => positiveInteger('folds', f.trim())!),
    foldsFile: values['folds-file'],
    quiet: values.quiet!,
  };
}
