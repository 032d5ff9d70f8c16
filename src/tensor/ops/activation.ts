import { ValueError } from '../../core/errors.js';
import type { Tensor } from '../tensor.js';
import { add, mul, sub } from './binary.js';
import { gt } from './compare.js';
import { where } from './compare.js';
import { div } from './binary.js';
import { erf, exp, neg } from './unary.js';
import { unaryOp } from './unary.js';
import { requireFloat, wrap } from './util.js';
import { isGradEnabled } from '../graph.js';
import { shapesEqual } from '../../core/shape.js';

const SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);
const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);
const GELU_KAPPA = 0.044715;

/** tanh x; gradient g·(1 − y²). */
export function tanh(x: Tensor): Tensor {
  requireFloat('tanh', x);
  return unaryOp('tanh', x, (g, _x, y) => mul(g, sub(1, mul(y, y))));
}

/** Logistic sigmoid 1/(1 + e^(−x)); gradient g·y·(1 − y). */
export function sigmoid(x: Tensor): Tensor {
  requireFloat('sigmoid', x);
  return unaryOp('sigmoid', x, (g, _x, y) => mul(g, mul(y, sub(1, y))));
}

/**
 * max(x, 0); gradient passes where x > 0 (zero at 0, as PyTorch). A first-order backward on a backend with
 * `reluGrad` (wasm, float32) is that one kernel, with the numbers of where(gt(y, 0), g, 0).
 */
export function relu(x: Tensor): Tensor {
  requireFloat('relu', x);
  return unaryOp('relu', x, (g, _x, y) => reluBackward(g, y));
}

/**
 * relu's gradient from its output y: g where y > 0, else 0 (where(gt(y, 0), g, 0)); one `reluGrad` kernel
 * where the backend has it and no graph is recorded, with the same numbers.
 */
export function reluBackward(g: Tensor, y: Tensor): Tensor {
  const fused = !isGradEnabled() && g.backend === y.backend && shapesEqual(g.shape, y.shape) ? y.backend.reluGrad?.(y._storage, g._storage) ?? null : null;
  return fused === null ? where(gt(y, 0), g, 0) : wrap(fused, y.shape, y.backend);
}

/** x for x > 0, negativeSlope·x otherwise (default slope 0.01, torch.nn.functional.leaky_relu). */
export function leakyRelu(x: Tensor, negativeSlope = 0.01): Tensor {
  requireFloat('leakyRelu', x);
  return unaryOp('leakyRelu', x, (g, x0) => where(gt(x0, 0), g, mul(g, negativeSlope)), [negativeSlope]);
}

/** x for x > 0, α·(eˣ − 1) otherwise (default α = 1). */
export function elu(x: Tensor, alpha = 1): Tensor {
  requireFloat('elu', x);
  return unaryOp('elu', x, (g, x0) => where(gt(x0, 0), g, mul(g, mul(exp(x0), alpha))), [alpha]);
}

/**
 * Gaussian error linear unit. `approximate = 'none'`: x·Φ(x) with Φ(x) = ½(1 + erf(x/√2));
 * `'tanh'`: ½x(1 + tanh(√(2/π)(x + 0.044715x³))) — PyTorch's two forms and their exact gradients.
 */
export function gelu(x: Tensor, approximate: 'none' | 'tanh' = 'none'): Tensor {
  requireFloat('gelu', x);
  if (approximate === 'none') {
    return unaryOp('gelu', x, (g, x0) => {
      const cdf = mul(add(erf(mul(x0, Math.SQRT1_2)), 1), 0.5);
      const pdf = mul(exp(mul(mul(x0, x0), -0.5)), INV_SQRT_2PI);
      return mul(g, add(cdf, mul(x0, pdf)));
    });
  }
  if (approximate !== 'tanh') throw new ValueError(`gelu: approximate must be 'none' or 'tanh', got ${JSON.stringify(approximate)}`);
  return unaryOp('geluTanh', x, (g, x0) => {
    const x2 = mul(x0, x0);
    const inner = mul(add(x0, mul(mul(x2, x0), GELU_KAPPA)), SQRT_2_OVER_PI);
    const th = inner.tanh();
    const left = mul(x0, 0.5);
    const leftDerivative = mul(add(th, 1), 0.5);
    const rightDerivative = mul(mul(left, sub(1, mul(th, th))), mul(add(mul(x2, 3 * GELU_KAPPA), 1), SQRT_2_OVER_PI));
    return mul(g, add(leftDerivative, rightDerivative));
  }, undefined, 'gelu');
}

/** x·sigmoid(x) (a.k.a. swish); gradient σ(x)(1 + x(1 − σ(x))). */
export function silu(x: Tensor): Tensor {
  requireFloat('silu', x);
  return unaryOp('silu', x, (g, x0) => {
    const s = div(1, add(exp(neg(x0)), 1));
    return mul(g, mul(s, add(mul(x0, sub(1, s)), 1)));
  });
}

/**
 * log(1 + e^(βx))/β, reverting to x where βx > threshold (defaults β = 1, threshold = 20, as PyTorch).
 */
export function softplus(x: Tensor, beta = 1, threshold = 20): Tensor {
  requireFloat('softplus', x);
  return unaryOp('softplus', x, (g, x0) => {
    const z = exp(mul(x0, beta));
    return where(gt(mul(x0, beta), threshold), g, mul(g, div(z, add(z, 1))));
  }, [beta, threshold]);
}
