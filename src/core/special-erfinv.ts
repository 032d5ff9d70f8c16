/**
 * The inverse error function in double precision.
 */
import { erf, erfc } from './special-erf.js';
import { normalQuantile } from './special-normal.js';

const TWO_OVER_SQRT_PI = 1.1283791670955126; // 2/√π

/**
 * Giles' single-precision approximation of erfinv(x)/x ("Approximating the erfinv function", GPU Computing
 * Gems Jade, 2011), in w = −log((1 − x)(1 + x)); relative error about 1e-7 for w < 16.
 */
function gilesRatio(w: number): number {
  let p: number;
  if (w < 5) {
    const v = w - 2.5;
    p = 2.81022636e-8;
    p = 3.43273939e-7 + p * v;
    p = -3.5233877e-6 + p * v;
    p = -4.39150654e-6 + p * v;
    p = 2.1858087e-4 + p * v;
    p = -1.25372503e-3 + p * v;
    p = -4.17768164e-3 + p * v;
    p = 2.46640727e-1 + p * v;
    p = 1.50140941 + p * v;
  } else {
    const v = Math.sqrt(w) - 3;
    p = -2.00214257e-4;
    p = 1.00950558e-4 + p * v;
    p = 1.34934322e-3 + p * v;
    p = -3.67342844e-3 + p * v;
    p = 5.73950773e-3 + p * v;
    p = -7.6224613e-3 + p * v;
    p = 9.43887047e-3 + p * v;
    p = 1.00167406 + p * v;
    p = 2.83297682 + p * v;
  }
  return p;
}

/**
 * The inverse error function: the y with erf(y) = x, for x in [−1, 1]. Odd; erfinv(±1) = ±∞, erfinv(−0) = −0;
 * |x| > 1 or NaN gives NaN (as PyTorch does). Accurate to a few ulp relative: Giles' approximation (or, for
 * 1 − |x| below ~1e-7, the normal quantile) refined by two Halley steps on erf — on erfc(y) = 1 − |x|
 * for |x| ≥ 0.5, where 1 − |x| is exact, so the tail keeps its accuracy up to the representable limit.
 * PyTorch: `torch.erfinv` / `torch.special.erfinv`. Probit: Φ⁻¹(p) = √2 · erfinv(2p − 1).
 *
 * @example
 * erfinv(0.5);    // 0.4769362762044699
 * erfinv(-0.99);  // -1.8213863677184494
 */
export function erfinv(x: number): number {
  if (!(x >= -1 && x <= 1)) return NaN;
  if (x === 0) return x;
  const ax = Math.abs(x);
  if (ax === 1) return x > 0 ? Infinity : -Infinity;
  const tail = ax >= 0.5;
  const q = 1 - ax; // exact when ax ≥ 0.5
  const w = tail ? -Math.log(q * (1 + ax)) : -Math.log1p(-ax * ax);
  // Start: Giles' ratio within its fitted range; beyond it (1 − |x| < ~1e-7) erfinv(x) = −Φ⁻¹((1 − x)/2)/√2.
  let y = w < 16 ? gilesRatio(w) * ax : -normalQuantile(0.5 * q) * Math.SQRT1_2;
  for (let i = 0; i < 2; i++) {
    // f(y) = erf(y) − |x|, f' = (2/√π)·exp(−y²), f'' = −2y·f'; Halley: y ← y − u/(1 + y·u), u = f/f'.
    const f = tail ? q - erfc(y) : erf(y) - ax;
    const u = f / (TWO_OVER_SQRT_PI * Math.exp(-y * y));
    y -= u / (1 + y * u);
  }
  return x < 0 ? -y : y;
}
