import { DTypeError, ShapeError, ValueError } from '../../core/errors.js';
import { defaultGenerator } from '../../core/random.js';
import { formatShape } from '../../core/shape.js';
import { eq, where } from '../../tensor/ops/compare.js';
import { zeros } from '../../tensor/ops/creation.js';
import { indexSelect } from '../../tensor/ops/indexing.js';
import { reshape, unsqueeze } from '../../tensor/ops/shape.js';
import { noGrad } from '../../tensor/graph.js';
import type { Tensor } from '../../tensor/tensor.js';
import { normal_ } from '../init/fill.js';
import { Module } from '../module.js';
import { Parameter } from '../parameter.js';
import { checkSize, floatDType, type FactoryOptions } from './options.js';

function resolvePaddingIdx(op: string, paddingIdx: number | null | undefined, numEmbeddings: number): number | null {
  if (paddingIdx === null || paddingIdx === undefined) return null;
  if (!Number.isInteger(paddingIdx) || paddingIdx < -numEmbeddings || paddingIdx >= numEmbeddings) {
    throw new ValueError(`${op}: paddingIdx must be an integer in [${-numEmbeddings}, ${numEmbeddings}), got ${paddingIdx}`);
  }
  return paddingIdx < 0 ? paddingIdx + numEmbeddings : paddingIdx;
}

/**
 * Looks up rows of `weight` [num, dim] at int32 `indices` of any shape; the result is
 * [...indices.shape, dim] (torch.nn.functional.embedding). Rows at `paddingIdx` (negative counts from the
 * end) are returned as stored but receive no gradient, as in PyTorch. Indices out of [0, num) are an error.
 *
 * ```ts
 * embedding(tensor([[0, 2], [1, 1]], { dtype: 'int32' }), randn([3, 4])).shape; // [2, 2, 4]
 * ```
 */
export function embedding(indices: Tensor, weight: Tensor, paddingIdx: number | null = null): Tensor {
  if (indices.dtype !== 'int32') throw new DTypeError(`embedding: indices must be an int32 tensor, got ${indices.dtype}`);
  if (weight.ndim !== 2) throw new ShapeError(`embedding: weight must be 2-D [num, dim], got ${formatShape(weight.shape)}`);
  const pad = resolvePaddingIdx('embedding', paddingIdx, weight.shape[0]!);
  const flat = reshape(indices, [indices.numel()]);
  let rows = indexSelect(weight, 0, flat);
  if (pad !== null) {
    // Same values everywhere; the gradient reaches `weight` only through the non-padding positions.
    rows = where(unsqueeze(eq(flat, pad), 1), rows.detach(), rows);
  }
  return reshape(rows, [...indices.shape, weight.shape[1]!]);
}

/** Options of `Embedding`. */
export interface EmbeddingOptions extends FactoryOptions {
  /** Index whose row is zero-initialised and never updated by gradients (negative counts from the end). */
  paddingIdx?: number | null;
}

/**
 * A lookup table of `numEmbeddings` vectors of size `embeddingDim` (torch.nn.Embedding). Parameter
 * `weight` [num, dim] (state-dict key `weight`), initialised N(0, 1) with the `paddingIdx` row zero.
 * Input: int32 indices of any shape; output [...indices.shape, dim].
 *
 * ```ts
 * const emb = new Embedding(119, 16, { paddingIdx: 0 }); // one vector per element, 0 = padding
 * emb.forward(atomicNumbers).shape; // [batch, atoms, 16]
 * ```
 */
export class Embedding extends Module {
  readonly numEmbeddings: number;
  readonly embeddingDim: number;
  readonly paddingIdx: number | null;
  weight: Parameter;

  constructor(numEmbeddings: number, embeddingDim: number, options: EmbeddingOptions = {}) {
    super();
    this.numEmbeddings = checkSize('Embedding', 'numEmbeddings', numEmbeddings);
    this.embeddingDim = checkSize('Embedding', 'embeddingDim', embeddingDim);
    this.paddingIdx = resolvePaddingIdx('Embedding', options.paddingIdx, numEmbeddings);
    const dtype = floatDType('Embedding', options.dtype);
    this.weight = new Parameter(zeros([numEmbeddings, embeddingDim], { dtype }));
    this.resetParameters(options);
  }

  /**
   * An Embedding holding a copy of `weights` [num, dim] (torch.nn.Embedding.from_pretrained); with
   * `freeze` (default true) the weight does not require gradients.
   */
  static fromPretrained(weights: Tensor, options: { freeze?: boolean; paddingIdx?: number | null } = {}): Embedding {
    if (weights.ndim !== 2) throw new ShapeError(`Embedding.fromPretrained: weights must be 2-D, got ${formatShape(weights.shape)}`);
    const emb = new Embedding(weights.shape[0]!, weights.shape[1]!, { dtype: weights.dtype, paddingIdx: options.paddingIdx ?? null });
    emb.loadStateDict({ weight: weights });
    emb.weight.requiresGrad = !(options.freeze ?? true);
    return emb;
  }

  /** Re-draws the weight from N(0, 1) and zeroes the padding row. */
  resetParameters(options: Pick<FactoryOptions, 'generator'> = {}): void {
    normal_(this.weight, 0, 1, options.generator ?? defaultGenerator);
    const pad = this.paddingIdx;
    if (pad !== null) {
      noGrad(() => {
        const values = this.weight.data();
        values.fill(0, pad * this.embeddingDim, (pad + 1) * this.embeddingDim);
        this.weight._replaceStorage(this.weight.backend.fromValues(this.weight.dtype, values));
      });
    }
  }

  forward(indices: Tensor): Tensor {
    return embedding(indices, this.weight, this.paddingIdx);
  }

  override extraRepr(): string {
    return `${this.numEmbeddings}, ${this.embeddingDim}${this.paddingIdx === null ? '' : `, paddingIdx=${this.paddingIdx}`}`;
  }
}
