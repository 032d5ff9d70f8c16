/**
 * Loading PyTorch fixtures (test/fixtures/*.json, written by tools/fixtures/) and comparing tensors with
 * them. Comparison rule for floating tensors, element by element:
 *
 *     |actual − expected| ≤ tol · max(1, |expected|)
 *
 * (absolute near zero, relative for large values); NaN never passes. Integer and bool tensors must match
 * exactly. Shapes and dtypes must match exactly.
 */
import { readFileSync } from 'node:fs';
import assert from 'node:assert/strict';
import { tensor, type Tensor } from '../../src/index.js';
import type { DType } from '../../src/core/dtype.js';

/** A tensor as stored in a fixture: shape, dtype and flat row-major data (bool as 0/1). */
export interface TensorSpec {
  shape: number[];
  dtype: DType;
  data: number[];
  requiresGrad?: boolean;
}

/** A plain JavaScript number operand, as stored in a fixture. */
export interface NumberSpec {
  number: number;
}

/** Default tolerances of the fixture comparisons, by dtype. */
export const FIXTURE_TOLERANCE: Readonly<Record<'float64' | 'float32', number>> = { float64: 1e-10, float32: 1e-5 };

/** Parses test/fixtures/<name> (path resolved from the repository root, so it works from dist/test/...). */
export function readFixture<T>(name: string): T {
  const url = new URL(`../../../test/fixtures/${name}`, import.meta.url);
  return JSON.parse(readFileSync(url, 'utf8')) as T;
}

/** Whether an input spec is a plain number rather than a tensor. */
export function isNumberSpec(spec: TensorSpec | NumberSpec): spec is NumberSpec {
  return (spec as NumberSpec).number !== undefined;
}

type Nested = number | Nested[];

function nest(flat: readonly number[], shape: readonly number[], offset = 0, dim = 0): Nested {
  if (dim === shape.length) return flat[offset]!;
  const stride = shape.slice(dim + 1).reduce((a, b) => a * b, 1);
  const out: Nested[] = [];
  for (let i = 0; i < shape[dim]!; i++) out.push(nest(flat, shape, offset + i * stride, dim + 1));
  return out;
}

/** A fresh tensor (a leaf, requiring grad if the spec says so, or if `requiresGrad` is passed). */
export function makeTensor(spec: TensorSpec, requiresGrad = spec.requiresGrad ?? false): Tensor {
  const size = spec.shape.reduce((a, b) => a * b, 1);
  if (size !== spec.data.length) throw new Error(`fixture tensor: ${spec.data.length} values for shape [${spec.shape}]`);
  return tensor(nest(spec.data, spec.shape), { dtype: spec.dtype, requiresGrad });
}

/** The worst element of |a − e| / max(1, |e|) and where it is (NaN counts as infinitely bad). */
export function worstError(actual: ArrayLike<number>, expected: readonly number[]): { err: number; index: number } {
  let err = 0;
  let index = -1;
  for (let i = 0; i < expected.length; i++) {
    const e = expected[i]!;
    const d = Math.abs(actual[i]! - e) / Math.max(1, Math.abs(e));
    const di = Number.isNaN(d) ? Infinity : d;
    if (index < 0 || di > err) {
      err = di;
      index = i;
    }
  }
  return { err, index };
}

/**
 * Asserts that `actual` has the spec's shape and dtype and values within `tol` (rule in the file header);
 * `label` names the case and the compared quantity in the failure message.
 */
export function assertTensorClose(actual: Tensor, expected: TensorSpec, tol: number, label: string): void {
  assert.deepEqual([...actual.shape], expected.shape, `${label}: shape [${actual.shape}] != expected [${expected.shape}]`);
  assert.equal(actual.dtype, expected.dtype, `${label}: dtype ${actual.dtype} != expected ${expected.dtype}`);
  const values = actual.data();
  if (expected.dtype === 'int32' || expected.dtype === 'bool') {
    assert.deepEqual(Array.from(values, Number), expected.data, `${label}: values differ`);
    return;
  }
  const { err, index } = worstError(values, expected.data);
  if (!(err <= tol)) {
    assert.fail(
      `${label}: element ${index} is ${values[index]}, expected ${expected.data[index]} ` +
        `(error ${err.toExponential(2)} > tol ${tol}; |a−e| ≤ tol·max(1,|e|))`,
    );
  }
}

/** Like assertTensorClose, but a missing gradient (null) passes when every expected value is zero. */
export function assertGradClose(actual: Tensor | null, expected: TensorSpec, tol: number, label: string): void {
  if (actual === null) {
    assert.ok(expected.data.every((v) => v === 0), `${label}: gradient is null, expected nonzero values`);
    return;
  }
  assertTensorClose(actual, expected, tol, label);
}
