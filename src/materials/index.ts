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
export {
  compositionDistance,
  compositionKey,
  findCompositionLeakage,
  duplicateCompositionGroups,
  formatLeakageReport,
  type LeakagePair,
  type LeakageReport,
  type LeakageOptions,
} from './composition/leakage.js';
export { chemicalSystemGroups, chemicalSystemKFold, leaveOneChemicalSystemOut } from './composition/chemical-system-split.js';
export * from './structure/index.js';
export * as cgcnn from './cgcnn/index.js';
