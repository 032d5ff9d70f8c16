import { parseArgs } from 'node:util';
import { DataError, ValueError } from '../core/errors.js';
import { toCsv, type CsvCell } from '../data/csv-write.js';
import { readPropertyTable } from '../materials/composition/dataset/property-table.js';
import { CompositionModel, type CompositionModelJSON } from '../materials/composition/models/composition-model.js';
import { writeFileAtomicSync } from '../node/atomic-write.js';
import { readTextFile } from '../node/read-text-file.js';
import { openRunDirectory, type RunConfig } from '../node/run-directory.js';

/** Help text of `tensorite composition predict`. */
export const PREDICT_USAGE = `Usage: tensorite composition predict --model RUN_DIR --data FILE [options]

Predicts with the model saved by \`tensorite composition train\` (model.json + model.safetensors in RUN_DIR).

Options:
  --model RUN_DIR         run folder of a training run
  --data FILE             CSV file with a formula column
  --formula-column COL    default: the column used in training
  --skip-invalid          skip rows with a bad formula (listed on stderr) instead of failing
  --out FILE              write the predictions CSV here (default: standard output)
`;

/** Loads the model of a training run folder. */
export function loadRunModel(dir: string): { model: CompositionModel; config: RunConfig | undefined } {
  const run = openRunDirectory(dir);
  if (!run.has('model.json')) throw new DataError({ file: run.file('model.json') }, 'no saved model here; is this the folder of a `composition train` run?');
  const json = run.readJson<CompositionModelJSON>('model.json');
  const model = CompositionModel.fromFiles(json, run.readSafetensors('model.safetensors'));
  return { model, config: run.has('config.json') ? run.readJson<RunConfig>('config.json') : undefined };
}

/** Predictions of a saved model for the formulas of a CSV file, as CSV text (and the skipped rows). */
export function predictFile(model: CompositionModel, file: string, formulaColumn: string, skipInvalid: boolean): { csv: string; rows: number; skipped: string[] } {
  const text = readTextFile(file);
  const table = readPropertyTable(text, { file, formulaColumn, skipInvalid });
  const { mean, std } = model.predict(table.compositions);
  const regression = model.task === 'regression';
  const columns: Record<string, CsvCell[]> = {
    line: table.lines,
    formula: table.formulas,
    [regression ? 'prediction' : 'probability']: Array.from(mean),
    uncertainty: Array.from(std),
  };
  return { csv: toCsv(columns), rows: table.compositions.length, skipped: table.skipped.map((s) => `${file}:${s.line}: column "${s.column}": ${s.reason} — skipped`) };
}

/** `tensorite composition predict …`. */
export async function runCompositionPredict(argv: readonly string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(PREDICT_USAGE);
    return 0;
  }
  const { values } = parseArgs({
    args: [...argv],
    options: {
      model: { type: 'string' },
      data: { type: 'string' },
      'formula-column': { type: 'string' },
      'skip-invalid': { type: 'boolean', default: false },
      out: { type: 'string' },
    },
    strict: true,
  });
  if (values.model === undefined) throw new ValueError('composition predict: --model RUN_DIR is required');
  if (values.data === undefined) throw new ValueError('composition predict: --data FILE is required');
  const { model, config } = loadRunModel(values.model);
  const trainedColumn = (config?.args as { formulaColumn?: unknown } | undefined)?.formulaColumn;
  const formulaColumn = values['formula-column'] ?? (typeof trainedColumn === 'string' ? trainedColumn : 'composition');
  const { csv, rows, skipped } = predictFile(model, values.data, formulaColumn, values['skip-invalid']!);
  for (const line of skipped) process.stderr.write(`${line}\n`);
  if (values.out === undefined) process.stdout.write(csv);
  else {
    writeFileAtomicSync(values.out, csv);
    process.stderr.write(`wrote ${rows} predictions to ${values.out}${skipped.length > 0 ? ` (${skipped.length} rows skipped)` : ''}\n`);
  }
  return 0;
}
