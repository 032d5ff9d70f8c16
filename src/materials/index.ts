/**
 * Materials science: element data, chemical formulas and compositions, composition features (Magpie as
 * matminer computes them), and leakage checks for composition data sets.
 *
 * ```ts
 * import { materials } from 'tensorite';
 * const comp = materials.parseFormula('CuSO4·5H2O');
 * const x = new materials.MagpieFeaturizer().featurize(comp); // Float64Array(146)
 * ```
 */
export * from './elements/index.js';
export { Composition, parseFormula, formatAmount } from './composition/composition.js';
export { FormulaError } from './composition/formula-error.js';
export type { CompositionFeaturizer } from './features/featurizer.js';
export {
  ElementPropertyFeaturizer,
  MAGPIE_PRESET_PROPERTIES,
  MAGPIE_PRESET_STATS,
  type ElementPropertyOptions,
} from './features/element-property.js';
export { StoichiometryFeaturizer } from './features/stoichiometry.js';
export { ValenceOrbitalFeaturizer } from './features/valence-orbital.js';
export { MagpieFeaturizer, magpieFeatures, magpieFeatureLabels, type MagpieFeaturizerOptions } from './features/magpie-featurizer.js';
export * from './structure/index.js';
// Both element tables export these; the composition package's are the public ones.
export { ELEMENT_SYMBOLS, atomicNumber, isElementSymbol } from './elements/index.js';
export * as cgcnn from './cgcnn/index.js';
