import { defaultGenerator, type Generator } from '../../core/random.js';
import type { Tensor } from '../../tensor/tensor.js';
import { calculateFanInAndFanOut } from './fan.js';
import { uniform_ } from './fill.js';
import { kaimingUniform_ } from './scaled.js';

/**
 * PyTorch's default initialisation of Linear and convolution layers (their `reset_parameters`):
 * weight ~ kaiming_uniform(a = √5), i.e. U(±1/√fan_in), and bias ~ U(±1/√fan_in), with fan_in taken from the
 * weight tensor (`calculateFanInAndFanOut`, so transposed convolutions use their own layout's fan).
 */
export function layerDefaultInit_(weight: Tensor, bias: Tensor | null, generator: Generator = defaultGenerator): void {
  kaimingUniform_(weight, { a: Math.sqrt(5), generator });
  if (bias !== null) {
    const { fanIn } = calculateFanInAndFanOut(weight);
    const bound = fanIn > 0 ? 1 / Math.sqrt(fanIn) : 0;
    uniform_(bias, -bound, bound, generator);
  }
}
