/** Internal argument checks shared by the losses: every message names the loss, the argument and the shapes. */
import { DTypeError, ShapeError, ValueError } from '../../core/errors.js';
import { isFloating } from '../../core/dtype.js';
import { broadcastShapes, formatShape, shapesEqual } from '../../core/shape.js';
import type { Tensor } from '../../tensor/tensor.js';

/** The input must be float32 or float64. */
export function requireFloatInput(loss: string, input: Tensor): void {
  if (!isFloating(input.dtype)) {
    throw new DTypeError(`${loss}: input must be float32 or float64, got ${input.dtype} ${formatShape(input.shape)}; convert with .to('float32')`);
  }
}

/** `other` (named `name`) must have the input's (floating) dtype: nothing is promoted silently. */
export function requireInputDType(loss: string, input: Tensor, other: Tensor, name: string): void {
  if (other.dtype !== input.dtype) {
    const hint = isFloating(other.dtype) ? '' : ` (${name} must hold real values, not ${other.dtype === 'int32' ? 'integer labels' : 'booleans'})`;
    throw new DTypeError(
      `${loss}: ${name} dtype ${other.dtype} differs from input dtype ${input.dtype}${hint}; convert with ${name}.to('${input.dtype}')`,
    );
  }
}

/**
 * `target` must have exactly the input's shape. PyTorch broadcasts mismatched shapes in some losses (with a
 * warning); that is nearly always a bug (a [N] target against a [N, 1] prediction gives an [N, N] loss), so
 * here it is an error.
 */
export function requireSameShape(loss: string, input: Tensor, target: Tensor, name = 'target'): void {
  if (!shapesEqual(input.shape, target.shape)) {
    throw new ShapeError(
      `${loss}: ${name} shape ${formatShape(target.shape)} differs from input shape ${formatShape(input.shape)}; ` +
        `they must be equal (broadcasting them would silently compare every element with every other — reshape the ${name} first)`,
    );
  }
}

/** A float target of the input's dtype and shape. */
export function requireRegressionPair(loss: string, input: Tensor, target: Tensor): void {
  requireFloatInput(loss, input);
  requireInputDType(loss, input, target, 'target');
  requireSameShape(loss, input, target);
}

/** An elementwise weight (named `name`) must have the input's dtype and broadcast to the input's shape. */
export function requireBroadcastWeight(loss: string, input: Tensor, weight: Tensor, name: string): void {
  requireInputDType(loss, input, weight, name);
  let out: number[] | null = null;
  try {
    out = broadcastShapes(loss, weight.shape, input.shape);
  } catch {
    out = null;
  }
  if (out === null || !shapesEqual(out, input.shape)) {
    throw new ShapeError(`${loss}: ${name} of shape ${formatShape(weight.shape)} does not broadcast to the input shape ${formatShape(input.shape)}`);
  }
}

/** A number option must be finite and satisfy `ok`; otherwise a ValueError quoting `expected`. */
export function requireNumber(loss: string, name: string, value: number, ok: (v: number) => boolean, expected: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || !ok(value)) {
    throw new ValueError(`${loss}: ${name} must be ${expected}, got ${String(value)}`);
  }
  return value;
}
