import { ValueError } from '../../core/errors.js';
import { Composition } from '../composition/composition.js';
import { ElementPropertyFeaturizer, type ElementPropertyOptions } from './element-property.js';
import type { CompositionFeaturizer } from './featurizer.js';
import { StoichiometryFeaturizer } from './stoichiometry.js';
import { ValenceOrbitalFeaturizer } from './valence-orbital.js';

/** Options of `MagpieFeaturizer`. */
export interface MagpieFeaturizerOptions {
  /** Impute missing element values with the property's mean over elements (default true); see `ElementPropertyOptions.impute`. */
  readonly impute?: ElementPropertyOptions['impute'];
}

/**
 * The Magpie composition features (Ward et al., npj Comput. Mater. 2016) as matminer computes them, 146 in
 * this order: matminer's `ElementProperty.from_preset("magpie")` (132: 22 properties × minimum, maximum,
 * range, mean, avg_dev, mode; labels `MagpieData mean Number` …), `Stoichiometry()` (6: `0-norm`, `2-norm`,
 * `3-norm`, `5-norm`, `7-norm`, `10-norm`) and `ValenceOrbital()` (8: `avg s valence electrons` …
 * `frac f valence electrons`). Formulas are parsed with `parseFormula`.
 *
 * @example
 * const f = new MagpieFeaturizer();
 * const x = f.featurize('Fe2O3');                 // Float64Array(146)
 * x[f.labels.indexOf('MagpieData mean Number')];   // (2·26 + 3·8) / 5 = 15.2
 * const m = f.featurizeMany(['NaCl', 'Si']);       // Float64Array(2 · 146), row-major
 */
export class MagpieFeaturizer implements CompositionFeaturizer {
  readonly labels: readonly string[];
  /** Number of features (146). */
  readonly size: number;
  private readonly parts: readonly CompositionFeaturizer[];

  constructor(options: MagpieFeaturizerOptions = {}) {
    const ep = options.impute === undefined ? {} : { impute: options.impute };
    this.parts = [new ElementPropertyFeaturizer(ep), new StoichiometryFeaturizer(), new ValenceOrbitalFeaturizer()];
    this.labels = Object.freeze(this.parts.flatMap((p) => p.labels));
    this.size = this.labels.length;
  }

  featurizeInto(composition: Composition, out: Float64Array, offset: number): void {
    let o = offset;
    for (const part of this.parts) {
      part.featurizeInto(composition, out, o);
      o += part.labels.length;
    }
  }

  /** The features of one composition (a `Composition` or a formula). @throws FormulaError for a bad formula. */
  featurize(composition: Composition | string): Float64Array {
    const out = new Float64Array(this.size);
    this.featurizeInto(toComposition(composition), out, 0);
    return out;
  }

  /**
   * The features of many compositions as one row-major matrix [compositions.length, size]; wrap it with
   * `tensor(x).reshape([n, f.size])` for a model.
   * @throws FormulaError (naming the index) for a bad formula.
   */
  featurizeMany(compositions: readonly (Composition | string)[]): Float64Array {
    const out = new Float64Array(compositions.length * this.size);
    compositions.forEach((c, i) => {
      let comp: Composition;
      try {
        comp = toComposition(c);
      } catch (error) {
        if (error instanceof ValueError) throw new ValueError(`MagpieFeaturizer.featurizeMany: compositions[${i}]: ${error.message}`);
        throw error;
      }
      this.featurizeInto(comp, out, i * this.size);
    });
    return out;
  }
}

function toComposition(c: Composition | string): Composition {
  return typeof c === 'string' ? Composition.parse(c) : c;
}

let defaultFeaturizer: MagpieFeaturizer | undefined;

/** The 146 Magpie features of one composition with the default `MagpieFeaturizer` (imputation on). */
export function magpieFeatures(composition: Composition | string): Float64Array {
  defaultFeaturizer ??= new MagpieFeaturizer();
  return defaultFeaturizer.featurize(composition);
}

/** The labels of `magpieFeatures`, in order. */
export function magpieFeatureLabels(): readonly string[] {
  defaultFeaturizer ??= new MagpieFeaturizer();
  return defaultFeaturizer.labels;
}
