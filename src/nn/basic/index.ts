/** Core layers and containers (torch.nn): PyTorch's names, constructor defaults and state-dict keys. */
export { Sequential } from './sequential.js';
export { ModuleList } from './module-list.js';
export { ModuleDict } from './module-dict.js';
export { Linear, type LinearOptions } from './linear.js';
export { Identity } from './identity.js';
export { Flatten } from './flatten.js';
export { Dropout, Dropout1d, Dropout2d, type DropoutOptions } from './dropout.js';
export { Sigmoid, Tanh, ReLU, LeakyReLU, ELU, GELU, SiLU, Softplus, Softmax, LogSoftmax } from './activation.js';
export { Embedding, type EmbeddingOptions } from './embedding.js';
export { LayerNorm, type LayerNormOptions } from './layer-norm.js';
export { BatchNormBase, BatchNorm1d, BatchNorm2d, type BatchNormOptions } from './batch-norm-layers.js';
export type { FactoryOptions } from './options.js';
