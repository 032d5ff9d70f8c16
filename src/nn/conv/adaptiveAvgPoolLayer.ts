import type { Tensor } from '../../tensor/tensor.js';
import { Module } from '../module.js';
import { adaptiveAvgPoolNd, type AdaptiveSize } from './adaptiveAvgPool.js';

/** Shared body of AdaptiveAvgPool1d / AdaptiveAvgPool2d. */
export abstract class AdaptiveAvgPoolNd extends Module {
  protected constructor(private readonly layerName: string, private readonly spatialDims: number, readonly outputSize: AdaptiveSize) {
    super();
  }

  forward(x: Tensor): Tensor {
    return adaptiveAvgPoolNd(this.layerName, this.spatialDims, x, this.outputSize);
  }

  override extraRepr(): string {
    return `outputSize=${typeof this.outputSize === 'number' ? this.outputSize : `(${this.outputSize.map((v) => v ?? 'null').join(', ')})`}`;
  }
}

/**
 * 1-D adaptive average pooling (torch.nn.AdaptiveAvgPool1d): [N, C, L] (or [C, L]) → [N, C, outputSize];
 * output i is the mean of x[⌊iL/out⌋ .. ⌈(i+1)L/out⌉).
 *
 * ```ts
 * new AdaptiveAvgPool1d(1).forward(randn([8, 64, 256])).shape; // [8, 64, 1]
 * ```
 */
export class AdaptiveAvgPool1d extends AdaptiveAvgPoolNd {
  constructor(outputSize: AdaptiveSize) {
    super('AdaptiveAvgPool1d', 1, outputSize);
  }
}

/**
 * 2-D adaptive average pooling (torch.nn.AdaptiveAvgPool2d): [N, C, H, W] (or [C, H, W]) → [N, C, outH, outW];
 * a null entry keeps that input size.
 *
 * ```ts
 * new AdaptiveAvgPool2d([7, 7]).forward(randn([1, 512, 14, 14])).shape; // [1, 512, 7, 7]
 * ```
 */
export class AdaptiveAvgPool2d extends AdaptiveAvgPoolNd {
  constructor(outputSize: AdaptiveSize) {
    super('AdaptiveAvgPool2d', 2, outputSize);
  }
}
