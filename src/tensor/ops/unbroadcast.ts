import { shapesEqual, type Shape } from '../../core/shape.js';
import type { Tensor } from '../tensor.js';
import { sum } from './reduce.js';
import { reshape } from './shape.js';

/**
 * Undoes broadcasting in a gradient: sums `grad` over the dimensions along which an operand of `shape`
 * was broadcast, returning a tensor of `shape`. The one place broadcasting is reversed.
 */
export function unbroadcast(grad: Tensor, shape: Shape): Tensor {
  if (shapesEqual(grad.shape, shape)) return grad;
  const lead = grad.shape.length - shape.length;
  const dims: number[] = [];
  for (let d = 0; d < grad.shape.length; d++) {
    if (d < lead || (shape[d - lead] === 1 && grad.shape[d] !== 1)) dims.push(d);
  }
  const summed = dims.length > 0 ? sum(grad, dims, true) : grad;
  return reshape(summed, shape);
}
