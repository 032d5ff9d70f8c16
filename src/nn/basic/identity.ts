import type { Tensor } from '../../tensor/tensor.js';
import { Module } from '../module.js';

/**
 * Returns its input unchanged (torch.nn.Identity); a placeholder where a layer is optional.
 *
 * ```ts
 * const norm = useNorm ? new LayerNorm(64) : new Identity();
 * ```
 */
export class Identity extends Module {
  forward(x: Tensor): Tensor {
    return x;
  }
}
