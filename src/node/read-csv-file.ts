import { type ColumnSpec, type CsvOptions, type CsvTable, parseCsv } from '../data/csv.js';
import { readTextFile } from './read-text-file.js';

/** Options of `readCsvFile`: those of `parseCsv`, with `file` defaulting to the path. */
export type ReadCsvFileOptions<S extends ColumnSpec> = Omit<CsvOptions<S>, 'file'> & { readonly file?: string };

/**
 * Reads a UTF-8 CSV file from disk (gunzipped first when the name ends in `.gz`) and parses it with
 * `parseCsv`; messages name the file as `options.file` (default: `path` as given).
 *
 * @throws DataError naming the file when it cannot be read (missing, a directory, no permission), and
 *   every error `parseCsv` throws.
 * @example
 * const table = readCsvFile('data/steels.csv', { columns: { yield_strength: 'number' } });
 */
export function readCsvFile<const S extends ColumnSpec = {}>(path: string, options: ReadCsvFileOptions<S> = {}): CsvTable<S> {
  const file = options.file ?? path;
  return parseCsv<S>(readTextFile(path, file), { ...options, file });
}
