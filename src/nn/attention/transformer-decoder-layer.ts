import type { Tensor } from '../../tensor/tensor.js';
import { Dropout } from '../basic/dropout.js';
import { LayerNorm } from '../basic/layer-norm.js';
import { Linear } from '../basic/linear.js';
import { Module } from '../module.js';
import { MultiheadAttention } from './multihead-attention.js';
import { activationFunction, resolvedLayerOptions, type TransformerLayerOptions } from './transformer-options.js';

/** Masks of `TransformerDecoderLayer.forward` and `TransformerDecoder.forward`. */
export interface TransformerDecoderMasks {
  /** Self-attention mask [T, T] or [N·nhead, T, T] (e.g. `generateSquareSubsequentMask(T)`). */
  tgtMask?: Tensor | null;
  /** Cross-attention mask [T, S] or [N·nhead, T, S]. */
  memoryMask?: Tensor | null;
  /** [N, T]: true marks target padding. */
  tgtKeyPaddingMask?: Tensor | null;
  /** [N, S]: true marks memory (source) padding. */
  memoryKeyPaddingMask?: Tensor | null;
  /** Causal self-attention over the target (used when `tgtMask` is not given). */
  tgtIsCausal?: boolean;
}

/**
 * One Transformer decoder block (torch.nn.TransformerDecoderLayer): self-attention over the target,
 * cross-attention to the encoder's `memory`, then the feed-forward block; dropout and a residual around
 * each, LayerNorm after each residual sum (default) or before each block (`normFirst`).
 * State-dict keys: `self_attn.*`, `multihead_attn.*`, `linear1.*`, `linear2.*`, `norm1.*`, `norm2.*`, `norm3.*`.
 * tgt [T, N, dModel], memory [S, N, dModel] (batch first with `batchFirst`) → [T, N, dModel].
 *
 * ```ts
 * const layer = new TransformerDecoderLayer(64, 4, { batchFirst: true });
 * const y = layer.forward(tgt, memory, { tgtMask: generateSquareSubsequentMask(tgt.shape[1]) });
 * ```
 */
export class TransformerDecoderLayer extends Module {
  readonly dModel: number;
  readonly nhead: number;
  readonly options: TransformerLayerOptions;
  readonly normFirst: boolean;
  self_attn: MultiheadAttention;
  multihead_attn: MultiheadAttention;
  linear1: Linear;
  dropout: Dropout;
  linear2: Linear;
  norm1: LayerNorm;
  norm2: LayerNorm;
  norm3: LayerNorm;
  dropout1: Dropout;
  dropout2: Dropout;
  dropout3: Dropout;
  private readonly activation: (x: Tensor) => Tensor;

  constructor(dModel: number, nhead: number, options: TransformerLayerOptions = {}) {
    super();
    const o = resolvedLayerOptions('TransformerDecoderLayer', options);
    this.dModel = dModel;
    this.nhead = nhead;
    this.options = { ...options };
    this.normFirst = o.normFirst;
    const factory = { dtype: o.dtype, generator: o.generator };
    this.self_attn = new MultiheadAttention(dModel, nhead, { dropout: o.dropout, batchFirst: o.batchFirst, ...factory });
    this.multihead_attn = new MultiheadAttention(dModel, nhead, { dropout: o.dropout, batchFirst: o.batchFirst, ...factory });
    this.linear1 = new Linear(dModel, o.dimFeedforward, factory);
    this.dropout = new Dropout(o.dropout, { generator: o.generator });
    this.linear2 = new Linear(o.dimFeedforward, dModel, factory);
    this.norm1 = new LayerNorm(dModel, { eps: o.layerNormEps, dtype: o.dtype });
    this.norm2 = new LayerNorm(dModel, { eps: o.layerNormEps, dtype: o.dtype });
    this.norm3 = new LayerNorm(dModel, { eps: o.layerNormEps, dtype: o.dtype });
    this.dropout1 = new Dropout(o.dropout, { generator: o.generator });
    this.dropout2 = new Dropout(o.dropout, { generator: o.generator });
    this.dropout3 = new Dropout(o.dropout, { generator: o.generator });
    this.activation = activationFunction('TransformerDecoderLayer', o.activation);
  }

  /** A new layer with the same options and a copy of this one's parameters and mode (PyTorch's deepcopy). */
  clone(): TransformerDecoderLayer {
    const copy = new TransformerDecoderLayer(this.dModel, this.nhead, { ...this.options, dtype: this.linear1.weight.dtype });
    copy.loadStateDict(this.stateDict());
    return copy.train(this.training);
  }

  forward(tgt: Tensor, memory: Tensor, masks: TransformerDecoderMasks = {}): Tensor {
    const sa = (x: Tensor): Tensor => this.dropout1.forward(this.self_attn.forward(x, x, x, {
      attnMask: masks.tgtMask ?? null, keyPaddingMask: masks.tgtKeyPaddingMask ?? null, isCausal: masks.tgtIsCausal, needWeights: false,
    })[0]);
    const mha = (x: Tensor): Tensor => this.dropout2.forward(this.multihead_attn.forward(x, memory, memory, {
      attnMask: masks.memoryMask ?? null, keyPaddingMask: masks.memoryKeyPaddingMask ?? null, needWeights: false,
    })[0]);
    const ff = (x: Tensor): Tensor => this.dropout3.forward(this.linear2.forward(this.dropout.forward(this.activation(this.linear1.forward(x)))));
    let x = tgt;
    if (this.normFirst) {
      x = x.add(sa(this.norm1.forward(x)));
      x = x.add(mha(this.norm2.forward(x)));
      x = x.add(ff(this.norm3.forward(x)));
    } else {
      x = this.norm1.forward(x.add(sa(x)));
      x = this.norm2.forward(x.add(mha(x)));
      x = this.norm3.forward(x.add(ff(x)));
    }
    return x;
  }

  override extraRepr(): string {
    return `dModel=${this.dModel}, nhead=${this.nhead}, normFirst=${this.normFirst}`;
  }
}
