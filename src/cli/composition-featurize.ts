import { rmSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { DataError, ValueError } from '../core/errors.js';
import { toCsv, type CsvCell } from '../data/csv.js';
import type { Composition } from '../materials/composition/composition.js';
import { parseFormula } from '../materials/composition/composition.js';
import { FormulaError } from '../materials/composition/formula-error.js';
import { MagpieFeaturizer } from '../materials/features/magpie-featurizer.js';
import { writeFileAtomicSync } from '../node/atomic-write.js';
import { CountProgress } from '../node/count-progress.js';
import { readCsvFile } from '../node/read-csv-file.js';

export const FEATURIZE_HELP = `Usage: tensorite composition featurize --data FILE --out FEATURES.csv [options]

Reads a CSV file with a column of chemical formulas and writes the 146 Magpie composition features
(matminer's ElementProperty "magpie" preset, Stoichiometry and ValenceOrbital, with matminer's column
names) after the input's columns.

Options:
  --data FILE             input CSV (delimiter detected: , ; or tab)
  --formula-column COL    column holding the formulas (default: formula)
  --out FILE              output CSV (written atomically)
  --skip-invalid          skip rows whose formula cannot be read; each is listed on stderr and in
                          FILE.skipped.csv beside the output (line, formula, reason). Without it the
                          first bad formula stops the command with its file, line, column and reason
  --features-only         write only the formula column and the features
  --no-impute             leave missing element values as NaN (empty cells) instead of the mean over
                          elements (matminer's impute_nan=False)
  -h, --help              show this help
`;

/** A row that was skipped and why. */
interface SkippedRow {
  line: number;
  formula: string;
  reason: string;
}

function options(argv: readonly string[]) {
  try {
    return parseArgs({
      args: [...argv],
      options: {
        data: { type: 'string' },
        'formula-column': { type: 'string', default: 'formula' },
        out: { type: 'string' },
        'skip-invalid': { type: 'boolean', default: false },
        'features-only': { type: 'boolean', default: false },
        'no-impute': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (error) {
    throw new ValueError(`composition featurize: ${(error as Error).message}; see tensorite composition featurize --help`);
  }
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
  const table = readCsvFile(values.data, { columns: { [column]: 'string' }, allowMissing: true });
  const formulas = table.column(column) as string[];
  const featurizer = new MagpieFeaturizer({ impute: !values['no-impute'] });
  const width = featurizer.size;

  const kept: number[] = [];
  const compositions: Composition[] = [];
  const skipped: SkippedRow[] = [];
  const progress = new CountProgress('featurize', table.rows);
  for (let r = 0; r < table.rows; r++) {
    try {
      compositions.push(parseFormula(formulas[r]!));
      kept.push(r);
    } catch (error) {
      if (!(error instanceof FormulaError)) throw error;
      const line = table.line(r);
      if (!values['skip-invalid']) throw new DataError({ file: table.file, line, column }, error.message);
      skipped.push({ line, formula: formulas[r]!, reason: error.summary });
    }
    progress.update(r + 1);
  }
  const features = new Float64Array(compositions.length * width);
  compositions.forEach((c, i) => featurizer.featurizeInto(c, features, i * width));
  progress.done();

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

  const sidecar = `${values.out}.skipped.csv`;
  if (skipped.length === 0) rmSync(sidecar, { force: true }); // no stale list from an earlier run
  else {
    for (const s of skipped) process.stderr.write(`${table.file}:${s.line}: skipped: ${s.reason}\n`);
    writeFileAtomicSync(sidecar, toCsv({ line: skipped.map((s) => s.line), formula: skipped.map((s) => s.formula), reason: skipped.map((s) => s.reason) }));
    process.stderr.write(`skipped ${skipped.length} of ${table.rows} rows with unreadable formulas; listed in ${sidecar}\n`);
  }
  process.stdout.write(`wrote ${kept.length} rows × ${width} Magpie features to ${values.out}\n`);
  return 0;
}
