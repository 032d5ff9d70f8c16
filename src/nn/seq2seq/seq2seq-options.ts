import type { Generator } from '../../core/random.js';
import type { Tensor } from '../../tensor/tensor.js';
import type { FactoryOptions } from '../basic/options.js';

/** The attention of a `Seq2Seq` decoder. */
export type Seq2SeqAttentionKind = 'bahdanau' | 'luong-dot' | 'luong-general';

/** Options of `Seq2Seq`. */
export interface Seq2SeqOptions extends FactoryOptions {
  /** Source vocabulary size (token ids 0 … srcVocab − 1). */
  srcVocab: number;
  /** Target vocabulary size, including the begin-of-sequence token. */
  tgtVocab: number;
  /** Token that starts every decoded sequence (default 0). */
  bosToken?: number;
  /** Embedding size of source and target tokens (default 32). */
  embeddingDim?: number;
  /** Hidden size of the encoder (per direction) and of the decoder (default 64). */
  hiddenSize?: number;
  /** Recurrent cell of encoder and decoder (default 'gru'). */
  cell?: 'gru' | 'lstm';
  /** Bidirectional encoder (default true). */
  bidirectional?: boolean;
  /** Attention mechanism (default 'bahdanau'). */
  attention?: Seq2SeqAttentionKind;
  /** Dropout on the embeddings in training (default 0). */
  dropout?: number;
}

/** Options of `Seq2Seq.forward` (training). */
export interface Seq2SeqForwardOptions {
  /** Valid length of each source sequence [N] (int32); positions past it are padding, never attended. */
  srcLengths?: Tensor | null;
  /**
   * Probability that a decoder step is fed the true previous token rather than the model's own greedy
   * prediction (default 1: always teacher forcing). Drawn once per step for the whole batch.
   */
  teacherForcingRatio?: number;
  /** Generator for the teacher-forcing draws (default: the one seeded by `manualSeed`). */
  generator?: Generator;
}

/** What `Seq2Seq.forward` and `Seq2Seq.greedyDecode` return. */
export interface Seq2SeqOutput {
  /** Unnormalised scores over the target vocabulary, [N, T, tgtVocab]. */
  logits: Tensor;
  /** Attention weights of each output step over the source positions, [N, T, S] (rows sum to 1). */
  attention: Tensor;
}
