// Special functions against mpmath reference values (test/fixtures/special.json, written by
// tools/fixtures/make_special_fixtures.py: each value computed at 50 and 90 digits, rounded to double),
// plus hand-derived closed forms, identities and the IEEE special cases.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  erf, erfc, erfinv, normalCdf, normalQuantile, lgamma, digamma, gammaInc, gammaIncC, betaInc,
  fCdf, fSf, fQuantile, chiSquareCdf, chiSquareSf, chiSquareQuantile,
} from '../../src/core/special.js';
import { betaIncPair } from '../../src/core/special-beta.js';
import { ValueError } from '../../src/core/errors.js';

type Row = number[];
interface SpecialFixture {
  erf: Row[]; erfc: Row[]; erfinv: Row[]; normalCdf: Row[]; normalQuantile: Row[]; lgamma: Row[]; digamma: Row[];
  gammaInc: Row[]; betaInc: Row[]; fCdf: Row[]; fQuantile: Row[]; chiSquareCdf: Row[]; chiSquareQuantile: Row[];
}

const fixture = JSON.parse(
  readFileSync(new URL('../../../test/fixtures/special.json', import.meta.url), 'utf8'),
) as SpecialFixture;

/** Relative error, NaN-safe (NaN counts as infinitely wrong). */
function relErr(actual: number, expected: number): number {
  if (actual === expected) return 0;
  const e = Math.abs(actual - expected) / Math.abs(expected);
  return Number.isNaN(e) ? Infinity : e;
}

/**
 * Checks `f(inputs) ≈ outputs` on every row (the first `nIn` entries are inputs); `tol(expected)` is the
 * allowed error in the chosen measure: 'rel' = |a − e|/|e|, 'mixed' = |a − e|/max(1, |e|).
 */
function checkRows(
  name: string, rows: Row[], nIn: number, f: (...args: number[]) => number[],
  tol: (expected: number) => number, measure: 'rel' | 'mixed' = 'rel',
): void {
  assert.ok(rows.length > 0, `${name}: no fixture rows`);
  let worst = { ratio: 0, detail: '' };
  for (const row of rows) {
    const args = row.slice(0, nIn);
    const expected = row.slice(nIn);
    const actual = f(...args);
    expected.forEach((e, i) => {
      const a = actual[i]!;
      const err = measure === 'rel' ? relErr(a, e) : Math.abs(a - e) / Math.max(1, Math.abs(e));
      const ratio = Number.isNaN(err) ? Infinity : err / tol(e);
      if (ratio > worst.ratio) worst = { ratio, detail: `${name}(${args.join(', ')})[${i}] = ${a}, expected ${e} (error ${err.toExponential(2)}, allowed ${tol(e).toExponential(2)})` };
    });
  }
  assert.ok(worst.ratio <= 1, worst.detail);
}

/** Tolerance for the incomplete gamma/beta family: a few ulp of log(value), as the exponent sets the error. */
const tailTol = (v: number): number => 5e-15 * (1 + Math.abs(Math.log(v)));

/** The adjacent double of a non-zero x, towards +∞ (direction 1) or −∞ (direction −1). */
function nextAfter(x: number, direction: 1 | -1): number {
  const value = new Float64Array([x]);
  const bits = new BigInt64Array(value.buffer);
  bits[0] = bits[0]! + ((x > 0) === (direction > 0) ? 1n : -1n);
  return value[0]!;
}

test('fixture covers the region boundaries with enough points', () => {
  assert.ok(fixture.erf.length >= 200 && fixture.erfc.length >= 300, 'erf/erfc point counts');
  for (const b of [0.84375, 1.25, 1 / 0.35, 6]) {
    assert.ok(fixture.erf.some((r) => r[0] === b), `erf fixture lacks the boundary ${b}`);
    assert.ok(fixture.erf.some((r) => r[0] === nextAfter(b, -1)), `erf fixture lacks the double below ${b}`);
  }
});

test('erf matches mpmath to 1e-15 relative on [-7, 7] and at tiny arguments', () => {
  checkRows('erf', fixture.erf, 1, (x) => [erf(x)], () => 1e-15);
});

test('erfc matches mpmath to 1e-15 relative, deep into the tail (x up to 26.5, erfc ~ 1e-307)', () => {
  checkRows('erfc', fixture.erfc, 1, (x) => [erfc(x)], () => 1e-15);
});

test('erf / erfc special values and symmetries', () => {
  assert.ok(Number.isNaN(erf(NaN)) && Number.isNaN(erfc(NaN)));
  assert.equal(erf(Infinity), 1);
  assert.equal(erf(-Infinity), -1);
  assert.equal(erfc(Infinity), 0);
  assert.equal(erfc(-Infinity), 2);
  assert.ok(Object.is(erf(-0), -0) && Object.is(erf(0), 0));
  assert.equal(erfc(0), 1);
  assert.ok(relErr(erf(1e-300), 1e-300 * (2 / Math.sqrt(Math.PI))) <= 2.3e-16);
  assert.equal(erfc(30), 0); // underflows
  for (const x of [0.1, 0.5, 0.84375, 1, 1.25, 2, 2.857142857142857, 3.5, 6, 10]) {
    assert.equal(erf(-x), -erf(x), `erf is odd at ${x}`);
    assert.ok(Math.abs(erfc(x) + erfc(-x) - 2) <= 4.5e-16, `erfc(x) + erfc(-x) = 2 at ${x}`);
    assert.ok(Math.abs(erf(x) + erfc(x) - 1) <= 4.5e-16, `erf + erfc = 1 at ${x}`);
  }
});

test('erf and erfc are monotone across the boundaries of the piecewise approximation', () => {
  for (const b of [0.25, 0.84375, 1.25, 1 / 0.35, 6, 28]) {
    for (const s of [1, -1]) {
      const x = s * b;
      const below = nextAfter(x, -1);
      const above = nextAfter(x, 1);
      assert.ok(erf(below) <= erf(x) && erf(x) <= erf(above), `erf monotone at ${x}`);
      assert.ok(erfc(below) >= erfc(x) && erfc(x) >= erfc(above), `erfc monotone at ${x}`);
    }
  }
});

test('erfinv matches mpmath to 2e-15 relative, including 1 − x down to 1e-16', () => {
  checkRows('erfinv', fixture.erfinv, 1, (x) => [erfinv(x)], () => 2e-15);
});

test('erfinv special values and round trip through erf', () => {
  assert.equal(erfinv(1), Infinity);
  assert.equal(erfinv(-1), -Infinity);
  assert.ok(Object.is(erfinv(-0), -0));
  for (const bad of [1.0000001, -2, NaN, Infinity]) assert.ok(Number.isNaN(erfinv(bad)), `erfinv(${bad}) is NaN`);
  for (const x of [-0.95, -0.3, 1e-12, 0.2, 0.5, 0.7, 0.99]) {
    assert.ok(relErr(erf(erfinv(x)), x) <= 4.5e-16, `erf(erfinv(${x}))`);
  }
});

test('normalCdf matches mpmath to 2e-15 relative, down to Φ(−37) ≈ 5.7e-300', () => {
  checkRows('normalCdf', fixture.normalCdf, 1, (x) => [normalCdf(x)], () => 2e-15);
});

test('normalCdf special values', () => {
  assert.equal(normalCdf(0), 0.5);
  assert.equal(normalCdf(-Infinity), 0);
  assert.equal(normalCdf(Infinity), 1);
  assert.equal(normalCdf(40), 1);
  assert.equal(normalCdf(-40), 0);
  assert.ok(Number.isNaN(normalCdf(NaN)));
  // Φ(x) + Φ(−x) = 1
  for (const x of [0.3, 1, 1.7677669529663687, 2.5, 5]) assert.ok(Math.abs(normalCdf(x) + normalCdf(-x) - 1) <= 2.3e-16);
});

test('normalQuantile (AS 241) matches mpmath to 2e-15 relative for p from 1e-320 to 1 − 1e-16', () => {
  checkRows('normalQuantile', fixture.normalQuantile, 1, (p) => [normalQuantile(p)], () => 2e-15);
});

test('normalQuantile special values and round trip', () => {
  assert.equal(normalQuantile(0.5), 0);
  assert.equal(normalQuantile(0), -Infinity);
  assert.equal(normalQuantile(1), Infinity);
  for (const bad of [-0.1, 1.1, NaN]) assert.ok(Number.isNaN(normalQuantile(bad)), `normalQuantile(${bad}) is NaN`);
  for (const p of [1e-200, 1e-12, 0.001, 0.2, 0.6, 0.975, 0.999]) {
    const z = normalQuantile(p);
    assert.equal(Math.sign(z), Math.sign(p - 0.5));
    // Φ amplifies a relative error ε of z into about z²·ε in the tail probability.
    const tail = p < 0.5 ? normalCdf(z) : 1 - normalCdf(z);
    assert.ok(relErr(tail, p < 0.5 ? p : 1 - p) <= 1e-15 * (1 + z * z), `Φ(Φ⁻¹(${p}))`);
  }
});

test('lgamma matches mpmath: 1e-15 relative for x > 0 (also next to the zeros at 1 and 2)', () => {
  checkRows('lgamma', fixture.lgamma.filter((r) => r[0]! > 0), 1, (x) => [lgamma(x)], () => 1e-15);
});

test('lgamma matches mpmath for x < 0 to 1e-15 · max(1, |value|) (reflection formula)', () => {
  const rows = fixture.lgamma.filter((r) => r[0]! < 0);
  assert.ok(rows.length >= 60);
  checkRows('lgamma', rows, 1, (x) => [lgamma(x)], () => 1e-15, 'mixed');
});

test('lgamma special values and closed forms', () => {
  assert.equal(lgamma(1), 0);
  assert.equal(lgamma(2), 0);
  for (const pole of [0, -0, -1, -2, -1e6, -(2 ** 53), Infinity, -Infinity]) assert.equal(lgamma(pole), Infinity, `lgamma(${pole})`);
  assert.ok(Number.isNaN(lgamma(NaN)));
  assert.ok(relErr(lgamma(0.5), 0.5 * Math.log(Math.PI)) <= 2.3e-16); // Γ(1/2) = √π
  assert.ok(relErr(lgamma(-0.5), Math.log(2 * Math.sqrt(Math.PI))) <= 2.3e-16); // Γ(−1/2) = −2√π
  let logFactorial = 0;
  for (let n = 1; n <= 30; n++) {
    logFactorial += Math.log(n);
    assert.ok(Math.abs(lgamma(n + 1) - logFactorial) <= 1e-14 * Math.max(1, logFactorial), `lgamma(${n + 1}) = log ${n}!`);
  }
});

test('digamma matches mpmath: 5e-15 relative for x > 0 (also at its zero x₀ ≈ 1.4616)', () => {
  checkRows('digamma', fixture.digamma.filter((r) => r[0]! > 0), 1, (x) => [digamma(x)], () => 5e-15);
});

test('digamma matches mpmath for x < 0 to 2e-15 · max(1, |value|)', () => {
  checkRows('digamma', fixture.digamma.filter((r) => r[0]! < 0), 1, (x) => [digamma(x)], () => 2e-15, 'mixed');
});

test('digamma special values, ψ(1) = −γ and the recurrence ψ(x + 1) = ψ(x) + 1/x', () => {
  const eulerGamma = 0.5772156649015329;
  assert.ok(relErr(digamma(1), -eulerGamma) <= 2.3e-16);
  assert.ok(relErr(digamma(0.5), -eulerGamma - 2 * Math.LN2) <= 4.5e-16);
  assert.equal(digamma(0), -Infinity);
  assert.equal(digamma(-0), Infinity);
  assert.equal(digamma(Infinity), Infinity);
  for (const bad of [-1, -7, -Infinity, NaN]) assert.ok(Number.isNaN(digamma(bad)), `digamma(${bad}) is NaN`);
  for (const x of [0.05, 0.3, 2.2, 7.5, 12.25, 40.5]) {
    const lhs = digamma(x + 1);
    const rhs = digamma(x) + 1 / x;
    assert.ok(Math.abs(lhs - rhs) <= 2e-15 * Math.max(1, Math.abs(lhs)), `recurrence at ${x}`);
  }
});

test('gammaInc / gammaIncC match mpmath (both tails computed without cancellation)', () => {
  checkRows('gammaInc', fixture.gammaInc, 2, (a, x) => [gammaInc(a!, x!), gammaIncC(a!, x!)], tailTol);
});

test('gammaInc closed forms and domain', () => {
  for (const x of [1e-8, 0.3, 2, 20, 200]) {
    assert.ok(relErr(gammaInc(1, x), -Math.expm1(-x)) <= 1e-15, `P(1, ${x}) = 1 − e^(−x)`);
    assert.ok(relErr(gammaIncC(1, x), Math.exp(-x)) <= 1e-14 * (1 + x), `Q(1, ${x}) = e^(−x)`);
  }
  // P(2, x) = 1 − (1 + x)e^(−x)
  for (const x of [0.5, 3, 40]) assert.ok(relErr(gammaIncC(2, x), (1 + x) * Math.exp(-x)) <= 1e-14 * (1 + x));
  assert.equal(gammaInc(3, 0), 0);
  assert.equal(gammaIncC(3, 0), 1);
  assert.equal(gammaInc(3, Infinity), 1);
  for (const [a, x] of [[0, 1], [-1, 1], [1, -1], [NaN, 1], [1, NaN], [Infinity, 1]]) {
    assert.ok(Number.isNaN(gammaInc(a!, x!)) && Number.isNaN(gammaIncC(a!, x!)), `gammaInc(${a}, ${x}) is NaN`);
  }
});

test('betaInc and its complement match mpmath, shapes 0.5 … 5000', () => {
  checkRows('betaInc', fixture.betaInc, 3, (a, b, x) => {
    const pair = betaIncPair(a!, b!, x!, 1 - x!);
    return [betaInc(a!, b!, x!), pair.upper];
  }, tailTol);
});

test('betaInc closed forms, symmetry and domain', () => {
  for (const x of [1e-6, 0.1, 0.37, 0.5, 0.9, 0.999999]) {
    assert.ok(relErr(betaInc(1, 1, x), x) <= 4.5e-16, `uniform at ${x}`);
    assert.ok(relErr(betaInc(3.5, 1, x), x ** 3.5) <= 2e-15, `I_x(a, 1) = x^a at ${x}`);
    assert.ok(relErr(betaInc(1, 4, x), -Math.expm1(4 * Math.log1p(-x))) <= 2e-15, `I_x(1, b) = 1 − (1 − x)^b at ${x}`);
    assert.ok(Math.abs(betaInc(2.5, 7, x) + betaInc(7, 2.5, 1 - x) - 1) <= 4.5e-16, `I_x(a, b) = 1 − I_(1−x)(b, a) at ${x}`);
  }
  assert.ok(relErr(betaInc(2, 3, 0.4), 0.5248) <= 4.5e-16); // Σ_{j≥2} C(4, j) 0.4^j 0.6^(4−j)
  assert.equal(betaInc(2, 3, 0), 0);
  assert.equal(betaInc(2, 3, 1), 1);
  for (const [a, b, x] of [[0, 1, 0.5], [1, -1, 0.5], [1, 1, 1.5], [1, 1, -0.1], [NaN, 1, 0.5]]) {
    assert.ok(Number.isNaN(betaInc(a!, b!, x!)), `betaInc(${a}, ${b}, ${x}) is NaN`);
  }
});

test('fCdf / fSf match mpmath for d1 in 1…20, d2 in 1…1000', () => {
  checkRows('fCdf', fixture.fCdf, 3, (x, d1, d2) => [fCdf(x!, d1!, d2!), fSf(x!, d1!, d2!)], tailTol);
});

test('fQuantile matches mpmath to 5e-14 relative (p from 1e-6 to 0.9999, d2 up to 10000)', () => {
  assert.ok(fixture.fQuantile.length >= 600);
  checkRows('fQuantile', fixture.fQuantile, 3, (p, d1, d2) => [fQuantile(p!, d1!, d2!)], () => 5e-14);
});

test('fQuantile closed forms, round trip and limits', () => {
  // F(2, d2): CDF = 1 − (1 + 2f/d2)^(−d2/2), so f = (d2/2)((1 − p)^(−2/d2) − 1).
  for (const [p, d2] of [[0.5, 3], [0.99, 3], [0.999, 10], [0.01, 7]] as const) {
    const exact = (d2 / 2) * Math.expm1((-2 / d2) * Math.log1p(-p));
    assert.ok(relErr(fQuantile(p, 2, d2), exact) <= 1e-14, `F(2, ${d2}) quantile at ${p}`);
  }
  assert.ok(relErr(fQuantile(0.5, 7, 7), 1) <= 1e-15); // d1 = d2: the median is 1
  for (const [p, d1, d2] of [[0.95, 4, 12], [0.99, 2.5, 40.5], [0.001, 3, 3]] as const) {
    const f = fQuantile(p, d1, d2);
    const back = p > 0.5 ? fSf(f, d1, d2) : fCdf(f, d1, d2);
    assert.ok(relErr(back, p > 0.5 ? 1 - p : p) <= 1e-13, `round trip at ${p}, ${d1}, ${d2}`);
  }
  assert.equal(fQuantile(0, 3, 5), 0);
  assert.equal(fQuantile(1, 3, 5), Infinity);
  assert.equal(fCdf(0, 3, 5), 0);
  assert.equal(fCdf(-1, 3, 5), 0);
  assert.equal(fSf(0, 3, 5), 1);
  assert.equal(fCdf(Infinity, 3, 5), 1);
  assert.equal(fSf(Infinity, 3, 5), 0);
  assert.ok(Number.isNaN(fCdf(NaN, 3, 5)));
});

test('chiSquareCdf / chiSquareSf match mpmath for k in 1…1000', () => {
  checkRows('chiSquareCdf', fixture.chiSquareCdf, 2, (x, k) => [chiSquareCdf(x!, k!), chiSquareSf(x!, k!)], tailTol);
});

test('chiSquareQuantile matches mpmath to 5e-14 relative (k from 1 to 10000)', () => {
  checkRows('chiSquareQuantile', fixture.chiSquareQuantile, 2, (p, k) => [chiSquareQuantile(p!, k!)], () => 5e-14);
});

test('chiSquareQuantile closed forms and limits', () => {
  // k = 2 is the exponential distribution with mean 2: x = −2 log(1 − p).
  for (const p of [1e-9, 0.05, 0.5, 0.99, 0.999999]) {
    assert.ok(relErr(chiSquareQuantile(p, 2), -2 * Math.log1p(-p)) <= 1e-14, `k = 2 at ${p}`);
  }
  // k = 1: x = z² with z the (1 + p)/2 normal quantile.
  assert.ok(relErr(chiSquareQuantile(0.95, 1), normalQuantile(0.975) ** 2) <= 1e-14);
  assert.equal(chiSquareQuantile(0, 4), 0);
  assert.equal(chiSquareQuantile(1, 4), Infinity);
  assert.equal(chiSquareCdf(0, 4), 0);
  assert.equal(chiSquareSf(-3, 4), 1);
  assert.equal(chiSquareCdf(Infinity, 4), 1);
  assert.ok(relErr(chiSquareSf(2, 2), Math.exp(-1)) <= 4.5e-16);
});

test('distribution functions reject bad parameters with a ValueError naming the function and field', () => {
  const cases: [() => unknown, RegExp][] = [
    [() => fQuantile(1.5, 3, 4), /fQuantile: p must be a probability in \[0, 1\], got 1\.5/],
    [() => fQuantile(NaN, 3, 4), /fQuantile: p .* got NaN/],
    [() => fQuantile(0.5, 0, 4), /fQuantile: d1 .* > 0, got 0/],
    [() => fCdf(1, 3, -2), /fCdf: d2 .* got -2/],
    [() => fSf(1, Infinity, 2), /fSf: d1 .* got Infinity/],
    [() => chiSquareQuantile(-0.1, 3), /chiSquareQuantile: p must be a probability/],
    [() => chiSquareQuantile(0.5, NaN), /chiSquareQuantile: k .* got NaN/],
    [() => chiSquareCdf(1, 0), /chiSquareCdf: k/],
    [() => chiSquareSf(1, -1), /chiSquareSf: k/],
  ];
  for (const [call, message] of cases) {
    assert.throws(call, (e: unknown) => e instanceof ValueError && message.test((e as Error).message));
  }
});
