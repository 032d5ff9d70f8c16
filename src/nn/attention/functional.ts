/** Functional attention (torch.nn.functional.scaled_dot_product_attention, multi_head_attention_forward). */
export { scaledDotProductAttention, type ScaledDotProductAttentionOptions } from './scaled-dot-product.js';
export { multiHeadAttentionForward, type MultiheadAttentionParams, type MultiheadAttentionForwardOptions } from './multihead-attention-forward.js';
