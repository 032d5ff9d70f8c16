import { defaultGenerator, type Generator } from '../../core/random.js';
import { tensor } from '../../tensor/ops/creation.js';
import { Parameter } from '../parameter.js';

/**
 * Bound of PyTorch's default convolution weight init, `kaiming_uniform_(w, a=√5)`: gain = √(2/(1 + a²)),
 * bound = √3 · gain / √fanIn (= 1/√fanIn). The bias uses U(−1/√fanIn, 1/√fanIn) with the same fanIn.
 */
export function kaimingUniformBound(fanIn: number): number {
  const a = Math.sqrt(5);
  const gain = Math.sqrt(2 / (1 + a * a));
  return fanIn > 0 ? Math.sqrt(3) * (gain / Math.sqrt(fanIn)) : 0;
}

/** A trainable parameter of `shape` drawn from U(−bound, bound) with `generator` (double draws, then rounded). */
export function uniformParameter(shape: readonly number[], bound: number, dtype: 'float32' | 'float64', generator: Generator = defaultGenerator): Parameter {
  let size = 1;
  for (const s of shape) size *= s;
  const values = new Float64Array(size);
  for (let i = 0; i < values.length; i++) values[i] = (2 * generator.uniform() - 1) * bound;
  return new Parameter(tensor(values, { dtype }).reshape(shape));
}
