import { DTypeError, ValueError } from '../../core/errors.js';
import { isFloating, type DType } from '../../core/dtype.js';
import type { Generator } from '../../core/random.js';

/** Construction options shared by layers with parameters (PyTorch's `factory_kwargs`). */
export interface FactoryOptions {
  /** dtype of the parameters and floating buffers: 'float32' (default) or 'float64'. */
  dtype?: DType;
  /** Generator for the random initialisation (default: the one seeded by `manualSeed`). */
  generator?: Generator;
}

/** Internal: the parameter dtype from the options, validated. */
export function floatDType(layer: string, dtype: DType | undefined): DType {
  const d = dtype ?? 'float32';
  if (!isFloating(d)) throw new DTypeError(`${layer}: dtype must be 'float32' or 'float64', got ${JSON.stringify(d)}`);
  return d;
}

/** Internal: validates a size argument (a non-negative integer, or a positive one when `positive`). */
export function checkSize(layer: string, name: string, value: number, positive = false): number {
  if (!Number.isInteger(value) || value < (positive ? 1 : 0)) {
    throw new ValueError(`${layer}: ${name} must be a ${positive ? 'positive' : 'non-negative'} integer, got ${value}`);
  }
  return value;
}

/** Internal: formats a boolean or null the way `extraRepr` shows it. */
export function reprValue(v: number | boolean | null | readonly number[] | string): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return `[${v.join(', ')}]`;
  return typeof v === 'string' ? `'${v}'` : String(v);
}
