/**
 * log|Γ(x)| and the digamma function ψ(x) = Γ'(x)/Γ(x) in double precision.
 */
import { fromWords } from './special-bits.js';

// lgamma: the Sun fdlibm algorithm (e_lgamma_r.c); hex words after each coefficient for checking transcription.
const PI = 3.14159265358979311600e0; // 0x400921FB 54442D18
const A0 = 7.72156649015328655494e-2; // 0x3FB3C467 E37DB0C8
const A1 = 3.22467033424113591611e-1; // 0x3FD4A34C C4A60FAD
const A2 = 6.73523010531292681824e-2; // 0x3FB13E00 1A5562A7
const A3 = 2.05808084325167332806e-2; // 0x3F951322 AC92547B
const A4 = 7.38555086081402883957e-3; // 0x3F7E404F B68FEFE8
const A5 = 2.89051383673415629091e-3; // 0x3F67ADD8 CCB7926B
const A6 = 1.19270763183362067845e-3; // 0x3F538A94 116F3F5D
const A7 = 5.10069792153511336608e-4; // 0x3F40B6C6 89B99C00
const A8 = 2.20862790713908385557e-4; // 0x3F2CF2EC ED10E54D
const A9 = 1.08011567247583939954e-4; // 0x3F1C5088 987DFB07
const A10 = 2.52144565451257326939e-5; // 0x3EFA7074 428CFA52
const A11 = 4.48640949618915160150e-5; // 0x3F07858E 90A45837
const TC = 1.46163214496836224576e0; // 0x3FF762D8 6356BE3F: the minimum of Γ on (0, ∞)
const TF = -1.21486290535849611461e-1; // 0xBFBF19B9 BCC38A42: lgamma(TC)
const TT = -3.63867699703950536541e-18; // 0xBC50C7CA A48A971F: −(tail of TF)
const T0 = 4.83836122723810047042e-1; // 0x3FDEF72B C8EE38A2
const T1 = -1.47587722994593911752e-1; // 0xBFC2E427 8DC6C509
const T2 = 6.46249402391333854778e-2; // 0x3FB08B42 94D5419B
const T3 = -3.27885410759859649565e-2; // 0xBFA0C9A8 DF35B713
const T4 = 1.79706750811820387126e-2; // 0x3F9266E7 970AF9EC
const T5 = -1.03142241298341437450e-2; // 0xBF851F9F BA91EC6A
const T6 = 6.10053870246291332635e-3; // 0x3F78FCE0 E370E344
const T7 = -3.68452016781138256760e-3; // 0xBF6E2EFF B3E914D7
const T8 = 2.25964780900612472250e-3; // 0x3F6282D3 2E15C915
const T9 = -1.40346469989232843813e-3; // 0xBF56FE8E BF2D1AF1
const T10 = 8.81081882437654011382e-4; // 0x3F4CDF0C EF61A8E9
const T11 = -5.38595305356740546715e-4; // 0xBF41A610 9C73E0EC
const T12 = 3.15632070903625950361e-4; // 0x3F34AF6D 6C0EBBF7
const T13 = -3.12754168375120860518e-4; // 0xBF347F24 ECC38C38
const T14 = 3.35529192635519073543e-4; // 0x3F35FD3E E8C2D3F4
const U0 = -7.72156649015328655494e-2; // 0xBFB3C467 E37DB0C8
const U1 = 6.32827064025093366517e-1; // 0x3FE4401E 8B005DFF
const U2 = 1.45492250137234768737e0; // 0x3FF7475C D119BD6F
const U3 = 9.77717527963372745603e-1; // 0x3FEF4976 44EA8450
const U4 = 2.28963728064692451092e-1; // 0x3FCD4EAE F6010924
const U5 = 1.33810918536787660377e-2; // 0x3F8B678B BF2BAB09
const V1 = 2.45597793713041134822e0; // 0x4003A5D7 C2BD619C
const V2 = 2.12848976379893395361e0; // 0x40010725 A42B18F5
const V3 = 7.69285150456672783825e-1; // 0x3FE89DFB E45050AF
const V4 = 1.04222645593369134254e-1; // 0x3FBAAE55 D6537C88
const V5 = 3.21709242282423911810e-3; // 0x3F6A5ABB 57D0CF61
const S0 = -7.72156649015328655494e-2; // 0xBFB3C467 E37DB0C8
const S1 = 2.14982415960608852501e-1; // 0x3FCB848B 36E20878
const S2 = 3.25778796408930981787e-1; // 0x3FD4D98F 4F139F59
const S3 = 1.46350472652464452805e-1; // 0x3FC2BB9C BEE5F2F7
const S4 = 2.66422703033638609560e-2; // 0x3F9B481C 7E939961
const S5 = 1.84028451407337715652e-3; // 0x3F5E26B6 7368F239
const S6 = 3.19475326584100867617e-5; // 0x3F00BFEC DD17E945
const R1 = 1.39200533467621045958e0; // 0x3FF645A7 62C4AB74
const R2 = 7.21935547567138069525e-1; // 0x3FE71A18 93D3DCDC
const R3 = 1.71933865632803078993e-1; // 0x3FC601ED CCFBDF27
const R4 = 1.86459191715652901344e-2; // 0x3F9317EA 742ED475
const R5 = 7.77942496381893596434e-4; // 0x3F497DDA CA41A95B
const R6 = 7.32668430744625636189e-6; // 0x3EDEBAF7 A5B38140
const W0 = 4.18938533204672725052e-1; // 0x3FDACFE3 90C97D69
const W1 = 8.33333333333329678849e-2; // 0x3FB55555 5555553B
const W2 = -2.77777777728775536470e-3; // 0xBF66C16C 16B02E5C
const W3 = 7.93650558643019558500e-4; // 0x3F4A019F 98CF38B6
const W4 = -5.95187557450339963135e-4; // 0xBF4380CB 8C0FE741
const W5 = 8.36339918996282139126e-4; // 0x3F4B67BA 4CDAD5D1
const W6 = -1.63092934096575273989e-3; // 0xBF5AB89D 0B9E43E4

// Interval boundaries, as fdlibm states them by high words.
const BELOW_0_9 = fromWords(0x3feccccd); // x < this ⟺ high word ≤ 0x3feccccc (x ≲ 0.9)
const X_0_73 = fromWords(0x3fe76944); // ≈ 0.7316
const X_0_23 = fromWords(0x3fcda661); // ≈ 0.2316
const X_1_73 = fromWords(0x3ffbb4c3); // ≈ 1.7316
const X_1_23 = fromWords(0x3ff3b4c4); // ≈ 1.2316

/** sin(πx) for x < 0, with the argument reduced exactly so that large |x| keep their accuracy. */
function sinPiNegative(x: number): number {
  const y0 = -x;
  if (y0 < 0.25) return Math.sin(PI * x);
  if (Math.floor(y0) === y0) return 0;
  const y = 2 * (0.5 * y0 - Math.floor(0.5 * y0)); // |x| mod 2, exact
  let s: number;
  switch (Math.trunc(4 * y)) {
    case 0: s = Math.sin(PI * y); break;
    case 1:
    case 2: s = Math.cos(PI * (0.5 - y)); break;
    case 3:
    case 4: s = Math.sin(PI * (1 - y)); break;
    case 5:
    case 6: s = -Math.cos(PI * (y - 1.5)); break;
    default: s = Math.sin(PI * (y - 2)); break;
  }
  return -s;
}

/** lgamma on x > 0 (finite, not tiny). */
function lgammaPositive(x: number): number {
  if (x === 1 || x === 2) return 0;
  if (x < 2) {
    let r: number;
    let y: number;
    let branch: number;
    if (x < BELOW_0_9) {
      r = -Math.log(x); // lgamma(x) = lgamma(x + 1) − log(x)
      if (x >= X_0_73) { y = 1 - x; branch = 0; }
      else if (x >= X_0_23) { y = x - (TC - 1); branch = 1; }
      else { y = x; branch = 2; }
    } else {
      r = 0;
      if (x >= X_1_73) { y = 2 - x; branch = 0; }
      else if (x >= X_1_23) { y = x - TC; branch = 1; }
      else { y = x - 1; branch = 2; }
    }
    if (branch === 0) {
      const z = y * y;
      const p1 = A0 + z * (A2 + z * (A4 + z * (A6 + z * (A8 + z * A10))));
      const p2 = z * (A1 + z * (A3 + z * (A5 + z * (A7 + z * (A9 + z * A11)))));
      return r + (y * p1 + p2 - 0.5 * y);
    }
    if (branch === 1) {
      // Around the minimum TC: lgamma = TF + z²·poly(z), evaluated in three interleaved parts.
      const z = y * y;
      const w = z * y;
      const p1 = T0 + w * (T3 + w * (T6 + w * (T9 + w * T12)));
      const p2 = T1 + w * (T4 + w * (T7 + w * (T10 + w * T13)));
      const p3 = T2 + w * (T5 + w * (T8 + w * (T11 + w * T14)));
      const p = z * p1 - (TT - w * (p2 + y * p3));
      return r + (TF + p);
    }
    const p1 = y * (U0 + y * (U1 + y * (U2 + y * (U3 + y * (U4 + y * U5)))));
    const p2 = 1 + y * (V1 + y * (V2 + y * (V3 + y * (V4 + y * V5))));
    return r + (-0.5 * y + p1 / p2);
  }
  if (x < 8) {
    const i = Math.trunc(x);
    const y = x - i;
    const p = y * (S0 + y * (S1 + y * (S2 + y * (S3 + y * (S4 + y * (S5 + y * S6))))));
    const q = 1 + y * (R1 + y * (R2 + y * (R3 + y * (R4 + y * (R5 + y * R6)))));
    let r = 0.5 * y + p / q; // lgamma(2 + y)
    let z = 1;
    for (let k = i - 1; k >= 2; k--) z *= y + k; // lgamma(i + y) = lgamma(2 + y) + log((2 + y)…(i − 1 + y))
    if (i > 2) r += Math.log(z);
    return r;
  }
  if (x < 2 ** 58) {
    const t = Math.log(x);
    const z = 1 / x;
    const y = z * z;
    const w = W0 + z * (W1 + y * (W2 + y * (W3 + y * (W4 + y * (W5 + y * W6)))));
    return (x - 0.5) * (t - 1) + w;
  }
  return x * (Math.log(x) - 1);
}

/**
 * The natural logarithm of the absolute value of the gamma function, log|Γ(x)|, in double precision
 * (fdlibm's algorithm: within a few ulp everywhere, including near its zeros x = 1 and x = 2 where a
 * Lanczos sum would lose relative accuracy). For x < 0 it uses the reflection Γ(x)Γ(1 − x) = π/sin(πx).
 * lgamma(0) = lgamma(−n) = +∞ for integers n ≥ 0, lgamma(±∞) = +∞, lgamma(NaN) = NaN.
 * PyTorch: `torch.lgamma` / `torch.special.gammaln`.
 *
 * @example
 * lgamma(0.5);   // 0.5723649429247001 (= log √π)
 * lgamma(10);    // ≈ 12.801827480081469 (= log 9!)
 * lgamma(-2.5);  // ≈ -0.056243716497674 (Γ(−2.5) = −8√π/15)
 */
export function lgamma(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (!Number.isFinite(x) || x === 0) return Infinity;
  const ax = Math.abs(x);
  if (ax < 2 ** -70) return -Math.log(ax); // Γ(x) ≈ 1/x
  if (x > 0) return lgammaPositive(x);
  if (ax >= 2 ** 52) return Infinity; // every such double is an integer: a pole
  const s = sinPiNegative(x);
  if (s === 0) return Infinity;
  // |Γ(x)| = π / (|x·sin(πx)| · Γ(−x)) for x < 0.
  return Math.log(PI / Math.abs(s * x)) - lgammaPositive(ax);
}

// ψ on [1, 2] as its Taylor series about the positive zero x₀ = 1.46163214496836234126…:
// ψ(x₀ + t) = Σ (−1)^(n+1) ζ(n + 1, x₀) tⁿ (Hurwitz zeta; coefficients computed with mpmath), convergent for
// |t| < x₀; on [1, 2], |t| ≤ 0.54 and 40 terms reach 2e-18. Near x₀ the result keeps its relative accuracy
// because t = (x − x₀,hi) − x₀,lo is formed exactly enough (x₀ split into two doubles).
const ROOT_HI = 1.4616321449683622;
const ROOT_LO = 9.549995429965697e-17;
const ROOT_SERIES = [
  0.9676722454476212, -0.4427631689835921, 0.258499760955651, -0.16394270544240652, 0.10782405069126237,
  -0.07219956125645471, 0.04880428816414311, -0.03316112647484736, 0.022597648232218104, -0.01542476590494896,
  0.010538791616612175, -0.007204534386356869, 0.004926781395729853, -0.003369801655439328, 0.002305126326734928,
  -0.0015769367714301972, 0.0010788252019162967, -0.0007380709389960052, 0.000504953265834602,
  -0.0003454680251063077, 0.00023635601564027053, -0.00016170622091974803, 0.0001106337276874741,
  -7.569179582195066e-5, 5.178575795222081e-5, -3.5430070947659604e-5, 2.424006611860132e-5,
  -1.6584242271854135e-5, 1.134638458466385e-5, -7.762817668462094e-6, 5.3110609208898636e-6,
  -3.6336507898010456e-6, 2.486022733129538e-6, -1.7008538854332607e-6, 1.1636675363548843e-6,
  -7.96142543124197e-7, 5.446941930669446e-7, -3.7266161283438227e-7, 2.549626552021554e-7,
  -1.7443695117727745e-7,
];

/** ψ(x) for 1 ≤ x ≤ 2. */
function digammaOneToTwo(x: number): number {
  const t = x - ROOT_HI - ROOT_LO;
  let s = 0;
  for (let n = ROOT_SERIES.length - 1; n >= 0; n--) s = s * t + ROOT_SERIES[n]!;
  return s * t;
}

/** ψ(x) for x > 0. */
function digammaPositive(x: number): number {
  if (x < 1) return digammaPositive(x + 1) - 1 / x; // ψ(x) = ψ(x + 1) − 1/x
  if (x < 10) {
    let shift = 0; // ψ(x) = ψ(x − 1) + 1/(x − 1) down to [1, 2]; x − 1 is exact
    while (x > 2) {
      x -= 1;
      shift += 1 / x;
    }
    return shift + digammaOneToTwo(x);
  }
  // ψ(x) ~ log x − 1/(2x) − Σ B₂ₖ / (2k·x^(2k)); eight terms reach 5e-17 at x = 10.
  const z = 1 / (x * x);
  const series =
    z * (1 / 12 - z * (1 / 120 - z * (1 / 252 - z * (1 / 240 - z * (1 / 132 - z * (691 / 32760 - z * (1 / 12 - z * (3617 / 8160))))))));
  return Math.log(x) - 0.5 / x - series;
}

/**
 * The digamma function ψ(x) = d/dx log Γ(x), in double precision: relative error of a few ulp on x > 0,
 * including around its zero at x ≈ 1.4616 (a Taylor series in x − x₀ on [1, 2], recurrence to reach it,
 * the asymptotic series for x ≥ 10); for x < 0 the reflection
 * ψ(x) = ψ(1 − x) − π / tan(πx) (absolute accuracy; relative accuracy is lost near the negative zeros).
 * ψ(+0) = −∞, ψ(−0) = +∞, ψ(−n) = NaN for integers n ≥ 1, ψ(+∞) = +∞, ψ(−∞) = NaN.
 * PyTorch: `torch.digamma` / `torch.special.psi` (same conventions at 0 and the negative integers).
 *
 * @example
 * digamma(1);    // -0.5772156649015329 (−γ, Euler's constant)
 * digamma(0.5);  // -1.9635100260214235 (−γ − 2 log 2)
 */
export function digamma(x: number): number {
  if (Number.isNaN(x) || x === -Infinity) return NaN;
  if (x === Infinity) return Infinity;
  if (x === 0) return Object.is(x, -0) ? Infinity : -Infinity;
  if (x > 0) return digammaPositive(x);
  if (Number.isInteger(x)) return NaN;
  const r = x - Math.round(x); // exact; tan(πx) = tan(πr)
  return digammaPositive(1 - x) - PI / Math.tan(PI * r);
}
