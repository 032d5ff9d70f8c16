import { DataError, ValueError } from '../core/errors.js';
import { type ColumnKind, describeBadCell, parseNumberCell } from './csv-cells.js';

/** The array type holding a column of each kind. */
export interface ColumnValuesByKind {
  /** Float64; missing cells are NaN. */
  number: Float64Array;
  /** Float64 holding whole numbers; missing cells are NaN. */
  integer: Float64Array;
  /** Milliseconds since 1970-01-01T00:00:00Z (`new Date(ms)` gives the Date); missing cells are NaN. */
  date: Float64Array;
  /** Missing cells are `false` (see `missing()`). */
  boolean: boolean[];
  /** Cell texts verbatim (not trimmed); missing cells are `''` (see `missing()`). */
  string: string[];
}

/** Declared kinds of some columns, by header name. */
export type ColumnSpec = Readonly<Record<string, ColumnKind>>;

/**
 * The array type `column(name)` returns: the declared kind's array, or for an undeclared column (whose
 * kind is inferred as number or string) either of those.
 */
export type ColumnValuesOf<S extends ColumnSpec, N extends string> = N extends keyof S
  ? ColumnValuesByKind[S[N]]
  : Float64Array | string[];

/** One column as stored by a `CsvTable`. */
export interface StoredColumn {
  readonly name: string;
  readonly kind: ColumnKind;
  readonly values: ColumnValuesByKind[ColumnKind];
  /** 1 where the cell was missing. */
  readonly missing: Uint8Array;
  readonly missingCount: number;
  /** For a string column: the first cell (row index) that is neither missing nor a number, if any. */
  readonly firstNonNumericRow?: number;
  /** For a string column: that cell's line (its own line when it sits inside a multi-line record). */
  readonly firstNonNumericLine?: number;
}

/** What a `CsvTable` is built from (by `parseCsv`). */
export interface CsvTableInit {
  readonly file: string;
  readonly delimiter: string;
  readonly headerLine: number;
  readonly columns: readonly StoredColumn[];
  /** Line on which each data row starts. */
  readonly rowLines: Int32Array;
}

/**
 * A CSV file read into typed columns (the result of `parseCsv`). Immutable: every accessor returns a
 * fresh copy. Like a pandas `DataFrame` from `pd.read_csv(..., dtype=...)`, reduced to columns.
 *
 * @example
 * const table = parseCsv('x,y\n1,2\n3,NA\n', { file: 'd.csv', allowMissing: ['y'] });
 * table.numeric('y');      // Float64Array [2, NaN]
 * table.missingCount('y'); // 1
 * table.line(1);           // 3
 */
export class CsvTable<S extends ColumnSpec = ColumnSpec> {
  /** The file name given to `parseCsv`, used in messages. */
  readonly file: string;
  /** The delimiter used (given or detected). */
  readonly delimiter: string;
  /** Header names in file order (trimmed). */
  readonly columns: readonly string[];
  /** Number of data rows (blank lines are not rows). */
  readonly rows: number;
  /** Line of the header row. */
  readonly headerLine: number;
  readonly #byName: ReadonlyMap<string, StoredColumn>;
  readonly #rowLines: Int32Array;

  constructor(init: CsvTableInit) {
    this.file = init.file;
    this.delimiter = init.delimiter;
    this.headerLine = init.headerLine;
    this.columns = Object.freeze(init.columns.map((c) => c.name));
    this.rows = init.rowLines.length;
    this.#byName = new Map(init.columns.map((c) => [c.name, c]));
    this.#rowLines = init.rowLines;
  }

  /** Whether the header has a column of this name. */
  has(name: string): boolean {
    return this.#byName.has(name);
  }

  /** The kind a column was read as (declared, or inferred as 'number' or 'string'). */
  kind(name: string): ColumnKind {
    return this.#get(name).kind;
  }

  /**
   * A copy of a column's values in the array type of its kind (see `ColumnValuesByKind`).
   * @throws DataError naming the file, header line and column when there is no such column.
   */
  column<N extends string>(name: N): ColumnValuesOf<S, N> {
    return this.#get(name).values.slice() as ColumnValuesOf<S, N>;
  }

  /**
   * A column as float64: numbers and integers as read, dates as epoch milliseconds, booleans as 1/0, and
   * missing cells as NaN. A string column is converted strictly cell by cell.
   * @throws DataError naming the file, line and column of the first cell that is not a number.
   */
  numeric(name: string): Float64Array {
    const col = this.#get(name);
    if (col.values instanceof Float64Array) return col.values.slice();
    const out = new Float64Array(this.rows);
    if (col.kind === 'boolean') {
      const values = col.values as boolean[];
      for (let r = 0; r < this.rows; r++) out[r] = col.missing[r] ? NaN : values[r] ? 1 : 0;
      return out;
    }
    const texts = col.values as string[];
    if (col.firstNonNumericRow !== undefined) {
      throw new DataError(
        { file: this.file, line: col.firstNonNumericLine ?? this.line(col.firstNonNumericRow), column: name },
        describeBadCell('number', texts[col.firstNonNumericRow]!),
      );
    }
    for (let r = 0; r < this.rows; r++) out[r] = col.missing[r] ? NaN : parseNumberCell(texts[r]!);
    return out;
  }

  /**
   * Several columns as one row-major float64 matrix of shape [rows, names.length] (a feature matrix),
   * each converted as by `numeric`.
   * @example table.matrix(['x1', 'x2']) // Float64Array of length rows * 2
   */
  matrix(names: readonly string[]): Float64Array {
    const width = names.length;
    const out = new Float64Array(this.rows * width);
    names.forEach((name, c) => {
      const values = this.numeric(name);
      for (let r = 0; r < this.rows; r++) out[r * width + c] = values[r]!;
    });
    return out;
  }

  /** A copy of a column's missing mask: 1 where the cell was missing (empty, NA, NaN, null, ...). */
  missing(name: string): Uint8Array {
    return this.#get(name).missing.slice();
  }

  /** How many cells of a column were missing. */
  missingCount(name: string): number {
    return this.#get(name).missingCount;
  }

  /** The 1-based line on which data row `row` (0-based) starts, for messages about that row. */
  line(row: number): number {
    const line = this.#rowLines[row];
    if (!Number.isInteger(row) || line === undefined) {
      throw new ValueError(`CsvTable.line: row ${row} is out of range [0, ${this.rows})`);
    }
    return line;
  }

  #get(name: string): StoredColumn {
    const col = this.#byName.get(name);
    if (col === undefined) {
      throw new DataError(
        { file: this.file, line: this.headerLine, column: name },
        `no such column in the header (columns: ${listNames(this.columns)})`,
      );
    }
    return col;
  }
}

/** A short, quoted list of column names for messages (at most 20 names). */
export function listNames(names: readonly string[]): string {
  const shown = names.slice(0, 20).map((n) => JSON.stringify(n));
  if (names.length > 20) shown.push(`... ${names.length - 20} more`);
  return shown.length === 0 ? 'none' : shown.join(', ');
}
