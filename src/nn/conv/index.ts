/** Convolution, pooling and resampling layers (torch.nn.Conv1d ... Upsample). */
export { ConvNd, Conv1d, Conv2d, type ConvLayerOptions } from './convLayer.js';
export { ConvTransposeNd, ConvTranspose1d, ConvTranspose2d, type ConvTransposeLayerOptions } from './convTransposeLayer.js';
export { MaxPoolNd, MaxPool1d, MaxPool2d, type MaxPoolLayerOptions, type MaxPoolOutput } from './maxPoolLayer.js';
export { AvgPoolNd, AvgPool1d, AvgPool2d } from './avgPoolLayer.js';
export { AdaptiveAvgPoolNd, AdaptiveAvgPool1d, AdaptiveAvgPool2d } from './adaptiveAvgPoolLayer.js';
export { Upsample } from './upsampleLayer.js';
