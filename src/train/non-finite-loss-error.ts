import { TensoriteError } from '../core/errors.js';

/**
 * Training produced a NaN or infinite loss. `fit` throws it before the optimiser step of the offending
 * batch (so the weights are those before that batch); the message names the epoch, the batch and the value.
 */
export class NonFiniteLossError extends TensoriteError {
  constructor(
    /** 1-based epoch. */
    readonly epoch: number,
    /** 0-based batch index within the epoch. */
    readonly batch: number,
    /** The loss value (NaN, Infinity or -Infinity). */
    readonly value: number,
  ) {
    super(
      `fit: the training loss is ${value} at epoch ${epoch}, batch ${batch} (0-based); ` +
        'check the data for NaN/Inf, lower the learning rate, or clip gradients (clipGradNorm)',
    );
  }
}
