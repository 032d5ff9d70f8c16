import { DTypeError, ShapeError, ValueError } from '../../core/errors.js';
import { formatShape, sizeOf } from '../../core/shape.js';
import { relu as reluOp } from '../../tensor/ops/activation.js';
import { add } from '../../tensor/ops/binary.js';
import { gemm } from '../../tensor/ops/matmul.js';
import { pad } from '../../tensor/ops/pad.js';
import { reshape } from '../../tensor/ops/shape.js';
import { slidingWindows, windowLayout } from '../../tensor/ops/unfold.js';
import { windowProduct, windowProductReluPool2 } from '../../tensor/ops/window-product.js';
import type { Tensor } from '../../tensor/tensor.js';
import { maxPool1d } from './maxPool.js';
import { batchInput, padArgument, spatial, type SpatialArg } from './params.js';

/** What a chain applies right after a convolution, fused where the backend can: nothing, relu, or relu then max pooling by 2 (1-D). */
export type ConvEpilogue = 'none' | 'relu' | 'reluPool2';

/** How a convolution fills the border (PyTorch's `padding_mode`). */
export type ConvPaddingMode = 'zeros' | 'reflect' | 'replicate' | 'circular';

/** Padding of a convolution: per-dim amounts, or `'same'` (output size = input size, stride 1) / `'valid'` (none). */
export type ConvPadding = SpatialArg | 'same' | 'valid';

/** Options of the functional convolutions (torch.nn.functional.conv1d / conv2d, plus `paddingMode`). */
export interface ConvOptions {
  /** Step between output positions (default 1). */
  stride?: SpatialArg;
  /** Padding on both sides of every spatial dim, `'same'` or `'valid'` (default 0). */
  padding?: ConvPadding;
  /** Spacing between kernel elements (default 1). */
  dilation?: SpatialArg;
  /** Number of blocked connections from input to output channels (default 1). */
  groups?: number;
  /** How padding is filled (default 'zeros'); the module option, usable here too. */
  paddingMode?: ConvPaddingMode;
}

/** Per-dim (before, after) padding; 'same' puts the odd element after, as PyTorch does. */
export function resolveConvPadding(op: string, padding: ConvPadding, kernel: readonly number[], stride: readonly number[], dilation: readonly number[]): { before: number[]; after: number[] } {
  const d = kernel.length;
  if (padding === 'valid') return { before: new Array<number>(d).fill(0), after: new Array<number>(d).fill(0) };
  if (padding === 'same') {
    if (stride.some((s) => s !== 1)) throw new ValueError(`${op}: padding='same' is not supported for strided convolutions (stride ${formatShape(stride)})`);
    const total = kernel.map((k, i) => dilation[i]! * (k - 1));
    const before = total.map((t) => Math.floor(t / 2));
    return { before, after: total.map((t, i) => t - before[i]!) };
  }
  if (typeof padding === 'string') throw new ValueError(`${op}: invalid padding string ${JSON.stringify(padding)}; expected 'same' or 'valid'`);
  const p = spatial(padding, d, 'padding', op, 0);
  return { before: p, after: p };
}

/**
 * N-d convolution (cross-correlation, as PyTorch) over the last `d` dims, computed as im2col + one batched GEMM
 * with one batch item per (sample, group): the window view [N, C, ...k, ...O] is read as [N, G, (C/G)·Πk, ΠO]
 * and multiplied by the weight read as [G, Cout/G, (C/G)·Πk]; with one group the bias is added in the GEMM's store
 * where the backend fuses it (`gemmColumnBias`). The gradient flows through the GEMM and the
 * window view (overlapping windows add back), so no dedicated backward kernel is needed. The `epilogue` of a
 * chain (Sequential) follows the convolution: 'relu' gives relu(conv), applied in the product's store where
 * the backend fuses it; 'reluPool2' (1-D) gives maxPool1d(relu(conv), 2), pooled on the backend's buffers
 * where it fuses (`windowProductReluPool2`); the numbers of the separate ops either way.
 */
export function convNd(op: string, d: number, x: Tensor, weight: Tensor, bias: Tensor | null, options: ConvOptions = {}, epilogue: ConvEpilogue = 'none'): Tensor {
  const { input, unbatch } = batchInput(x, d, op);
  if (weight.dtype !== x.dtype || (bias !== null && bias.dtype !== x.dtype)) {
    throw new DTypeError(`${op}: input (${x.dtype}), weight (${weight.dtype})${bias ? ` and bias (${bias.dtype})` : ''} must share a dtype`);
  }
  const groups = options.groups ?? 1;
  if (!Number.isInteger(groups) || groups < 1) throw new ValueError(`${op}: groups must be a positive integer, got ${groups}`);
  if (weight.ndim !== d + 2) {
    throw new ShapeError(`${op}: weight must be ${d + 2}-D [outChannels, inChannels/groups, ...kernel], got ${formatShape(weight.shape)}`);
  }
  const [n, channels] = [input.shape[0]!, input.shape[1]!];
  const [outChannels, groupChannels] = [weight.shape[0]!, weight.shape[1]!];
  if (groupChannels * groups !== channels) {
    throw new ShapeError(
      `${op}: expected input with ${groupChannels * groups} channels (weight ${formatShape(weight.shape)}, groups ${groups}), ` +
        `got input of shape ${formatShape(x.shape)} with ${channels} channels`,
    );
  }
  if (outChannels % groups !== 0) throw new ShapeError(`${op}: weight ${formatShape(weight.shape)} has ${outChannels} output channels, not divisible by groups ${groups}`);
  if (bias !== null && (bias.ndim !== 1 || bias.shape[0] !== outChannels)) {
    throw new ShapeError(`${op}: bias must have shape [${outChannels}], got ${formatShape(bias.shape)}`);
  }
  const kernel = weight.shape.slice(2);
  const stride = spatial(options.stride ?? 1, d, 'stride', op, 1);
  const dilation = spatial(options.dilation ?? 1, d, 'dilation', op, 1);
  const { before, after } = resolveConvPadding(op, options.padding ?? 0, kernel, stride, dilation);
  const mode = options.paddingMode ?? 'zeros';
  if (!['zeros', 'reflect', 'replicate', 'circular'].includes(mode)) {
    throw new ValueError(`${op}: paddingMode must be 'zeros', 'reflect', 'replicate' or 'circular', got ${JSON.stringify(mode)}`);
  }
  const sizes = input.shape.slice(2);
  const paddedSizes = sizes.map((s, i) => s + before[i]! + after[i]!);
  paddedSizes.forEach((s, i) => {
    if (s < dilation[i]! * (kernel[i]! - 1) + 1) {
      throw new ShapeError(
        `${op}: padded input size ${formatShape(paddedSizes)} is smaller than the dilated kernel ` +
          `${formatShape(kernel.map((k, j) => dilation[j]! * (k - 1) + 1))} (input ${formatShape(x.shape)}, weight ${formatShape(weight.shape)})`,
      );
    }
  });
  const padded = before.some((p) => p > 0) || after.some((p) => p > 0)
    ? pad(input, padArgument(before, after), mode === 'zeros' ? 'constant' : mode)
    : input;
  const geometry = { kernel, dilation, stride };
  const { viewShape, strides } = windowLayout(padded.shape, geometry, 'kernelFirst', op);
  const outSizes = viewShape.slice(2 + d);
  const positions = sizeOf(outSizes);
  const inner = groupChannels * sizeOf(kernel);
  let out: Tensor;
  if (groups === 1) {
    // [Cout, C·Πk] · [N, C·Πk, L]: the weight is shared by every batch item; the columns are the window view
    const view = { shape: viewShape.slice(1), strides: strides.slice(1), batchStride: strides[0]!, offset: 0 };
    const w2 = reshape(weight, [outChannels, inner]);
    const pooled = epilogue === 'reluPool2' && d === 1 ? windowProductReluPool2(w2, padded, n, view, positions, bias, op) : null;
    if (pooled !== null) return unbatch(reshape(pooled, [n, outChannels, positions / 2]));
    out = windowProduct(w2, padded, n, view, positions, bias, op, epilogue !== 'none');
  } else {
    const windows = slidingWindows(padded, geometry, 'kernelFirst', op);
    const w = reshape(weight, [groups, outChannels / groups, inner]);
    out = gemm(w, reshape(windows, [n, groups, inner, positions]), false, false, op);
  }
  out = reshape(out, [n, outChannels, ...outSizes]);
  if (groups !== 1 && bias !== null) out = add(out, reshape(bias, [outChannels, ...new Array<number>(d).fill(1)]));
  if (groups !== 1 && epilogue !== 'none') out = reluOp(out);
  if (epilogue === 'reluPool2') out = maxPool1d(out, 2);
  return unbatch(out);
}

/**
 * 1-D convolution (torch.nn.functional.conv1d): x [N, Cin, L] (or [Cin, L]), weight [Cout, Cin/groups, k],
 * bias [Cout] → [N, Cout, Lout], Lout = ⌊(L + 2p − d(k − 1) − 1)/s⌋ + 1.
 *
 * ```ts
 * conv1d(randn([8, 1, 100]), randn([16, 1, 5]), null, { padding: 2 }).shape; // [8, 16, 100]
 * ```
 */
export function conv1d(x: Tensor, weight: Tensor, bias: Tensor | null = null, options: ConvOptions = {}): Tensor {
  return convNd('conv1d', 1, x, weight, bias, options);
}

/**
 * 2-D convolution (torch.nn.functional.conv2d): x [N, Cin, H, W] (or [Cin, H, W]), weight
 * [Cout, Cin/groups, kH, kW], bias [Cout] → [N, Cout, Hout, Wout].
 *
 * ```ts
 * conv2d(randn([2, 3, 32, 32]), randn([8, 3, 3, 3]), null, { padding: 'same' }).shape; // [2, 8, 32, 32]
 * ```
 */
export function conv2d(x: Tensor, weight: Tensor, bias: Tensor | null = null, options: ConvOptions = {}): Tensor {
  return convNd('conv2d', 2, x, weight, bias, options);
}
