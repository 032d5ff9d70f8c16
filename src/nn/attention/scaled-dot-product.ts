import { DTypeError, ShapeError, ValueError } from '../../core/errors.js';
import { isFloating } from '../../core/dtype.js';
import { defaultGenerator, type Generator } from '../../core/random.js';
import { formatShape } from '../../core/shape.js';
import { add, mul } from '../../tensor/ops/binary.js';
import { logicalNot } from '../../tensor/ops/compare.js';
import { gemm } from '../../tensor/ops/matmul.js';
import { softmax } from '../../tensor/ops/softmax.js';
import type { Tensor } from '../../tensor/tensor.js';
import { dropout } from '../basic/dropout.js';
import { additiveMask, causalBlockedMask } from './masks.js';

/** Options of `scaledDotProductAttention`. */
export interface ScaledDotProductAttentionOptions {
  /**
   * Mask broadcastable to [..., L, S]. A bool mask is true where a query MAY attend to a key (PyTorch 2's
   * `F.scaled_dot_product_attention` convention, the opposite of `MultiheadAttention`'s masks); a float
   * mask (the query's dtype) is added to the scores, −∞ blocking.
   */
  attnMask?: Tensor | null;
  /** Dropout probability on the attention weights (default 0; applied whenever > 0, as PyTorch's function). */
  dropoutP?: number;
  /** Causal attention: query i attends to keys j ≤ i (top-left aligned). Excludes `attnMask`. */
  isCausal?: boolean;
  /** Score scale (default 1/√E with E the query's last dim). */
  scale?: number;
  /** Generator for the dropout mask (default: the one seeded by `manualSeed`). */
  generator?: Generator;
  /** Also return the attention weights (after dropout). Default false. */
  needWeights?: boolean;
}

/**
 * Scaled dot-product attention (torch.nn.functional.scaled_dot_product_attention, PyTorch ≥ 2.0):
 *
 *     weights = dropout(softmax((q·scale) kᵀ + mask, dim = −1)),   out = weights · v
 *
 * Shapes: q [..., L, E], k [..., S, E], v [..., S, Ev] (leading dims broadcast) → out [..., L, Ev]; with
 * `needWeights` the result is `[out, weights]`, weights [..., L, S]. A query row whose keys are all masked
 * gives NaN, as in PyTorch. Gradients flow to q, k, v (and a float mask that requires them).
 *
 * ```ts
 * const out = scaledDotProductAttention(q, k, v, { isCausal: true });
 * const [o, w] = scaledDotProductAttention(q, k, v, { needWeights: true });
 * ```
 */
export function scaledDotProductAttention(q: Tensor, k: Tensor, v: Tensor, options?: ScaledDotProductAttentionOptions & { needWeights?: false }): Tensor;
export function scaledDotProductAttention(q: Tensor, k: Tensor, v: Tensor, options: ScaledDotProductAttentionOptions & { needWeights: true }): [Tensor, Tensor];
export function scaledDotProductAttention(q: Tensor, k: Tensor, v: Tensor, options: ScaledDotProductAttentionOptions = {}): Tensor | [Tensor, Tensor] {
  const op = 'scaledDotProductAttention';
  for (const [name, t] of [['query', q], ['key', k], ['value', v]] as const) {
    if (t.ndim < 2) throw new ShapeError(`${op}: ${name} must have at least 2 dims [..., seq, features], got ${formatShape(t.shape)}`);
    if (!isFloating(t.dtype) || t.dtype !== q.dtype) throw new DTypeError(`${op}: query, key and value must share a float dtype, got ${q.dtype}, ${k.dtype}, ${v.dtype}`);
  }
  const e = q.shape[q.ndim - 1]!;
  if (k.shape[k.ndim - 1] !== e) throw new ShapeError(`${op}: query ${formatShape(q.shape)} and key ${formatShape(k.shape)} differ in the feature size`);
  if (k.shape[k.ndim - 2] !== v.shape[v.ndim - 2]) throw new ShapeError(`${op}: key ${formatShape(k.shape)} and value ${formatShape(v.shape)} differ in the sequence length`);
  const p = options.dropoutP ?? 0;
  if (!(p >= 0 && p <= 1)) throw new ValueError(`${op}: dropoutP must be in [0, 1], got ${p}`);
  let mask: Tensor | null = null;
  if (options.isCausal === true) {
    if (options.attnMask != null) throw new ValueError(`${op}: pass either attnMask or isCausal, not both`);
    mask = additiveMask(causalBlockedMask(q.shape[q.ndim - 2]!, k.shape[k.ndim - 2]!), q.dtype, op, 'causal mask');
  } else if (options.attnMask != null) {
    const m = options.attnMask;
    mask = m.dtype === 'bool' ? additiveMask(logicalNot(m), q.dtype, op, 'attnMask') : additiveMask(m, q.dtype, op, 'attnMask');
  }
  const scale = options.scale ?? 1 / Math.sqrt(e);
  return attend(mul(q, scale), k, v, mask, p, options.generator ?? defaultGenerator, options.needWeights === true);
}

/**
 * Internal core shared with `MultiheadAttention`: softmax(qs kᵀ + mask) v for an already scaled query and
 * an additive float mask (or null), with dropout p on the weights. Returns [out, weights] when `withWeights`.
 */
export function attend(
  scaledQuery: Tensor, k: Tensor, v: Tensor, mask: Tensor | null, p: number, generator: Generator, withWeights: true,
): [Tensor, Tensor];
export function attend(scaledQuery: Tensor, k: Tensor, v: Tensor, mask: Tensor | null, p: number, generator: Generator, withWeights: boolean): Tensor | [Tensor, Tensor];
export function attend(
  scaledQuery: Tensor, k: Tensor, v: Tensor, mask: Tensor | null, p: number, generator: Generator, withWeights: boolean,
): Tensor | [Tensor, Tensor] {
  let scores = gemm(scaledQuery, k, false, true, 'scaledDotProductAttention');
  if (mask !== null) scores = add(scores, mask);
  let weights = softmax(scores, -1);
  if (p > 0) weights = dropout(weights, p, true, generator);
  const out = gemm(weights, v, false, false, 'scaledDotProductAttention');
  return withWeights ? [out, weights] : out;
}
