import { ShapeError, ValueError } from '../../core/errors.js';
import { formatShape } from '../../core/shape.js';
import { add } from '../../tensor/ops/binary.js';
import { arange, tensor } from '../../tensor/ops/creation.js';
import { unsqueeze } from '../../tensor/ops/shape.js';
import { narrow } from '../../tensor/ops/slicing.js';
import type { Tensor } from '../../tensor/tensor.js';
import { Dropout } from '../basic/dropout.js';
import { Embedding } from '../basic/embedding.js';
import { checkSize, floatDType, type FactoryOptions } from '../basic/options.js';
import { Module } from '../module.js';

/** Options of the positional encodings. */
export interface PositionalEncodingOptions extends FactoryOptions {
  /** Longest sequence supported (default 5000). */
  maxLen?: number;
  /** Dropout applied after adding the encoding (default 0.1, as the PyTorch Transformer tutorial). */
  dropout?: number;
  /** Inputs are [batch, seq, dModel] (true) or [seq, batch, dModel] (false, default). */
  batchFirst?: boolean;
}

/**
 * The sinusoidal table of "Attention is all you need" (Vaswani et al., 2017) as a plain [maxLen, dModel]
 * array: PE[p, 2i] = sin(p / 10000^(2i/dModel)), PE[p, 2i+1] = cos(p / 10000^(2i/dModel)).
 */
export function sinusoidalTable(maxLen: number, dModel: number): Float64Array {
  const table = new Float64Array(maxLen * dModel);
  for (let i = 0; i < dModel; i += 2) {
    const freq = Math.exp(i * (-Math.log(10000) / dModel));
    for (let p = 0; p < maxLen; p++) {
      table[p * dModel + i] = Math.sin(p * freq);
      if (i + 1 < dModel) table[p * dModel + i + 1] = Math.cos(p * freq);
    }
  }
  return table;
}

function checkInput(layer: string, x: Tensor, dModel: number, maxLen: number, batchFirst: boolean): number {
  if (x.ndim !== 3 || x.shape[2] !== dModel) {
    throw new ShapeError(`${layer}: input must be ${batchFirst ? '[batch, seq' : '[seq, batch'}, ${dModel}], got ${formatShape(x.shape)}`);
  }
  const len = x.shape[batchFirst ? 1 : 0]!;
  if (len > maxLen) throw new ShapeError(`${layer}: sequence length ${len} exceeds maxLen ${maxLen}`);
  return len;
}

/**
 * Fixed sinusoidal positional encoding (the PyTorch Transformer tutorial's `PositionalEncoding`):
 * x + PE[:seq], then dropout. The table is a non-persistent buffer `pe` [maxLen, dModel] (recomputed, not
 * saved in the state dict).
 *
 * ```ts
 * const pos = new SinusoidalPositionalEncoding(64, { batchFirst: true, dropout: 0 });
 * pos.forward(embedded); // [N, L, 64]
 * ```
 */
export class SinusoidalPositionalEncoding extends Module {
  readonly dModel: number;
  readonly maxLen: number;
  readonly batchFirst: boolean;
  dropout: Dropout;

  constructor(dModel: number, options: PositionalEncodingOptions = {}) {
    super();
    this.dModel = checkSize('SinusoidalPositionalEncoding', 'dModel', dModel, true);
    this.maxLen = checkSize('SinusoidalPositionalEncoding', 'maxLen', options.maxLen ?? 5000, true);
    this.batchFirst = options.batchFirst ?? false;
    this.dropout = new Dropout(options.dropout ?? 0.1, { generator: options.generator });
    const dtype = floatDType('SinusoidalPositionalEncoding', options.dtype);
    this.registerBuffer('pe', tensor(sinusoidalTable(this.maxLen, dModel), { dtype }).reshape([this.maxLen, dModel]), false);
  }

  forward(x: Tensor): Tensor {
    const len = checkInput('SinusoidalPositionalEncoding', x, this.dModel, this.maxLen, this.batchFirst);
    const pe = narrow(this.getBuffer('pe')!, 0, 0, len);
    return this.dropout.forward(add(x, this.batchFirst ? pe : unsqueeze(pe, 1)));
  }
}

/**
 * Learned absolute positional encoding (as BERT/GPT): x + E[position], E an `Embedding(maxLen, dModel)`
 * initialised N(0, 1) (state-dict key `embedding.weight`), then dropout.
 *
 * ```ts
 * const pos = new LearnedPositionalEncoding(64, { maxLen: 128, batchFirst: true });
 * pos.forward(embedded); // [N, L, 64]
 * ```
 */
export class LearnedPositionalEncoding extends Module {
  readonly dModel: number;
  readonly maxLen: number;
  readonly batchFirst: boolean;
  embedding: Embedding;
  dropout: Dropout;

  constructor(dModel: number, options: PositionalEncodingOptions = {}) {
    super();
    this.dModel = checkSize('LearnedPositionalEncoding', 'dModel', dModel, true);
    this.maxLen = checkSize('LearnedPositionalEncoding', 'maxLen', options.maxLen ?? 5000, true);
    if (this.maxLen < 1) throw new ValueError('LearnedPositionalEncoding: maxLen must be positive');
    this.batchFirst = options.batchFirst ?? false;
    this.embedding = new Embedding(this.maxLen, dModel, { dtype: options.dtype, generator: options.generator });
    this.dropout = new Dropout(options.dropout ?? 0.1, { generator: options.generator });
  }

  forward(x: Tensor): Tensor {
    const len = checkInput('LearnedPositionalEncoding', x, this.dModel, this.maxLen, this.batchFirst);
    const pe = this.embedding.forward(arange(0, len, 1, { dtype: 'int32' }));
    return this.dropout.forward(add(x, this.batchFirst ? pe : unsqueeze(pe, 1)));
  }
}
