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
export { readPropertyTable, type PropertyTable, type PropertyTableOptions, type SkippedRow } from './composition/dataset/property-table.js';
export { CompositionModel, type CompositionTask, type CompositionPrediction, type CompositionModelJSON, type FittedPart } from './composition/models/composition-model.js';
export { fitCompositionModel, type CompositionModelOptions, type CompositionModelKind, type FitResult } from './composition/models/fit-model.js';
export { fitSelectedCompositionModel, DEFAULT_SELECTION_GRID, type CandidateSettings, type SelectionMode, type SelectionOptions, type SelectionReport, type SelectedFitResult } from './composition/models/select-model.js';
export { FeatureMLP, type FeatureMLPOptions, type MlpActivation } from './composition/models/feature-mlp.js';
export { ElementAttentionNet, type ElementAttentionOptions } from './composition/models/element-attention.js';
export { ElementSequenceEncoder, elementEmbeddingTable } from './composition/models/element-sequence-encoder.js';
export { FeatureEncoder, type FeatureBlocks } from './composition/models/feature-encoder.js';
export { FeaturePreprocessor } from './composition/models/feature-preprocessor.js';
export { TargetTransform } from './composition/models/target-transform.js';
export { robustL1Loss } from './composition/models/robust-l1-loss.js';
export { type TrainSettings, type MemberReport, defaultTrainSettings } from './composition/models/train-member.js';
export { crossValidate, taskMetrics, summarizeFolds, type CrossValidationModelOptions, type CrossValidationResult, type FoldResult } from './composition/evaluation/cross-validate.js';
export { foldLeakage, type LeakedRow } from './composition/evaluation/leakage.js';
export { MATBENCH_TASKS, officialTestFolds, readLeaderboard, leaderboardTable, matbenchTaskForIds, type MatbenchTask, type LeaderboardEntry, type LeaderboardRow } from './composition/evaluation/matbench.js';
