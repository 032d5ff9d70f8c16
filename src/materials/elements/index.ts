/**
 * Element data: the periodic table (symbols, names, Z = 1 … 118), the Magpie element-property tables
 * (matminer), CrabNet's element tables (Magpie, mat2vec, Oliynyk) and CGCNN's atom features. The values are
 * compiled into the library from the bundled files in `data/elements/` (see `npm run generate:elements`),
 * so they work in the browser without file access.
 */
export { ELEMENT_SYMBOLS, ELEMENT_NAMES, MAX_ATOMIC_NUMBER, atomicNumber, isElementSymbol, element, type Element } from './periodic-table.js';
export {
  MAGPIE_TABLE_NAMES,
  type MagpieTableName,
  isMagpieProperty,
  magpiePropertyInfo,
  magpieImputationValue,
  magpieValue,
  magpieTable,
  oxidationStates,
  ionizationEnergies,
} from './magpie-data.js';
export { MAGPIE_PROPERTIES, type MagpiePropertyInfo } from './magpie-properties.js';
export { CGCNN_ATOM_FEATURES, CGCNN_MAX_Z, cgcnnAtomFeatures, cgcnnAtomFeatureMatrix } from './cgcnn.js';
export { crabnetTable, crabnetElementVector, type CrabnetTable, type CrabnetTableName } from './crabnet.js';
