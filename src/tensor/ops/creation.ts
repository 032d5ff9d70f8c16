import { getBackend } from '../../backend/registry.js';
import { dtypeOfTyped, type DType, isFloating } from '../../core/dtype.js';
import { DTypeError, ShapeError, ValueError } from '../../core/errors.js';
import { defaultGenerator, type Generator } from '../../core/random.js';
import { checkShape, sizeOf, type Shape } from '../../core/shape.js';
import type { NestedArray, Tensor } from '../tensor.js';
import { checkValueFits, wrap } from './util.js';

/** Options of the creation functions. */
export interface TensorOptions {
  /** Element type; default float32 (int32 for `randint`, inferred for typed arrays and booleans). */
  dtype?: DType;
  /** Make the tensor a leaf that accumulates gradients (floating dtypes only). */
  requiresGrad?: boolean;
}

/** Options of the random creation functions. */
export interface RandomOptions extends TensorOptions {
  /** Draw from this generator instead of the default one seeded by `manualSeed`. */
  generator?: Generator;
}

/** Input accepted by `tensor()`: a number, boolean, nested arrays of them, or a typed array (1-D). */
export type TensorData = NestedArray | ArrayLike<number>;

function finish(t: Tensor, options: TensorOptions): Tensor {
  if (options.requiresGrad) t.requiresGrad = true;
  return t;
}

function fromFlat(values: ArrayLike<number>, shape: Shape, dtype: DType, op: string): Tensor {
  if (dtype === 'int32' || dtype === 'bool') {
    for (let i = 0; i < values.length; i++) checkValueFits(values[i]!, dtype, op);
  }
  const backend = getBackend();
  return wrap(backend.fromValues(dtype, values), shape, backend);
}

/**
 * A tensor from nested arrays, a typed array (1-D) or a scalar (PyTorch's `torch.tensor`).
 * Numbers default to float32 — unlike PyTorch, integer literals do not make int64; booleans make bool;
 * a Float64Array makes float64, an Int32Array int32. Ragged nesting is an error naming the position.
 *
 * ```ts
 * const x = tensor([[1, 2], [3, 4]], { dtype: 'float64', requiresGrad: true });
 * ```
 */
export function tensor(data: TensorData, options: TensorOptions = {}): Tensor {
  if (typeof data === 'number' || typeof data === 'boolean') {
    const dtype = options.dtype ?? (typeof data === 'boolean' ? 'bool' : 'float32');
    return finish(fromFlat([Number(data)], [], dtype, 'tensor'), options);
  }
  if (!Array.isArray(data)) {
    const typed = data as ArrayLike<number>;
    const dtype = options.dtype ?? dtypeOfTyped(typed) ?? 'float32';
    return finish(fromFlat(typed, [typed.length], dtype, 'tensor'), options);
  }
  const shape: number[] = [];
  let probe: unknown = data;
  while (Array.isArray(probe)) {
    shape.push(probe.length);
    probe = probe[0];
  }
  const flat: number[] = [];
  let sawBool = false;
  let sawNumber = false;
  const walk = (node: unknown, depth: number, path: string): void => {
    if (depth === shape.length) {
      if (typeof node === 'number') sawNumber = true;
      else if (typeof node === 'boolean') sawBool = true;
      else throw new ValueError(`tensor: element at ${path} is ${Array.isArray(node) ? 'an array' : typeof node}; expected a number or boolean`);
      flat.push(Number(node));
      return;
    }
    if (!Array.isArray(node) || node.length !== shape[depth]) {
      throw new ShapeError(
        `tensor: ragged nested array — element at ${path} has ${Array.isArray(node) ? `length ${node.length}` : 'no dimension'}, expected length ${shape[depth]}`,
      );
    }
    node.forEach((child, i) => walk(child, depth + 1, `${path}[${i}]`));
  };
  walk(data, 0, 'data');
  if (sawBool && sawNumber) throw new DTypeError('tensor: mixes booleans and numbers; use one kind');
  const dtype = options.dtype ?? (sawBool ? 'bool' : 'float32');
  return finish(fromFlat(flat, shape, dtype, 'tensor'), options);
}

/** A tensor of `shape` filled with `value`. */
export function full(shape: Shape, value: number, options: TensorOptions = {}): Tensor {
  const s = checkShape(shape, 'full');
  const dtype = options.dtype ?? 'float32';
  checkValueFits(value, dtype, 'full');
  const backend = getBackend();
  return finish(wrap(backend.full(dtype, sizeOf(s), value), s, backend), options);
}

/** A tensor of zeros. */
export function zeros(shape: Shape, options: TensorOptions = {}): Tensor {
  return full(shape, 0, options);
}

/** A tensor of ones. */
export function ones(shape: Shape, options: TensorOptions = {}): Tensor {
  return full(shape, 1, options);
}

/** Zeros with the shape, dtype and backend of `t`. */
export function zerosLike(t: Tensor, options: TensorOptions = {}): Tensor {
  return finish(wrap(t.backend.full(options.dtype ?? t.dtype, t.numel(), 0), t.shape, t.backend), options);
}

/** Ones with the shape, dtype and backend of `t`. */
export function onesLike(t: Tensor, options: TensorOptions = {}): Tensor {
  return finish(wrap(t.backend.full(options.dtype ?? t.dtype, t.numel(), 1), t.shape, t.backend), options);
}

/** `value` everywhere, with the shape, dtype and backend of `t`. */
export function fullLike(t: Tensor, value: number, options: TensorOptions = {}): Tensor {
  const dtype = options.dtype ?? t.dtype;
  checkValueFits(value, dtype, 'fullLike');
  return finish(wrap(t.backend.full(dtype, t.numel(), value), t.shape, t.backend), options);
}

/**
 * Values `start, start + step, ...` up to but excluding `end` (PyTorch's `torch.arange`); with one argument,
 * `arange(end)` starts at 0. dtype defaults to float32.
 */
export function arange(start: number, end?: number, step = 1, options: TensorOptions = {}): Tensor {
  const [lo, hi] = end === undefined ? [0, start] : [start, end];
  if (step === 0 || !Number.isFinite(step)) throw new ValueError(`arange: step must be finite and non-zero, got ${step}`);
  if ((hi - lo) / step < 0) throw new ValueError(`arange: the sign of step ${step} does not lead from ${lo} to ${hi}`);
  const n = Math.max(0, Math.ceil((hi - lo) / step));
  const values = new Float64Array(n);
  for (let i = 0; i < n; i++) values[i] = lo + i * step;
  return finish(fromFlat(values, [n], options.dtype ?? 'float32', 'arange'), options);
}

/**
 * `steps` evenly spaced values from `start` to `end` inclusive, computed as PyTorch does (from the start for
 * the first half, from the end for the second, so both ends are exact).
 */
export function linspace(start: number, end: number, steps: number, options: TensorOptions = {}): Tensor {
  if (!Number.isInteger(steps) || steps < 0) throw new ValueError(`linspace: steps must be a non-negative integer, got ${steps}`);
  const values = new Float64Array(steps);
  if (steps === 1) values[0] = start;
  else if (steps > 1) {
    const step = (end - start) / (steps - 1);
    const half = Math.floor(steps / 2);
    for (let i = 0; i < steps; i++) values[i] = i < half ? start + step * i : end - step * (steps - i - 1);
  }
  return finish(fromFlat(values, [steps], options.dtype ?? 'float32', 'linspace'), options);
}

/** An n×m identity matrix (m defaults to n). */
export function eye(n: number, m: number = n, options: TensorOptions = {}): Tensor {
  checkShape([n, m], 'eye');
  const values = new Float64Array(n * m);
  for (let i = 0; i < Math.min(n, m); i++) values[i * m + i] = 1;
  return finish(fromFlat(values, [n, m], options.dtype ?? 'float32', 'eye'), options);
}

function randomFloat(shape: Shape, options: RandomOptions, op: string, draw: (g: Generator, dtype: DType) => number): Tensor {
  const s = checkShape(shape, op);
  const dtype = options.dtype ?? 'float32';
  if (!isFloating(dtype)) throw new DTypeError(`${op}: dtype must be float32 or float64, got ${dtype}`);
  const g = options.generator ?? defaultGenerator;
  const values = new Float64Array(sizeOf(s));
  for (let i = 0; i < values.length; i++) values[i] = draw(g, dtype);
  return finish(fromFlat(values, s, dtype, op), options);
}

/** Uniform samples in [0, 1) from the default (or given) generator. */
export function rand(shape: Shape, options: RandomOptions = {}): Tensor {
  return randomFloat(shape, options, 'rand', (g, dtype) => (dtype === 'float32' ? g.uniform32() : g.uniform()));
}

/** Standard normal samples from the default (or given) generator. */
export function randn(shape: Shape, options: RandomOptions = {}): Tensor {
  return randomFloat(shape, options, 'randn', (g) => g.normal());
}

/** Uniform integers in [low, high); dtype int32 unless given. */
export function randint(low: number, high: number, shape: Shape, options: RandomOptions = {}): Tensor {
  const s = checkShape(shape, 'randint');
  const g = options.generator ?? defaultGenerator;
  const values = new Float64Array(sizeOf(s));
  for (let i = 0; i < values.length; i++) values[i] = g.randint(low, high);
  return finish(fromFlat(values, s, options.dtype ?? 'int32', 'randint'), options);
}
