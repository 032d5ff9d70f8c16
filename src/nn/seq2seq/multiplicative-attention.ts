import { ValueError } from '../../core/errors.js';
import { gemm } from '../../tensor/ops/matmul.js';
import { squeeze, unsqueeze } from '../../tensor/ops/shape.js';
import type { Tensor } from '../../tensor/tensor.js';
import { Linear } from '../basic/linear.js';
import { checkSize, type FactoryOptions } from '../basic/options.js';
import { Module } from '../module.js';
import { checkQueryKeys, weightedContext, type SequenceAttention } from './sequence-attention.js';

/** Options of `MultiplicativeAttention`. */
export interface MultiplicativeAttentionOptions extends FactoryOptions {
  /** 'dot': qᵀkⱼ (needs queryDim = keyDim); 'general': qᵀ W kⱼ (default 'general'). */
  score?: 'dot' | 'general';
}

/**
 * Multiplicative attention (Luong, Pham & Manning, 2015): score(q, kⱼ) = qᵀkⱼ ('dot') or qᵀ W kⱼ
 * ('general', parameter `W.weight` [queryDim, keyDim]); weights = softmax over the source positions,
 * context = Σⱼ wⱼ kⱼ.
 *
 * ```ts
 * const attn = new MultiplicativeAttention(64, 128, { score: 'general' });
 * const [context, weights] = attn.forward(h, encoderOutputs, attn.projectKeys(encoderOutputs));
 * ```
 */
export class MultiplicativeAttention extends Module implements SequenceAttention {
  readonly queryDim: number;
  readonly keyDim: number;
  readonly score: 'dot' | 'general';
  W: Linear | null;

  constructor(queryDim: number, keyDim: number, options: MultiplicativeAttentionOptions = {}) {
    super();
    this.queryDim = checkSize('MultiplicativeAttention', 'queryDim', queryDim, true);
    this.keyDim = checkSize('MultiplicativeAttention', 'keyDim', keyDim, true);
    this.score = options.score ?? 'general';
    if (this.score !== 'dot' && this.score !== 'general') throw new ValueError(`MultiplicativeAttention: score must be 'dot' or 'general', got ${JSON.stringify(this.score)}`);
    if (this.score === 'dot' && queryDim !== keyDim) {
      throw new ValueError(`MultiplicativeAttention: 'dot' scores need queryDim = keyDim, got ${queryDim} and ${keyDim}; use score 'general'`);
    }
    this.W = this.score === 'general' ? new Linear(keyDim, queryDim, { ...options, bias: false }) : null;
  }

  /** W kⱼ for 'general' ([N, S, queryDim]); the keys themselves for 'dot'. */
  projectKeys(keys: Tensor): Tensor {
    return this.W === null ? keys : this.W.forward(keys);
  }

  forward(query: Tensor, keys: Tensor, projected: Tensor, keyPaddingMask?: Tensor | null): [Tensor, Tensor] {
    checkQueryKeys('MultiplicativeAttention', query, keys, this.queryDim, this.keyDim);
    const scores = squeeze(gemm(projected, unsqueeze(query, 2), false, false, 'MultiplicativeAttention'), 2);
    return weightedContext(scores, keys, keyPaddingMask, 'MultiplicativeAttention');
  }
}
