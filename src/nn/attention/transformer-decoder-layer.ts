import type { Tensor } from '../../tensor/tensor.js';
import type { Dropout } from '../basic/dropout.js';
import type { LayerNorm } from '../basic/layer-norm.js';
import type { Linear } from '../basic/linear.js';
import type { MultiheadAttention } from './multihead-attention.js';
import { TransformerLayerBase } from './transformer-layer-base.js';
import type { TransformerLayerOptions } from './transformer-options.js';

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
export class TransformerDecoderLayer extends TransformerLayerBase {
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

  constructor(dModel: number, nhead: number, options: TransformerLayerOptions = {}) {
    super('TransformerDecoderLayer', dModel, nhead, options);
    this.self_attn = this.makeAttention();
    this.multihead_attn = this.makeAttention();
    this.linear1 = this.makeLinear(dModel, this.dimFeedforward);
    this.dropout = this.makeDropout();
    this.linear2 = this.makeLinear(this.dimFeedforward, dModel);
    this.norm1 = this.makeNorm();
    this.norm2 = this.makeNorm();
    this.norm3 = this.makeNorm();
    this.dropout1 = this.makeDropout();
    this.dropout2 = this.makeDropout();
    this.dropout3 = this.makeDropout();
  }

  /** A new layer with the same options and a copy of this one's parameters and mode (PyTorch's deepcopy). */
  clone(): TransformerDecoderLayer {
    const copy = new TransformerDecoderLayer(this.dModel, this.nhead, this.cloneOptions());
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
    const ff = (x: Tensor): Tensor => this.dropout3.forward(this.feedForward(x));
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
}
