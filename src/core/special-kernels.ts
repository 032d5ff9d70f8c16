/**
 * The kernels of the incomplete gamma and beta functions, x^a·e^(−x)/Γ(a) and x^a·(1 − x)^b/B(a, b), to a
 * few ulp: directly from powers for small shape parameters, and for large ones from Stirling's formula
 * and log(1 + u) − u, avoiding the large cancelling logarithms of the naive a·log x − x − lgamma(a).
 * Internal to src/core/special*.ts.
 */
import { lgamma } from './special-gamma.js';

const HALF_LOG_2PI = 0.9189385332046728; // log(2π)/2

/**
 * δ(s) = log Γ(s) − [(s − ½)·log s − s + ½·log 2π], so Γ(s) = √(2π)·s^(s − ½)·e^(−s)·e^δ(s); δ(s) ≈ 1/(12s).
 * For s ≥ 10 from its asymptotic series (Bernoulli numbers; error below 5e-17), else from lgamma.
 */
export function stirlingRemainder(s: number): number {
  if (s >= 10) {
    const z = 1 / (s * s);
    return (
      (1 / 12 - z * (1 / 360 - z * (1 / 1260 - z * (1 / 1680 - z * (1 / 1188 - z * (691 / 360360 - z * (1 / 156 - z * (3617 / 122400)))))))) / s
    );
  }
  return lgamma(s) - (s - 0.5) * Math.log(s) + s - HALF_LOG_2PI;
}

/** log(1 + u) − u for u > −1, accurate to a few ulp also for small |u| (where it is ≈ −u²/2). */
export function log1pmx(u: number): number {
  if (Math.abs(u) >= 0.5) return Math.log1p(u) - u;
  // With s = u/(2 + u): log(1 + u) = 2·atanh(s) = 2(s + s³/3 + s⁵/5 + …) and u = 2s/(1 − s), so
  // log(1 + u) − u = −2s²/(1 − s) + 2s³(1/3 + s²/5 + s⁴/7 + …), |s| ≤ 1/3.
  const s = u / (2 + u);
  const s2 = s * s;
  let sum = 0;
  let power = 1;
  for (let k = 3; k < 80; k += 2) {
    const term = power / k;
    sum += term;
    if (term < 1e-17 * sum) break;
    power *= s2;
  }
  return (-2 * s2) / (1 - s) + 2 * s * s2 * sum;
}

/**
 * Γ(z) for 0 < z < 30 by the recurrence to [1, 2] and exp(lgamma) there (|lgamma| ≤ 0.13 on [1, 2], so the
 * exponential adds no error of note): a few ulp.
 */
export function gammaSmall(z: number): number {
  let factor = 1;
  while (z > 2) {
    z -= 1; // exact
    factor *= z;
  }
  while (z < 1) {
    factor /= z;
    z += 1;
  }
  return factor * Math.exp(lgamma(z));
}

/** Below this the kernels are more accurate from powers and gammas than from Stirling's formula. */
const SMALL_SHAPE = 10;
/** A direct kernel below this may have lost bits to underflow in a factor; the log form is used instead. */
const DIRECT_FLOOR = 1e-280;

/**
 * The gamma-distribution kernel x^a·e^(−x)/Γ(a) (x times the gamma(a) density), a > 0, x > 0: from
 * pow, exp and Γ for a < 10 (x < 700), else (or on underflow) from {@link logGammaKernel}.
 */
export function gammaKernel(a: number, x: number): number {
  if (a < SMALL_SHAPE && x < 700) {
    const k = (Math.pow(x, a) * Math.exp(-x)) / gammaSmall(a);
    if (k > DIRECT_FLOOR && k < Infinity) return k;
  }
  return Math.exp(logGammaKernel(a, x));
}

/**
 * log of the gamma-distribution kernel x^a·e^(−x)/Γ(a), a > 0, x > 0. Written as
 * ½·log(a/2π) + a·[log(x/a) − (x/a − 1)] − δ(a), with log(1 + u) − u for u = (x − a)/a, so that it keeps
 * absolute accuracy (relative accuracy of the kernel) for large a.
 */
export function logGammaKernel(a: number, x: number): number {
  const u = (x - a) / a;
  const body = Math.abs(u) < 0.5 ? a * log1pmx(u) : a * Math.log(x / a) - (x - a);
  return 0.5 * Math.log(a / (2 * Math.PI)) + body - stirlingRemainder(a);
}

/** The rounding error of the product u·v = p (exact, by Dekker's splitting), or 0 if the split would overflow. */
function productError(u: number, v: number, p: number): number {
  const su = 134217729 * u; // 2^27 + 1
  const sv = 134217729 * v;
  if (!Number.isFinite(su) || !Number.isFinite(sv) || !Number.isFinite(p)) return 0;
  const uh = su - (su - u);
  const ul = u - uh;
  const vh = sv - (sv - v);
  const vl = v - vh;
  return uh * vh - p + uh * vl + ul * vh + ul * vl;
}

/**
 * λ = a·y − b·x (y = 1 − x), the signed distance of x from the beta mean a/(a + b) scaled by a + b, with both
 * products formed exactly: near the mean of a beta with large a, b the two products cancel, and their
 * rounding would otherwise dominate λ.
 */
export function betaLambda(a: number, b: number, x: number, y: number): number {
  const p = a * y;
  const q = b * x;
  return p - q + (productError(a, y, p) - productError(b, x, q));
}

/**
 * The beta-distribution kernel x^a·y^b/B(a, b) (y = 1 − x, λ = a·y − b·x, as for {@link logBetaKernel}):
 * from powers and Γ(a + b)/(Γ(a)Γ(b)) when a, b < 10, else (or on underflow) from the log form.
 */
export function betaKernel(a: number, b: number, x: number, y: number, lambda: number): number {
  if (a < SMALL_SHAPE && b < SMALL_SHAPE) {
    const k = Math.pow(x, a) * Math.pow(y, b) * (gammaSmall(a + b) / (gammaSmall(a) * gammaSmall(b)));
    if (k > DIRECT_FLOOR && k < Infinity) return k;
  }
  return Math.exp(logBetaKernel(a, b, x, y, lambda));
}

/**
 * log of the beta-distribution kernel x^a·y^b/B(a, b) with y = 1 − x given separately (both in (0, 1]),
 * a, b > 0, and λ = a·y − b·x (see {@link betaLambda}). With c = a + b, Stirling's formula for the three
 * gammas gives
 *   x^a y^b / B(a, b) = √(ab/(2πc)) · (xc/a)^a · (yc/b)^b · e^(δ(c) − δ(a) − δ(b)),
 * and with u = xc/a − 1 = −λ/a, v = yc/b − 1 = λ/b the linear parts a·u + b·v cancel exactly, leaving
 * a·(log(1+u) − u) + b·(log(1+v) − v) — no large cancelling terms for large a, b.
 */
export function logBetaKernel(a: number, b: number, x: number, y: number, lambda: number): number {
  const c = a + b;
  const u = -lambda / a;
  const v = lambda / b;
  let body: number;
  if (Math.abs(u) < 0.5 && Math.abs(v) < 0.5) {
    body = a * log1pmx(u) + b * log1pmx(v);
  } else {
    const logU = Math.abs(u) < 0.5 ? Math.log1p(u) : Math.log((x * c) / a);
    const logV = Math.abs(v) < 0.5 ? Math.log1p(v) : Math.log((y * c) / b);
    body = a * logU + b * logV;
  }
  return 0.5 * Math.log(((a / c) * b) / (2 * Math.PI)) + body + stirlingRemainder(c) - stirlingRemainder(a) - stirlingRemainder(b);
}
