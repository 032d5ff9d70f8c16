/** RNN encoder–decoder with attention (Bahdanau additive, Luong multiplicative). */
export { AdditiveAttention } from './additive-attention.js';
export { MultiplicativeAttention, type MultiplicativeAttentionOptions } from './multiplicative-attention.js';
export type { SequenceAttention } from './sequence-attention.js';
export type { Seq2SeqOptions, Seq2SeqForwardOptions, Seq2SeqOutput, Seq2SeqAttentionKind } from './seq2seq-options.js';
export { Seq2Seq } from './seq2seq.js';
