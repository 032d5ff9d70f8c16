import { ValueError } from '../../../core/errors.js';
import { relevanceRedundancyRanking } from '../../../data/selection/relevance-redundancy.js';
import { magpieValue } from '../../elements/magpie-data.js';
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
  /** The mass (weight) fraction of each element seen in training — how alloys are specified. Default false. */
  readonly weightFractions?: boolean;
  /** log10(weight fraction + 1e-5) of each of those elements. Default false. */
  readonly logWeightFractions?: boolean;
}

/** Feature selection inside `FeatureEncoder.fit`: MODNet's relevance–redundancy ranking on the training rows. */
export interface FeatureSelectionOptions {
  /** Keep this many columns (the top of `relevanceRedundancyRanking`). */
  readonly count: number;
  /** One target value per training composition (any monotone transform of it gives the same ranking). */
  readonly target: ArrayLike<number>;
  /** Equal-frequency bins of the NMI estimate (default 10). */
  readonly bins?: number;
}

/** What feature selection kept, saved with the encoder. */
export interface FeatureSelectionRecord {
  readonly method: 'relevance-redundancy';
  readonly count: number;
  readonly bins: number;
  /** Labels of the kept columns in ranking order, with their NMI with the target. */
  readonly chosen: readonly { readonly label: string; readonly nmi: number }[];
}

/** The saved state of a `FeatureEncoder`. */
export interface FeatureEncoderJSON {
  readonly type: 'FeatureEncoder';
  readonly blocks: Required<FeatureBlocks>;
  /** Elements with a fraction column, in column order. */
  readonly elements: readonly string[];
  readonly preprocessor: FeaturePreprocessorJSON;
  readonly selection?: FeatureSelectionRecord;
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
  /** The feature selection applied at fit time, if any. */
  readonly selection: FeatureSelectionRecord | undefined;

  private constructor(blocks: Required<FeatureBlocks>, elements: readonly string[], preprocessor: FeaturePreprocessor, selection?: FeatureSelectionRecord) {
    this.blocks = blocks;
    this.elements = elements;
    this.preprocessor = preprocessor;
    this.selection = selection;
  }

  /** Number of input features after preprocessing. */
  get size(): number {
    return this.preprocessor.outputSize;
  }

  /**
   * Fits the element vocabulary and the preprocessing on training compositions. With `selection`, only
   * the `count` columns ranked first by `relevanceRedundancyRanking` (over the non-constant columns, missing
   * values filled with the training mean) are kept.
   */
  static fit(compositions: readonly Composition[], blocks: FeatureBlocks = {}, selection?: FeatureSelectionOptions): FeatureEncoder {
    const resolved = resolveBlocks(blocks);
    if (!Object.values(resolved).some((b) => b)) throw new ValueError('FeatureEncoder: choose at least one feature block');
    const elements = [...new Set(compositions.flatMap((c) => c.symbols))].sort();
    const cols = rawSize(resolved, elements.length);
    const raw = rawFeatures(compositions, resolved, elements, cols);
    const all = FeaturePreprocessor.fit(raw, cols);
    if (selection === undefined) return new FeatureEncoder(resolved, elements, all);
    if (selection.target.length !== compositions.length) throw new ValueError(`FeatureEncoder: ${compositions.length} compositions but ${selection.target.length} selection targets`);
    const bins = selection.bins ?? 10;
    const ranking = relevanceRedundancyRanking(all.filled(raw, cols), compositions.length, all.kept.length, selection.target, selection.count, { bins });
    const columns = ranking.order.map((j) => all.kept[j]!);
    const labels = rawLabels(resolved, elements);
    const record: FeatureSelectionRecord = { method: 'relevance-redundancy', count: selection.count, bins, chosen: columns.map((c, i) => ({ label: labels[c]!, nmi: ranking.relevance[i]! })) };
    return new FeatureEncoder(resolved, elements, FeaturePreprocessor.fit(raw, cols, [...columns].sort((a, b) => a - b)), record);
  }

  /** Names of the raw feature columns (before preprocessing drops any). */
  rawLabels(): string[] {
    return rawLabels(this.blocks, this.elements);
  }

  /** Names of the columns the model sees, in input order. */
  inputLabels(): string[] {
    const labels = this.rawLabels();
    return this.preprocessor.kept.map((c) => labels[c]!);
  }

  /** The model inputs of `compositions`: one float32 tensor [n, size]. */
  encode(compositions: readonly Composition[]): Tensor[] {
    const cols = rawSize(this.blocks, this.elements.length);
    const x = this.preprocessor.transform(rawFeatures(compositions, this.blocks, this.elements, cols), cols);
    return [tensor(x).reshape([compositions.length, this.size])];
  }

  toJSON(): FeatureEncoderJSON {
    return { type: 'FeatureEncoder', blocks: this.blocks, elements: [...this.elements], preprocessor: this.preprocessor.toJSON(), ...(this.selection === undefined ? {} : { selection: this.selection }) };
  }

  static fromJSON(json: FeatureEncoderJSON): FeatureEncoder {
    if (json?.type !== 'FeatureEncoder' || !Array.isArray(json.elements)) throw new ValueError('FeatureEncoder.fromJSON: expected a saved FeatureEncoder');
    // Models saved before the weight-fraction blocks existed have no such keys: they did not use them.
    return new FeatureEncoder(resolveBlocks(json.blocks), json.elements, FeaturePreprocessor.fromJSON(json.preprocessor), json.selection);
  }
}

function magpieFeaturizer(): MagpieFeaturizer {
  magpie ??= new MagpieFeaturizer();
  return magpie;
}

function resolveBlocks(blocks: FeatureBlocks): Required<FeatureBlocks> {
  return {
    magpie: blocks.magpie ?? true,
    fractions: blocks.fractions ?? true,
    logFractions: blocks.logFractions ?? true,
    weightFractions: blocks.weightFractions ?? false,
    logWeightFractions: blocks.logWeightFractions ?? false,
  };
}

function rawSize(blocks: Required<FeatureBlocks>, elements: number): number {
  const perElement = [blocks.fractions, blocks.logFractions, blocks.weightFractions, blocks.logWeightFractions].filter((b) => b).length;
  return (blocks.magpie ? magpieFeaturizer().size : 0) + perElement * elements;
}

function rawLabels(blocks: Required<FeatureBlocks>, elements: readonly string[]): string[] {
  const labels: string[] = [];
  if (blocks.magpie) labels.push(...magpieFeaturizer().labels);
  if (blocks.fractions) labels.push(...elements.map((e) => `fraction ${e}`));
  if (blocks.logFractions) labels.push(...elements.map((e) => `log10 fraction ${e}`));
  if (blocks.weightFractions) labels.push(...elements.map((e) => `weight fraction ${e}`));
  if (blocks.logWeightFractions) labels.push(...elements.map((e) => `log10 weight fraction ${e}`));
  return labels;
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
    if (blocks.logFractions) {
      for (let j = 0; j < elements.length; j++) out[offset + j] = Math.log10(fractions[j]! + LOG_FLOOR);
      offset += elements.length;
    }
    if (!blocks.weightFractions && !blocks.logWeightFractions) return;
    // Mass fractions over the whole composition (elements outside the vocabulary count in the total mass).
    const weights = new Float64Array(elements.length);
    let mass = 0;
    c.symbols.forEach((s, i) => {
      const m = c.amounts[i]! * magpieValue('AtomicWeight', s);
      mass += m;
      const j = column.get(s);
      if (j !== undefined) weights[j] = m;
    });
    for (let j = 0; j < elements.length; j++) weights[j] = weights[j]! / mass;
    if (blocks.weightFractions) {
      out.set(weights, offset);
      offset += elements.length;
    }
    if (blocks.logWeightFractions) for (let j = 0; j < elements.length; j++) out[offset + j] = Math.log10(weights[j]! + LOG_FLOOR);
  });
  return out;
}
