import { ValueError } from '../../core/errors.js';
import { MAGPIE_LIST_TABLES, MAGPIE_TABLES, MAGPIE_TABLE_NAMES, type MagpieTableName } from './generated/magpie-tables.js';
import { MAGPIE_PROPERTIES, type MagpiePropertyInfo } from './magpie-properties.js';
import { MAX_ATOMIC_NUMBER, toAtomicNumber } from './periodic-table.js';

export { MAGPIE_TABLE_NAMES, type MagpieTableName } from './generated/magpie-tables.js';

/** Whether a name is one of the single-valued Magpie tables. */
export function isMagpieProperty(name: string): name is MagpieTableName {
  return Object.prototype.hasOwnProperty.call(MAGPIE_TABLES, name);
}

function checkProperty(op: string, name: string): MagpieTableName {
  if (!isMagpieProperty(name)) {
    throw new ValueError(`${op}: unknown Magpie property ${JSON.stringify(name)}; expected one of ${MAGPIE_TABLE_NAMES.join(', ')}`);
  }
  return name;
}

/** Description, units and source of a Magpie property. */
export function magpiePropertyInfo(property: MagpieTableName): MagpiePropertyInfo {
  return MAGPIE_PROPERTIES[checkProperty('magpiePropertyInfo', property)];
}

/**
 * The mean of a Magpie property over every element that has a value: the value matminer's
 * `MagpieData(impute_nan=True)` substitutes for a missing one. The mean runs over the table's lines for
 * Z = 1 … 118 that hold a number (lines marked missing and lines past the end of the file are left out).
 * @example magpieImputationValue('Electronegativity') // mean over the 98 elements with a value
 */
export function magpieImputationValue(property: MagpieTableName): number {
  const values = MAGPIE_TABLES[checkProperty('magpieImputationValue', property)];
  let sum = 0;
  let count = 0;
  for (const v of values) {
    if (v !== null) {
      sum += v;
      count++;
    }
  }
  return sum / count;
}

/**
 * One Magpie property of one element, by symbol or atomic number, in the units of `magpiePropertyInfo`.
 * Missing values are NaN, or the property's mean over elements with `impute: true` (as matminer's
 * `MagpieData(impute_nan=True).get_elemental_property`).
 * @example magpieValue('MeltingT', 'Fe') // 1811 (K)
 */
export function magpieValue(property: MagpieTableName, symbolOrZ: string | number, options: { impute?: boolean } = {}): number {
  const name = checkProperty('magpieValue', property);
  const z = toAtomicNumber(symbolOrZ);
  const v = MAGPIE_TABLES[name][z - 1];
  if (v !== undefined && v !== null) return v;
  return options.impute === true ? magpieImputationValue(name) : NaN;
}

/**
 * A Magpie property for every element as a Float64Array indexed by atomic number (`table[z]`, length 119;
 * entry 0 is NaN). Missing values are NaN, or the imputation mean with `impute: true`.
 */
export function magpieTable(property: MagpieTableName, options: { impute?: boolean } = {}): Float64Array {
  const name = checkProperty('magpieTable', property);
  const fill = options.impute === true ? magpieImputationValue(name) : NaN;
  const out = new Float64Array(MAX_ATOMIC_NUMBER + 1).fill(fill);
  out[0] = NaN;
  MAGPIE_TABLES[name].forEach((v, i) => {
    if (v !== null) out[i + 1] = v;
  });
  return out;
}

/** An element's observed oxidation states (Magpie `OxidationStates.table`; empty when none are listed). */
export function oxidationStates(symbolOrZ: string | number): readonly number[] {
  return MAGPIE_LIST_TABLES.OxidationStates[toAtomicNumber(symbolOrZ) - 1] ?? [];
}

/** An element's successive ionisation energies in eV (Magpie `IonizationEnergies.table`; empty when not listed). */
export function ionizationEnergies(symbolOrZ: string | number): readonly number[] {
  return MAGPIE_LIST_TABLES.IonizationEnergies[toAtomicNumber(symbolOrZ) - 1] ?? [];
}
