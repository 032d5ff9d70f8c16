import { ShapeError, ValueError } from '../../core/errors.js';
import { formatShape, sizeOf, stridesOf, type Shape } from '../../core/shape.js';
import type { Tensor } from '../tensor.js';
import { pad } from './pad.js';
import { reshape } from './shape.js';
import { embedStrided, narrow, viewStrided } from './slicing.js';

/** Geometry of sliding windows over the trailing (spatial) dims: one entry per spatial dim. */
export interface WindowGeometry {
  kernel: readonly number[];
  dilation: readonly number[];
  stride: readonly number[];
}

/**
 * Where the kernel offsets go in a window view: `'kernelFirst'` gives [...lead, ...k, ...out] (the im2col
 * layout, ready for a GEMM over the kernel offsets), `'kernelLast'` gives [...lead, ...out, ...k] (each window
 * contiguous, ready for a reduction over the last dims).
 */
export type WindowLayout = 'kernelFirst' | 'kernelLast';

/**
 * Number of windows of extent dilation·(kernel − 1) + 1 placed every `stride` elements in `size` elements:
 * ⌊(size − dilation·(kernel − 1) − 1) / stride⌋ + 1 (0 when not even one fits).
 */
export function windowCount(size: number, kernel: number, dilation: number, stride: number): number {
  const span = dilation * (kernel - 1) + 1;
  return size < span ? 0 : Math.floor((size - span) / stride) + 1;
}

function viewStrides(shape: Shape, g: WindowGeometry, out: readonly number[], layout: WindowLayout): { viewShape: number[]; strides: number[] } {
  const d = g.kernel.length;
  const lead = shape.length - d;
  const own = stridesOf(shape);
  const leadShape = shape.slice(0, lead);
  const leadStrides = own.slice(0, lead);
  const kStrides = g.kernel.map((_, i) => g.dilation[i]! * own[lead + i]!);
  const oStrides = out.map((_, i) => g.stride[i]! * own[lead + i]!);
  return layout === 'kernelFirst'
    ? { viewShape: [...leadShape, ...g.kernel, ...out], strides: [...leadStrides, ...kStrides, ...oStrides] }
    : { viewShape: [...leadShape, ...out, ...g.kernel], strides: [...leadStrides, ...oStrides, ...kStrides] };
}

/**
 * All sliding windows of `x` over its last `kernel.length` dims as one strided view (no padding: pad first).
 * For x of shape [...lead, ...S] the result is [...lead, ...k, ...O] (`kernelFirst`) or [...lead, ...O, ...k]
 * (`kernelLast`), O = windowCount(S, k, dilation, stride), with
 *   view[..., kk, oo] = x[..., oo·stride + kk·dilation].
 * Windows may overlap; the gradient (`embedStrided`) adds every window's contribution back.
 *
 * ```ts
 * slidingWindows(x, { kernel: [3], dilation: [1], stride: [1] }, 'kernelLast'); // [N, C, L] → [N, C, L − 2, 3]
 * ```
 */
export function slidingWindows(x: Tensor, g: WindowGeometry, layout: WindowLayout, op = 'slidingWindows'): Tensor {
  const { viewShape, strides } = windowLayout(x.shape, g, layout, op);
  return viewStrided(x, viewShape, strides, 0, op);
}

/**
 * The shape and element strides of `slidingWindows`' view of a contiguous tensor of `shape`, without forming
 * it (for kernels that read the windows in place, as the im2col product of a convolution).
 */
export function windowLayout(shape: Shape, g: WindowGeometry, layout: WindowLayout, op = 'slidingWindows'): { viewShape: number[]; strides: number[] } {
  const d = g.kernel.length;
  if (shape.length < d) throw new ShapeError(`${op}: input of shape ${formatShape(shape)} has fewer than ${d} spatial dims`);
  const spatial = shape.slice(shape.length - d);
  const out = spatial.map((s, i) => windowCount(s, g.kernel[i]!, g.dilation[i]!, g.stride[i]!));
  if (out.some((o) => o < 1)) {
    throw new ShapeError(
      `${op}: input spatial size ${formatShape(spatial)} is smaller than the dilated kernel ` +
        `${formatShape(g.kernel.map((k, i) => g.dilation[i]! * (k - 1) + 1))} (input shape ${formatShape(shape)})`,
    );
  }
  return viewStrides(shape, g, out, layout);
}

/**
 * The adjoint of `slidingWindows` (col2im): adds each window of `windows` (laid out as `layout` says) into a
 * zero tensor of shape [...lead, ...spatial] at the positions the windows cover; overlapping entries add.
 */
export function embedWindows(windows: Tensor, spatial: readonly number[], g: WindowGeometry, layout: WindowLayout, op = 'embedWindows'): Tensor {
  const d = g.kernel.length;
  const lead = windows.shape.slice(0, windows.ndim - 2 * d);
  const out = spatial.map((s, i) => windowCount(s, g.kernel[i]!, g.dilation[i]!, g.stride[i]!));
  const full = [...lead, ...spatial];
  const { viewShape, strides } = viewStrides(full, g, out, layout);
  if (viewShape.length !== windows.ndim || viewShape.some((s, i) => s !== windows.shape[i])) {
    throw new ShapeError(`${op}: windows of shape ${formatShape(windows.shape)} do not tile ${formatShape(full)} (expected ${formatShape(viewShape)})`);
  }
  return embedStrided(windows, full, strides, 0, op);
}

/** Options of `unfold` / `fold` (torch.nn.functional.unfold / fold): each a number or one value per spatial dim. */
export interface UnfoldOptions {
  /** Spacing between kernel elements (default 1). */
  dilation?: number | readonly number[];
  /** Implicit zero padding on both sides of each spatial dim (default 0). */
  padding?: number | readonly number[];
  /** Step between windows (default 1). */
  stride?: number | readonly number[];
}

function perDim(value: number | readonly number[], d: number, name: string, op: string, min: number): number[] {
  const list = typeof value === 'number' ? new Array<number>(d).fill(value) : [...value];
  if (list.length !== d) throw new ValueError(`${op}: ${name} must be a number or ${d} numbers, got [${list.join(', ')}]`);
  if (list.some((v) => !Number.isInteger(v) || v < min)) {
    throw new ValueError(`${op}: ${name} must be integers ≥ ${min}, got [${list.join(', ')}]`);
  }
  return list;
}

/**
 * Extracts sliding local blocks (im2col, torch.nn.functional.unfold): x [N, C, ...S] (any number of spatial
 * dims, S.length = kernel dims) → [N, C·Πk, L] with L = Π windowCount(S + 2·padding, k, dilation, stride);
 * column l holds the l-th block (row-major over output positions), rows are ordered (c, k₁, k₂, ...).
 * A number for `kernelSize` is used for every spatial dim (x.ndim − 2 of them). The input is always batched:
 * a 3-D input is [N, C, L] (one spatial dim), not an unbatched image as PyTorch ≥ 2 reads it.
 *
 * ```ts
 * unfold(randn([1, 3, 4, 4]), 2).shape; // [1, 12, 9]
 * ```
 */
export function unfold(x: Tensor, kernelSize: number | readonly number[], options: UnfoldOptions = {}): Tensor {
  if (x.ndim < 3) throw new ShapeError(`unfold: expected input [N, C, ...spatial], got shape ${formatShape(x.shape)}`);
  const d = x.ndim - 2;
  const kernel = perDim(kernelSize, d, 'kernelSize', 'unfold', 1);
  const dilation = perDim(options.dilation ?? 1, d, 'dilation', 'unfold', 1);
  const padding = perDim(options.padding ?? 0, d, 'padding', 'unfold', 0);
  const stride = perDim(options.stride ?? 1, d, 'stride', 'unfold', 1);
  const padded = padding.some((p) => p > 0) ? pad(x, padding.flatMap((p) => [p, p]).reverse()) : x;
  const windows = slidingWindows(padded, { kernel, dilation, stride }, 'kernelFirst', 'unfold');
  const outCount = sizeOf(windows.shape.slice(2 + d));
  return reshape(windows, [x.shape[0]!, x.shape[1]! * sizeOf(kernel), outCount]);
}

/**
 * Combines sliding local blocks into a tensor (col2im, torch.nn.functional.fold), the adjoint of `unfold`:
 * cols [N, C·Πk, L] → [N, C, ...outputSize], overlapping values are summed. L must equal the number of blocks
 * that `unfold` would produce for `outputSize`.
 *
 * ```ts
 * fold(unfold(x, 2), [4, 4], 2); // x times the number of blocks covering each position
 * ```
 */
export function fold(cols: Tensor, outputSize: number | readonly number[], kernelSize: number | readonly number[], options: UnfoldOptions = {}): Tensor {
  if (cols.ndim !== 3) throw new ShapeError(`fold: expected input [N, C·Πkernel, L], got shape ${formatShape(cols.shape)}`);
  const d = typeof outputSize === 'number' ? (typeof kernelSize === 'number' ? 2 : kernelSize.length) : outputSize.length;
  const size = perDim(outputSize, d, 'outputSize', 'fold', 1);
  const kernel = perDim(kernelSize, d, 'kernelSize', 'fold', 1);
  const dilation = perDim(options.dilation ?? 1, d, 'dilation', 'fold', 1);
  const padding = perDim(options.padding ?? 0, d, 'padding', 'fold', 0);
  const stride = perDim(options.stride ?? 1, d, 'stride', 'fold', 1);
  const kprod = sizeOf(kernel);
  if (cols.shape[1]! % kprod !== 0) {
    throw new ShapeError(`fold: dim 1 of input ${formatShape(cols.shape)} must be divisible by the kernel size product ${kprod}`);
  }
  const padded = size.map((s, i) => s + 2 * padding[i]!);
  const out = padded.map((s, i) => windowCount(s, kernel[i]!, dilation[i]!, stride[i]!));
  if (sizeOf(out) !== cols.shape[2] || out.some((o) => o < 1)) {
    throw new ShapeError(
      `fold: input ${formatShape(cols.shape)} has ${cols.shape[2]} blocks, but outputSize ${formatShape(size)} with kernel ` +
        `${formatShape(kernel)}, dilation ${formatShape(dilation)}, padding ${formatShape(padding)} and stride ${formatShape(stride)} gives ${formatShape(out)}`,
    );
  }
  const channels = cols.shape[1]! / kprod;
  const windows = reshape(cols, [cols.shape[0]!, channels, ...kernel, ...out]);
  let result = embedWindows(windows, padded, { kernel, dilation, stride }, 'kernelFirst', 'fold');
  padding.forEach((p, i) => {
    if (p > 0) result = narrow(result, 2 + i, p, size[i]!);
  });
  return result;
}
