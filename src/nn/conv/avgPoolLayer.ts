import type { Tensor } from '../../tensor/tensor.js';
import { Module } from '../module.js';
import { avgPoolNd, type AvgPoolOptions } from './avgPool.js';
import { spatial, tupleRepr, type SpatialArg } from './params.js';

/** Shared body of AvgPool1d / AvgPool2d. */
export abstract class AvgPoolNd extends Module {
  readonly kernelSize: number[];
  readonly stride: number[];
  readonly padding: number[];
  readonly ceilMode: boolean;
  readonly countIncludePad: boolean;
  readonly divisorOverride: number | null;

  protected constructor(private readonly layerName: string, private readonly spatialDims: number, kernelSize: SpatialArg, options: AvgPoolOptions) {
    super();
    const d = spatialDims;
    this.kernelSize = spatial(kernelSize, d, 'kernelSize', layerName, 1);
    this.stride = options.stride === undefined || options.stride === null ? this.kernelSize : spatial(options.stride, d, 'stride', layerName, 1);
    this.padding = spatial(options.padding ?? 0, d, 'padding', layerName, 0);
    this.ceilMode = options.ceilMode ?? false;
    this.countIncludePad = options.countIncludePad ?? true;
    this.divisorOverride = options.divisorOverride ?? null;
  }

  forward(x: Tensor): Tensor {
    return avgPoolNd(this.layerName, this.spatialDims, x, this.kernelSize, {
      stride: this.stride, padding: this.padding, ceilMode: this.ceilMode, countIncludePad: this.countIncludePad, divisorOverride: this.divisorOverride,
    });
  }

  override extraRepr(): string {
    return `kernelSize=${tupleRepr(this.kernelSize)}, stride=${tupleRepr(this.stride)}, padding=${tupleRepr(this.padding)}`;
  }
}

/**
 * 1-D average pooling (torch.nn.AvgPool1d): [N, C, L] (or [C, L]) → [N, C, Lout], the mean of each window;
 * with `countIncludePad` (default true) zero padding counts in the divisor.
 *
 * ```ts
 * new AvgPool1d(3, { stride: 2, padding: 1 }).forward(randn([2, 4, 10])).shape; // [2, 4, 5]
 * ```
 */
export class AvgPool1d extends AvgPoolNd {
  constructor(kernelSize: SpatialArg, options: Omit<AvgPoolOptions, 'divisorOverride'> = {}) {
    super('AvgPool1d', 1, kernelSize, options);
  }
}

/**
 * 2-D average pooling (torch.nn.AvgPool2d): [N, C, H, W] (or [C, H, W]) → [N, C, Hout, Wout];
 * `divisorOverride` replaces the window size as divisor.
 *
 * ```ts
 * new AvgPool2d(2).forward(randn([1, 3, 8, 8])).shape; // [1, 3, 4, 4]
 * ```
 */
export class AvgPool2d extends AvgPoolNd {
  constructor(kernelSize: SpatialArg, options: AvgPoolOptions = {}) {
    super('AvgPool2d', 2, kernelSize, options);
  }
}
