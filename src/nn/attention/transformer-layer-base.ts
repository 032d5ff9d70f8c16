import type { Tensor } from '../../tensor/tensor.js';
import { Dropout } from '../basic/dropout.js';
import { LayerNorm } from '../basic/layer-norm.js';
import { Linear } from '../basic/linear.js';
import { Module } from '../module.js';
import { MultiheadAttention } from './multihead-attention.js';
import { activationFunction, resolvedLayerOptions, type TransformerLayerOptions } from './transformer-options.js';

/**
 * Internal base of `TransformerEncoderLayer` and `TransformerDecoderLayer`: resolved options and factories
 * for their parts (the subclasses assign them in PyTorch's registration order, which fixes the state-dict
 * order), and the feed-forward block linear2(dropout(act(linear1(x)))).
 */
export abstract class TransformerLayerBase extends Module {
  readonly dModel: number;
  readonly nhead: number;
  /** The constructor options, kept for `clone()`. */
  readonly options: TransformerLayerOptions;
  readonly normFirst: boolean;
  abstract linear1: Linear;
  abstract dropout: Dropout;
  abstract linear2: Linear;
  protected readonly activation: (x: Tensor) => Tensor;
  private readonly resolved: ReturnType<typeof resolvedLayerOptions>;

  constructor(layer: string, dModel: number, nhead: number, options: TransformerLayerOptions) {
    super();
    this.resolved = resolvedLayerOptions(layer, options);
    this.dModel = dModel;
    this.nhead = nhead;
    this.options = { ...options };
    this.normFirst = this.resolved.normFirst;
    this.activation = activationFunction(layer, this.resolved.activation);
  }

  protected makeAttention(): MultiheadAttention {
    const o = this.resolved;
    return new MultiheadAttention(this.dModel, this.nhead, { dropout: o.dropout, batchFirst: o.batchFirst, dtype: o.dtype, generator: o.generator });
  }

  protected makeLinear(inFeatures: number, outFeatures: number): Linear {
    return new Linear(inFeatures, outFeatures, { dtype: this.resolved.dtype, generator: this.resolved.generator });
  }

  protected makeNorm(): LayerNorm {
    return new LayerNorm(this.dModel, { eps: this.resolved.layerNormEps, dtype: this.resolved.dtype });
  }

  protected makeDropout(): Dropout {
    return new Dropout(this.resolved.dropout, { generator: this.resolved.generator });
  }

  /** Hidden size of the feed-forward block. */
  protected get dimFeedforward(): number {
    return this.resolved.dimFeedforward;
  }

  /** The options for a copy of this layer, with its current parameter dtype. */
  protected cloneOptions(): TransformerLayerOptions {
    return { ...this.options, dtype: this.linear1.weight.dtype };
  }

  protected feedForward(x: Tensor): Tensor {
    return this.linear2.forward(this.dropout.forward(this.activation(this.linear1.forward(x))));
  }

  override extraRepr(): string {
    return `dModel=${this.dModel}, nhead=${this.nhead}, normFirst=${this.normFirst}`;
  }
}
