import type { Backend, Storage } from '../../backend/backend.js';
import { getBackend } from '../../backend/registry.js';
import { DTypeError, ValueError } from '../../core/errors.js';
import { isFloating, type DType } from '../../core/dtype.js';
import { formatShape, type Shape } from '../../core/shape.js';
import { Tensor, type TensorLike } from '../tensor.js';

/** Wraps backend storage as a tensor (no graph). */
export function wrap(storage: Storage, shape: Shape, backend: Backend): Tensor {
  return new Tensor(storage, shape, backend);
}

/** A 0-d tensor holding `value` with `dtype` on `backend`. */
export function scalarTensor(value: number, dtype: DType, backend: Backend = getBackend(), op = 'scalar'): Tensor {
  checkValueFits(value, dtype, op);
  return wrap(backend.full(dtype, 1, value), [], backend);
}

/** Rejects a JS number that `dtype` cannot hold exactly (nothing is silently coerced). */
export function checkValueFits(value: number, dtype: DType, op: string): void {
  if (dtype === 'int32' && !(Number.isInteger(value) && value >= -2147483648 && value <= 2147483647)) {
    throw new DTypeError(`${op}: ${value} is not a 32-bit integer, so it cannot be combined with an int32 tensor; convert the tensor with .to('float32') first`);
  }
  if (dtype === 'bool' && value !== 0 && value !== 1) {
    throw new DTypeError(`${op}: ${value} cannot be used with a bool tensor (only 0 or 1)`);
  }
}

/** Checks two tensors live on the same backend. */
export function sameBackend(op: string, ...ts: Tensor[]): Backend {
  const b = ts[0]!.backend;
  for (const t of ts) {
    if (t.backend !== b) {
      throw new ValueError(`${op}: operands live on different backends (${ts.map((x) => x.backend.name).join(', ')}); move them with the same setBackend`);
    }
  }
  return b;
}

/**
 * The two operands of a binary op as tensors: numbers take the other operand's dtype; two tensors must
 * share a dtype (tensorite never promotes silently: convert one with `.to(dtype)`).
 */
export function binaryOperands(op: string, a: TensorLike, b: TensorLike): [Tensor, Tensor] {
  if (typeof a === 'number' && typeof b === 'number') {
    return [scalarTensor(a, 'float32', getBackend(), op), scalarTensor(b, 'float32', getBackend(), op)];
  }
  if (typeof a === 'number') {
    const tb = b as Tensor;
    return [scalarTensor(a, tb.dtype, tb.backend, op), tb];
  }
  if (typeof b === 'number') return [a, scalarTensor(b, a.dtype, a.backend, op)];
  sameBackend(op, a, b);
  if (a.dtype !== b.dtype) {
    throw new DTypeError(
      `${op}: operands have different dtypes (${a.dtype} ${formatShape(a.shape)} and ${b.dtype} ${formatShape(b.shape)}); ` +
        `tensorite does not promote silently — convert one with .to('${a.dtype === 'float64' || b.dtype === 'float64' ? 'float64' : 'float32'}')`,
    );
  }
  return [a, b];
}

/** Rejects non-floating tensors for ops defined on real numbers (exp, log, softmax, ...). */
export function requireFloat(op: string, x: Tensor): void {
  if (!isFloating(x.dtype)) {
    throw new DTypeError(`${op}: expected a floating-point tensor (float32 or float64), got ${x.dtype}; convert with .to('float32')`);
  }
}

/** Rejects bool tensors for arithmetic. */
export function requireNumeric(op: string, x: Tensor): void {
  if (x.dtype === 'bool') throw new DTypeError(`${op}: arithmetic on a bool tensor; convert it with .to('float32') or .to('int32') first`);
}
