/**
 * Parameter initialisers (torch.nn.init): each fills a tensor in place outside the autograd graph, draws
 * from an optional `generator` (default: the one seeded by `manualSeed`) and returns the tensor. Fans are
 * PyTorch's (`calculateFanInAndFanOut`, convolution kernels included).
 *
 * ```ts
 * nn.init.kaimingNormal_(layer.weight, { nonlinearity: 'relu' });
 * nn.init.zeros_(layer.bias!);
 * ```
 */
export { calculateGain, calculateFanInAndFanOut, type Nonlinearity, type FanMode } from './init/fan.js';
export { constant_, zeros_, ones_, uniform_, normal_, truncNormal_, type TruncNormalOptions } from './init/fill.js';
export { xavierUniform_, xavierNormal_, kaimingUniform_, kaimingNormal_, type KaimingOptions } from './init/scaled.js';
export { orthogonal_ } from './init/orthogonal.js';
export { layerDefaultInit_ } from './init/layer-default.js';
