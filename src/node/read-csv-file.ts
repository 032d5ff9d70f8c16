import { readFileSync } from 'node:fs';
import { DataError } from '../core/errors.js';
import { type ColumnSpec, type CsvOptions, type CsvTable, parseCsv } from '../data/csv.js';

/** Options of `readCsvFile`: those of `parseCsv`, with `file` defaulting to the path. */
export type ReadCsvFileOptions<S extends ColumnSpec> = Omit<CsvOptions<S>, 'file'> & { readonly file?: string };

/**
 * Reads a UTF-8 CSV file from disk and parses it with `parseCsv`; messages name the file as `options.file`
 * (default: `path` as given).
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

/**
 * Reads a UTF-8 text file.
 * @throws DataError naming the file (`file`, default `path`) when it cannot be read: missing, a directory,
 *   no permission.
 */
export function readTextFile(path: string, file = path): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : code === 'EACCES' ? 'permission denied' : String(error);
    throw new DataError({ file }, `cannot read the file: ${reason}`);
  }
}
