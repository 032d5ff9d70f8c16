import { DTypeError } from '../../core/errors.js';
import { isFloating, type DType } from '../../core/dtype.js';
import { record } from '../graph.js';
import type { Tensor } from '../tensor.js';
import { wrap } from './util.js';

/**
 * Converts to `dtype` (Tensor.to). Float→float conversions carry gradients; to int32 truncates toward zero
 * (as PyTorch), to bool maps non-zero to true. Converting NaN or ±Infinity to int32 is an error, not garbage.
 */
export function toDType(x: Tensor, dtype: DType): Tensor {
  if (dtype === x.dtype) return x;
  if (dtype === 'int32' && isFloating(x.dtype)) {
    const values = x.data();
    for (let i = 0; i < values.length; i++) {
      const v = values[i]!;
      if (!Number.isFinite(v) || v >= 2147483648 || v < -2147483648) {
        throw new DTypeError(`to('int32'): element ${i} is ${v}, which has no int32 value`);
      }
    }
  }
  const out = wrap(x.backend.cast(x._storage, dtype), x.shape, x.backend);
  if (isFloating(x.dtype) && isFloating(dtype)) return record(out, 'to', [x], (g) => [toDType(g, x.dtype)]);
  return out;
}
