import { DataError } from '../../core/errors.js';
import type { CsvTable } from '../../data/csv-table.js';
import { readPoscar } from './poscar-read.js';
import type { Structure } from './structure.js';

/**
 * The structures of a CSV column that holds POSCAR text, one per row (as in the JARVIS leaderboard's
 * `poscar` column). Errors name the CSV file and the line inside it.
 * @throws DataError naming the file, line and problem of the first malformed POSCAR, or when there is no such column.
 * @example
 * const table = parseCsv(text, { file: 'tc_supercon.csv' });
 * const structures = poscarColumn(table, 'poscar');
 */
export function poscarColumn(table: CsvTable, column = 'poscar'): Structure[] {
  if (table.kind(column) !== 'string') {
    throw new DataError({ file: table.file, line: table.headerLine, column }, `expected POSCAR text, but the column holds ${table.kind(column)} values`);
  }
  const texts = table.column(column) as string[];
  return texts.map((text, r) => readPoscar(text, { source: table.file, firstLine: table.line(r) }).structure);
}
