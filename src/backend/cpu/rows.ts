import type { Shape } from '../../core/shape.js';
import { stridedOffsets } from './offsets.js';

/**
 * A strided walk over a row-major output, cut into rows along the innermost collapsed dimension:
 * row r covers output elements [r·length, (r+1)·length), and operand k reads element
 * offsets[k][r] + j·steps[k] for j in the row. Adjacent dimensions that every operand walks contiguously
 * are merged first, so a same-shape operand, a bias row or a per-row scalar give long rows.
 */
export interface RowWalk {
  rows: number;
  length: number;
  offsets: Int32Array[];
  steps: number[];
}

/** Plans a row walk of `outShape` for operands with the given element strides (0 where broadcast) and base offsets. */
export function rowWalk(outShape: Shape, strides: readonly (readonly number[])[], bases: readonly number[]): RowWalk {
  const dims: number[] = [];
  const st: number[][] = strides.map(() => []);
  for (let d = 0; d < outShape.length; d++) {
    const size = outShape[d]!;
    if (size === 1) continue;
    const last = dims.length - 1;
    if (last >= 0 && strides.every((s, k) => st[k]![last] === s[d]! * size)) {
      dims[last] = dims[last]! * size;
      strides.forEach((s, k) => (st[k]![last] = s[d]!));
    } else {
      dims.push(size);
      strides.forEach((s, k) => st[k]!.push(s[d]!));
    }
  }
  if (dims.length === 0) {
    return { rows: 1, length: 1, offsets: bases.map((b) => Int32Array.of(b)), steps: strides.map(() => 0) };
  }
  const length = dims.pop()!;
  const steps = st.map((s) => s.pop()!);
  return { rows: dims.reduce((a, b) => a * b, 1), length, offsets: st.map((s, k) => stridedOffsets(dims, s, bases[k]!)), steps };
}
