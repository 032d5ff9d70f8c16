/** Functional forms of the convolution, pooling and resampling layers (torch.nn.functional). */
export { conv1d, conv2d, type ConvOptions, type ConvPadding, type ConvPaddingMode } from './conv.js';
export { convTranspose1d, convTranspose2d, type ConvTransposeOptions } from './convTranspose.js';
export { maxPool1d, maxPool2d, type MaxPoolOptions } from './maxPool.js';
export { avgPool1d, avgPool2d, type AvgPoolOptions } from './avgPool.js';
export { adaptiveAvgPool1d, adaptiveAvgPool2d, type AdaptiveSize } from './adaptiveAvgPool.js';
export { interpolate, upsample, type InterpolateMode, type InterpolateOptions } from './interpolate.js';
export { unfold, fold, type UnfoldOptions } from '../../tensor/ops/unfold.js';
export type { SpatialArg } from './params.js';
