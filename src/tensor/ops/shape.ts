import { ShapeError } from '../../core/errors.js';
import { broadcastShapes, formatShape, normalizeDim, shapesEqual, sizeOf, stridesOf, type Shape } from '../../core/shape.js';
import { record } from '../graph.js';
import type { Tensor } from '../tensor.js';
import { unbroadcast } from './unbroadcast.js';
import { wrap } from './util.js';

/**
 * The same elements with a new shape (torch.reshape); one entry may be −1 to be inferred. Shares storage
 * (tensors are contiguous), so it costs nothing.
 */
export function reshape(x: Tensor, shape: Shape): Tensor {
  const target = [...shape];
  const inferAt = target.indexOf(-1);
  if (inferAt !== target.lastIndexOf(-1)) throw new ShapeError(`reshape: only one dimension can be -1, got ${formatShape(shape)}`);
  if (inferAt >= 0) {
    const known = sizeOf(target.filter((_, i) => i !== inferAt));
    if (known === 0 || x.numel() % known !== 0) {
      throw new ShapeError(`reshape: shape ${formatShape(shape)} is invalid for input of shape ${formatShape(x.shape)} (${x.numel()} elements)`);
    }
    target[inferAt] = x.numel() / known;
  }
  if (target.some((d) => !Number.isInteger(d) || d < 0) || sizeOf(target) !== x.numel()) {
    throw new ShapeError(`reshape: shape ${formatShape(shape)} is invalid for input of shape ${formatShape(x.shape)} (${x.numel()} elements)`);
  }
  if (shapesEqual(target, x.shape)) return x;
  const out = wrap(x._storage, target, x.backend);
  return record(out, 'reshape', [x], (g) => [reshape(g, x.shape)]);
}

/** Flattens dims startDim..endDim (inclusive) into one (torch.flatten). */
export function flatten(x: Tensor, startDim = 0, endDim = -1): Tensor {
  if (x.ndim === 0) return reshape(x, [1]);
  const s = normalizeDim(startDim, x.ndim, 'flatten');
  const e = normalizeDim(endDim, x.ndim, 'flatten');
  if (s > e) throw new ShapeError(`flatten: startDim ${startDim} comes after endDim ${endDim} for shape ${formatShape(x.shape)}`);
  const shape = [...x.shape.slice(0, s), sizeOf(x.shape.slice(s, e + 1)), ...x.shape.slice(e + 1)];
  return reshape(x, shape);
}

/** Removes size-1 dims (all, or the given one if it has size 1), as torch.squeeze. */
export function squeeze(x: Tensor, dim?: number): Tensor {
  if (dim === undefined) return reshape(x, x.shape.filter((d) => d !== 1));
  const d = normalizeDim(dim, x.ndim, 'squeeze');
  if (x.ndim === 0 || x.shape[d] !== 1) return x;
  return reshape(x, x.shape.filter((_, i) => i !== d));
}

/** Inserts a size-1 dim at `dim` (−ndim−1 ≤ dim ≤ ndim). */
export function unsqueeze(x: Tensor, dim: number): Tensor {
  const d = normalizeDim(dim, x.ndim + 1, 'unsqueeze');
  const shape = [...x.shape];
  shape.splice(d, 0, 1);
  return reshape(x, shape);
}

/** Reorders dims (torch.permute): output dim i is input dim dims[i]. */
export function permute(x: Tensor, dims: readonly number[]): Tensor {
  if (dims.length !== x.ndim) {
    throw new ShapeError(`permute: got ${dims.length} dims [${dims.join(', ')}] for a tensor of shape ${formatShape(x.shape)}`);
  }
  const perm = dims.map((d) => normalizeDim(d, x.ndim, 'permute'));
  if (new Set(perm).size !== perm.length) throw new ShapeError(`permute: dims [${dims.join(', ')}] repeat a dimension`);
  if (perm.every((p, i) => p === i)) return x;
  const inStrides = stridesOf(x.shape);
  const outShape = perm.map((p) => x.shape[p]!);
  const out = wrap(x.backend.strided(x._storage, outShape, perm.map((p) => inStrides[p]!), 0), outShape, x.backend);
  const inverse = new Array<number>(perm.length);
  perm.forEach((p, i) => (inverse[p] = i));
  return record(out, 'permute', [x], (g) => [permute(g, inverse)]);
}

/** Swaps two dims (torch.transpose). */
export function transpose(x: Tensor, dim0: number, dim1: number): Tensor {
  if (x.ndim === 0) return x;
  const a = normalizeDim(dim0, x.ndim, 'transpose');
  const b = normalizeDim(dim1, x.ndim, 'transpose');
  const perm = Array.from({ length: x.ndim }, (_, i) => i);
  perm[a] = b;
  perm[b] = a;
  return permute(x, perm);
}

/** Transpose of a ≤2-D tensor (torch.Tensor.t). */
export function t(x: Tensor): Tensor {
  if (x.ndim > 2) throw new ShapeError(`t: expects a tensor with at most 2 dims, got shape ${formatShape(x.shape)}; use transpose(dim0, dim1)`);
  return x.ndim < 2 ? x : transpose(x, 0, 1);
}

/**
 * Broadcasts to `shape` (torch.expand): size-1 dims repeat, new leading dims are added, −1 keeps a size.
 * The gradient sums over the repeated dims.
 */
export function expand(x: Tensor, shape: Shape): Tensor {
  if (shape.length < x.ndim) {
    throw new ShapeError(`expand: target ${formatShape(shape)} has fewer dims than the tensor's shape ${formatShape(x.shape)}`);
  }
  const lead = shape.length - x.ndim;
  const target = shape.map((d, i) => (d === -1 ? (i < lead ? -1 : x.shape[i - lead]!) : d));
  if (target.some((d) => d < 0)) throw new ShapeError(`expand: -1 is not allowed for new leading dims in ${formatShape(shape)}`);
  x.shape.forEach((d, i) => {
    if (d !== 1 && d !== target[lead + i]) {
      throw new ShapeError(`expand: cannot expand shape ${formatShape(x.shape)} to ${formatShape(shape)} (dim ${lead + i}: ${d} vs ${target[lead + i]})`);
    }
  });
  broadcastShapes('expand', x.shape, target);
  if (shapesEqual(target, x.shape)) return x;
  const own = stridesOf(x.shape);
  const strides = target.map((_, i) => (i < lead || x.shape[i - lead] === 1 ? 0 : own[i - lead]!));
  const out = wrap(x.backend.strided(x._storage, target, strides, 0), target, x.backend);
  return record(out, 'expand', [x], (g) => [unbroadcast(g, x.shape)]);
}
