import { DTypeError, ShapeError, ValueError } from '../../core/errors.js';
import { formatShape, normalizeDim, shapesEqual, sizeOf } from '../../core/shape.js';
import { record } from '../graph.js';
import type { Tensor } from '../tensor.js';
import { where } from './compare.js';
import { zerosLike } from './creation.js';
import { sameBackend, wrap } from './util.js';

function checkIndexTensor(op: string, index: Tensor, bound: number, what: string): void {
  if (index.dtype !== 'int32') throw new DTypeError(`${op}: index must be an int32 tensor, got ${index.dtype}`);
  const values = index.data();
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v < 0 || v >= bound) throw new ShapeError(`${op}: index ${v} (at flat position ${i}) is out of range for ${what} of size ${bound}`);
  }
}

function checkGatherShapes(op: string, x: Tensor, d: number, index: Tensor): void {
  if (index.ndim !== x.ndim) {
    throw new ShapeError(`${op}: index ${formatShape(index.shape)} must have as many dims as input ${formatShape(x.shape)}`);
  }
  index.shape.forEach((s, i) => {
    if (i !== d && s > x.shape[i]!) {
      throw new ShapeError(`${op}: index ${formatShape(index.shape)} is larger than input ${formatShape(x.shape)} at dim ${i}`);
    }
  });
  checkIndexTensor(op, index, x.shape[d]!, `dim ${d}`);
}

/** out[i][j][k] = x[index[i][j][k]][j][k] for dim 0, and likewise for other dims (torch.gather). */
export function gather(x: Tensor, dim: number, index: Tensor): Tensor {
  const d = normalizeDim(dim, x.ndim, 'gather');
  sameBackend('gather', x, index);
  checkGatherShapes('gather', x, d, index);
  const out = wrap(x.backend.gather(x._storage, x.shape, d, index._storage, index.shape), index.shape, x.backend);
  return record(out, 'gather', [x], (g) => [scatterAddToZeros(x, d, index, g)]);
}

/**
 * A copy of `x` with `src` added at the positions `index` names along `dim` (torch.scatter_add);
 * `src` has the shape of `index`. Gradients: g for x, g gathered at `index` for src.
 */
export function scatterAdd(x: Tensor, dim: number, index: Tensor, src: Tensor): Tensor {
  const d = normalizeDim(dim, x.ndim, 'scatterAdd');
  sameBackend('scatterAdd', x, index, src);
  if (src.dtype !== x.dtype) throw new DTypeError(`scatterAdd: src dtype ${src.dtype} differs from input dtype ${x.dtype}`);
  if (!shapesEqual(src.shape, index.shape)) {
    throw new ShapeError(`scatterAdd: src ${formatShape(src.shape)} must have the shape of index ${formatShape(index.shape)}`);
  }
  checkGatherShapes('scatterAdd', x, d, index);
  const out = wrap(x.backend.scatterAdd(x._storage, x.shape, d, index._storage, index.shape, src._storage), x.shape, x.backend);
  return record(out, 'scatterAdd', [x, src], (g, needs) => [g, needs[1] ? gather(g, d, index) : null]);
}

/**
 * `scatterAdd(zerosLike(like), dim, index, src)` for indices already known to be in range and a normalised
 * `dim` (the gradient of gather and of max/min along a dim): the backend's `scatterAddZeros` writes into fresh
 * zeros where it has one, with the same numbers. `like` gives only the shape, dtype and backend (a tensor, or
 * just those). Differentiable in `src` (its gradient is g gathered at `index`).
 */
export function scatterAddToZeros(like: Pick<Tensor, 'backend' | 'dtype' | 'shape'>, dim: number, index: Tensor, src: Tensor): Tensor {
  const b = like.backend;
  const storage = b.scatterAddZeros !== undefined
    ? b.scatterAddZeros(like.dtype, like.shape, dim, index._storage, index.shape, src._storage)
    : b.scatterAdd(b.full(like.dtype, sizeOf(like.shape), 0), like.shape, dim, index._storage, index.shape, src._storage);
  return record(wrap(storage, like.shape, b), 'scatterAdd', [src], (g) => [gather(g, dim, index)]);
}

/** The slices at positions `index` (1-D int32) along `dim` (torch.index_select). */
export function indexSelect(x: Tensor, dim: number, index: Tensor): Tensor {
  const d = normalizeDim(dim, x.ndim, 'indexSelect');
  sameBackend('indexSelect', x, index);
  if (index.ndim > 1) throw new ShapeError(`indexSelect: index must be 1-D, got ${formatShape(index.shape)}`);
  checkIndexTensor('indexSelect', index, x.ndim === 0 ? 1 : x.shape[d]!, `dim ${d}`);
  if (x.ndim === 0) return x;
  const outShape = [...x.shape];
  outShape[d] = index.numel();
  const out = wrap(x.backend.indexSelect(x._storage, x.shape, d, index._storage), outShape, x.backend);
  return record(out, 'indexSelect', [x], (g) => [indexAdd(zerosLike(x), d, index, g)]);
}

/** A copy of `x` with slices of `src` added at positions `index` along `dim` (torch.index_add). */
export function indexAdd(x: Tensor, dim: number, index: Tensor, src: Tensor): Tensor {
  const d = normalizeDim(dim, x.ndim, 'indexAdd');
  sameBackend('indexAdd', x, index, src);
  checkIndexTensor('indexAdd', index, x.shape[d]!, `dim ${d}`);
  const expected = [...x.shape];
  expected[d] = index.numel();
  if (!shapesEqual(src.shape, expected)) {
    throw new ShapeError(`indexAdd: src ${formatShape(src.shape)} must have shape ${formatShape(expected)}`);
  }
  const out = wrap(x.backend.indexAdd(x._storage, x.shape, d, index._storage, src._storage), x.shape, x.backend);
  return record(out, 'indexAdd', [x, src], (g, needs) => [g, needs[1] ? indexSelect(g, d, index) : null]);
}

/** `value` where `mask` (bool, broadcastable to x) is true, x elsewhere (torch.masked_fill). */
export function maskedFill(x: Tensor, mask: Tensor, value: number): Tensor {
  const out = where(mask, value, x);
  if (!shapesEqual(out.shape, x.shape)) {
    throw new ShapeError(`maskedFill: mask ${formatShape(mask.shape)} does not broadcast to input ${formatShape(x.shape)}`);
  }
  return out;
}

/**
 * One-hot encoding of int32 class indices: a new last dim of size `numClasses` (−1: max index + 1), int32
 * (torch.nn.functional.one_hot; PyTorch returns int64).
 */
export function oneHot(indices: Tensor, numClasses = -1): Tensor {
  if (indices.dtype !== 'int32') throw new DTypeError(`oneHot: indices must be int32, got ${indices.dtype}`);
  const values = indices.data();
  let n = numClasses;
  if (n === -1) n = values.length === 0 ? 0 : Math.max(...values) + 1;
  if (!Number.isInteger(n) || n < 0) throw new ValueError(`oneHot: numClasses must be a non-negative integer or -1, got ${numClasses}`);
  const out = new Int32Array(values.length * n);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v < 0 || v >= n) throw new ValueError(`oneHot: class index ${v} at flat position ${i} is outside [0, ${n})`);
    out[i * n + v] = 1;
  }
  return wrap(indices.backend.fromValues('int32', out), [...indices.shape, n], indices.backend);
}
