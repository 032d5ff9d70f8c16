/**
 * Attention and Transformer layers (torch.nn.MultiheadAttention, torch.nn.Transformer*), positional
 * encodings and the attention functions.
 */
export { MultiheadAttention, type MultiheadAttentionOptions } from './multihead-attention.js';
export type { MultiheadAttentionCallOptions } from './multihead-attention-forward.js';
export { TransformerEncoderLayer, type TransformerEncoderMasks } from './transformer-encoder-layer.js';
export { TransformerEncoder, type TransformerEncoderOptions } from './transformer-encoder.js';
export { TransformerDecoderLayer, type TransformerDecoderMasks } from './transformer-decoder-layer.js';
export { TransformerDecoder, type TransformerDecoderOptions } from './transformer-decoder.js';
export type { TransformerLayerOptions, TransformerActivation } from './transformer-options.js';
export { SinusoidalPositionalEncoding, LearnedPositionalEncoding, sinusoidalTable, type PositionalEncodingOptions } from './positional-encoding.js';
export { generateSquareSubsequentMask } from './masks.js';
