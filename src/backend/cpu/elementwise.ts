import { allocTyped, type DType, type TypedArray } from '../../core/dtype.js';
import { erf } from '../../core/special.js';
import type { Shape } from '../../core/shape.js';
import { sizeOf } from '../../core/shape.js';
import type { BinaryOp, CompareOp, UnaryOp } from '../backend.js';
import { broadcastOffsets } from './offsets.js';

const SQRT1_2 = Math.SQRT1_2;
const GELU_TANH_K = Math.sqrt(2 / Math.PI);

/** The scalar function of a unary op (computed in double precision; the store rounds to the dtype). */
export function unaryFunction(op: UnaryOp, params: readonly number[] = []): (v: number) => number {
  switch (op) {
    case 'neg': return (v) => -v;
    case 'abs': return Math.abs;
    case 'sign': return (v) => (v > 0 ? 1 : v < 0 ? -1 : v === 0 ? 0 : NaN);
    case 'sqrt': return Math.sqrt;
    case 'rsqrt': return (v) => 1 / Math.sqrt(v);
    case 'exp': return Math.exp;
    case 'log': return Math.log;
    case 'log1p': return Math.log1p;
    case 'expm1': return Math.expm1;
    case 'sin': return Math.sin;
    case 'cos': return Math.cos;
    case 'tanh': return Math.tanh;
    case 'sigmoid': return (v) => 1 / (1 + Math.exp(-v));
    case 'relu': return (v) => (v > 0 ? v : v !== v ? v : 0);
    case 'leakyRelu': {
      const slope = params[0]!;
      return (v) => (v > 0 ? v : v * slope);
    }
    case 'elu': {
      const alpha = params[0]!;
      return (v) => (v > 0 ? v : alpha * Math.expm1(v));
    }
    case 'gelu': return (v) => 0.5 * v * (1 + erf(v * SQRT1_2));
    case 'geluTanh': return (v) => 0.5 * v * (1 + Math.tanh(GELU_TANH_K * (v + 0.044715 * v * v * v)));
    case 'silu': return (v) => v / (1 + Math.exp(-v));
    case 'softplus': {
      const beta = params[0]!;
      const threshold = params[1]!;
      return (v) => (v * beta > threshold ? v : Math.log1p(Math.exp(v * beta)) / beta);
    }
    case 'erf': return erf;
    case 'reciprocal': return (v) => 1 / v;
    case 'square': return (v) => v * v;
    case 'floor': return Math.floor;
    case 'ceil': return Math.ceil;
    case 'round': return roundHalfEven;
    case 'clamp': {
      const lo = params[0]!;
      const hi = params[1]!;
      return (v) => (v !== v ? v : v < lo ? lo : v > hi ? hi : v);
    }
    case 'powScalar': {
      const p = params[0]!;
      if (p === 2) return (v) => v * v;
      if (p === 1) return (v) => v;
      if (p === 0.5) return Math.sqrt;
      return (v) => Math.pow(v, p);
    }
    case 'logicalNot': return (v) => (v === 0 ? 1 : 0);
    case 'isnan': return (v) => (v !== v ? 1 : 0);
  }
}

/** Round half to even, as torch.round does. */
function roundHalfEven(v: number): number {
  const r = Math.round(v);
  return Math.abs(v % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

export function unaryKernel(op: UnaryOp, x: TypedArray, dtype: DType, params?: readonly number[]): TypedArray {
  const f = unaryFunction(op, params);
  const out = allocTyped(op === 'isnan' ? 'bool' : dtype, x.length);
  for (let i = 0; i < x.length; i++) out[i] = f(x[i]!);
  return out;
}

function binaryFunction(op: BinaryOp): (a: number, b: number) => number {
  switch (op) {
    case 'add': return (a, b) => a + b;
    case 'sub': return (a, b) => a - b;
    case 'mul': return (a, b) => a * b;
    case 'div': return (a, b) => a / b;
    case 'pow': return Math.pow;
    case 'maximum': return (a, b) => (a !== a || b !== b ? NaN : a > b ? a : b);
    case 'minimum': return (a, b) => (a !== a || b !== b ? NaN : a < b ? a : b);
    case 'logicalAnd': return (a, b) => (a !== 0 && b !== 0 ? 1 : 0);
    case 'logicalOr': return (a, b) => (a !== 0 || b !== 0 ? 1 : 0);
  }
}

function compareFunction(op: CompareOp): (a: number, b: number) => number {
  switch (op) {
    case 'eq': return (a, b) => (a === b ? 1 : 0);
    case 'ne': return (a, b) => (a !== b ? 1 : 0);
    case 'lt': return (a, b) => (a < b ? 1 : 0);
    case 'le': return (a, b) => (a <= b ? 1 : 0);
    case 'gt': return (a, b) => (a > b ? 1 : 0);
    case 'ge': return (a, b) => (a >= b ? 1 : 0);
  }
}

/** Applies `f` elementwise with broadcasting into a new array of `outDtype`. */
function broadcastApply(
  f: (a: number, b: number) => number, a: TypedArray, aShape: Shape, b: TypedArray, bShape: Shape,
  outShape: Shape, outDtype: DType,
): TypedArray {
  const n = sizeOf(outShape);
  const out = allocTyped(outDtype, n);
  const oa = broadcastOffsets(aShape, outShape);
  const ob = broadcastOffsets(bShape, outShape);
  if (oa === null && ob === null) {
    for (let i = 0; i < n; i++) out[i] = f(a[i]!, b[i]!);
  } else if (oa === null && b.length === 1) {
    const bv = b[0]!;
    for (let i = 0; i < n; i++) out[i] = f(a[i]!, bv);
  } else if (ob === null && a.length === 1) {
    const av = a[0]!;
    for (let i = 0; i < n; i++) out[i] = f(av, b[i]!);
  } else {
    for (let i = 0; i < n; i++) out[i] = f(a[oa === null ? i : oa[i]!]!, b[ob === null ? i : ob[i]!]!);
  }
  return out;
}

export function binaryKernel(op: BinaryOp, a: TypedArray, aShape: Shape, b: TypedArray, bShape: Shape, outShape: Shape, dtype: DType): TypedArray {
  if (dtype === 'int32' && op === 'div') throw new TypeError('cpu backend: integer division is not a primitive');
  return broadcastApply(binaryFunction(op), a, aShape, b, bShape, outShape, dtype);
}

export function compareKernel(op: CompareOp, a: TypedArray, aShape: Shape, b: TypedArray, bShape: Shape, outShape: Shape): TypedArray {
  return broadcastApply(compareFunction(op), a, aShape, b, bShape, outShape, 'bool');
}

export function whereKernel(
  cond: TypedArray, condShape: Shape, a: TypedArray, aShape: Shape, b: TypedArray, bShape: Shape, outShape: Shape, dtype: DType,
): TypedArray {
  const n = sizeOf(outShape);
  const out = allocTyped(dtype, n);
  const oc = broadcastOffsets(condShape, outShape);
  const oa = broadcastOffsets(aShape, outShape);
  const ob = broadcastOffsets(bShape, outShape);
  for (let i = 0; i < n; i++) {
    const c = cond[oc === null ? i : oc[i]!]!;
    out[i] = c !== 0 ? a[oa === null ? i : oa[i]!]! : b[ob === null ? i : ob[i]!]!;
  }
  return out;
}
