import { ValueError } from '../../core/errors.js';
import type { Tensor } from '../../tensor/tensor.js';
import type { LayerNorm } from '../basic/layer-norm.js';
import { ModuleList } from '../basic/module-list.js';
import { Module } from '../module.js';
import type { TransformerEncoderLayer, TransformerEncoderMasks } from './transformer-encoder-layer.js';

/** Options of `TransformerEncoder`. */
export interface TransformerEncoderOptions {
  /** Final normalisation after the last layer (state-dict keys `norm.*`), e.g. for pre-norm stacks. */
  norm?: LayerNorm | null;
}

/**
 * A stack of `numLayers` copies of `encoderLayer` (torch.nn.TransformerEncoder): every layer starts from
 * the same parameters as the template (PyTorch deep-copies it), applied in turn with the same masks, then
 * the optional final `norm`. State-dict keys `layers.0.self_attn.in_proj_weight`, …, `norm.weight`.
 *
 * ```ts
 * const encoder = new TransformerEncoder(new TransformerEncoderLayer(64, 4, { batchFirst: true }), 3);
 * const memory = encoder.forward(x, { srcKeyPaddingMask: padding });
 * ```
 */
export class TransformerEncoder extends Module {
  readonly numLayers: number;
  layers: ModuleList;
  norm: LayerNorm | null;

  constructor(encoderLayer: TransformerEncoderLayer, numLayers: number, options: TransformerEncoderOptions = {}) {
    super();
    if (!Number.isInteger(numLayers) || numLayers < 1) throw new ValueError(`TransformerEncoder: numLayers must be a positive integer, got ${numLayers}`);
    this.numLayers = numLayers;
    this.layers = new ModuleList(Array.from({ length: numLayers }, () => encoderLayer.clone()));
    this.norm = options.norm ?? null;
  }

  forward(src: Tensor, masks: TransformerEncoderMasks = {}): Tensor {
    let x = src;
    for (const layer of this.layers) x = (layer as TransformerEncoderLayer).forward(x, masks);
    return this.norm === null ? x : this.norm.forward(x);
  }
}
