import { flatten } from '../../tensor/ops/shape.js';
import type { Tensor } from '../../tensor/tensor.js';
import { Module } from '../module.js';

/**
 * Flattens dims `startDim`..`endDim` (inclusive, negative counting from the end) into one
 * (torch.nn.Flatten). The defaults keep the batch dim: [N, C, H, W] → [N, C·H·W].
 *
 * ```ts
 * new Flatten().forward(zeros([8, 3, 4, 4])).shape; // [8, 48]
 * ```
 */
export class Flatten extends Module {
  constructor(readonly startDim = 1, readonly endDim = -1) {
    super();
  }

  forward(x: Tensor): Tensor {
    return flatten(x, this.startDim, this.endDim);
  }

  override extraRepr(): string {
    return `startDim=${this.startDim}, endDim=${this.endDim}`;
  }
}
