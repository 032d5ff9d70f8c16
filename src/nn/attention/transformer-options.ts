import { ValueError } from '../../core/errors.js';
import { gelu, relu } from '../../tensor/ops/activation.js';
import type { Tensor } from '../../tensor/tensor.js';
import type { FactoryOptions } from '../basic/options.js';

/** The feed-forward activation of a Transformer layer: PyTorch's 'relu' | 'gelu' or any function. */
export type TransformerActivation = 'relu' | 'gelu' | ((x: Tensor) => Tensor);

/** Options shared by `TransformerEncoderLayer` and `TransformerDecoderLayer` (PyTorch's defaults). */
export interface TransformerLayerOptions extends FactoryOptions {
  /** Hidden size of the feed-forward block (default 2048). */
  dimFeedforward?: number;
  /** Dropout after attention, inside and after the feed-forward block, and on attention weights (default 0.1). */
  dropout?: number;
  /** Feed-forward activation (default 'relu'). */
  activation?: TransformerActivation;
  /** LayerNorm eps (default 1e-5). */
  layerNormEps?: number;
  /** Inputs are [batch, seq, feature] (true) or [seq, batch, feature] (false, default). */
  batchFirst?: boolean;
  /** Pre-norm: LayerNorm before each block instead of after the residual sum (default false). */
  normFirst?: boolean;
}

/** Internal: the activation function of an option value. */
export function activationFunction(layer: string, activation: TransformerActivation | undefined): (x: Tensor) => Tensor {
  const a = activation ?? 'relu';
  if (typeof a === 'function') return a;
  if (a === 'relu') return relu;
  if (a === 'gelu') return (x) => gelu(x);
  throw new ValueError(`${layer}: activation should be 'relu' or 'gelu' (or a function), got ${JSON.stringify(a)}`);
}

/** Internal: the options with defaults filled in. */
export function resolvedLayerOptions(layer: string, options: TransformerLayerOptions): Required<Omit<TransformerLayerOptions, 'generator' | 'dtype'>> & FactoryOptions {
  const dropout = options.dropout ?? 0.1;
  if (!(dropout >= 0 && dropout <= 1)) throw new ValueError(`${layer}: dropout must be in [0, 1], got ${dropout}`);
  return {
    ...options,
    dimFeedforward: options.dimFeedforward ?? 2048,
    dropout,
    activation: options.activation ?? 'relu',
    layerNormEps: options.layerNormEps ?? 1e-5,
    batchFirst: options.batchFirst ?? false,
    normFirst: options.normFirst ?? false,
  };
}
