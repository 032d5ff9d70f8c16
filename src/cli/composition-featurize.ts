import { ValueError } from '../core/errors.js';
import { parseCommandArgs } from './command-args.js';
import { toCsv, type CsvCell } from '../data/csv.js';
import { MagpieFeaturizer } from '../materials/features/magpie-featurizer.js';
import { writeFileAtomicSync } from '../node/atomic-write.js';
import { readFormulaRows, reportSkippedRows } from './formula-rows.js';

export const FEATURIZE_HELP = `Usage: tensorite composition featurize --data FILE --out FEATURES.csv [options]

Reads a CSV file with a column of chemical formulas and writes the 146 Magpie composition features
(matminer's ElementProperty "magpie" preset, Stoichiometry and ValenceOrbital, with matminer's column
names) after the input's columns.

Options:
  --data FILE             input CSV (delimiter detected: , ; or tab)
  --formula-column COL    column holding the formulas (default: composition)
  --out FILE              output CSV (written atomically)
  --skip-invalid          skip rows whose formula cannot be read; each is listed on stderr and in
                          FILE.skipped.csv beside the output (line, formula, reason). Without it the
                          first bad formula stops the command with its file, line, column and reason
  --features-only         write only the formula column and the features
  --no-impute             leave missing element values as NaN (empty cells) instead of the mean over
                          elements (matminer's impute_nan=False)
  -h, --help              show this help
`;

function options(argv: readonly string[]) {
  return parseCommandArgs('composition featurize', argv, {
    data: { type: 'string' },
    'formula-column': { type: 'string', default: 'composition' },
    out: { type: 'string' },
    'skip-invalid': { type: 'boolean', default: false },
    'features-only': { type: 'boolean', default: false },
    'no-impute': { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  });
}

/** `tensorite composition featurize`. Returns the exit code. */
export async function runCompositionFeaturize(argv: readonly string[]): Promise<number> {
  const values = options(argv);
  if (values.help) {
    process.stdout.write(FEATURIZE_HELP);
    return 0;
  }
  if (values.data === undefined) throw new ValueError('composition featurize: --data FILE is required (the input CSV)');
  if (values.out === undefined) throw new ValueError('composition featurize: --out FILE is required (the output CSV)');
  const column = values['formula-column'];
  const featurizer = new MagpieFeaturizer({ impute: !values['no-impute'] });
  const width = featurizer.size;
  let features = new Float64Array(1024 * width);
  const { table, rows: kept, skipped } = readFormulaRows(values.data, column, {
    skipInvalid: values['skip-invalid'],
    label: 'featurize',
    onRow: (composition, i) => {
      if ((i + 1) * width > features.length) {
        const grown = new Float64Array(features.length * 2);
        grown.set(features);
        features = grown;
      }
      featurizer.featurizeInto(composition, features, i * width);
    },
  });

  const inputColumns = values['features-only'] ? [column] : table.columns;
  const out: Record<string, ArrayLike<CsvCell>> = {};
  for (const name of inputColumns) {
    const cells = table.column(name) as ArrayLike<CsvCell>;
    out[name] = kept.map((r) => cells[r]);
  }
  featurizer.labels.forEach((label, j) => {
    if (Object.prototype.hasOwnProperty.call(out, label)) throw new ValueError(`composition featurize: the input already has a column named ${JSON.stringify(label)}`);
    out[label] = Float64Array.from(kept, (_, i) => features[i * width + j]!);
  });
  writeFileAtomicSync(values.out, toCsv(out));

  reportSkippedRows(table.file, table.rows, skipped, `${values.out}.skipped.csv`);
  process.stdout.write(`wrote ${kept.length} rows × ${width} Magpie features to ${values.out}\n`);
  return 0;
}
