import type { Tensor } from '../../tensor/tensor.js';
import { Dropout } from '../basic/dropout.js';
import { LayerNorm } from '../basic/layer-norm.js';
import { Linear } from '../basic/linear.js';
import { Module } from '../module.js';
import { MultiheadAttention } from './multihead-attention.js';
import { activationFunction, resolvedLayerOptions, type TransformerLayerOptions } from './transformer-options.js';

/** Masks of `TransformerEncoderLayer.forward` and `TransformerEncoder.forward`. */
export interface TransformerEncoderMasks {
  /** Self-attention mask [S, S] or [N·nhead, S, S]: bool true = not allowed, float added. */
  srcMask?: Tensor | null;
  /** [N, S]: true marks padding positions the layer ignores. */
  srcKeyPaddingMask?: Tensor | null;
  /** Causal self-attention (used when `srcMask` is not given). */
  isCausal?: boolean;
}

/**
 * One Transformer encoder block (torch.nn.TransformerEncoderLayer): self-attention then a feed-forward
 * block linear2(dropout(act(linear1(x)))), each with dropout and a residual connection, LayerNorm after
 * each residual sum (post-norm, default) or before each block (`normFirst`).
 * State-dict keys: `self_attn.*` (see MultiheadAttention), `linear1.*`, `linear2.*`, `norm1.*`, `norm2.*`.
 * Input [S, N, dModel] (or [N, S, dModel] with batchFirst, or unbatched [S, dModel]) → same shape.
 *
 * ```ts
 * const layer = new TransformerEncoderLayer(64, 4, { dimFeedforward: 128, batchFirst: true });
 * const y = layer.forward(x, { srcKeyPaddingMask: padding });
 * ```
 */
export class TransformerEncoderLayer extends Module {
  readonly dModel: number;
  readonly nhead: number;
  readonly options: TransformerLayerOptions;
  readonly normFirst: boolean;
  self_attn: MultiheadAttention;
  linear1: Linear;
  dropout: Dropout;
  linear2: Linear;
  norm1: LayerNorm;
  norm2: LayerNorm;
  dropout1: Dropout;
  dropout2: Dropout;
  private readonly activation: (x: Tensor) => Tensor;

  constructor(dModel: number, nhead: number, options: TransformerLayerOptions = {}) {
    super();
    const o = resolvedLayerOptions('TransformerEncoderLayer', options);
    this.dModel = dModel;
    this.nhead = nhead;
    this.options = { ...options };
    this.normFirst = o.normFirst;
    const factory = { dtype: o.dtype, generator: o.generator };
    this.self_attn = new MultiheadAttention(dModel, nhead, { dropout: o.dropout, batchFirst: o.batchFirst, ...factory });
    this.linear1 = new Linear(dModel, o.dimFeedforward, factory);
    this.dropout = new Dropout(o.dropout, { generator: o.generator });
    this.linear2 = new Linear(o.dimFeedforward, dModel, factory);
    this.norm1 = new LayerNorm(dModel, { eps: o.layerNormEps, dtype: o.dtype });
    this.norm2 = new LayerNorm(dModel, { eps: o.layerNormEps, dtype: o.dtype });
    this.dropout1 = new Dropout(o.dropout, { generator: o.generator });
    this.dropout2 = new Dropout(o.dropout, { generator: o.generator });
    this.activation = activationFunction('TransformerEncoderLayer', o.activation);
  }

  /** A new layer with the same options and a copy of this one's parameters and mode (PyTorch's deepcopy). */
  clone(): TransformerEncoderLayer {
    const copy = new TransformerEncoderLayer(this.dModel, this.nhead, { ...this.options, dtype: this.linear1.weight.dtype });
    copy.loadStateDict(this.stateDict());
    return copy.train(this.training);
  }

  forward(src: Tensor, masks: TransformerEncoderMasks = {}): Tensor {
    const sa = (x: Tensor): Tensor => this.dropout1.forward(this.self_attn.forward(x, x, x, {
      attnMask: masks.srcMask ?? null, keyPaddingMask: masks.srcKeyPaddingMask ?? null, isCausal: masks.isCausal, needWeights: false,
    })[0]);
    const ff = (x: Tensor): Tensor => this.dropout2.forward(this.linear2.forward(this.dropout.forward(this.activation(this.linear1.forward(x)))));
    let x = src;
    if (this.normFirst) {
      x = x.add(sa(this.norm1.forward(x)));
      x = x.add(ff(this.norm2.forward(x)));
    } else {
      x = this.norm1.forward(x.add(sa(x)));
      x = this.norm2.forward(x.add(ff(x)));
    }
    return x;
  }

  override extraRepr(): string {
    return `dModel=${this.dModel}, nhead=${this.nhead}, normFirst=${this.normFirst}`;
  }
}
