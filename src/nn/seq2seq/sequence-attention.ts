import { ShapeError } from '../../core/errors.js';
import { formatShape } from '../../core/shape.js';
import { where } from '../../tensor/ops/compare.js';
import { gemm } from '../../tensor/ops/matmul.js';
import { squeeze, unsqueeze } from '../../tensor/ops/shape.js';
import { softmax } from '../../tensor/ops/softmax.js';
import type { Tensor } from '../../tensor/tensor.js';
import type { Module } from '../module.js';

/**
 * An attention mechanism of an RNN encoder–decoder: scores one decoder query against every encoder
 * output and returns the weighted sum. Keys are projected once per source batch with `projectKeys`, then
 * reused at every decoder step.
 */
export interface SequenceAttention extends Module {
  /** Feature size of the decoder query. */
  readonly queryDim: number;
  /** Feature size of the encoder outputs (keys and values). */
  readonly keyDim: number;
  /** The per-sequence part of the score, computed once: [N, S, keyDim] → [N, S, *]. */
  projectKeys(keys: Tensor): Tensor;
  /**
   * Attention of `query` [N, queryDim] over `keys` [N, S, keyDim] (with `projected` from `projectKeys`);
   * `keyPaddingMask` [N, S] is true at padded source positions. Returns [context [N, keyDim], weights [N, S]].
   */
  forward(query: Tensor, keys: Tensor, projected: Tensor, keyPaddingMask?: Tensor | null): [Tensor, Tensor];
}

/**
 * Internal: softmax of `scores` [N, S] over the source positions not masked by `keyPaddingMask` (true =
 * padding), and the context Σⱼ wⱼ·valuesⱼ [N, D] for `values` [N, S, D]. Returns [context, weights].
 */
export function weightedContext(scores: Tensor, values: Tensor, keyPaddingMask: Tensor | null | undefined, op: string): [Tensor, Tensor] {
  let s = scores;
  if (keyPaddingMask != null) {
    if (keyPaddingMask.ndim !== 2 || keyPaddingMask.shape[0] !== s.shape[0] || keyPaddingMask.shape[1] !== s.shape[1]) {
      throw new ShapeError(`${op}: keyPaddingMask ${formatShape(keyPaddingMask.shape)} must be [N, S] = ${formatShape(s.shape)}`);
    }
    s = where(keyPaddingMask, -Infinity, s);
  }
  const weights = softmax(s, -1);
  const context = squeeze(gemm(unsqueeze(weights, 1), values, false, false, op), 1);
  return [context, weights];
}

/** Internal: checks the shapes of a query [N, queryDim] and keys [N, S, keyDim]. */
export function checkQueryKeys(op: string, query: Tensor, keys: Tensor, queryDim: number, keyDim: number): void {
  if (query.ndim !== 2 || query.shape[1] !== queryDim) throw new ShapeError(`${op}: query must be [N, ${queryDim}], got ${formatShape(query.shape)}`);
  if (keys.ndim !== 3 || keys.shape[2] !== keyDim || keys.shape[0] !== query.shape[0]) {
    throw new ShapeError(`${op}: keys must be [${query.shape[0]}, S, ${keyDim}], got ${formatShape(keys.shape)}`);
  }
}
