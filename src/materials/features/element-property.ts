import { ValueError } from '../../core/errors.js';
import type { Composition } from '../composition/composition.js';
import { isMagpieProperty, magpieTable, type MagpieTableName } from '../elements/magpie-data.js';
import { MAX_ATOMIC_NUMBER } from '../elements/periodic-table.js';
import type { CompositionFeaturizer } from './featurizer.js';

/** The 22 element properties of matminer's `ElementProperty.from_preset("magpie")`, in its order. */
export const MAGPIE_PRESET_PROPERTIES: readonly MagpieTableName[] = Object.freeze([
  'Number', 'MendeleevNumber', 'AtomicWeight', 'MeltingT', 'Column', 'Row', 'CovalentRadius', 'Electronegativity',
  'NsValence', 'NpValence', 'NdValence', 'NfValence', 'NValence', 'NsUnfilled', 'NpUnfilled', 'NdUnfilled',
  'NfUnfilled', 'NUnfilled', 'GSvolume_pa', 'GSbandgap', 'GSmagmom', 'SpaceGroupNumber',
] as const);

/** The statistics of the magpie preset, in its order. */
export const MAGPIE_PRESET_STATS = Object.freeze(['minimum', 'maximum', 'range', 'mean', 'avg_dev', 'mode'] as const);

/** Options of `ElementPropertyFeaturizer`. */
export interface ElementPropertyOptions {
  /** Magpie properties to use (default: the 22 of the magpie preset). */
  readonly properties?: readonly MagpieTableName[];
  /**
   * Replace an element's missing value by the property's mean over all elements that have one (default
   * true; matminer's `impute_nan=True`). With `false`, a missing value makes that property's six features
   * NaN (matminer's `impute_nan=False`, the default of `from_preset`).
   */
  readonly impute?: boolean;
}

/**
 * matminer's `ElementProperty.from_preset("magpie")` (Ward et al. 2016): for each Magpie element property,
 * six statistics over the composition's elements — minimum, maximum and range (max − min) unweighted;
 * mean and avg_dev (mean absolute deviation from the mean) weighted by the elements' amounts; mode, the
 * value of the element with the largest amount (ties within `np.isclose` go to the smallest value).
 * Labels are matminer's: `MagpieData minimum Number`, …, `MagpieData mode SpaceGroupNumber` (132).
 *
 * @example
 * const ep = new ElementPropertyFeaturizer();
 * const out = new Float64Array(ep.labels.length);
 * ep.featurizeInto(parseFormula('Fe2O3'), out, 0); // out[3] = mean Number = (2·26 + 3·8) / 5
 */
export class ElementPropertyFeaturizer implements CompositionFeaturizer {
  readonly labels: readonly string[];
  readonly properties: readonly MagpieTableName[];
  readonly impute: boolean;
  /** `tables[z * properties.length + p]`: property p of element z (one element's values contiguous). */
  private readonly tables: Float64Array;
  private readonly values = new Float64Array(MAX_ATOMIC_NUMBER);
  /** Start of each element's row in `tables`, for the composition being featurised. */
  private readonly rows = new Int32Array(MAX_ATOMIC_NUMBER);
  private readonly weights = new Float64Array(MAX_ATOMIC_NUMBER);
  private readonly modeIndices = new Int32Array(MAX_ATOMIC_NUMBER);

  constructor(options: ElementPropertyOptions = {}) {
    this.properties = Object.freeze([...(options.properties ?? MAGPIE_PRESET_PROPERTIES)]);
    this.impute = options.impute ?? true;
    for (const p of this.properties) {
      if (!isMagpieProperty(p)) throw new ValueError(`ElementPropertyFeaturizer: unknown Magpie property ${JSON.stringify(p)}`);
    }
    const width = this.properties.length;
    this.tables = new Float64Array((MAX_ATOMIC_NUMBER + 1) * width);
    this.properties.forEach((p, k) => {
      const column = magpieTable(p, { impute: this.impute });
      for (let z = 0; z <= MAX_ATOMIC_NUMBER; z++) this.tables[z * width + k] = column[z]!;
    });
    this.labels = Object.freeze(this.properties.flatMap((p) => MAGPIE_PRESET_STATS.map((s) => `MagpieData ${s} ${p}`)));
  }

  featurizeInto(composition: Composition, out: Float64Array, offset: number): void {
    const { atomicNumbers, amounts } = composition;
    const n = atomicNumbers.length;
    const { values, weights, tables, modeIndices, rows } = this;
    const width = this.properties.length;
    let weightSum = 0;
    let wMax = -Infinity;
    for (let i = 0; i < n; i++) {
      rows[i] = atomicNumbers[i]! * width;
      const w = amounts[i]!;
      weights[i] = w;
      weightSum += w;
      if (w > wMax) wMax = w;
    }
    // mode: the elements whose amount equals the largest within np.isclose (|w − max| ≤ 1e-8 + 1e-5·|max|)
    const tolerance = 1e-8 + 1e-5 * Math.abs(wMax);
    let modeCount = 0;
    for (let i = 0; i < n; i++) if (Math.abs(weights[i]! - wMax) <= tolerance) modeIndices[modeCount++] = i;
    let o = offset;
    for (let p = 0; p < width; p++) {
      let min = Infinity;
      let max = -Infinity;
      let weighted = 0;
      let nan = false;
      for (let i = 0; i < n; i++) {
        const v = tables[rows[i]! + p]!;
        values[i] = v;
        if (v !== v) nan = true;
        if (v < min) min = v;
        if (v > max) max = v;
        weighted += v * weights[i]!;
      }
      const mean = weighted / weightSum;
      let deviation = 0;
      for (let i = 0; i < n; i++) deviation += Math.abs(values[i]! - mean) * weights[i]!;
      let mode = Infinity;
      for (let k = 0; k < modeCount; k++) {
        const v = values[modeIndices[k]!]!;
        if (v < mode || v !== v) mode = v;
      }
      if (nan) {
        min = NaN;
        max = NaN;
      }
      out[o] = min;
      out[o + 1] = max;
      out[o + 2] = max - min;
      out[o + 3] = mean;
      out[o + 4] = deviation / weightSum;
      out[o + 5] = mode;
      o += 6;
    }
  }
}
