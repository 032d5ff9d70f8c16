import { DataError } from '../../../core/errors.js';
import { parseCsv } from '../../../data/csv.js';
import { describeBadCell, parseBooleanCell, parseNumberCell } from '../../../data/csv-cells.js';
import { Composition } from '../composition.js';
import { FormulaError } from '../formula-error.js';
import type { CompositionTask } from '../models/composition-model.js';

/** Options of `readPropertyTable`. */
export interface PropertyTableOptions {
  /** File name for messages (every error starts `file:line:`). */
  readonly file: string;
  /** Column holding the chemical formulas. */
  readonly formulaColumn: string;
  /** Column holding the target; omit to read formulas only (for prediction). */
  readonly targetColumn?: string;
  /** 'regression' (a number) or 'classification' (true/false, yes/no or 1/0). Default 'regression'. */
  readonly task?: CompositionTask;
  /** Column of sample ids to carry along (e.g. Matbench's `mbid`), if present. */
  readonly idColumn?: string;
  /**
   * Skip rows with a missing or malformed formula, an unknown element or a missing or malformed target,
   * listing each in `skipped` (default false: the first such row is an error).
   */
  readonly skipInvalid?: boolean;
}

/** A row left out by `skipInvalid`, with where and why. */
export interface SkippedRow {
  /** 1-based line in the file. */
  readonly line: number;
  readonly column: string;
  /** What was wrong (e.g. `unknown element symbol "Xx" at column 3: …`). */
  readonly reason: string;
  /** The cell's text. */
  readonly value: string;
}

/** Compositions and targets read from a CSV file. */
export interface PropertyTable {
  readonly file: string;
  readonly compositions: Composition[];
  /** The formula cells as written. */
  readonly formulas: string[];
  /** Targets (classification: 1 for the positive class, 0 otherwise); empty without a target column. */
  readonly targets: Float64Array;
  /** The file line of each kept row. */
  readonly lines: number[];
  /** Sample ids of kept rows when `idColumn` is present in the file. */
  readonly ids: string[] | undefined;
  readonly skipped: SkippedRow[];
  /** Number of data rows in the file. */
  readonly totalRows: number;
}

/**
 * Reads a CSV of formulas and (optionally) a target into compositions and numbers, validating every row.
 * A bad row — empty formula, a formula that does not parse (e.g. an unknown element such as "Xx"), a
 * missing or non-numeric target (or, for classification, not true/false/yes/no/1/0) — is a `DataError`
 * naming the file, the line and the column, or with `skipInvalid` is left out and listed in `skipped`.
 * @example
 * const t = readPropertyTable(text, { file: 'steels.csv', formulaColumn: 'composition', targetColumn: 'yield strength' });
 * t.compositions[0].symbols; // ['Fe', 'C', …]
 */
export function readPropertyTable(text: string, options: PropertyTableOptions): PropertyTable {
  const { file, formulaColumn, targetColumn } = options;
  const task = options.task ?? 'regression';
  const wanted = targetColumn === undefined ? [formulaColumn] : [formulaColumn, targetColumn];
  // Kinds are inferred (a column of numbers is read as numbers); every cell is validated below with its line.
  const table = parseCsv(text, { file, required: wanted, allowMissing: true });
  const cells = (name: string): string[] => Array.from(table.column(name) as ArrayLike<unknown>, String);
  const formulas = cells(formulaColumn);
  const targetCells = targetColumn === undefined ? undefined : cells(targetColumn);
  const formulaMissing = table.missing(formulaColumn);
  const targetMissing = targetColumn === undefined ? undefined : table.missing(targetColumn);
  const idCells = options.idColumn !== undefined && table.has(options.idColumn) ? cells(options.idColumn) : undefined;

  const out: PropertyTable = { file, compositions: [], formulas: [], targets: new Float64Array(0), lines: [], ids: idCells === undefined ? undefined : [], skipped: [pending()].slice(1), totalRows: table.rows };
  const targets: number[] = [];
  for (let row = 0; row < table.rows; row++) {
    const line = table.line(row);
    const problem = (column: string, reason: string, value: string): void => {
      if (options.skipInvalid !== true) throw new DataError({ file, line, column }, reason);
      out.skipped.push({ line, column, reason, value });
    };
    const formula = formulas[row]!;
    if (formulaMissing[row] === 1) {
      problem(formulaColumn, 'expected a chemical formula, got an empty cell', formula);
      continue;
    }
    let composition: Composition;
    try {
      composition = Composition.parse(formula.trim());
    } catch (error) {
      if (!(error instanceof FormulaError)) throw error;
      problem(formulaColumn, error.summary.includes(formula.trim()) ? error.summary : `${error.summary} in formula ${JSON.stringify(formula)}`, formula);
      continue;
    }
    let target = NaN;
    if (targetColumn !== undefined) {
      const cell = targetCells![row]!;
      if (targetMissing![row] === 1) {
        problem(targetColumn, `expected ${task === 'regression' ? 'a number' : 'a class label (true/false, yes/no or 1/0)'}, got a missing value (${JSON.stringify(cell)})`, cell);
        continue;
      }
      target = task === 'regression' ? parseNumberCell(cell) : parseBooleanCell(cell);
      if (!Number.isFinite(target)) {
        problem(targetColumn, task === 'regression' ? describeBadCell('number', cell) : `expected a class label (true/false, yes/no or 1/0), got ${JSON.stringify(cell)}`, cell);
        continue;
      }
    }
    out.compositions.push(composition);
    out.formulas.push(formula);
    out.lines.push(line);
    targets.push(target);
    out.ids?.push(idCells![row]!);
  }
  return { ...out, targets: targetColumn === undefined ? new Float64Array(0) : Float64Array.from(targets) };
}

function pending(): SkippedRow {
  return { line: 0, column: '', reason: '', value: '' };
}
