import { ValueError } from '../../core/errors.js';
import { CRABNET_MAGPIE, CRABNET_MAT2VEC, CRABNET_OLIYNYK, type CrabnetTable } from './generated/crabnet-tables.js';

export type { CrabnetTable } from './generated/crabnet-tables.js';

/** The element-property tables CrabNet ships (Wang et al. 2021): Magpie (22 columns), mat2vec (200), Oliynyk (44). */
export type CrabnetTableName = 'magpie' | 'mat2vec' | 'oliynyk';

const TABLES: Readonly<Record<CrabnetTableName, CrabnetTable>> = { magpie: CRABNET_MAGPIE, mat2vec: CRABNET_MAT2VEC, oliynyk: CRABNET_OLIYNYK };

/**
 * One of CrabNet's element-property tables as shipped (`magpie.csv`: the 22 Magpie properties of 97
 * elements; `mat2vec.csv`: 200-d word embeddings of 118 elements, Tshitoyan et al. 2019; `oliynyk.csv`: 44
 * properties of 85 elements, with empty cells as `null`). Values are exactly those of the CSV files.
 * @example crabnetTable('mat2vec').columns.length // 200
 */
export function crabnetTable(name: CrabnetTableName): CrabnetTable {
  const table = TABLES[name];
  if (table === undefined) throw new ValueError(`crabnetTable: unknown table ${JSON.stringify(name)}; expected magpie, mat2vec or oliynyk`);
  return table;
}

/**
 * One element's row of a CrabNet table as a Float64Array (`null` cells as NaN), or `undefined` when the
 * table has no row for the element.
 * @example crabnetElementVector('mat2vec', 'Fe') // Float64Array(200)
 */
export function crabnetElementVector(name: CrabnetTableName, symbol: string): Float64Array | undefined {
  const table = crabnetTable(name);
  const row = table.elements.indexOf(symbol);
  if (row < 0) return undefined;
  return Float64Array.from(table.values[row]!, (v) => (v === null ? NaN : v));
}
