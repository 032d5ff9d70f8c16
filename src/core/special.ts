/**
 * Special functions on JavaScript numbers in double precision (layer 0: pure functions, no tensors).
 * JavaScript has no Math.erf; these give the error function family, log-gamma and digamma, the normal
 * distribution and its inverse, the incomplete gamma and beta functions, and the F and chi-square
 * distributions, each accurate to one or a few ulp (see each function for its contract).
 *
 * @example
 * import { erf, normalQuantile, fQuantile } from './special.js';
 * const gelu = (x: number) => 0.5 * x * (1 + erf(x * Math.SQRT1_2));
 * const z99 = normalQuantile(0.995);     // ≈ 2.5758293035489
 * const f99 = fQuantile(0.99, 3, 20);    // 99 % control limit ingredient for Hotelling's T²
 */
export { erf, erfc } from './special-erf.js';
export { erfinv } from './special-erfinv.js';
export { normalCdf, normalQuantile } from './special-normal.js';
export { lgamma, digamma } from './special-gamma.js';
export { gammaInc, gammaIncC } from './special-incgamma.js';
export { betaInc } from './special-beta.js';
export { fCdf, fSf, fQuantile, chiSquareCdf, chiSquareSf, chiSquareQuantile } from './special-distributions.js';
