/** Functional forms of the core layers (torch.nn.functional.linear, dropout, layer_norm, batch_norm, embedding). */
export { linear } from './linear.js';
export { dropout, dropout1d, dropout2d } from './dropout.js';
export { embedding } from './embedding.js';
export { layerNorm } from './layer-norm.js';
export { batchNorm } from './batch-norm.js';
