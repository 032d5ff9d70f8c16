import { DataError, ValueError } from '../core/errors.js';
import {
  COLUMN_KINDS,
  type ColumnKind,
  DEFAULT_MISSING_VALUES,
  EXPECTED_TEXT,
  cellParser,
  describeBadCell,
  missingTest,
  parseNumberCell,
} from './csv-cells.js';
import { type ColumnSpec, CsvTable, type StoredColumn, listNames } from './csv-table.js';
import { type CsvRecord, countLineBreaks, detectDelimiter, fieldLine, tokenizeCsv } from './csv-tokenize.js';

export { CsvTable, type ColumnSpec, type ColumnValuesByKind, type ColumnValuesOf } from './csv-table.js';
export { type ColumnKind, DEFAULT_MISSING_VALUES } from './csv-cells.js';
export { detectDelimiter } from './csv-tokenize.js';
export { toCsv, type CsvCell, type CsvTableLike, type ToCsvOptions } from './csv-write.js';

/** Options of `parseCsv`. */
export interface CsvOptions<S extends ColumnSpec = ColumnSpec> {
  /** The file name the text came from; every error message starts with it. Required. */
  readonly file: string;
  /** Field delimiter (one character). Default: detected among `,`, `;` and tab (see `detectDelimiter`). */
  readonly delimiter?: string;
  /**
   * Kinds of columns, by header name; these columns must be present. Undeclared columns are inferred:
   * 'number' when every non-missing cell is a number, else 'string'.
   */
  readonly columns?: S;
  /** Further header names that must be present (whatever their kind). */
  readonly required?: readonly string[];
  /**
   * Which columns may have missing cells: `true` for all, or a list of names. Default `false`: a missing
   * cell is an error. Allowed missing cells become NaN (numeric kinds), `''` or `false`, and are counted
   * in the table's `missing`/`missingCount`.
   */
  readonly allowMissing?: boolean | readonly string[];
  /** Cell texts that mean "missing" (trimmed, compared exactly). Default `DEFAULT_MISSING_VALUES`. */
  readonly missingValues?: readonly string[];
}

/** Builds one column while rows are read. */
interface ColumnBuilder {
  readonly name: string;
  /** Undefined while the kind is to be inferred. */
  readonly kind: ColumnKind | undefined;
  readonly allowMissing: boolean;
  readonly numbers: number[];
  readonly texts: string[];
  readonly flags: boolean[];
  readonly missing: number[];
  /** First cell that is neither missing nor a number (string and inferred columns). */
  nonNumericRow: number | undefined;
  nonNumericLine: number | undefined;
}

/**
 * Reads CSV text into a table of typed columns, validating every cell.
 *
 * The first non-blank row is the header: names are trimmed, and an empty or duplicate name is an error.
 * Each data row must have exactly one field per header name. Cells of number, integer, boolean and date
 * columns are trimmed and parsed strictly (`1,5` or `12abc` is an error, never a lax prefix); string
 * cells are kept verbatim. See `tokenizeCsv` for quoting, line endings and blank lines.
 * Like `pandas.read_csv(file, sep=None, dtype=..., na_values=...)` with strict validation.
 *
 * @throws DataError whose message starts `file:line:` (1-based, as an editor shows it, counting line
 *   breaks inside quoted fields), names the column and says what was expected and what was found.
 * @throws ValueError for malformed options (a delimiter that is not one character, an unknown kind).
 * @example
 * const t = parseCsv('formula;band_gap\nNaCl;8.5\nSi;1.1\n', { file: 'gaps.csv', columns: { band_gap: 'number' } });
 * t.delimiter;               // ';'
 * t.column('band_gap');      // Float64Array [8.5, 1.1]
 * t.column('formula');       // ['NaCl', 'Si'] (inferred string)
 */
export function parseCsv<const S extends ColumnSpec = {}>(text: string, options: CsvOptions<S>): CsvTable<S> {
  const { file } = options;
  if (typeof file !== 'string') throw new ValueError('parseCsv: options.file (the file name for messages) is required');
  if (typeof text !== 'string') throw new ValueError(`parseCsv(${file}): expected the file's text as a string`);
  const delimiter = options.delimiter ?? detectDelimiter(text);
  if (delimiter.length !== 1 || delimiter === '"' || delimiter === '\n' || delimiter === '\r') {
    throw new ValueError(`parseCsv(${file}): delimiter must be one character other than '"' or a line break, got ${JSON.stringify(delimiter)}`);
  }
  const spec: ColumnSpec = options.columns ?? {};
  for (const [name, kind] of Object.entries(spec)) {
    if (!COLUMN_KINDS.includes(kind)) {
      throw new ValueError(`parseCsv(${file}): column ${JSON.stringify(name)} has unknown kind ${JSON.stringify(kind)}; expected one of ${COLUMN_KINDS.join(', ')}`);
    }
  }
  const isMissing = missingTest(options.missingValues ?? DEFAULT_MISSING_VALUES);

  let names: string[] | undefined;
  const records = tokenizeCsv(text, delimiter, { file, fieldName: (i) => names?.[i] ?? i + 1 });
  const first = records.next();
  if (first.done === true) {
    throw new DataError({ file, line: 1 }, 'expected a header row of column names, got an empty file');
  }
  const header = first.value;
  names = readHeader(header, file);
  const headerNames = names;
  for (const name of [...Object.keys(spec), ...(options.required ?? [])]) {
    if (!headerNames.includes(name)) {
      throw new DataError({ file, line: header.line, column: name }, `required column not found in the header (columns: ${listNames(headerNames)})`);
    }
  }
  const allow = options.allowMissing ?? false;
  const builders: ColumnBuilder[] = headerNames.map((name) => ({
    name,
    kind: spec[name],
    allowMissing: allow === true || (Array.isArray(allow) && allow.includes(name)),
    numbers: [],
    texts: [],
    flags: [],
    missing: [],
    nonNumericRow: undefined,
    nonNumericLine: undefined,
  }));

  const rowLines: number[] = [];
  const width = headerNames.length;
  for (const record of records) {
    const row = rowLines.length;
    checkWidth(record, headerNames, file);
    rowLines.push(record.line);
    for (let c = 0; c < width; c++) readCell(builders[c]!, record, c, row, file, isMissing);
  }
  return new CsvTable<S>({
    file,
    delimiter,
    headerLine: header.line,
    columns: builders.map(finishColumn),
    rowLines: Int32Array.from(rowLines),
  });
}

/** Trimmed header names; throws on an empty or duplicate name. */
function readHeader(header: CsvRecord, file: string): string[] {
  const names = header.fields.map((f) => f.trim());
  names.forEach((name, i) => {
    const line = fieldLine(header, i);
    if (name === '') throw new DataError({ file, line, column: i + 1 }, 'expected a column name in the header, got an empty one');
    const earlier = names.indexOf(name);
    if (earlier < i) {
      throw new DataError({ file, line, column: name }, `duplicate column name in the header (also column ${earlier + 1}); names must be unique`);
    }
  });
  return names;
}

/** Throws unless a data record has one field per header name. */
function checkWidth(record: CsvRecord, names: readonly string[], file: string): void {
  const found = record.fields.length;
  if (found === names.length) return;
  const problem = `expected ${names.length} fields (as in the header), got ${found}`;
  if (found < names.length) {
    const lastLine = record.line + record.fields.reduce((sum, f) => sum + countLineBreaks(f), 0);
    throw new DataError({ file, line: lastLine, column: names[found] }, `${problem}: the row ends before this column`);
  }
  throw new DataError({ file, line: fieldLine(record, names.length), column: names.length + 1 }, `${problem}: a field beyond the last column`);
}

/** Reads field `c` of a record into its column builder, validating it. */
function readCell(
  col: ColumnBuilder,
  record: CsvRecord,
  c: number,
  row: number,
  file: string,
  isMissing: (text: string) => boolean,
): void {
  const text = record.fields[c]!;
  if (isMissing(text)) {
    if (!col.allowMissing) {
      const expected = col.kind === undefined ? 'a value' : EXPECTED_TEXT[col.kind];
      const found = text.trim() === '' ? 'an empty cell' : `a missing value (${JSON.stringify(text)})`;
      throw new DataError({ file, line: fieldLine(record, c), column: col.name }, `expected ${expected}, got ${found}; this column does not allow missing values`);
    }
    col.missing.push(1);
    if (col.kind === 'string' || col.kind === undefined) col.texts.push('');
    if (col.kind === 'boolean') col.flags.push(false);
    else if (col.kind !== 'string') col.numbers.push(NaN);
    return;
  }
  col.missing.push(0);
  if (col.kind === 'string' || col.kind === undefined) {
    col.texts.push(text);
    if (col.nonNumericRow === undefined) {
      const value = parseNumberCell(text);
      if (Number.isNaN(value)) {
        col.nonNumericRow = row;
        col.nonNumericLine = fieldLine(record, c);
      } else if (col.kind === undefined) col.numbers.push(value);
    }
    return;
  }
  const value = cellParser(col.kind)(text);
  if (Number.isNaN(value)) {
    throw new DataError({ file, line: fieldLine(record, c), column: col.name }, describeBadCell(col.kind, text));
  }
  if (col.kind === 'boolean') col.flags.push(value === 1);
  else col.numbers.push(value);
}

/** Turns a builder into the stored column, settling an inferred kind. */
function finishColumn(col: ColumnBuilder): StoredColumn {
  const missing = Uint8Array.from(col.missing);
  const missingCount = col.missing.reduce((sum, m) => sum + m, 0);
  const base = { name: col.name, missing, missingCount };
  const kind = col.kind ?? (col.nonNumericRow === undefined ? 'number' : 'string');
  switch (kind) {
    case 'string':
      return { ...base, kind, values: col.texts, firstNonNumericRow: col.nonNumericRow, firstNonNumericLine: col.nonNumericLine };
    case 'boolean':
      return { ...base, kind, values: col.flags };
    default:
      return { ...base, kind, values: Float64Array.from(col.numbers) };
  }
}
