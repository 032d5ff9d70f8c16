/**
 * CDFs, survival functions and quantiles of the F and chi-square distributions (control limits of
 * process monitoring: Hotelling T², SPE/Q statistics, and the like).
 */
import { ValueError } from './errors.js';
import { betaIncPair } from './special-beta.js';
import { gammaIncPair } from './special-incgamma.js';
import { lgamma } from './special-gamma.js';
import { normalQuantile } from './special-normal.js';

/** CDF, survival function and t·density(t) (= dCDF/d log t) of a distribution on (0, ∞) at one point. */
interface TailPoint {
  lower: number;
  upper: number;
  slope: number;
}

function checkDegrees(value: number, name: string, fn: string): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || !(value > 0)) {
    throw new ValueError(`${fn}: ${name} (degrees of freedom) must be a finite number > 0, got ${value}`);
  }
}

function checkProbability(p: number, fn: string): void {
  if (typeof p !== 'number' || !(p >= 0 && p <= 1)) {
    throw new ValueError(`${fn}: p must be a probability in [0, 1], got ${p}`);
  }
}

/**
 * The t > 0 with CDF(t) = p, 0 < p < 1. Newton's method in log t (its derivative is `slope`), on the lower
 * tail for p ≤ ½ and on the upper tail (target 1 − p, exact) otherwise, safeguarded by a bracket that
 * every evaluation narrows; a step leaving the bracket is replaced by geometric bisection.
 */
function solveQuantile(p: number, evaluate: (t: number) => TailPoint, guess: number): number {
  const useUpper = p > 0.5;
  const target = useUpper ? 1 - p : p;
  let lo = 0;
  let hi = Infinity;
  let t = guess > 0 && Number.isFinite(guess) ? guess : 1;
  for (let iter = 0; iter < 1000; iter++) {
    const e = evaluate(t);
    const h = useUpper ? target - e.upper : e.lower - target; // increasing in t
    if (h === 0) return t;
    if (h < 0) lo = t;
    else hi = t;
    const step = h / e.slope; // Newton step in log t
    let next = t + t * Math.expm1(-step);
    if (Number.isFinite(step) && next > lo && next < hi) {
      if (Math.abs(step) < 1e-11) return next; // quadratic convergence: the step's own error is ~step²
    } else if (hi === Infinity) {
      next = t * 16;
    } else if (lo === 0) {
      next = hi / 16;
    } else {
      next = Math.sqrt(lo) * Math.sqrt(hi);
      if (!(next > lo && next < hi)) return t; // the bracket is down to adjacent doubles
    }
    t = next;
  }
  return t;
}

/** Beta(d1/2, d2/2) tails of the F(d1, d2) distribution at f > 0 (finite). */
function fPoint(f: number, d1: number, d2: number): TailPoint {
  const ratio = (d1 * f) / d2;
  if (ratio === Infinity) return { lower: 1, upper: 0, slope: 0 };
  // Beta variable x = d1·f/(d1·f + d2), y = 1 − x = d2/(d1·f + d2); λ = a·y − b·x = (d1/2)(1 − f)/(1 + ratio)
  // is formed from f directly, without the cancellation of a·y − b·x near the mean.
  const denominator = 1 + ratio;
  const lambda = (0.5 * d1 * (1 - f)) / denominator;
  const r = betaIncPair(0.5 * d1, 0.5 * d2, ratio / denominator, 1 / denominator, lambda);
  return { lower: r.lower, upper: r.upper, slope: r.kernel };
}

/** Gamma(k/2) tails of the chi-square(k) distribution at x > 0 (finite). */
function chiSquarePoint(x: number, k: number): TailPoint {
  const r = gammaIncPair(0.5 * k, 0.5 * x);
  return { lower: r.lower, upper: r.upper, slope: r.kernel };
}

/**
 * CDF of the F distribution with d1, d2 degrees of freedom (Fisher–Snedecor), P(F ≤ x) =
 * I_{d1·x/(d1·x + d2)}(d1/2, d2/2). Non-integer degrees of freedom are allowed. x ≤ 0 gives 0, x = ∞ gives 1,
 * x = NaN gives NaN. Throws `ValueError` unless d1, d2 are finite and > 0.
 * SciPy: `scipy.stats.f.cdf(x, d1, d2)` (PyTorch has none).
 *
 * @example
 * fCdf(1, 4, 4);  // 0.5
 */
export function fCdf(x: number, d1: number, d2: number): number {
  checkDegrees(d1, 'd1', 'fCdf');
  checkDegrees(d2, 'd2', 'fCdf');
  if (Number.isNaN(x)) return NaN;
  if (x <= 0) return 0;
  return fPoint(x, d1, d2).lower;
}

/**
 * Survival function of the F distribution, P(F > x) = 1 − fCdf(x, d1, d2), computed without cancellation in
 * the upper tail (p-values of F tests). Same arguments and errors as {@link fCdf}.
 * SciPy: `scipy.stats.f.sf(x, d1, d2)`.
 *
 * @example
 * fSf(3.3258, 5, 10);  // ≈ 0.05: the p-value of F = 3.3258 on (5, 10) degrees of freedom
 */
export function fSf(x: number, d1: number, d2: number): number {
  checkDegrees(d1, 'd1', 'fSf');
  checkDegrees(d2, 'd2', 'fSf');
  if (Number.isNaN(x)) return NaN;
  if (x <= 0) return 1;
  return fPoint(x, d1, d2).upper;
}

/**
 * Quantile of the F(d1, d2) distribution: the x with fCdf(x, d1, d2) = p. fQuantile(0) = 0,
 * fQuantile(1) = ∞. Relative accuracy about 1e-13 for moderate degrees of freedom (safeguarded Newton on the
 * incomplete beta function; the upper tail is solved on the survival function, so p = 0.99 and 0.999 keep
 * their accuracy). Throws `ValueError` unless p is in [0, 1] and d1, d2 are finite and > 0.
 * SciPy: `scipy.stats.f.ppf(p, d1, d2)`.
 *
 * @example
 * fQuantile(0.99, 3, 20);  // ≈ 4.93819338231054 — the F part of a 99 % limit for Hotelling's T²
 */
export function fQuantile(p: number, d1: number, d2: number): number {
  checkProbability(p, 'fQuantile');
  checkDegrees(d1, 'd1', 'fQuantile');
  checkDegrees(d2, 'd2', 'fQuantile');
  if (p === 0) return 0;
  if (p === 1) return Infinity;
  // Start: log F is roughly normal with variance 2/d1 + 2/d2.
  const z = normalQuantile(p);
  const guess = Math.exp(Math.max(-50, Math.min(50, z * Math.sqrt(2 / d1 + 2 / d2))));
  return solveQuantile(p, (f) => fPoint(f, d1, d2), guess);
}

/**
 * CDF of the chi-square distribution with k degrees of freedom, P(X ≤ x) = P(k/2, x/2) (regularised lower
 * incomplete gamma). Non-integer k is allowed. x ≤ 0 gives 0, x = ∞ gives 1, NaN gives NaN.
 * Throws `ValueError` unless k is finite and > 0. SciPy: `scipy.stats.chi2.cdf(x, k)`.
 *
 * @example
 * chiSquareCdf(2, 2);  // 1 − e^(−1) ≈ 0.6321205588285577
 */
export function chiSquareCdf(x: number, k: number): number {
  checkDegrees(k, 'k', 'chiSquareCdf');
  if (Number.isNaN(x)) return NaN;
  if (x <= 0) return 0;
  if (x === Infinity) return 1;
  return chiSquarePoint(x, k).lower;
}

/**
 * Survival function of the chi-square distribution, P(X > x) = Q(k/2, x/2), without cancellation in the
 * upper tail. Same arguments and errors as {@link chiSquareCdf}. SciPy: `scipy.stats.chi2.sf(x, k)`.
 *
 * @example
 * chiSquareSf(2, 2);  // e^(−1) ≈ 0.36787944117144233
 */
export function chiSquareSf(x: number, k: number): number {
  checkDegrees(k, 'k', 'chiSquareSf');
  if (Number.isNaN(x)) return NaN;
  if (x <= 0) return 1;
  if (x === Infinity) return 0;
  return chiSquarePoint(x, k).upper;
}

/**
 * Quantile of the chi-square distribution with k degrees of freedom: the x with chiSquareCdf(x, k) = p.
 * chiSquareQuantile(0, k) = 0, chiSquareQuantile(1, k) = ∞. Relative accuracy about 1e-13 (Wilson–Hilferty
 * start, then safeguarded Newton on the incomplete gamma function; the upper tail is solved on the survival
 * function). Throws `ValueError` unless p is in [0, 1] and k is finite and > 0.
 * SciPy: `scipy.stats.chi2.ppf(p, k)`.
 *
 * @example
 * chiSquareQuantile(0.99, 2);  // 9.210340371976182 (= −2 log 0.01)
 */
export function chiSquareQuantile(p: number, k: number): number {
  checkProbability(p, 'chiSquareQuantile');
  checkDegrees(k, 'k', 'chiSquareQuantile');
  if (p === 0) return 0;
  if (p === 1) return Infinity;
  // Wilson–Hilferty: (X/k)^(1/3) ≈ normal with mean 1 − 2/(9k) and variance 2/(9k); in the far lower tail,
  // P(k/2, x/2) ≈ (x/2)^(k/2) / Γ(k/2 + 1) instead.
  const v = 2 / (9 * k);
  const cube = 1 - v + normalQuantile(p) * Math.sqrt(v);
  const a = 0.5 * k;
  const guess = cube > 0.1 ? k * cube * cube * cube : 2 * Math.exp((Math.log(p) + lgamma(a + 1)) / a);
  return solveQuantile(p, (x) => chiSquarePoint(x, k), guess);
}
