import type { UnaryOp } from '../../backend/backend.js';
import { ValueError } from '../../core/errors.js';
import { stridesOf } from '../../core/shape.js';
import { record } from '../graph.js';
import type { Tensor } from '../tensor.js';
import { add, div, mul } from './binary.js';
import { ge, le, where } from './compare.js';
import { zerosLike } from './creation.js';
import { requireFloat, requireNumeric, wrap } from './util.js';

/** Applies a backend unary kernel and records `grad(g, x, y)` as its vector-Jacobian product. */
export function unaryOp(
  op: UnaryOp, x: Tensor, grad: ((g: Tensor, x: Tensor, y: Tensor) => Tensor) | null, params?: readonly number[], name: string = op,
): Tensor {
  const y = wrap(x.backend.unary(op, x._storage, params), x.shape, x.backend);
  if (grad === null) return y;
  return record(y, name, [x], (g) => [grad(g, x, y)]);
}

function floatUnary(op: UnaryOp, x: Tensor, grad: (g: Tensor, x: Tensor, y: Tensor) => Tensor): Tensor {
  requireFloat(op, x);
  return unaryOp(op, x, grad);
}

/** −x. */
export function neg(x: Tensor): Tensor {
  requireNumeric('neg', x);
  return unaryOp('neg', x, (g) => neg(g));
}
/** |x|; gradient sign(x)·g (0 at 0, as PyTorch). */
export function abs(x: Tensor): Tensor {
  requireNumeric('abs', x);
  return unaryOp('abs', x, (g, x0) => mul(g, sign(x0)));
}
/** sign(x) ∈ {−1, 0, 1}; zero gradient. */
export function sign(x: Tensor): Tensor {
  requireNumeric('sign', x);
  return unaryOp('sign', x, (g) => zerosLike(g));
}
/** √x. */
export function sqrt(x: Tensor): Tensor {
  return floatUnary('sqrt', x, (g, _x, y) => div(g, mul(y, 2)));
}
/** 1/√x. */
export function rsqrt(x: Tensor): Tensor {
  return floatUnary('rsqrt', x, (g, _x, y) => mul(g, mul(mul(y, mul(y, y)), -0.5)));
}
/** x². */
export function square(x: Tensor): Tensor {
  requireNumeric('square', x);
  return unaryOp('square', x, (g, x0) => mul(g, mul(x0, 2)));
}
/** 1/x. */
export function reciprocal(x: Tensor): Tensor {
  return floatUnary('reciprocal', x, (g, _x, y) => mul(g, mul(mul(y, y), -1)));
}
/** eˣ. */
export function exp(x: Tensor): Tensor {
  return floatUnary('exp', x, (g, _x, y) => mul(g, y));
}
/** Natural logarithm. */
export function log(x: Tensor): Tensor {
  return floatUnary('log', x, (g, x0) => div(g, x0));
}
/** log(1 + x), accurate for small x. */
export function log1p(x: Tensor): Tensor {
  return floatUnary('log1p', x, (g, x0) => div(g, add(x0, 1)));
}
/** eˣ − 1, accurate for small x. */
export function expm1(x: Tensor): Tensor {
  return floatUnary('expm1', x, (g, _x, y) => mul(g, add(y, 1)));
}
/** sin x. */
export function sin(x: Tensor): Tensor {
  return floatUnary('sin', x, (g, x0) => mul(g, cos(x0)));
}
/** cos x. */
export function cos(x: Tensor): Tensor {
  return floatUnary('cos', x, (g, x0) => mul(g, neg(sin(x0))));
}
/** The error function; gradient (2/√π)·e^(−x²). */
export function erf(x: Tensor): Tensor {
  return floatUnary('erf', x, (g, x0) => mul(g, mul(exp(neg(mul(x0, x0))), 2 / Math.sqrt(Math.PI))));
}
/** Round down; zero gradient. */
export function floor(x: Tensor): Tensor {
  return unaryOp('floor', x, (g) => zerosLike(g));
}
/** Round up; zero gradient. */
export function ceil(x: Tensor): Tensor {
  return unaryOp('ceil', x, (g) => zerosLike(g));
}
/** Round half to even (torch.round); zero gradient. */
export function round(x: Tensor): Tensor {
  return unaryOp('round', x, (g) => zerosLike(g));
}

/**
 * Clamps into [min, max] (either bound may be omitted, not both). The gradient passes where
 * min ≤ x ≤ max (bounds inclusive, as PyTorch) and is zero elsewhere.
 */
export function clamp(x: Tensor, min?: number | null, max?: number | null): Tensor {
  requireNumeric('clamp', x);
  const lo = min ?? -Infinity;
  const hi = max ?? Infinity;
  if ((min === undefined || min === null) && (max === undefined || max === null)) {
    throw new ValueError('clamp: at least one of min and max must be given');
  }
  return unaryOp('clamp', x, (g, x0) => where(ge(x0, lo).logicalAnd(le(x0, hi)), g, 0), [lo, hi]);
}

/** A copy with its own storage; the gradient passes through unchanged. */
export function clone(x: Tensor): Tensor {
  const y = wrap(x.backend.strided(x._storage, x.shape, stridesOf(x.shape), 0), x.shape, x.backend);
  return record(y, 'clone', [x], (g) => [g]);
}
