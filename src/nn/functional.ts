/** Functional forms of the layers and losses (torch.nn.functional). */
export * from './basic/functional.js';
export * from './conv/functional.js';
export * from './losses/functional.js';
export { relu, leakyRelu, elu, gelu, silu, softplus, sigmoid, tanh } from '../tensor/ops/activation.js';
export { softmax, logSoftmax } from '../tensor/ops/softmax.js';
export { pad } from '../tensor/ops/pad.js';
export { oneHot } from '../tensor/ops/indexing.js';
export * from './attention/functional.js';
