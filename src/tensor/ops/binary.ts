import type { BinaryOp } from '../../backend/backend.js';
import { broadcastShapes } from '../../core/shape.js';
import { record } from '../graph.js';
import type { Tensor, TensorLike } from '../tensor.js';
import { eq, ge, gt, lt, where } from './compare.js';
import { log } from './unary.js';
import { unbroadcast } from './unbroadcast.js';
import { binaryOperands, requireFloat, requireNumeric, wrap } from './util.js';

/** Forward of a broadcasting binary op on already-checked operands. */
export function binaryForward(op: BinaryOp, a: Tensor, b: Tensor, name: string): Tensor {
  const outShape = broadcastShapes(name, a.shape, b.shape);
  return wrap(a.backend.binary(op, a._storage, a.shape, b._storage, b.shape, outShape), outShape, a.backend);
}

/** a + b with broadcasting (torch.add). */
export function add(a: TensorLike, b: TensorLike): Tensor {
  const [x, y] = binaryOperands('add', a, b);
  requireNumeric('add', x);
  return record(binaryForward('add', x, y, 'add'), 'add', [x, y], (g) => [unbroadcast(g, x.shape), unbroadcast(g, y.shape)]);
}

/** a − b with broadcasting (torch.sub). */
export function sub(a: TensorLike, b: TensorLike): Tensor {
  const [x, y] = binaryOperands('sub', a, b);
  requireNumeric('sub', x);
  return record(binaryForward('sub', x, y, 'sub'), 'sub', [x, y], (g, needs) => [
    unbroadcast(g, x.shape),
    needs[1] ? unbroadcast(g.neg(), y.shape) : null,
  ]);
}

/** a · b elementwise with broadcasting (torch.mul). */
export function mul(a: TensorLike, b: TensorLike): Tensor {
  const [x, y] = binaryOperands('mul', a, b);
  requireNumeric('mul', x);
  return record(binaryForward('mul', x, y, 'mul'), 'mul', [x, y], (g, needs) => [
    needs[0] ? unbroadcast(mul(g, y), x.shape) : null,
    needs[1] ? unbroadcast(mul(g, x), y.shape) : null,
  ]);
}

/** a / b elementwise with broadcasting, true division (floating dtypes only). */
export function div(a: TensorLike, b: TensorLike): Tensor {
  const [x, y] = binaryOperands('div', a, b);
  requireFloat('div', x);
  return record(binaryForward('div', x, y, 'div'), 'div', [x, y], (g, needs) => [
    needs[0] ? unbroadcast(div(g, y), x.shape) : null,
    needs[1] ? unbroadcast(div(mul(g.neg(), x), mul(y, y)), y.shape) : null,
  ]);
}

/**
 * a ** b elementwise (torch.pow). With a number exponent the gradient is p·a^(p−1) (zero for p = 0);
 * with a tensor exponent, ∂/∂b = a^b · log a, taken as 0 where a = 0 and b ≥ 0, as PyTorch does.
 */
export function pow(a: TensorLike, b: TensorLike): Tensor {
  if (typeof b === 'number' && typeof a !== 'number') {
    requireFloat('pow', a);
    const p = b;
    const out = wrap(a.backend.unary('powScalar', a._storage, [p]), a.shape, a.backend);
    return record(out, 'pow', [a], (g) => [p === 0 ? mul(g, 0) : mul(g, mul(pow(a, p - 1), p))]);
  }
  const [x, y] = binaryOperands('pow', a, b);
  requireFloat('pow', x);
  const out = binaryForward('pow', x, y, 'pow');
  return record(out, 'pow', [x, y], (g, needs) => {
    const gx = needs[0] ? unbroadcast(mul(g, mul(y, pow(x, sub(y, 1)))), x.shape) : null;
    let gy: Tensor | null = null;
    if (needs[1]) {
      const zeroBase = eq(x, 0).logicalAnd(ge(y, 0));
      const safeLog = log(where(zeroBase, 1, x));
      gy = unbroadcast(where(zeroBase, 0, mul(g, mul(out, safeLog))), y.shape);
    }
    return [gx, gy];
  });
}

/**
 * Elementwise maximum (torch.maximum); NaN propagates. At ties the gradient is split equally, as PyTorch does.
 */
export function maximum(a: TensorLike, b: TensorLike): Tensor {
  return extremum('maximum', a, b);
}

/** Elementwise minimum (torch.minimum); NaN propagates; ties split the gradient equally. */
export function minimum(a: TensorLike, b: TensorLike): Tensor {
  return extremum('minimum', a, b);
}

function extremum(op: 'maximum' | 'minimum', a: TensorLike, b: TensorLike): Tensor {
  const [x, y] = binaryOperands(op, a, b);
  requireNumeric(op, x);
  return record(binaryForward(op, x, y, op), op, [x, y], (g) => {
    const half = where(eq(x, y), mul(g, 0.5), g);
    const xLoses = op === 'maximum' ? lt(x, y) : gt(x, y);
    const yLoses = op === 'maximum' ? gt(x, y) : lt(x, y);
    return [unbroadcast(where(xLoses, 0, half), x.shape), unbroadcast(where(yLoses, 0, half), y.shape)];
  });
}

