import { ValueError } from '../core/errors.js';
import type { ColumnKind } from './csv-cells.js';
import { CsvTable } from './csv-table.js';

/** A value `toCsv` can write. `null`, `undefined` and NaN are written as empty (missing) cells. */
export type CsvCell = number | string | boolean | Date | null | undefined;

/** Anything with ordered column names and a column accessor (a `CsvTable` is one). */
export interface CsvTableLike {
  readonly columns: readonly string[];
  column(name: string): ArrayLike<CsvCell>;
}

/** Options of `toCsv`. */
export interface ToCsvOptions {
  /** Field delimiter, one character. Default `,`. */
  readonly delimiter?: string;
  /** Line ending written after every row, the last one included. Default `\n`. */
  readonly lineEnding?: '\n' | '\r\n';
}

/**
 * Writes a table as CSV text: a header row, then one row per index, every row ended by `lineEnding`.
 *
 * Columns come from a `CsvTableLike` (in its `columns` order) or from a plain object of equal-length
 * arrays (in key order). Numbers are written in the shortest form that reads back to the same double
 * (`String(x)`, with `-0`, `Infinity` and `-Infinity`); NaN, `null` and `undefined` as empty cells;
 * booleans as `true`/`false`; `Date`s in ISO 8601 UTC. A `CsvTable`'s date columns are written as ISO
 * dates and its missing cells as empty cells. A field is quoted (with `""` for `"`) when it holds the
 * delimiter, a quote, a line break, or leading/trailing whitespace; so `parseCsv(toCsv(t))` reads back
 * the same values (a string that is itself a missing-value token such as `NA` reads back as missing).
 * Like `pandas.DataFrame.to_csv(index=False)`.
 *
 * @throws ValueError when columns differ in length or the delimiter is not one character.
 * @example
 * toCsv({ name: ['a,b', 'c'], x: [1.5, NaN] }) // 'name,x\n"a,b",1.5\nc,\n'
 */
export function toCsv(table: CsvTableLike | Readonly<Record<string, ArrayLike<CsvCell>>>, options: ToCsvOptions = {}): string {
  const delimiter = options.delimiter ?? ',';
  const lineEnding = options.lineEnding ?? '\n';
  if (delimiter.length !== 1 || delimiter === '"' || delimiter === '\n' || delimiter === '\r') {
    throw new ValueError(`toCsv: delimiter must be one character other than '"' or a line break, got ${JSON.stringify(delimiter)}`);
  }
  const columns = readColumns(table);
  if (columns.length === 0) return '';
  const rows = columns[0]!.cells.length;
  for (const col of columns) {
    if (col.cells.length !== rows) {
      throw new ValueError(`toCsv: column ${JSON.stringify(col.name)} has ${col.cells.length} values but column ${JSON.stringify(columns[0]!.name)} has ${rows}`);
    }
  }
  const quote = (text: string): string => quoteField(text, delimiter);
  const lines: string[] = [columns.map((c) => quote(c.name)).join(delimiter)];
  for (let r = 0; r < rows; r++) {
    lines.push(columns.map((c) => (c.missing?.[r] ? '' : quote(formatCell(c.cells[r], c.kind)))).join(delimiter));
  }
  return lines.join(lineEnding) + lineEnding;
}

interface WritableColumn {
  readonly name: string;
  readonly cells: ArrayLike<CsvCell>;
  readonly kind?: ColumnKind;
  readonly missing?: Uint8Array;
}

function readColumns(table: CsvTableLike | Readonly<Record<string, ArrayLike<CsvCell>>>): WritableColumn[] {
  if (table instanceof CsvTable) {
    return table.columns.map((name) => ({ name, cells: table.column(name), kind: table.kind(name), missing: table.missing(name) }));
  }
  if (isTableLike(table)) return table.columns.map((name) => ({ name, cells: table.column(name) }));
  return Object.entries(table).map(([name, cells]) => ({ name, cells }));
}

function isTableLike(table: object): table is CsvTableLike {
  const candidate = table as Partial<CsvTableLike>;
  return Array.isArray(candidate.columns) && typeof candidate.column === 'function';
}

/** The text of one cell, before quoting. */
function formatCell(cell: CsvCell, kind: ColumnKind | undefined): string {
  if (cell === null || cell === undefined) return '';
  if (typeof cell === 'number') {
    if (Number.isNaN(cell)) return '';
    if (kind === 'date') return new Date(cell).toISOString();
    return Object.is(cell, -0) ? '-0' : String(cell);
  }
  if (typeof cell === 'boolean') return cell ? 'true' : 'false';
  if (cell instanceof Date) return Number.isNaN(cell.getTime()) ? '' : cell.toISOString();
  return cell;
}

/** Quotes a field when reading it back unquoted would change it. */
function quoteField(text: string, delimiter: string): string {
  const needs =
    text.includes(delimiter) || text.includes('"') || text.includes('\n') || text.includes('\r') || text !== text.trim();
  return needs ? `"${text.replaceAll('"', '""')}"` : text;
}
