import type { CompareOp } from '../../backend/backend.js';
import { DTypeError } from '../../core/errors.js';
import { broadcastShapes } from '../../core/shape.js';
import { record } from '../graph.js';
import type { Tensor, TensorLike } from '../tensor.js';
import { zerosLike } from './creation.js';
import { unbroadcast } from './unbroadcast.js';
import { binaryOperands, sameBackend, scalarTensor, wrap } from './util.js';

function compare(op: CompareOp, a: TensorLike, b: TensorLike): Tensor {
  const [x, y] = binaryOperands(op, a, b);
  const outShape = broadcastShapes(op, x.shape, y.shape);
  return wrap(x.backend.compare(op, x._storage, x.shape, y._storage, y.shape, outShape), outShape, x.backend);
}

/** a == b elementwise → bool (no gradient). */
export function eq(a: TensorLike, b: TensorLike): Tensor { return compare('eq', a, b); }
/** a != b elementwise → bool. */
export function ne(a: TensorLike, b: TensorLike): Tensor { return compare('ne', a, b); }
/** a < b elementwise → bool. */
export function lt(a: TensorLike, b: TensorLike): Tensor { return compare('lt', a, b); }
/** a <= b elementwise → bool. */
export function le(a: TensorLike, b: TensorLike): Tensor { return compare('le', a, b); }
/** a > b elementwise → bool. */
export function gt(a: TensorLike, b: TensorLike): Tensor { return compare('gt', a, b); }
/** a >= b elementwise → bool. */
export function ge(a: TensorLike, b: TensorLike): Tensor { return compare('ge', a, b); }

/** Elementwise "is NaN" → bool. */
export function isnan(x: Tensor): Tensor {
  return wrap(x.backend.unary('isnan', x._storage), x.shape, x.backend);
}

function requireBool(op: string, ...ts: Tensor[]): void {
  for (const t of ts) if (t.dtype !== 'bool') throw new DTypeError(`${op}: expected a bool tensor, got ${t.dtype}`);
}

/** Logical not of a bool tensor. */
export function logicalNot(x: Tensor): Tensor {
  requireBool('logicalNot', x);
  return wrap(x.backend.unary('logicalNot', x._storage), x.shape, x.backend);
}

/** Logical and of bool tensors, with broadcasting. */
export function logicalAnd(a: Tensor, b: Tensor): Tensor {
  requireBool('logicalAnd', a, b);
  const outShape = broadcastShapes('logicalAnd', a.shape, b.shape);
  return wrap(a.backend.binary('logicalAnd', a._storage, a.shape, b._storage, b.shape, outShape), outShape, a.backend);
}

/** Logical or of bool tensors, with broadcasting. */
export function logicalOr(a: Tensor, b: Tensor): Tensor {
  requireBool('logicalOr', a, b);
  const outShape = broadcastShapes('logicalOr', a.shape, b.shape);
  return wrap(a.backend.binary('logicalOr', a._storage, a.shape, b._storage, b.shape, outShape), outShape, a.backend);
}

/**
 * `condition ? a : b` elementwise with broadcasting of all three (torch.where). `condition` is bool;
 * numbers take the other operand's dtype. Gradients flow to the selected operand only.
 */
export function where(condition: Tensor, a: TensorLike, b: TensorLike): Tensor {
  requireBool('where', condition);
  let x: Tensor;
  let y: Tensor;
  if (typeof a === 'number' && typeof b === 'number') {
    x = scalarTensor(a, 'float32', condition.backend, 'where');
    y = scalarTensor(b, 'float32', condition.backend, 'where');
  } else {
    [x, y] = binaryOperands('where', a, b);
  }
  sameBackend('where', condition, x, y);
  const outShape = broadcastShapes('where', condition.shape, x.shape, y.shape);
  const out = wrap(
    x.backend.where(condition._storage, condition.shape, x._storage, x.shape, y._storage, y.shape, outShape),
    outShape,
    x.backend,
  );
  return record(out, 'where', [x, y], (g, needs) => {
    const zero = zerosLike(g);
    return [
      needs[0] ? unbroadcast(where(condition, g, zero), x.shape) : null,
      needs[1] ? unbroadcast(where(condition, zero, g), y.shape) : null,
    ];
  });
}
