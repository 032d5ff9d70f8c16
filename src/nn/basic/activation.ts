import { ValueError } from '../../core/errors.js';
import * as act from '../../tensor/ops/activation.js';
import { logSoftmax, softmax } from '../../tensor/ops/softmax.js';
import type { Tensor } from '../../tensor/tensor.js';
import { Module } from '../module.js';

/**
 * Activation functions as modules (torch.nn.Sigmoid, ...), for use in `Sequential`. They have no
 * parameters; each applies the elementwise op of the same name from `nn.functional`.
 *
 * ```ts
 * const mlp = new Sequential(new Linear(4, 16), new GELU(), new Linear(16, 1));
 * ```
 */
export class Sigmoid extends Module {
  /** 1/(1 + e^(−x)). */
  forward(x: Tensor): Tensor {
    return act.sigmoid(x);
  }
}

/** tanh x as a module (torch.nn.Tanh). */
export class Tanh extends Module {
  forward(x: Tensor): Tensor {
    return act.tanh(x);
  }
}

/** max(x, 0) as a module (torch.nn.ReLU). */
export class ReLU extends Module {
  forward(x: Tensor): Tensor {
    return act.relu(x);
  }
}

/** x for x > 0, negativeSlope·x otherwise (torch.nn.LeakyReLU; default slope 0.01). */
export class LeakyReLU extends Module {
  constructor(readonly negativeSlope = 0.01) {
    super();
    if (!Number.isFinite(negativeSlope)) throw new ValueError(`LeakyReLU: negativeSlope must be finite, got ${negativeSlope}`);
  }

  forward(x: Tensor): Tensor {
    return act.leakyRelu(x, this.negativeSlope);
  }

  override extraRepr(): string {
    return `negativeSlope=${this.negativeSlope}`;
  }
}

/** x for x > 0, α(eˣ − 1) otherwise (torch.nn.ELU; default α = 1). */
export class ELU extends Module {
  constructor(readonly alpha = 1) {
    super();
    if (!Number.isFinite(alpha)) throw new ValueError(`ELU: alpha must be finite, got ${alpha}`);
  }

  forward(x: Tensor): Tensor {
    return act.elu(x, this.alpha);
  }

  override extraRepr(): string {
    return `alpha=${this.alpha}`;
  }
}

/**
 * Gaussian error linear unit (torch.nn.GELU): x·Φ(x) with approximate = 'none' (default), or the tanh
 * approximation ½x(1 + tanh(√(2/π)(x + 0.044715x³))) with 'tanh'.
 */
export class GELU extends Module {
  constructor(readonly approximate: 'none' | 'tanh' = 'none') {
    super();
    if (approximate !== 'none' && approximate !== 'tanh') {
      throw new ValueError(`GELU: approximate must be 'none' or 'tanh', got ${JSON.stringify(approximate)}`);
    }
  }

  forward(x: Tensor): Tensor {
    return act.gelu(x, this.approximate);
  }

  override extraRepr(): string {
    return `approximate='${this.approximate}'`;
  }
}

/** x·sigmoid(x) (torch.nn.SiLU, a.k.a. swish). */
export class SiLU extends Module {
  forward(x: Tensor): Tensor {
    return act.silu(x);
  }
}

/** log(1 + e^(βx))/β, reverting to x where βx > threshold (torch.nn.Softplus; β = 1, threshold = 20). */
export class Softplus extends Module {
  constructor(readonly beta = 1, readonly threshold = 20) {
    super();
    if (!Number.isFinite(beta) || beta === 0) throw new ValueError(`Softplus: beta must be finite and non-zero, got ${beta}`);
    if (Number.isNaN(threshold)) throw new ValueError('Softplus: threshold is NaN');
  }

  forward(x: Tensor): Tensor {
    return act.softplus(x, this.beta, this.threshold);
  }

  override extraRepr(): string {
    return `beta=${this.beta}, threshold=${this.threshold}`;
  }
}

/** softmax along `dim` (torch.nn.Softmax; `dim` is required here — PyTorch's implicit choice is deprecated). */
export class Softmax extends Module {
  constructor(readonly dim: number) {
    super();
    if (!Number.isInteger(dim)) throw new ValueError(`Softmax: dim must be an integer, got ${String(dim)}`);
  }

  forward(x: Tensor): Tensor {
    return softmax(x, this.dim);
  }

  override extraRepr(): string {
    return `dim=${this.dim}`;
  }
}

/** log-softmax along `dim` (torch.nn.LogSoftmax; `dim` required). */
export class LogSoftmax extends Module {
  constructor(readonly dim: number) {
    super();
    if (!Number.isInteger(dim)) throw new ValueError(`LogSoftmax: dim must be an integer, got ${String(dim)}`);
  }

  forward(x: Tensor): Tensor {
    return logSoftmax(x, this.dim);
  }

  override extraRepr(): string {
    return `dim=${this.dim}`;
  }
}
