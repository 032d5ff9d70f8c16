import { add, div, mul } from '../tensor/ops/binary.js';
import type { Tensor } from '../tensor/tensor.js';

// The fused pointwise updates of PyTorch's optimisers, written with tensor ops in the same order of
// operations as ATen's CPU kernels, so float64 results agree to the last few ulps.

/** a + alpha·b (torch.add(a, b, alpha=alpha)). */
export function addScaled(a: Tensor, b: Tensor, alpha: number): Tensor {
  return add(a, alpha === 1 ? b : mul(b, alpha));
}

/** a + value·t1·t2, evaluated as (value·t1)·t2 (torch.addcmul). */
export function addcmul(a: Tensor, t1: Tensor, t2: Tensor, value: number): Tensor {
  return add(a, mul(value === 1 ? t1 : mul(t1, value), t2));
}

/** a + value·t1/t2, evaluated as (value·t1)/t2 (torch.addcdiv). */
export function addcdiv(a: Tensor, t1: Tensor, t2: Tensor, value: number): Tensor {
  return add(a, div(value === 1 ? t1 : mul(t1, value), t2));
}
