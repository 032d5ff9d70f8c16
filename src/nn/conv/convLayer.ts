import { ValueError } from '../../core/errors.js';
import type { Generator } from '../../core/random.js';
import type { Tensor } from '../../tensor/tensor.js';
import { ReLU } from '../basic/activation.js';
import type { FusesNext } from '../basic/sequential.js';
import { Module } from '../module.js';
import { convNd, resolveConvPadding, type ConvEpilogue, type ConvPadding, type ConvPaddingMode } from './conv.js';
import { MaxPool1d } from './maxPoolLayer.js';
import { zeros } from '../../tensor/ops/creation.js';
import { layerDefaultInit_ } from '../init/layer-default.js';
import { Parameter } from '../parameter.js';
import { spatial, tupleRepr, type SpatialArg } from './params.js';

/** Options of the convolution layers (torch.nn.Conv1d / Conv2d keyword arguments). */
export interface ConvLayerOptions {
  /** Step between output positions (default 1). */
  stride?: SpatialArg;
  /** Padding on both sides of every spatial dim, `'same'` (stride 1 only) or `'valid'` (default 0). */
  padding?: ConvPadding;
  /** Spacing between kernel elements (default 1). */
  dilation?: SpatialArg;
  /** Input and output channels are split into this many independent groups (default 1). */
  groups?: number;
  /** Learn an additive bias per output channel (default true). */
  bias?: boolean;
  /** How the padding is filled (default 'zeros'). */
  paddingMode?: ConvPaddingMode;
  /** Parameter dtype (default float32). */
  dtype?: 'float32' | 'float64';
  /** Generator for the initial weights (default: the global one). */
  generator?: Generator;
}

/**
 * Shared body of Conv1d and Conv2d: PyTorch's parameters `weight` [outChannels, inChannels/groups, ...kernel]
 * and `bias` [outChannels], initialised as PyTorch does (kaiming-uniform with a = √5, i.e.
 * U(±1/√fanIn), fanIn = inChannels/groups · Πkernel, for both).
 */
export abstract class ConvNd extends Module implements FusesNext {
  readonly inChannels: number;
  readonly outChannels: number;
  readonly kernelSize: number[];
  readonly stride: number[];
  readonly padding: number[] | 'same' | 'valid';
  readonly dilation: number[];
  readonly groups: number;
  readonly paddingMode: ConvPaddingMode;
  weight: Parameter;
  bias: Parameter | null;

  protected constructor(
    private readonly layerName: string,
    d: number,
    inChannels: number,
    outChannels: number,
    kernelSize: SpatialArg,
    options: ConvLayerOptions,
  ) {
    super();
    const op = layerName;
    for (const [name, v] of [['inChannels', inChannels], ['outChannels', outChannels]] as const) {
      if (!Number.isInteger(v) || v < 1) throw new ValueError(`${op}: ${name} must be a positive integer, got ${v}`);
    }
    this.inChannels = inChannels;
    this.outChannels = outChannels;
    this.kernelSize = spatial(kernelSize, d, 'kernelSize', op, 1);
    this.stride = spatial(options.stride ?? 1, d, 'stride', op, 1);
    this.dilation = spatial(options.dilation ?? 1, d, 'dilation', op, 1);
    this.groups = options.groups ?? 1;
    if (!Number.isInteger(this.groups) || this.groups < 1) throw new ValueError(`${op}: groups must be a positive integer, got ${this.groups}`);
    if (inChannels % this.groups !== 0) throw new ValueError(`${op}: inChannels (${inChannels}) must be divisible by groups (${this.groups})`);
    if (outChannels % this.groups !== 0) throw new ValueError(`${op}: outChannels (${outChannels}) must be divisible by groups (${this.groups})`);
    const padding = options.padding ?? 0;
    // Validates 'same' with stride > 1 and the padding values now, as PyTorch's constructor does.
    resolveConvPadding(op, padding, this.kernelSize, this.stride, this.dilation);
    this.padding = typeof padding === 'string' ? padding : spatial(padding, d, 'padding', op, 0);
    this.paddingMode = options.paddingMode ?? 'zeros';
    if (!['zeros', 'reflect', 'replicate', 'circular'].includes(this.paddingMode)) {
      throw new ValueError(`${op}: paddingMode must be 'zeros', 'reflect', 'replicate' or 'circular', got ${JSON.stringify(this.paddingMode)}`);
    }
    const dtype = options.dtype ?? 'float32';
    this.weight = new Parameter(zeros([outChannels, inChannels / this.groups, ...this.kernelSize], { dtype }));
    this.bias = (options.bias ?? true) ? new Parameter(zeros([outChannels], { dtype })) : null;
    layerDefaultInit_(this.weight, this.bias, options.generator);
  }

  protected convolve(x: Tensor, d: number, epilogue: ConvEpilogue = 'none'): Tensor {
    return convNd(this.layerName, d, x, this.weight, this.bias, {
      stride: this.stride, padding: this.padding, dilation: this.dilation, groups: this.groups, paddingMode: this.paddingMode,
    }, epilogue);
  }

  /**
   * This convolution and the modules after it in a `Sequential` as one op where they are a `ReLU` (relu
   * applied in the product's store where the backend fuses it), optionally then a `MaxPool1d` of kernel and
   * stride 2 after a Conv1d (pooled on the backend's buffers); the numbers of the modules one by one. Null
   * where the next module is not a ReLU.
   */
  forwardFused(x: Tensor, next: readonly Module[]): { out: Tensor; used: number } | null {
    // only the layers' own forward, relu's and max pooling's (a subclass may compute something else)
    const own = this.forward === Conv1d.prototype.forward || this.forward === Conv2d.prototype.forward;
    const [first, second] = next;
    if (!own || !(first instanceof ReLU) || first.forward !== ReLU.prototype.forward) return null;
    const d = this.kernelSize.length;
    if (d === 1 && second instanceof MaxPool1d && second.forward === MaxPool1d.prototype.forward && second.poolsPairs()) {
      return { out: this.convolve(x, d, 'reluPool2'), used: 2 };
    }
    return { out: this.convolve(x, d, 'relu'), used: 1 };
  }

  override extraRepr(): string {
    let s = `${this.inChannels}, ${this.outChannels}, kernelSize=${tupleRepr(this.kernelSize)}, stride=${tupleRepr(this.stride)}`;
    if (typeof this.padding === 'string') s += `, padding=${this.padding}`;
    else if (this.padding.some((p) => p !== 0)) s += `, padding=${tupleRepr(this.padding)}`;
    if (this.dilation.some((v) => v !== 1)) s += `, dilation=${tupleRepr(this.dilation)}`;
    if (this.groups !== 1) s += `, groups=${this.groups}`;
    if (this.bias === null) s += ', bias=false';
    if (this.paddingMode !== 'zeros') s += `, paddingMode=${this.paddingMode}`;
    return s;
  }
}

/**
 * 1-D convolution layer (torch.nn.Conv1d): [N, inChannels, L] (or [inChannels, L]) → [N, outChannels, Lout],
 * Lout = ⌊(L + 2·padding − dilation·(k − 1) − 1)/stride⌋ + 1. State-dict keys `weight` [out, in/groups, k],
 * `bias` [out].
 *
 * ```ts
 * const conv = new Conv1d(1, 32, 7, { padding: 3 });
 * conv.forward(randn([8, 1, 1024])).shape; // [8, 32, 1024]
 * ```
 */
export class Conv1d extends ConvNd {
  constructor(inChannels: number, outChannels: number, kernelSize: SpatialArg, options: ConvLayerOptions = {}) {
    super('Conv1d', 1, inChannels, outChannels, kernelSize, options);
  }

  forward(x: Tensor): Tensor {
    return this.convolve(x, 1);
  }
}

/**
 * 2-D convolution layer (torch.nn.Conv2d): [N, inChannels, H, W] (or unbatched) → [N, outChannels, Hout, Wout].
 * State-dict keys `weight` [out, in/groups, kH, kW], `bias` [out].
 *
 * ```ts
 * const conv = new Conv2d(3, 16, 3, { padding: 'same', paddingMode: 'reflect' });
 * conv.forward(randn([2, 3, 32, 32])).shape; // [2, 16, 32, 32]
 * ```
 */
export class Conv2d extends ConvNd {
  constructor(inChannels: number, outChannels: number, kernelSize: SpatialArg, options: ConvLayerOptions = {}) {
    super('Conv2d', 2, inChannels, outChannels, kernelSize, options);
  }

  forward(x: Tensor): Tensor {
    return this.convolve(x, 2);
  }
}
