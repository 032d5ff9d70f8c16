import { defaultGenerator, type Generator } from '../../core/random.js';
import type { Tensor } from '../../tensor/tensor.js';
import { calculateFanInAndFanOut, calculateGain, correctFan, type FanMode, type Nonlinearity } from './fan.js';
import { normal_, requireFloatingInit, uniform_ } from './fill.js';

/**
 * Glorot/Xavier uniform initialisation in place (torch.nn.init.xavier_uniform_): U(−a, a) with
 * a = gain·√(6 / (fanIn + fanOut)). Fans as `calculateFanInAndFanOut` (≥ 2 dims).
 *
 * ```ts
 * xavierUniform_(linear.weight, calculateGain('tanh'));
 * ```
 */
export function xavierUniform_<T extends Tensor>(t: T, gain = 1, generator: Generator = defaultGenerator): T {
  requireFloatingInit('xavierUniform_', t);
  const { fanIn, fanOut } = calculateFanInAndFanOut(t);
  if (t.numel() === 0) return t;
  const std = gain * Math.sqrt(2 / (fanIn + fanOut));
  const bound = Math.sqrt(3) * std;
  return uniform_(t, -bound, bound, generator);
}

/**
 * Glorot/Xavier normal initialisation in place (torch.nn.init.xavier_normal_): N(0, std²) with
 * std = gain·√(2 / (fanIn + fanOut)).
 *
 * ```ts
 * xavierNormal_(linear.weight);
 * ```
 */
export function xavierNormal_<T extends Tensor>(t: T, gain = 1, generator: Generator = defaultGenerator): T {
  requireFloatingInit('xavierNormal_', t);
  const { fanIn, fanOut } = calculateFanInAndFanOut(t);
  if (t.numel() === 0) return t;
  return normal_(t, 0, gain * Math.sqrt(2 / (fanIn + fanOut)), generator);
}

/** Options of the Kaiming (He) initialisers, with PyTorch's defaults. */
export interface KaimingOptions {
  /** Negative slope of the rectifier after this layer (only used with 'leaky_relu'; default 0). */
  a?: number;
  /** `'fanIn'` (default) keeps the forward variance, `'fanOut'` the backward one. */
  mode?: FanMode;
  /** Nonlinearity whose gain is used (default 'leaky_relu', which with a = 0 is relu's √2). */
  nonlinearity?: Nonlinearity;
  generator?: Generator;
}

function kaimingStd(t: Tensor, options: KaimingOptions): number {
  const fan = correctFan(t, options.mode ?? 'fanIn');
  const gain = calculateGain(options.nonlinearity ?? 'leaky_relu', options.a ?? 0);
  return gain / Math.sqrt(fan);
}

/**
 * Kaiming/He uniform initialisation in place (torch.nn.init.kaiming_uniform_): U(−bound, bound) with
 * bound = √3 · gain / √fan, gain = calculateGain(nonlinearity, a), fan chosen by `mode`. An empty tensor
 * is returned unchanged (PyTorch warns and does the same).
 *
 * ```ts
 * kaimingUniform_(w, { a: Math.sqrt(5) }); // Linear's default: bound = 1/√fanIn
 * ```
 */
export function kaimingUniform_<T extends Tensor>(t: T, options: KaimingOptions = {}): T {
  requireFloatingInit('kaimingUniform_', t);
  if (t.numel() === 0) return t;
  const std = kaimingStd(t, options);
  const bound = Math.sqrt(3) * std;
  return uniform_(t, -bound, bound, options.generator ?? defaultGenerator);
}

/**
 * Kaiming/He normal initialisation in place (torch.nn.init.kaiming_normal_): N(0, std²) with
 * std = gain / √fan.
 *
 * ```ts
 * kaimingNormal_(conv.weight, { mode: 'fanOut', nonlinearity: 'relu' });
 * ```
 */
export function kaimingNormal_<T extends Tensor>(t: T, options: KaimingOptions = {}): T {
  requireFloatingInit('kaimingNormal_', t);
  if (t.numel() === 0) return t;
  return normal_(t, 0, kaimingStd(t, options), options.generator ?? defaultGenerator);
}
