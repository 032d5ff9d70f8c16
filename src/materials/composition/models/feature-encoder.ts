import { ValueError } from '../../../core/errors.js';
import { tensor } from '../../../tensor/ops/creation.js';
import type { Tensor } from '../../../tensor/tensor.js';
import { MagpieFeaturizer } from '../../features/magpie-featurizer.js';
import type { Composition } from '../composition.js';
import { FeaturePreprocessor, type FeaturePreprocessorJSON } from './feature-preprocessor.js';

/** Which feature blocks describe a composition for the MLP models. */
export interface FeatureBlocks {
  /** The 146 Magpie features (matminer's ElementProperty "magpie" + Stoichiometry + ValenceOrbital). Default true. */
  readonly magpie?: boolean;
  /** The atomic fraction of each element seen in training (ElemNet-style). Default true. */
  readonly fractions?: boolean;
  /** log10(fraction + 1e-5) of each of those elements, resolving trace alloying elements. Default true. */
  readonly logFractions?: boolean;
}

/** The saved state of a `FeatureEncoder`. */
export interface FeatureEncoderJSON {
  readonly type: 'FeatureEncoder';
  readonly blocks: Required<FeatureBlocks>;
  /** Elements with a fraction column, in column order. */
  readonly elements: readonly string[];
  readonly preprocessor: FeaturePreprocessorJSON;
}

/** Floor of the log-fraction features: log10(fraction + LOG_FLOOR). */
const LOG_FLOOR = 1e-5;

let magpie: MagpieFeaturizer | undefined;

/**
 * Turns compositions into the MLP's input: the chosen feature blocks, then the `FeaturePreprocessor`
 * (column selection, imputation, standardisation) fitted on the training compositions only. The element
 * vocabulary of the fraction blocks is the set of elements in the training compositions; an element
 * absent from it contributes to the Magpie features but has no fraction column.
 * @example
 * const enc = FeatureEncoder.fit(trainCompositions, { magpie: true, fractions: true });
 * const [x] = enc.encode(testCompositions); // float32 [n, enc.size]
 */
export class FeatureEncoder {
  readonly blocks: Required<FeatureBlocks>;
  readonly elements: readonly string[];
  readonly preprocessor: FeaturePreprocessor;

  private constructor(blocks: Required<FeatureBlocks>, elements: readonly string[], preprocessor: FeaturePreprocessor) {
    this.blocks = blocks;
    this.elements = elements;
    this.preprocessor = preprocessor;
  }

  /** Number of input features after preprocessing. */
  get size(): number {
    return this.preprocessor.outputSize;
  }

  /** Fits the element vocabulary and the preprocessing on training compositions. */
  static fit(compositions: readonly Composition[], blocks: FeatureBlocks = {}): FeatureEncoder {
    const resolved: Required<FeatureBlocks> = { magpie: blocks.magpie ?? true, fractions: blocks.fractions ?? true, logFractions: blocks.logFractions ?? true };
    if (!resolved.magpie && !resolved.fractions && !resolved.logFractions) throw new ValueError('FeatureEncoder: choose at least one feature block');
    const elements = [...new Set(compositions.flatMap((c) => c.symbols))].sort();
    const cols = rawSize(resolved, elements.length);
    const raw = rawFeatures(compositions, resolved, elements, cols);
    return new FeatureEncoder(resolved, elements, FeaturePreprocessor.fit(raw, cols));
  }

  /** Names of the raw feature columns (before preprocessing drops any). */
  rawLabels(): string[] {
    const labels: string[] = [];
    if (this.blocks.magpie) labels.push(...magpieFeaturizer().labels);
    if (this.blocks.fractions) labels.push(...this.elements.map((e) => `fraction ${e}`));
    if (this.blocks.logFractions) labels.push(...this.elements.map((e) => `log10 fraction ${e}`));
    return labels;
  }

  /** The model inputs of `compositions`: one float32 tensor [n, size]. */
  encode(compositions: readonly Composition[]): Tensor[] {
    const cols = rawSize(this.blocks, this.elements.length);
    const x = this.preprocessor.transform(rawFeatures(compositions, this.blocks, this.elements, cols), cols);
    return [tensor(x).reshape([compositions.length, this.size])];
  }

  toJSON(): FeatureEncoderJSON {
    return { type: 'FeatureEncoder', blocks: this.blocks, elements: [...this.elements], preprocessor: this.preprocessor.toJSON() };
  }

  static fromJSON(json: FeatureEncoderJSON): FeatureEncoder {
    if (json?.type !== 'FeatureEncoder' || !Array.isArray(json.elements)) throw new ValueError('FeatureEncoder.fromJSON: expected a saved FeatureEncoder');
    return new FeatureEncoder(json.blocks, json.elements, FeaturePreprocessor.fromJSON(json.preprocessor));
  }
}

function magpieFeaturizer(): MagpieFeaturizer {
  magpie ??= new MagpieFeaturizer();
  return magpie;
}

function rawSize(blocks: Required<FeatureBlocks>, elements: number): number {
  return (blocks.magpie ? magpieFeaturizer().size : 0) + (blocks.fractions ? elements : 0) + (blocks.logFractions ? elements : 0);
}

function rawFeatures(compositions: readonly Composition[], blocks: Required<FeatureBlocks>, elements: readonly string[], cols: number): Float64Array {
  const out = new Float64Array(compositions.length * cols);
  const column = new Map(elements.map((e, i) => [e, i]));
  compositions.forEach((c, r) => {
    let offset = r * cols;
    if (blocks.magpie) {
      magpieFeaturizer().featurizeInto(c, out, offset);
      offset += magpieFeaturizer().size;
    }
    const fractions = new Float64Array(elements.length);
    const total = c.numAtoms;
    c.symbols.forEach((s, i) => {
      const j = column.get(s);
      if (j !== undefined) fractions[j] = c.amounts[i]! / total;
    });
    if (blocks.fractions) {
      out.set(fractions, offset);
      offset += elements.length;
    }
    if (blocks.logFractions) for (let j = 0; j < elements.length; j++) out[offset + j] = Math.log10(fractions[j]! + LOG_FLOOR);
  });
  return out;
}
