import { ValueError } from '../../../core/errors.js';
import { BatchNorm1d, Dropout, GELU, Linear, ReLU, Sequential, SiLU, Tanh } from '../../../nn/basic/index.js';
import { Module } from '../../../nn/module.js';
import type { Tensor } from '../../../tensor/tensor.js';

/** Activations `FeatureMLP` can use between layers. */
export type MlpActivation = 'relu' | 'silu' | 'gelu' | 'tanh';

/** Options of `FeatureMLP`. */
export interface FeatureMLPOptions {
  /** Number of input features. */
  readonly inputSize: number;
  /** Widths of the hidden layers (default [64, 64]). */
  readonly hiddenSizes?: readonly number[];
  /** Outputs: 1 for a value or a logit, 2 for (mean, log σ) with `robustL1Loss` (default 1). */
  readonly outputSize?: number;
  /** Dropout probability after each hidden activation (default 0: none). */
  readonly dropout?: number;
  /** BatchNorm1d after each hidden Linear, before the activation (default false). */
  readonly batchNorm?: boolean;
  /** Default 'silu'. */
  readonly activation?: MlpActivation;
}

function activationModule(name: MlpActivation): Module {
  switch (name) {
    case 'relu':
      return new ReLU();
    case 'silu':
      return new SiLU();
    case 'gelu':
      return new GELU();
    case 'tanh':
      return new Tanh();
    default:
      throw new ValueError(`FeatureMLP: unknown activation ${JSON.stringify(name)}; expected relu, silu, gelu or tanh`);
  }
}

/**
 * A multilayer perceptron on a fixed-length feature vector (e.g. Magpie features of a composition):
 * `[Linear → (BatchNorm1d) → activation → (Dropout)] × hidden layers → Linear`. The layers sit in a
 * `Sequential` named `net`, so state-dict keys are PyTorch's (`net.0.weight`, …) for
 *
 * ```python
 * net = nn.Sequential(nn.Linear(p, 64), nn.SiLU(), nn.Linear(64, 64), nn.SiLU(), nn.Linear(64, 1))
 * ```
 *
 * Input [n, inputSize], output [n, outputSize].
 * @example
 * const mlp = new FeatureMLP({ inputSize: 132, hiddenSizes: [64, 32], dropout: 0.1 });
 * mlp.forward(x); // [n, 1]
 */
export class FeatureMLP extends Module {
  readonly options: Required<FeatureMLPOptions>;
  net: Sequential;

  constructor(options: FeatureMLPOptions) {
    super();
    const resolved: Required<FeatureMLPOptions> = {
      inputSize: options.inputSize,
      hiddenSizes: [...(options.hiddenSizes ?? [64, 64])],
      outputSize: options.outputSize ?? 1,
      dropout: options.dropout ?? 0,
      batchNorm: options.batchNorm ?? false,
      activation: options.activation ?? 'silu',
    };
    const sizes = [resolved.inputSize, ...resolved.hiddenSizes, resolved.outputSize];
    if (!sizes.every((s) => Number.isInteger(s) && s > 0)) throw new ValueError(`FeatureMLP: layer sizes must be positive integers, got ${sizes.join(', ')}`);
    if (!(resolved.dropout >= 0 && resolved.dropout < 1)) throw new ValueError(`FeatureMLP: dropout must be in [0, 1), got ${resolved.dropout}`);
    this.options = resolved;
    const layers: Module[] = [];
    let width = resolved.inputSize;
    for (const hidden of resolved.hiddenSizes) {
      layers.push(new Linear(width, hidden));
      if (resolved.batchNorm) layers.push(new BatchNorm1d(hidden));
      layers.push(activationModule(resolved.activation));
      if (resolved.dropout > 0) layers.push(new Dropout(resolved.dropout));
      width = hidden;
    }
    layers.push(new Linear(width, resolved.outputSize));
    this.net = new Sequential(...layers);
  }

  forward(x: Tensor): Tensor {
    return this.net.forward(x) as Tensor;
  }
}
