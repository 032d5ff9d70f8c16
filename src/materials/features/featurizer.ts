import type { Composition } from '../composition/composition.js';

/**
 * Something that turns a composition into a fixed-length feature vector (matminer's `BaseFeaturizer` for
 * compositions). `labels[j]` names feature j.
 */
export interface CompositionFeaturizer {
  /** Feature names, one per feature, in output order. */
  readonly labels: readonly string[];
  /** Writes the features of `composition` into `out[offset … offset + labels.length)`. */
  featurizeInto(composition: Composition, out: Float64Array, offset: number): void;
}
