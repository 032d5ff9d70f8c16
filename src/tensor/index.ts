/** The tensor layer's public surface: the Tensor class, creation functions and every op as a function. */
export { Tensor, type NestedArray, type TensorLike } from './tensor.js';
export { noGrad, enableGrad, isGradEnabled, GraphNode, type BackwardFn } from './graph.js';
export type { BackwardOptions } from './backward.js';
export {
  tensor, zeros, ones, full, zerosLike, onesLike, fullLike, arange, linspace, eye, rand, randn, randint,
  type TensorOptions, type RandomOptions, type TensorData,
} from './ops/creation.js';
export { add, sub, mul, div, pow, maximum, minimum } from './ops/binary.js';
export { neg, abs, sign, sqrt, rsqrt, square, reciprocal, exp, log, log1p, expm1, sin, cos, erf, floor, ceil, round, clamp, clone } from './ops/unary.js';
export { tanh, sigmoid, relu, leakyRelu, elu, gelu, silu, softplus } from './ops/activation.js';
export { eq, ne, lt, le, gt, ge, isnan, logicalNot, logicalAnd, logicalOr, where } from './ops/compare.js';
export { sum, mean, prod } from './ops/reduce.js';
export { max, min, amax, amin, argmax, argmin, type ValuesIndices } from './ops/minmax.js';
export { variance as var, std, logsumexp, norm, type VarianceOptions } from './ops/statistics.js';
export { matmul, gemm } from './ops/matmul.js';
export { reshape, flatten, squeeze, unsqueeze, permute, transpose, t, expand } from './ops/shape.js';
export { cat, stack, split, chunk } from './ops/join.js';
export { narrow, slice, select, flip } from './ops/slicing.js';
export { gather, scatterAdd, indexSelect, indexAdd, maskedFill, oneHot } from './ops/indexing.js';
export { pad, type PadMode } from './ops/pad.js';
export { tril, triu } from './ops/triangular.js';
export { cumsum } from './ops/scan.js';
export { softmax, logSoftmax } from './ops/softmax.js';
export { toDType } from './ops/cast.js';
export { slidingWindows, embedWindows, windowCount, type WindowGeometry, type WindowLayout } from './ops/unfold.js';
