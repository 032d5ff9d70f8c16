import { ValueError } from '../../../core/errors.js';
import type { Tensor } from '../../../tensor/tensor.js';
import { noGrad } from '../../../tensor/graph.js';
import type { Composition } from '../composition.js';
import { ElementSequenceEncoder, type ElementSequenceEncoderJSON } from './element-sequence-encoder.js';
import { FeatureEncoder, type FeatureEncoderJSON } from './feature-encoder.js';
import { type NetworkConfig, buildNetwork } from './network.js';
import { TargetTransform, type TargetTransformJSON } from './target-transform.js';
import type { TrainableModule } from './train-member.js';

/** What is predicted: a number, or the probability of the positive class. */
export type CompositionTask = 'regression' | 'classification';

/** Turns compositions into a network's input tensors (fitted on training data). */
export type InputEncoder = FeatureEncoder | ElementSequenceEncoder;
/** The saved state of an `InputEncoder`. */
export type InputEncoderJSON = FeatureEncoderJSON | ElementSequenceEncoderJSON;

/** Restores a saved input encoder of either kind. */
export function encoderFromJSON(json: InputEncoderJSON): InputEncoder {
  return json.type === 'ElementSequenceEncoder' ? ElementSequenceEncoder.fromJSON(json) : FeatureEncoder.fromJSON(json);
}

/** One fitted pipeline: input encoding, target transform and the trained member networks. */
export interface FittedPart {
  readonly encoder: InputEncoder;
  /** How the member networks are built (input width follows the encoder). */
  readonly network: NetworkConfig;
  /** Regression only (null for classification). */
  readonly target: TargetTransform | null;
  readonly members: readonly TrainableModule[];
}

/** Predictions of a `CompositionModel`, one entry per composition. */
export interface CompositionPrediction {
  /** Regression: the predictive mean (original units). Classification: the mean probability of the positive class. */
  readonly mean: Float64Array;
  /**
   * Regression: the predictive standard deviation, √(mean σᵢ² + variance of μᵢ) over the members (σᵢ = 0 for
   * members without a spread output). Classification: the standard deviation of the members' probabilities.
   */
  readonly std: Float64Array;
}

/** The JSON half of a saved model (weights go in safetensors under `parts.{p}.members.{m}.`). */
export interface CompositionModelJSON {
  readonly format: 'tensorite-composition-model';
  readonly version: 1;
  readonly task: CompositionTask;
  readonly kind: string;
  /** Whether the networks output (mean, log σ). */
  readonly heteroscedastic: boolean;
  readonly parts: readonly { encoder: InputEncoderJSON; network: NetworkConfig; target: TargetTransformJSON | null; members: number }[];
}

/**
 * A trained composition → property model: one or more fitted parts (e.g. the models of the cross-validation
 * folds), each an ensemble of networks with its own input encoding. Predictions pool every member of every
 * part: the mean of their means, and a spread that adds the members' disagreement (epistemic) to their
 * predicted noise (aleatoric, for heteroscedastic networks).
 */
export class CompositionModel {
  readonly task: CompositionTask;
  readonly kind: string;
  readonly heteroscedastic: boolean;
  readonly parts: readonly FittedPart[];

  constructor(task: CompositionTask, kind: string, heteroscedastic: boolean, parts: readonly FittedPart[]) {
    if (parts.length === 0 || parts.some((p) => p.members.length === 0)) throw new ValueError('CompositionModel: needs at least one part with at least one member');
    this.task = task;
    this.kind = kind;
    this.heteroscedastic = heteroscedastic;
    this.parts = parts;
  }

  /** Number of member networks over all parts. */
  get memberCount(): number {
    return this.parts.reduce((s, p) => s + p.members.length, 0);
  }

  /** Predicts every composition (in eval mode, without gradients). */
  predict(compositions: readonly Composition[]): CompositionPrediction {
    const n = compositions.length;
    const means: Float64Array[] = [];
    const variances: Float64Array[] = [];
    for (const part of this.parts) {
      const inputs = part.encoder.encode(compositions);
      for (const member of part.members) {
        const [mu, sigma] = memberOutput(member, inputs, part.target, this.task, this.heteroscedastic, n);
        means.push(mu);
        variances.push(sigma);
      }
    }
    const mean = new Float64Array(n);
    const std = new Float64Array(n);
    const k = means.length;
    for (let i = 0; i < n; i++) {
      let m = 0;
      for (const row of means) m += row[i]!;
      m /= k;
      let spread = 0;
      let noise = 0;
      for (let j = 0; j < k; j++) {
        spread += (means[j]![i]! - m) ** 2;
        noise += variances[j]![i]!;
      }
      mean[i] = m;
      std[i] = Math.sqrt(noise / k + (k > 1 ? spread / k : 0));
    }
    return { mean, std };
  }

  /** The model as JSON plus named weight tensors (write them to `model.json` and `model.safetensors`). */
  toFiles(): { json: CompositionModelJSON; tensors: Record<string, Tensor> } {
    const tensors: Record<string, Tensor> = {};
    this.parts.forEach((part, p) => {
      part.members.forEach((member, m) => {
        for (const [name, t] of Object.entries(member.stateDict())) tensors[`parts.${p}.members.${m}.${name}`] = t;
      });
    });
    const json: CompositionModelJSON = {
      format: 'tensorite-composition-model',
      version: 1,
      task: this.task,
      kind: this.kind,
      heteroscedastic: this.heteroscedastic,
      parts: this.parts.map((p) => ({ encoder: p.encoder.toJSON(), network: p.network, target: p.target?.toJSON() ?? null, members: p.members.length })),
    };
    return { json, tensors };
  }

  /**
   * Rebuilds a model saved with `toFiles`.
   * @throws ValueError when the JSON is not a saved model or a weight is missing or misshapen.
   */
  static fromFiles(json: CompositionModelJSON, tensors: Record<string, Tensor>): CompositionModel {
    if (json?.format !== 'tensorite-composition-model' || json.version !== 1 || !Array.isArray(json.parts)) {
      throw new ValueError('CompositionModel.fromFiles: expected a saved composition model (format "tensorite-composition-model", version 1)');
    }
    const parts = json.parts.map((p, pi): FittedPart => {
      const members = Array.from({ length: p.members }, (_, mi) => {
        const net = buildNetwork(p.network);
        const prefix = `parts.${pi}.members.${mi}.`;
        const state: Record<string, Tensor> = {};
        for (const [name, t] of Object.entries(tensors)) if (name.startsWith(prefix)) state[name.slice(prefix.length)] = t;
        net.loadStateDict(state);
        net.eval();
        return net;
      });
      return { encoder: encoderFromJSON(p.encoder), network: p.network, target: p.target === null ? null : TargetTransform.fromJSON(p.target), members };
    });
    return new CompositionModel(json.task, json.kind, json.heteroscedastic, parts);
  }
}

/** One member's prediction in original units: [mean or probability, variance (aleatoric, or 0)]. */
function memberOutput(member: TrainableModule, inputs: Tensor[], target: TargetTransform | null, task: CompositionTask, hetero: boolean, n: number): [Float64Array, Float64Array] {
  member.eval();
  const out = noGrad(() => member.forward(...inputs)).data();
  const width = out.length / n;
  const mean = new Float64Array(n);
  const variance = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const z = out[i * width]!;
    if (task === 'classification') {
      mean[i] = 1 / (1 + Math.exp(-z));
      continue;
    }
    mean[i] = target === null ? z : target.inverse(z);
    if (hetero) {
      const sigma = Math.exp(out[i * width + 1]!);
      const s = target === null ? sigma : target.inverseSpread(z, sigma);
      variance[i] = s * s;
    }
  }
  return [mean, variance];
}
