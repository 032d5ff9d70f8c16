/**
 * IEEE-754 double bit helpers for the special functions (the fdlibm algorithms state their interval
 * boundaries and splitting tricks in terms of the 32-bit high and low words of a double).
 * Internal to src/core/special*.ts.
 */

// A DataView is big-endian by default: bytes 0..3 hold the high word, bytes 4..7 the low word.
const view = new DataView(new ArrayBuffer(8));

/** The double whose high 32-bit word is `hi` and low word `lo` (both unsigned). */
export function fromWords(hi: number, lo = 0): number {
  view.setUint32(0, hi >>> 0);
  view.setUint32(4, lo >>> 0);
  return view.getFloat64(0);
}

/**
 * `x` with the low 32 bits of its significand cleared (fdlibm's `SET_LOW_WORD(z, 0)`): at most 21
 * significant bits remain, so `z * z` is exact and `-x² = -z² + (z − x)(z + x)` splits `-x²` into an
 * exact large part and a small part with a tiny absolute error.
 */
export function truncateLowWord(x: number): number {
  view.setFloat64(0, x);
  view.setUint32(4, 0);
  return view.getFloat64(0);
}
