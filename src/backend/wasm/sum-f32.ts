import type { Shape } from '../../core/shape.js';

/**
 * Float32 sum over a set of dims, for the reductions training steps are full of (a bias gradient sums a
 * [batch, features] or [batch, channels, length] gradient over every dim but one). The dims are merged into
 * at most three runs — reduced outer R₀, kept K, reduced inner R₁ — and summed as whole rows: for each outer
 * row, K running sums (each over a contiguous inner run) are added into a double-precision accumulator per
 * kept element. Plain double accumulation instead of the reference's compensated sum: the error is at most
 * n·2⁻⁵³·Σ|x| (n the number of terms), far below float32 rounding unless the terms cancel to ~2⁻²⁹ of
 * their magnitude. Returns null for other layouts (kept dims separated by a reduced one), which the
 * reference kernel then serves.
 */
export function sumF32(x: Float32Array, shape: Shape, dims: readonly number[]): Float32Array | null {
  // runs of [size, reduced?] with size-1 dims dropped and neighbours of the same kind merged
  const runs: [number, boolean][] = [];
  for (let d = 0; d < shape.length; d++) {
    const size = shape[d]!;
    if (size === 1) continue;
    const reduced = dims.includes(d);
    const last = runs[runs.length - 1];
    if (last !== undefined && last[1] === reduced) last[0] *= size;
    else runs.push([size, reduced]);
  }
  let outer = 1;
  let kept = 1;
  let inner = 1;
  let i = 0;
  if (runs[i]?.[1] === true) outer = runs[i++]![0];
  if (runs[i]?.[1] === false) kept = runs[i++]![0];
  if (runs[i]?.[1] === true) inner = runs[i++]![0];
  if (i !== runs.length) return null;
  const acc = new Float64Array(kept);
  let o = 0;
  let base = 0;
  if (inner === 1) {
    // four outer rows per pass over the accumulators (adding the four terms first stays within the same
    // error bound), then the remaining rows one at a time
    for (; o + 4 <= outer; o += 4, base += 4 * kept) {
      for (let k = 0, i = base; k < kept; k++, i++) acc[k]! += x[i]! + x[i + kept]! + (x[i + 2 * kept]! + x[i + 3 * kept]!);
    }
  }
  for (; o < outer; o++) {
    if (inner === 1) {
      for (let k = 0; k < kept; k++) acc[k]! += x[base + k]!;
      base += kept;
    } else {
      for (let k = 0; k < kept; k++) {
        // four independent partial sums, so the additions do not wait on each other
        let s0 = 0;
        let s1 = 0;
        let s2 = 0;
        let s3 = 0;
        const end = base + inner;
        for (; base + 4 <= end; base += 4) {
          s0 += x[base]!;
          s1 += x[base + 1]!;
          s2 += x[base + 2]!;
          s3 += x[base + 3]!;
        }
        for (; base < end; base++) s0 += x[base]!;
        acc[k]! += s0 + s1 + (s2 + s3);
      }
    }
  }
  return new Float32Array(acc);
}
