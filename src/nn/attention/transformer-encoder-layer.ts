import type { Tensor } from '../../tensor/tensor.js';
import type { Dropout } from '../basic/dropout.js';
import type { LayerNorm } from '../basic/layer-norm.js';
import type { Linear } from '../basic/linear.js';
import type { MultiheadAttention } from './multihead-attention.js';
import { TransformerLayerBase } from './transformer-layer-base.js';
import type { TransformerLayerOptions } from './transformer-options.js';

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
export class TransformerEncoderLayer extends TransformerLayerBase {
  self_attn: MultiheadAttention;
  linear1: Linear;
  dropout: Dropout;
  linear2: Linear;
  norm1: LayerNorm;
  norm2: LayerNorm;
  dropout1: Dropout;
  dropout2: Dropout;

  constructor(dModel: number, nhead: number, options: TransformerLayerOptions = {}) {
    super('TransformerEncoderLayer', dModel, nhead, options);
    this.self_attn = this.makeAttention();
    this.linear1 = this.makeLinear(dModel, this.dimFeedforward);
    this.dropout = this.makeDropout();
    this.linear2 = this.makeLinear(this.dimFeedforward, dModel);
    this.norm1 = this.makeNorm();
    this.norm2 = this.makeNorm();
    this.dropout1 = this.makeDropout();
    this.dropout2 = this.makeDropout();
  }

  /** A new layer with the same options and a copy of this one's parameters and mode (PyTorch's deepcopy). */
  clone(): TransformerEncoderLayer {
    const copy = new TransformerEncoderLayer(this.dModel, this.nhead, this.cloneOptions());
    copy.loadStateDict(this.stateDict());
    return copy.train(this.training);
  }

  forward(src: Tensor, masks: TransformerEncoderMasks = {}): Tensor {
    const sa = (x: Tensor): Tensor => this.dropout1.forward(this.self_attn.forward(x, x, x, {
      attnMask: masks.srcMask ?? null, keyPaddingMask: masks.srcKeyPaddingMask ?? null, isCausal: masks.isCausal, needWeights: false,
    })[0]);
    const ff = (x: Tensor): Tensor => this.dropout2.forward(this.feedForward(x));
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
}
