import { DTypeError, ShapeError, ValueError } from '../../core/errors.js';
import { formatShape, normalizeDim, sizeOf, stridesOf } from '../../core/shape.js';
import { record } from '../graph.js';
import type { Tensor } from '../tensor.js';
import { unsqueeze } from './shape.js';
import { narrow } from './slicing.js';
import { sameBackend, wrap } from './util.js';

/** Concatenates tensors along `dim` (torch.cat); all other dims, the dtype and the backend must match. */
export function cat(tensors: readonly Tensor[], dim = 0): Tensor {
  if (tensors.length === 0) throw new ValueError('cat: expected a non-empty list of tensors');
  const first = tensors[0]!;
  const d = normalizeDim(dim, first.ndim, 'cat');
  sameBackend('cat', ...tensors);
  for (const t of tensors) {
    if (t.dtype !== first.dtype) throw new DTypeError(`cat: tensors have different dtypes (${tensors.map((x) => x.dtype).join(', ')})`);
    if (t.ndim !== first.ndim || t.shape.some((s, i) => i !== d && s !== first.shape[i])) {
      throw new ShapeError(`cat: shapes ${tensors.map((x) => formatShape(x.shape)).join(', ')} differ outside dim ${dim}`);
    }
  }
  if (tensors.length === 1) return first;
  const outShape = [...first.shape];
  outShape[d] = tensors.reduce((acc, t) => acc + t.shape[d]!, 0);
  const backend = first.backend;
  const storage = backend.full(first.dtype, sizeOf(outShape), 0);
  const strides = stridesOf(outShape);
  const offsets: number[] = [];
  let at = 0;
  for (const t of tensors) {
    offsets.push(at);
    if (t.numel() > 0) backend.stridedScatter(storage, t._storage, t.shape, strides, at * strides[d]!, false);
    at += t.shape[d]!;
  }
  const out = wrap(storage, outShape, backend);
  return record(out, 'cat', tensors, (g, needs) => tensors.map((t, i) => (needs[i] ? narrow(g, d, offsets[i]!, t.shape[d]!) : null)));
}

/** Stacks same-shaped tensors along a new dim (torch.stack). */
export function stack(tensors: readonly Tensor[], dim = 0): Tensor {
  if (tensors.length === 0) throw new ValueError('stack: expected a non-empty list of tensors');
  const first = tensors[0]!;
  for (const t of tensors) {
    if (t.shape.length !== first.ndim || t.shape.some((s, i) => s !== first.shape[i])) {
      throw new ShapeError(`stack: all tensors must have the same shape, got ${tensors.map((x) => formatShape(x.shape)).join(', ')}`);
    }
  }
  const d = normalizeDim(dim, first.ndim + 1, 'stack');
  return cat(tensors.map((t) => unsqueeze(t, d)), d);
}

/**
 * Splits along `dim` (torch.split): a number gives pieces of that size (the last may be smaller); a list gives
 * the sizes, which must add up to the dim's size.
 */
export function split(x: Tensor, sizeOrSections: number | readonly number[], dim = 0): Tensor[] {
  const d = normalizeDim(dim, x.ndim, 'split');
  const total = x.shape[d]!;
  let sizes: number[];
  if (typeof sizeOrSections === 'number') {
    if (!Number.isInteger(sizeOrSections) || sizeOrSections <= 0) throw new ValueError(`split: size must be a positive integer, got ${sizeOrSections}`);
    sizes = [];
    for (let s = 0; s < total; s += sizeOrSections) sizes.push(Math.min(sizeOrSections, total - s));
    if (total === 0) sizes.push(0);
  } else {
    sizes = [...sizeOrSections];
    const sumSizes = sizes.reduce((a, b) => a + b, 0);
    if (sizes.some((s) => !Number.isInteger(s) || s < 0) || sumSizes !== total) {
      throw new ShapeError(`split: sections [${sizes.join(', ')}] do not add up to dim ${dim} of size ${total} (shape ${formatShape(x.shape)})`);
    }
  }
  let at = 0;
  return sizes.map((s) => {
    const piece = narrow(x, d, at, s);
    at += s;
    return piece;
  });
}

/** Splits into `chunks` pieces of ⌈size/chunks⌉ along `dim` (torch.chunk; may return fewer pieces). */
export function chunk(x: Tensor, chunks: number, dim = 0): Tensor[] {
  if (!Number.isInteger(chunks) || chunks <= 0) throw new ValueError(`chunk: chunks must be a positive integer, got ${chunks}`);
  const d = normalizeDim(dim, x.ndim, 'chunk');
  const size = Math.ceil(x.shape[d]! / chunks);
  return split(x, Math.max(size, 1), d);
}
