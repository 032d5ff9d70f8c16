import { add } from '../../tensor/ops/binary.js';
import { tanh } from '../../tensor/ops/activation.js';
import { squeeze, unsqueeze } from '../../tensor/ops/shape.js';
import type { Tensor } from '../../tensor/tensor.js';
import { Linear } from '../basic/linear.js';
import { checkSize, type FactoryOptions } from '../basic/options.js';
import { Module } from '../module.js';
import { checkQueryKeys, weightedContext, type SequenceAttention } from './sequence-attention.js';

/**
 * Additive attention (Bahdanau, Cho & Bengio, 2015): score(q, kⱼ) = vᵀ tanh(W_q q + W_k kⱼ + b),
 * weights = softmax over the source positions, context = Σⱼ wⱼ kⱼ. Parameters `query_proj.weight`
 * [attnDim, queryDim], `key_proj.weight` [attnDim, keyDim], `key_proj.bias` [attnDim], `v.weight` [1, attnDim].
 *
 * ```ts
 * const attn = new AdditiveAttention(64, 128, 64);
 * const projected = attn.projectKeys(encoderOutputs);          // once per batch
 * const [context, weights] = attn.forward(h, encoderOutputs, projected);
 * ```
 */
export class AdditiveAttention extends Module implements SequenceAttention {
  readonly queryDim: number;
  readonly keyDim: number;
  readonly attnDim: number;
  query_proj: Linear;
  key_proj: Linear;
  v: Linear;

  constructor(queryDim: number, keyDim: number, attnDim: number, options: FactoryOptions = {}) {
    super();
    this.queryDim = checkSize('AdditiveAttention', 'queryDim', queryDim, true);
    this.keyDim = checkSize('AdditiveAttention', 'keyDim', keyDim, true);
    this.attnDim = checkSize('AdditiveAttention', 'attnDim', attnDim, true);
    this.query_proj = new Linear(queryDim, attnDim, { ...options, bias: false });
    this.key_proj = new Linear(keyDim, attnDim, options);
    this.v = new Linear(attnDim, 1, { ...options, bias: false });
  }

  projectKeys(keys: Tensor): Tensor {
    return this.key_proj.forward(keys);
  }

  forward(query: Tensor, keys: Tensor, projected: Tensor, keyPaddingMask?: Tensor | null): [Tensor, Tensor] {
    checkQueryKeys('AdditiveAttention', query, keys, this.queryDim, this.keyDim);
    const hidden = tanh(add(projected, unsqueeze(this.query_proj.forward(query), 1)));
    return weightedContext(squeeze(this.v.forward(hidden), 2), keys, keyPaddingMask, 'AdditiveAttention');
  }
}
