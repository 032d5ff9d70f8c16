import { rmSync } from 'node:fs';
import { DataError } from '../core/errors.js';
import { toCsv, type ColumnSpec, type CsvTable } from '../data/csv.js';
import { Composition } from '../materials/composition/composition.js';
import { FormulaError } from '../materials/composition/formula-error.js';
import { writeFileAtomicSync } from '../node/atomic-write.js';
import { CountProgress } from '../node/count-progress.js';
import { readCsvFile } from '../node/read-csv-file.js';

/** A data row whose formula could not be read. */
export interface SkippedRow {
  readonly line: number;
  readonly formula: string;
  readonly reason: string;
}

/** The rows of a CSV file whose formula column was read. */
export interface FormulaRows {
  readonly table: CsvTable;
  /** The formula column's text for every data row (kept or not). */
  readonly formulas: string[];
  /** Compositions of the rows kept, in file order. */
  readonly compositions: Composition[];
  /** Data-row index (0-based) of each kept composition. */
  readonly rows: number[];
  readonly skipped: SkippedRow[];
}

/**
 * Reads a CSV file and parses its formula column. A bad formula is a DataError naming file, line, column
 * and the parser's message, or with `skipInvalid` a `SkippedRow`. `onRow` sees each composition as it is
 * read (with its index among the kept rows), so work on it shares the progress bar labelled `label`.
 */
export function readFormulaRows(
  path: string,
  column: string,
  options: { skipInvalid: boolean; label: string; onRow?: (composition: Composition, kept: number) => void },
): FormulaRows {
  const table: CsvTable = readCsvFile<ColumnSpec>(path, { columns: { [column]: 'string' }, allowMissing: true });
  const formulas = table.column(column) as string[];
  const compositions: Composition[] = [];
  const rows: number[] = [];
  const skipped: SkippedRow[] = [];
  const progress = new CountProgress(options.label, table.rows);
  for (let r = 0; r < table.rows; r++) {
    progress.update(r);
    let composition: Composition;
    try {
      composition = Composition.parse(formulas[r]!);
    } catch (error) {
      if (!(error instanceof FormulaError)) throw error;
      const line = table.line(r);
      if (!options.skipInvalid) throw new DataError({ file: table.file, line, column }, error.message);
      skipped.push({ line, formula: formulas[r]!, reason: error.summary });
      continue;
    }
    options.onRow?.(composition, compositions.length);
    compositions.push(composition);
    rows.push(r);
  }
  progress.done();
  return { table, formulas, compositions, rows, skipped };
}

/**
 * Lists skipped rows on stderr (`file:line: skipped "formula": reason`) and in the sidecar CSV `sidecar` (line,
 * formula, reason); with none skipped, removes a sidecar left by an earlier run.
 */
export function reportSkippedRows(file: string, rows: number, skipped: readonly SkippedRow[], sidecar: string): void {
  if (skipped.length === 0) {
    rmSync(sidecar, { force: true });
    return;
  }
  for (const s of skipped) process.stderr.write(`${file}:${s.line}: skipped ${JSON.stringify(s.formula)}: ${s.reason}\n`);
  writeFileAtomicSync(sidecar, toCsv({ line: skipped.map((s) => s.line), formula: skipped.map((s) => s.formula), reason: skipped.map((s) => s.reason) }));
  process.stderr.write(`skipped ${skipped.length} of ${rows} rows with unreadable formulas; listed in ${sidecar}\n`);
}
