import { ShapeError, ValueError } from '../../core/errors.js';
import type { Generator } from '../../core/random.js';
import { formatShape } from '../../core/shape.js';
import type { Tensor } from '../../tensor/tensor.js';
import { Module } from '../module.js';
import { convTransposeNd } from './convTranspose.js';
import { zeros } from '../../tensor/ops/creation.js';
import { layerDefaultInit_ } from '../init/layer-default.js';
import { Parameter } from '../parameter.js';
import { spatial, tupleRepr, type SpatialArg } from './params.js';

/** Options of the transposed convolution layers (torch.nn.ConvTranspose1d / 2d keyword arguments). */
export interface ConvTransposeLayerOptions {
  /** Stride of the corresponding convolution (default 1). */
  stride?: SpatialArg;
  /** Padding of the corresponding convolution, cropped from both sides of the output (default 0). */
  padding?: SpatialArg;
  /** Extra size added to one side of the output; smaller than stride or dilation (default 0). */
  outputPadding?: SpatialArg;
  /** Number of blocked connections (default 1). */
  groups?: number;
  /** Learn an additive bias per output channel (default true). */
  bias?: boolean;
  /** Spacing between kernel elements (default 1). */
  dilation?: SpatialArg;
  /** Only 'zeros' exists for transposed convolutions (as PyTorch). */
  paddingMode?: 'zeros';
  /** Parameter dtype (default float32). */
  dtype?: 'float32' | 'float64';
  /** Generator for the initial weights (default: the global one). */
  generator?: Generator;
}

/**
 * Shared body of ConvTranspose1d / 2d: `weight` [inChannels, outChannels/groups, ...kernel], `bias`
 * [outChannels], initialised as PyTorch does (U(±1/√fanIn) with fanIn = outChannels/groups · Πkernel, which
 * is what kaiming-uniform with a = √5 computes from this weight layout).
 */
export abstract class ConvTransposeNd extends Module {
  readonly inChannels: number;
  readonly outChannels: number;
  readonly kernelSize: number[];
  readonly stride: number[];
  readonly padding: number[];
  readonly outputPadding: number[];
  readonly dilation: number[];
  readonly groups: number;
  weight: Parameter;
  bias: Parameter | null;

  protected constructor(
    private readonly layerName: string,
    private readonly spatialDims: number,
    inChannels: number,
    outChannels: number,
    kernelSize: SpatialArg,
    options: ConvTransposeLayerOptions,
  ) {
    super();
    const op = layerName;
    const d = spatialDims;
    for (const [name, v] of [['inChannels', inChannels], ['outChannels', outChannels]] as const) {
      if (!Number.isInteger(v) || v < 1) throw new ValueError(`${op}: ${name} must be a positive integer, got ${v}`);
    }
    if ((options.paddingMode ?? 'zeros') !== 'zeros') {
      throw new ValueError(`${op}: only paddingMode 'zeros' is supported, got ${JSON.stringify(options.paddingMode)}`);
    }
    this.inChannels = inChannels;
    this.outChannels = outChannels;
    this.kernelSize = spatial(kernelSize, d, 'kernelSize', op, 1);
    this.stride = spatial(options.stride ?? 1, d, 'stride', op, 1);
    this.padding = spatial(options.padding ?? 0, d, 'padding', op, 0);
    this.outputPadding = spatial(options.outputPadding ?? 0, d, 'outputPadding', op, 0);
    this.dilation = spatial(options.dilation ?? 1, d, 'dilation', op, 1);
    this.groups = options.groups ?? 1;
    if (!Number.isInteger(this.groups) || this.groups < 1) throw new ValueError(`${op}: groups must be a positive integer, got ${this.groups}`);
    if (inChannels % this.groups !== 0) throw new ValueError(`${op}: inChannels (${inChannels}) must be divisible by groups (${this.groups})`);
    if (outChannels % this.groups !== 0) throw new ValueError(`${op}: outChannels (${outChannels}) must be divisible by groups (${this.groups})`);
    const dtype = options.dtype ?? 'float32';
    this.weight = new Parameter(zeros([inChannels, outChannels / this.groups, ...this.kernelSize], { dtype }));
    this.bias = (options.bias ?? true) ? new Parameter(zeros([outChannels], { dtype })) : null;
    layerDefaultInit_(this.weight, this.bias, options.generator);
  }

  /**
   * The output padding that makes the output `outputSize` (spatial sizes, or the full shape with batch and
   * channel dims), as PyTorch's `_output_padding`: each size must lie in [minimum, minimum + stride − 1].
   */
  private outputPaddingFor(x: Tensor, outputSize: readonly number[] | undefined): number[] {
    if (outputSize === undefined) return this.outputPadding;
    const d = this.spatialDims;
    const nonSpatial = x.ndim === d + 2 ? 2 : 1;
    const sizes = outputSize.length === nonSpatial + d ? outputSize.slice(nonSpatial) : [...outputSize];
    if (sizes.length !== d) {
      throw new ShapeError(`${this.layerName}: outputSize must have ${d} or ${d + nonSpatial} elements, got ${formatShape(outputSize)}`);
    }
    return sizes.map((size, i) => {
      const min = (x.shape[nonSpatial + i]! - 1) * this.stride[i]! - 2 * this.padding[i]! + this.dilation[i]! * (this.kernelSize[i]! - 1) + 1;
      const max = min + this.stride[i]! - 1;
      if (size < min || size > max) {
        throw new ShapeError(`${this.layerName}: requested outputSize ${formatShape(outputSize)} is not possible for input ${formatShape(x.shape)}: dim ${i} must be between ${min} and ${max}`);
      }
      return size - min;
    });
  }

  protected transposedConvolve(x: Tensor, outputSize?: readonly number[]): Tensor {
    return convTransposeNd(this.layerName, this.spatialDims, x, this.weight, this.bias, {
      stride: this.stride, padding: this.padding, outputPadding: this.outputPaddingFor(x, outputSize), groups: this.groups, dilation: this.dilation,
    });
  }

  override extraRepr(): string {
    let s = `${this.inChannels}, ${this.outChannels}, kernelSize=${tupleRepr(this.kernelSize)}, stride=${tupleRepr(this.stride)}`;
    if (this.padding.some((p) => p !== 0)) s += `, padding=${tupleRepr(this.padding)}`;
    if (this.dilation.some((v) => v !== 1)) s += `, dilation=${tupleRepr(this.dilation)}`;
    if (this.outputPadding.some((p) => p !== 0)) s += `, outputPadding=${tupleRepr(this.outputPadding)}`;
    if (this.groups !== 1) s += `, groups=${this.groups}`;
    if (this.bias === null) s += ', bias=false';
    return s;
  }
}

/**
 * 1-D transposed convolution layer (torch.nn.ConvTranspose1d): [N, inChannels, L] (or unbatched) →
 * [N, outChannels, (L − 1)·stride − 2·padding + dilation·(k − 1) + outputPadding + 1]. `forward(x, outputSize)`
 * picks the output padding that gives `outputSize`, as PyTorch's `output_size` argument.
 *
 * ```ts
 * const up = new ConvTranspose1d(16, 8, 4, { stride: 2, padding: 1 });
 * up.forward(randn([2, 16, 50])).shape; // [2, 8, 100]
 * ```
 */
export class ConvTranspose1d extends ConvTransposeNd {
  constructor(inChannels: number, outChannels: number, kernelSize: SpatialArg, options: ConvTransposeLayerOptions = {}) {
    super('ConvTranspose1d', 1, inChannels, outChannels, kernelSize, options);
  }

  forward(x: Tensor, outputSize?: readonly number[]): Tensor {
    return this.transposedConvolve(x, outputSize);
  }
}

/**
 * 2-D transposed convolution layer (torch.nn.ConvTranspose2d): [N, inChannels, H, W] (or unbatched) →
 * [N, outChannels, Hout, Wout]; `forward(x, outputSize)` as in ConvTranspose1d.
 *
 * ```ts
 * const up = new ConvTranspose2d(8, 3, 3, { stride: 2, padding: 1, outputPadding: 1 });
 * up.forward(randn([1, 8, 16, 16])).shape; // [1, 3, 32, 32]
 * ```
 */
export class ConvTranspose2d extends ConvTransposeNd {
  constructor(inChannels: number, outChannels: number, kernelSize: SpatialArg, options: ConvTransposeLayerOptions = {}) {
    super('ConvTranspose2d', 2, inChannels, outChannels, kernelSize, options);
  }

  forward(x: Tensor, outputSize?: readonly number[]): Tensor {
    return this.transposedConvolve(x, outputSize);
  }
}
