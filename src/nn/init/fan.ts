import { ShapeError, ValueError } from '../../core/errors.js';
import { formatShape, type Shape } from '../../core/shape.js';
import { Tensor } from '../../tensor/tensor.js';

/**
 * Names accepted by `calculateGain`: PyTorch's spellings (`'leaky_relu'`, `'conv_transpose2d'`) and their
 * camelCase forms (`'leakyRelu'`, `'convTranspose2d'`).
 */
export type Nonlinearity =
  | 'linear' | 'identity' | 'sigmoid' | 'tanh' | 'relu' | 'selu'
  | 'leaky_relu' | 'leakyRelu'
  | 'conv1d' | 'conv2d' | 'conv3d'
  | 'conv_transpose1d' | 'conv_transpose2d' | 'conv_transpose3d'
  | 'convTranspose1d' | 'convTranspose2d' | 'convTranspose3d';

/** Which fan a Kaiming initialiser preserves: `'fanIn'` (forward pass) or `'fanOut'` (backward pass). */
export type FanMode = 'fanIn' | 'fanOut' | 'fan_in' | 'fan_out';

const UNIT_GAIN = new Set<string>([
  'linear', 'identity', 'sigmoid', 'conv1d', 'conv2d', 'conv3d',
  'conv_transpose1d', 'conv_transpose2d', 'conv_transpose3d', 'convTranspose1d', 'convTranspose2d', 'convTranspose3d',
]);

/**
 * The recommended gain for a nonlinearity (torch.nn.init.calculate_gain): 1 for linear, convolutions and
 * sigmoid; 5/3 for tanh; √2 for relu; √(2 / (1 + slope²)) for leaky_relu (slope = `param`, default 0.01);
 * 3/4 for selu.
 *
 * ```ts
 * calculateGain('leaky_relu', 0.2); // √(2 / 1.04) ≈ 1.3868
 * ```
 */
export function calculateGain(nonlinearity: Nonlinearity, param?: number): number {
  if (UNIT_GAIN.has(nonlinearity)) return 1;
  switch (nonlinearity) {
    case 'tanh':
      return 5 / 3;
    case 'relu':
      return Math.SQRT2;
    case 'selu':
      return 3 / 4;
    case 'leaky_relu':
    case 'leakyRelu': {
      const slope = param ?? 0.01;
      if (typeof slope !== 'number' || !Number.isFinite(slope)) {
        throw new ValueError(`calculateGain: negative slope ${String(param)} is not a valid number`);
      }
      return Math.sqrt(2 / (1 + slope * slope));
    }
    default:
      throw new ValueError(`calculateGain: unsupported nonlinearity ${JSON.stringify(nonlinearity)}`);
  }
}

/**
 * Fan-in and fan-out of a weight of `shape` (PyTorch's `_calculate_fan_in_and_fan_out`): for a weight
 * [out, in, k₁, k₂, ...] the receptive field is k₁·k₂·…, fan-in = in·receptive, fan-out = out·receptive.
 * A Linear weight [out, in] has fan-in `in` and fan-out `out`. Needs at least 2 dimensions.
 *
 * ```ts
 * calculateFanInAndFanOut([16, 3, 5, 5]); // { fanIn: 75, fanOut: 400 }
 * ```
 */
export function calculateFanInAndFanOut(weight: Tensor | Shape): { fanIn: number; fanOut: number } {
  const shape = weight instanceof Tensor ? weight.shape : weight;
  if (shape.length < 2) {
    throw new ShapeError(`calculateFanInAndFanOut: fan in and fan out cannot be computed for a tensor of shape ${formatShape(shape)} (fewer than 2 dimensions)`);
  }
  let receptive = 1;
  for (let i = 2; i < shape.length; i++) receptive *= shape[i]!;
  return { fanIn: shape[1]! * receptive, fanOut: shape[0]! * receptive };
}

/** The fan selected by `mode` (PyTorch's `_calculate_correct_fan`). */
export function correctFan(weight: Tensor | Shape, mode: FanMode): number {
  const { fanIn, fanOut } = calculateFanInAndFanOut(weight);
  if (mode === 'fanIn' || mode === 'fan_in') return fanIn;
  if (mode === 'fanOut' || mode === 'fan_out') return fanOut;
  throw new ValueError(`kaiming init: mode ${JSON.stringify(mode)} is not supported; expected 'fanIn' or 'fanOut'`);
}
