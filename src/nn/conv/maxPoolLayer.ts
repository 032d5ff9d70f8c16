import type { Tensor } from '../../tensor/tensor.js';
import { Module } from '../module.js';
import { maxPoolNd, type MaxPoolOptions } from './maxPool.js';
import { spatial, tupleRepr, type SpatialArg } from './params.js';

/** Options of the max-pooling layers: those of `maxPool1d` / `maxPool2d` plus `returnIndices`. */
export interface MaxPoolLayerOptions<R extends boolean> extends MaxPoolOptions {
  /** Make `forward` return `[values, indices]` (default false). */
  returnIndices?: R;
}

/** What a max-pooling layer's `forward` returns: the pooled tensor, or `[values, indices]` with returnIndices. */
export type MaxPoolOutput<R extends boolean> = R extends true ? [Tensor, Tensor] : Tensor;

/** Shared body of MaxPool1d / MaxPool2d. */
export abstract class MaxPoolNd<R extends boolean = false> extends Module {
  readonly kernelSize: number[];
  readonly stride: number[];
  readonly padding: number[];
  readonly dilation: number[];
  readonly ceilMode: boolean;
  readonly returnIndices: R;

  protected constructor(private readonly layerName: string, private readonly spatialDims: number, kernelSize: SpatialArg, options: MaxPoolLayerOptions<R>) {
    super();
    const d = spatialDims;
    this.kernelSize = spatial(kernelSize, d, 'kernelSize', layerName, 1);
    this.stride = options.stride === undefined || options.stride === null ? this.kernelSize : spatial(options.stride, d, 'stride', layerName, 1);
    this.padding = spatial(options.padding ?? 0, d, 'padding', layerName, 0);
    this.dilation = spatial(options.dilation ?? 1, d, 'dilation', layerName, 1);
    this.ceilMode = options.ceilMode ?? false;
    this.returnIndices = (options.returnIndices ?? false) as R;
  }

  forward(x: Tensor): MaxPoolOutput<R> {
    const r = maxPoolNd(this.layerName, this.spatialDims, x, this.kernelSize, {
      stride: this.stride, padding: this.padding, dilation: this.dilation, ceilMode: this.ceilMode,
    }, this.returnIndices);
    return (r.indices !== null ? [r.values, r.indices] : r.values) as MaxPoolOutput<R>;
  }

  /** Whether this is max pooling by 2 (kernel and stride 2, no padding or dilation, floor mode, values only): what a convolution's chain fuses. */
  poolsPairs(): boolean {
    const is = (v: readonly number[], x: number): boolean => v.every((e) => e === x);
    return is(this.kernelSize, 2) && is(this.stride, 2) && is(this.padding, 0) && is(this.dilation, 1) && !this.ceilMode && !this.returnIndices;
  }

  override extraRepr(): string {
    return `kernelSize=${tupleRepr(this.kernelSize)}, stride=${tupleRepr(this.stride)}, padding=${tupleRepr(this.padding)}, ` +
      `dilation=${tupleRepr(this.dilation)}, ceilMode=${this.ceilMode}`;
  }
}

/**
 * 1-D max pooling (torch.nn.MaxPool1d): [N, C, L] (or [C, L]) → [N, C, Lout], the maximum of each window
 * (−∞ padding; gradient to the first maximum of each window). With `returnIndices: true`, `forward` returns
 * `[values, indices]`, indices (int32) into the length-L input.
 *
 * ```ts
 * new MaxPool1d(2).forward(randn([8, 32, 1024])).shape; // [8, 32, 512]
 * const [v, i] = new MaxPool1d(3, { stride: 2, returnIndices: true }).forward(x);
 * ```
 */
export class MaxPool1d<R extends boolean = false> extends MaxPoolNd<R> {
  constructor(kernelSize: SpatialArg, options: MaxPoolLayerOptions<R> = {}) {
    super('MaxPool1d', 1, kernelSize, options);
  }
}

/**
 * 2-D max pooling (torch.nn.MaxPool2d): [N, C, H, W] (or [C, H, W]) → [N, C, Hout, Wout]; with
 * `returnIndices: true`, indices are flat positions h·W + w in each input plane.
 *
 * ```ts
 * new MaxPool2d(2).forward(randn([1, 3, 8, 8])).shape; // [1, 3, 4, 4]
 * new MaxPool2d(3, { stride: 2, padding: 1, ceilMode: true });
 * ```
 */
export class MaxPool2d<R extends boolean = false> extends MaxPoolNd<R> {
  constructor(kernelSize: SpatialArg, options: MaxPoolLayerOptions<R> = {}) {
    super('MaxPool2d', 2, kernelSize, options);
  }
}
