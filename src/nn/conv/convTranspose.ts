import { DTypeError, ShapeError, ValueError } from '../../core/errors.js';
import { formatShape, sizeOf } from '../../core/shape.js';
import { add } from '../../tensor/ops/binary.js';
import { gemm } from '../../tensor/ops/matmul.js';
import { reshape } from '../../tensor/ops/shape.js';
import { narrow } from '../../tensor/ops/slicing.js';
import { embedWindows } from '../../tensor/ops/unfold.js';
import type { Tensor } from '../../tensor/tensor.js';
import { batchInput, spatial, type SpatialArg } from './params.js';

/** Options of the functional transposed convolutions (torch.nn.functional.conv_transpose1d / 2d). */
export interface ConvTransposeOptions {
  /** Stride of the corresponding convolution (default 1). */
  stride?: SpatialArg;
  /** Padding of the corresponding convolution: the output is cropped by this much on both sides (default 0). */
  padding?: SpatialArg;
  /** Extra size added to one side of the output (default 0); must be smaller than stride or dilation. */
  outputPadding?: SpatialArg;
  /** Number of blocked connections (default 1). */
  groups?: number;
  /** Spacing between kernel elements (default 1). */
  dilation?: SpatialArg;
}

/**
 * Output size of a transposed convolution along one dim (PyTorch's rule):
 * (size − 1)·stride − 2·padding + dilation·(kernel − 1) + outputPadding + 1.
 */
export function convTransposeOutputSize(size: number, kernel: number, stride: number, padding: number, dilation: number, outputPadding: number): number {
  return (size - 1) * stride - 2 * padding + dilation * (kernel - 1) + outputPadding + 1;
}

/**
 * N-d transposed convolution (the gradient of convNd with respect to its input) as GEMM + col2im: per
 * (sample, group), weightᵀ [(Cout/G)·Πk, Cin/G] · x [Cin/G, ΠS] gives one column per input position; the
 * columns are added into the output at stride-spaced, dilated positions (`embedWindows`, the adjoint of the
 * window view) and `padding` is cropped from both sides. Gradients follow automatically.
 */
export function convTransposeNd(op: string, d: number, x: Tensor, weight: Tensor, bias: Tensor | null, options: ConvTransposeOptions = {}): Tensor {
  const { input, unbatch } = batchInput(x, d, op);
  if (weight.dtype !== x.dtype || (bias !== null && bias.dtype !== x.dtype)) {
    throw new DTypeError(`${op}: input (${x.dtype}), weight (${weight.dtype})${bias ? ` and bias (${bias.dtype})` : ''} must share a dtype`);
  }
  const groups = options.groups ?? 1;
  if (!Number.isInteger(groups) || groups < 1) throw new ValueError(`${op}: groups must be a positive integer, got ${groups}`);
  if (weight.ndim !== d + 2) {
    throw new ShapeError(`${op}: weight must be ${d + 2}-D [inChannels, outChannels/groups, ...kernel], got ${formatShape(weight.shape)}`);
  }
  const [n, channels] = [input.shape[0]!, input.shape[1]!];
  if (weight.shape[0] !== channels) {
    throw new ShapeError(`${op}: expected input with ${weight.shape[0]} channels (weight ${formatShape(weight.shape)}), got input of shape ${formatShape(x.shape)}`);
  }
  if (channels % groups !== 0) throw new ShapeError(`${op}: ${channels} input channels are not divisible by groups ${groups}`);
  const groupOut = weight.shape[1]!;
  const outChannels = groupOut * groups;
  if (bias !== null && (bias.ndim !== 1 || bias.shape[0] !== outChannels)) {
    throw new ShapeError(`${op}: bias must have shape [${outChannels}], got ${formatShape(bias.shape)}`);
  }
  const kernel = weight.shape.slice(2);
  const stride = spatial(options.stride ?? 1, d, 'stride', op, 1);
  const padding = spatial(options.padding ?? 0, d, 'padding', op, 0);
  const outputPadding = spatial(options.outputPadding ?? 0, d, 'outputPadding', op, 0);
  const dilation = spatial(options.dilation ?? 1, d, 'dilation', op, 1);
  outputPadding.forEach((p, i) => {
    if (p >= stride[i]! && p >= dilation[i]!) {
      throw new ValueError(`${op}: outputPadding ${formatShape(outputPadding)} must be smaller than either stride ${formatShape(stride)} or dilation ${formatShape(dilation)}`);
    }
  });
  const sizes = input.shape.slice(2);
  const outSizes = sizes.map((s, i) => convTransposeOutputSize(s, kernel[i]!, stride[i]!, padding[i]!, dilation[i]!, outputPadding[i]!));
  if (outSizes.some((s) => s < 1)) {
    throw new ShapeError(`${op}: input ${formatShape(x.shape)} with weight ${formatShape(weight.shape)} gives a non-positive output size ${formatShape(outSizes)}`);
  }
  const positions = sizeOf(sizes);
  const cols = groupOut * sizeOf(kernel);
  const groupIn = channels / groups;
  let columns: Tensor;
  if (groups === 1) {
    columns = gemm(reshape(weight, [channels, cols]), reshape(input, [n, channels, positions]), true, false, op);
  } else {
    columns = gemm(reshape(weight, [groups, groupIn, cols]), reshape(input, [n, groups, groupIn, positions]), true, false, op);
  }
  // Full extent covered by the windows, plus outputPadding room at the end, then `padding` cropped from both sides.
  const full = sizes.map((s, i) => (s - 1) * stride[i]! + dilation[i]! * (kernel[i]! - 1) + 1 + outputPadding[i]!);
  const windows = reshape(columns, [n, outChannels, ...kernel, ...sizes]);
  let out = embedWindows(windows, full, { kernel, dilation, stride }, 'kernelFirst', op);
  padding.forEach((p, i) => {
    if (p > 0) out = narrow(out, 2 + i, p, outSizes[i]!);
  });
  if (bias !== null) out = add(out, reshape(bias, [outChannels, ...new Array<number>(d).fill(1)]));
  return unbatch(out);
}

/**
 * 1-D transposed convolution (torch.nn.functional.conv_transpose1d): x [N, Cin, L] (or [Cin, L]), weight
 * [Cin, Cout/groups, k], bias [Cout] → [N, Cout, (L − 1)s − 2p + d(k − 1) + outputPadding + 1].
 *
 * ```ts
 * convTranspose1d(randn([1, 4, 10]), randn([4, 2, 3]), null, { stride: 2 }).shape; // [1, 2, 21]
 * ```
 */
export function convTranspose1d(x: Tensor, weight: Tensor, bias: Tensor | null = null, options: ConvTransposeOptions = {}): Tensor {
  return convTransposeNd('convTranspose1d', 1, x, weight, bias, options);
}

/**
 * 2-D transposed convolution (torch.nn.functional.conv_transpose2d): x [N, Cin, H, W] (or [Cin, H, W]),
 * weight [Cin, Cout/groups, kH, kW], bias [Cout] → [N, Cout, Hout, Wout].
 *
 * ```ts
 * convTranspose2d(randn([1, 8, 4, 4]), randn([8, 3, 2, 2]), null, { stride: 2 }).shape; // [1, 3, 8, 8]
 * ```
 */
export function convTranspose2d(x: Tensor, weight: Tensor, bias: Tensor | null = null, options: ConvTransposeOptions = {}): Tensor {
  return convTransposeNd('convTranspose2d', 2, x, weight, bias, options);
}
