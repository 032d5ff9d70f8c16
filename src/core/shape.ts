import { ShapeError, ValueError } from './errors.js';

/** A tensor shape: one non-negative integer per dimension; `[]` is a scalar. */
export type Shape = readonly number[];

/** `[2, 3]` → `"[2, 3]"`, for error messages. */
export function formatShape(shape: Shape): string {
  return `[${shape.join(', ')}]`;
}

/** Number of elements of a shape (1 for a scalar). */
export function sizeOf(shape: Shape): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/** Row-major (C-contiguous) strides in elements. */
export function stridesOf(shape: Shape): number[] {
  const strides = new Array<number>(shape.length);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = s;
    s *= shape[i]!;
  }
  return strides;
}

export function shapesEqual(a: Shape, b: Shape): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Checks that every entry is a non-negative integer; `op` names the caller in the error. */
export function checkShape(shape: Shape, op: string): number[] {
  for (const d of shape) {
    if (!Number.isInteger(d) || d < 0) {
      throw new ShapeError(`${op}: invalid shape ${formatShape(shape)}; sizes must be non-negative integers`);
    }
  }
  return [...shape];
}

/**
 * NumPy/PyTorch broadcasting: shapes are aligned at their last dimension; sizes must be equal or 1.
 * Throws a ShapeError naming `op` and every operand's shape.
 */
export function broadcastShapes(op: string, ...shapes: Shape[]): number[] {
  const rank = Math.max(0, ...shapes.map((s) => s.length));
  const out = new Array<number>(rank).fill(1);
  for (const s of shapes) {
    for (let i = 0; i < s.length; i++) {
      const o = rank - s.length + i;
      const d = s[i]!;
      if (out[o] === 1) out[o] = d;
      else if (d !== 1 && d !== out[o]) {
        throw new ShapeError(
          `${op}: shapes ${shapes.map(formatShape).join(' and ')} cannot be broadcast together ` +
            `(dimension ${o - rank} has sizes ${out[o]} and ${d})`,
        );
      }
    }
  }
  return out;
}

/**
 * Strides that read a tensor of shape `shape` as if it had the (broadcast) shape `target`:
 * broadcast dimensions get stride 0.
 */
export function broadcastStrides(shape: Shape, target: Shape): number[] {
  const own = stridesOf(shape);
  const out = new Array<number>(target.length).fill(0);
  const offset = target.length - shape.length;
  for (let i = 0; i < shape.length; i++) out[offset + i] = shape[i] === 1 ? 0 : own[i]!;
  return out;
}

/** Resolves a possibly negative dim against `rank` (PyTorch's wrap rule). */
export function normalizeDim(dim: number, rank: number, op: string): number {
  const r = Math.max(rank, 1);
  if (!Number.isInteger(dim) || dim < -r || dim >= r) {
    throw new ValueError(`${op}: dim ${dim} is out of range for a tensor of rank ${rank} (expected ${-r} ≤ dim < ${r})`);
  }
  return dim < 0 ? dim + r : dim;
}

/** Normalises a dim list (or all dims when undefined), rejecting duplicates; returned sorted. */
export function normalizeDims(dims: number | readonly number[] | undefined, rank: number, op: string): number[] {
  if (dims === undefined) return Array.from({ length: rank }, (_, i) => i);
  const list = typeof dims === 'number' ? [dims] : dims;
  const out = list.map((d) => normalizeDim(d, rank, op));
  if (new Set(out).size !== out.length) throw new ValueError(`${op}: dim list [${list.join(', ')}] repeats a dimension`);
  return out.sort((a, b) => a - b);
}
