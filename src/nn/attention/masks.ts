import { DTypeError, ShapeError } from '../../core/errors.js';
import type { DType } from '../../core/dtype.js';
import { formatShape } from '../../core/shape.js';
import { logicalNot, where } from '../../tensor/ops/compare.js';
import { full, tensor, zeros } from '../../tensor/ops/creation.js';
import { triu } from '../../tensor/ops/triangular.js';
import type { Tensor } from '../../tensor/tensor.js';

/**
 * A float mask of `dtype` from an attention mask: a bool mask becomes −∞ where it is true (blocked) and 0
 * elsewhere; a float mask is returned as is and must already have `dtype` (nothing is cast silently).
 * This is the conversion `torch.nn.functional.multi_head_attention_forward` applies to `attn_mask` and
 * `key_padding_mask` (a bool entry true = "do not attend").
 */
export function additiveMask(mask: Tensor, dtype: DType, op: string, what: string): Tensor {
  if (mask.dtype === 'bool') return where(mask, -Infinity, zeros([], { dtype }));
  if (mask.dtype !== dtype) {
    throw new DTypeError(`${op}: ${what} must be bool or ${dtype} like the query, got ${mask.dtype}`);
  }
  return mask;
}

/**
 * The bool "may attend" mask of causal attention between L queries and S keys, aligned at the top left as
 * PyTorch's `is_causal`: query i sees keys j ≤ i. Shape [L, S].
 */
export function causalAllowedMask(queries: number, keys: number): Tensor {
  const values = new Uint8Array(queries * keys);
  for (let i = 0; i < queries; i++) for (let j = 0; j <= Math.min(i, keys - 1); j++) values[i * keys + j] = 1;
  return tensor(values, { dtype: 'bool' }).reshape([queries, keys]);
}

/** Bool mask that is true where attention is blocked (the complement of `causalAllowedMask`), [L, S]. */
export function causalBlockedMask(queries: number, keys: number): Tensor {
  return logicalNot(causalAllowedMask(queries, keys));
}

/**
 * The square causal mask of a decoder (torch.nn.Transformer.generate_square_subsequent_mask): a float
 * [size, size] tensor with −∞ above the diagonal and 0 on and below it, so position i attends to
 * positions ≤ i. Pass it as `attnMask` / `tgtMask`.
 *
 * ```ts
 * generateSquareSubsequentMask(3).toArray(); // [[0, -Inf, -Inf], [0, 0, -Inf], [0, 0, 0]]
 * ```
 */
export function generateSquareSubsequentMask(size: number, options: { dtype?: DType } = {}): Tensor {
  if (!Number.isInteger(size) || size < 0) {
    throw new ShapeError(`generateSquareSubsequentMask: size must be a non-negative integer, got ${size}`);
  }
  const dtype = options.dtype ?? 'float32';
  if (dtype !== 'float32' && dtype !== 'float64') {
    throw new DTypeError(`generateSquareSubsequentMask: dtype must be float32 or float64, got ${dtype}`);
  }
  if (size === 0) return zeros([0, 0], { dtype });
  return triu(full([size, size], -Infinity, { dtype }), 1);
}

/** Internal: checks that a mask has one of the allowed shapes and names them in the error. */
export function checkMaskShape(op: string, what: string, mask: Tensor, allowed: readonly (readonly number[])[]): void {
  const ok = allowed.some((s) => s.length === mask.ndim && s.every((d, i) => d === mask.shape[i]));
  if (!ok) {
    throw new ShapeError(`${op}: ${what} has shape ${formatShape(mask.shape)}, expected ${allowed.map((s) => formatShape(s)).join(' or ')}`);
  }
}
