import { DTypeError } from '../core/errors.js';
import { isFloating } from '../core/dtype.js';
import { Tensor } from '../tensor/tensor.js';

/**
 * A tensor that is a module's learnable parameter (torch.nn.Parameter): a leaf with `requiresGrad = true`,
 * found by `Module.parameters()` when assigned to a module property.
 *
 * ```ts
 * this.weight = new Parameter(zeros([out, inp]));
 * ```
 */
export class Parameter extends Tensor {
  constructor(data: Tensor, requiresGrad = true) {
    super(data._storage, data.shape, data.backend);
    if (requiresGrad && !isFloating(data.dtype)) {
      throw new DTypeError(`Parameter: only floating-point tensors can be trainable parameters, got ${data.dtype}`);
    }
    this.requiresGrad = requiresGrad;
  }
}
