import { ValueError } from '../../core/errors.js';
import type { Tensor } from '../../tensor/tensor.js';
import type { LayerNorm } from '../basic/layer-norm.js';
import { ModuleList } from '../basic/module-list.js';
import { Module } from '../module.js';
import type { TransformerDecoderLayer, TransformerDecoderMasks } from './transformer-decoder-layer.js';

/** Options of `TransformerDecoder`. */
export interface TransformerDecoderOptions {
  /** Final normalisation after the last layer (state-dict keys `norm.*`). */
  norm?: LayerNorm | null;
}

/**
 * A stack of `numLayers` copies of `decoderLayer` (torch.nn.TransformerDecoder), each attending to the
 * same `memory`, then the optional final `norm`. Keys `layers.0.self_attn.*`, `layers.0.multihead_attn.*`, …
 *
 * ```ts
 * const decoder = new TransformerDecoder(new TransformerDecoderLayer(64, 4), 2);
 * const y = decoder.forward(tgt, memory, { tgtMask: generateSquareSubsequentMask(tgt.shape[0]) });
 * ```
 */
export class TransformerDecoder extends Module {
  readonly numLayers: number;
  layers: ModuleList;
  norm: LayerNorm | null;

  constructor(decoderLayer: TransformerDecoderLayer, numLayers: number, options: TransformerDecoderOptions = {}) {
    super();
    if (!Number.isInteger(numLayers) || numLayers < 1) throw new ValueError(`TransformerDecoder: numLayers must be a positive integer, got ${numLayers}`);
    this.numLayers = numLayers;
    this.layers = new ModuleList(Array.from({ length: numLayers }, () => decoderLayer.clone()));
    this.norm = options.norm ?? null;
  }

  forward(tgt: Tensor, memory: Tensor, masks: TransformerDecoderMasks = {}): Tensor {
    let x = tgt;
    for (const layer of this.layers) x = (layer as TransformerDecoderLayer).forward(x, memory, masks);
    return this.norm === null ? x : this.norm.forward(x);
  }
}
