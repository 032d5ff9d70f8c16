/**
 * The error function and its complement in double precision, after the Sun fdlibm algorithm (s_erf.c):
 * piecewise rational approximations on |x| < 0.84375, < 1.25, < 1/0.35 and < 6 (erf) / < 28 (erfc),
 * with the tails written as exp(−x² − 0.5625 + R(1/x²)/S(1/x²)) / x. Accuracy is below one ulp for
 * erf and about one ulp for erfc, relative, over the whole double range.
 */
import { truncateLowWord } from './special-bits.js';

// The coefficients are fdlibm's; the hex words after each are its bit pattern, for checking transcription.
const ERX = 8.45062911510467529297e-1; // 0x3FEB0AC1 60000000: erf(1) rounded to 24 bits
const EFX = 1.28379167095512586316e-1; // 0x3FC06EBA 8214DB69: 2/√π − 1

// erf(x) = x + x·P(x²)/Q(x²) on |x| < 0.84375.
const PP0 = 1.28379167095512558561e-1; // 0x3FC06EBA 8214DB68
const PP1 = -3.25042107247001499370e-1; // 0xBFD4CD7D 691CB913
const PP2 = -2.84817495755985104766e-2; // 0xBF9D2A51 DBD7194F
const PP3 = -5.77027029648944159157e-3; // 0xBF77A291 236668E4
const PP4 = -2.37630166566501626084e-5; // 0xBEF8EAD6 120016AC
const QQ1 = 3.97917223959155352819e-1; // 0x3FD97779 CDDADC09
const QQ2 = 6.50222499887672944485e-2; // 0x3FB0A54C 5536CEBA
const QQ3 = 5.08130628187576562776e-3; // 0x3F74D022 C4D36B0F
const QQ4 = 1.32494738004321644526e-4; // 0x3F215DC9 221C1A10
const QQ5 = -3.96022827877536812320e-6; // 0xBED09C43 42A26120

// erf(1 + s) = ERX + P(s)/Q(s) on 0.84375 ≤ |x| < 1.25.
const PA0 = -2.36211856075265944077e-3; // 0xBF6359B8 BEF77538
const PA1 = 4.14856118683748331666e-1; // 0x3FDA8D00 AD92B34D
const PA2 = -3.72207876035701323847e-1; // 0xBFD7D240 FBB8C3F1
const PA3 = 3.18346619901161753674e-1; // 0x3FD45FCA 805120E4
const PA4 = -1.10894694282396677476e-1; // 0xBFBC6398 3D3E28EC
const PA5 = 3.54783043256182359371e-2; // 0x3FA22A36 599795EB
const PA6 = -2.16637559486879084300e-3; // 0xBF61BF38 0A96073F
const QA1 = 1.06420880400844228286e-1; // 0x3FBB3E66 18EEE323
const QA2 = 5.40397917702171048937e-1; // 0x3FE14AF0 92EB6F33
const QA3 = 7.18286544141962662868e-2; // 0x3FB2635C D99FE9A7
const QA4 = 1.26171219808761642112e-1; // 0x3FC02660 E763351F
const QA5 = 1.36370839120290507362e-2; // 0x3F8BEDC2 6B51DD1C
const QA6 = 1.19844998467991074170e-2; // 0x3F888B54 5735151D

// erfc(x) = exp(−x² − 0.5625 + R(1/x²)/S(1/x²)) / x on 1.25 ≤ |x| < 1/0.35.
const RA0 = -9.86494403484714822705e-3; // 0xBF843412 600D6435
const RA1 = -6.93858572707181764372e-1; // 0xBFE63416 E4BA7360
const RA2 = -1.05586262253232909814e1; // 0xC0251E04 41B0E726
const RA3 = -6.23753324503260060396e1; // 0xC04F300A E4CBA38D
const RA4 = -1.62396669462573470355e2; // 0xC0644CB1 84282266
const RA5 = -1.84605092906711035994e2; // 0xC067135C EBCCABB2
const RA6 = -8.12874355063065934246e1; // 0xC0545265 57E4D2F2
const RA7 = -9.81432934416914548592e0; // 0xC023A0EF C69AC25C
const SA1 = 1.96512716674392571292e1; // 0x4033A6B9 BD707687
const SA2 = 1.37657754143519042600e2; // 0x4061350C 526AE721
const SA3 = 4.34565877475229228821e2; // 0x407B290D D58A1A71
const SA4 = 6.45387271733267880336e2; // 0x40842B19 21EC2868
const SA5 = 4.29008140027567833386e2; // 0x407AD021 57700314
const SA6 = 1.08635005541779435134e2; // 0x405B28A3 EE48AE2C
const SA7 = 6.57024977031928170135e0; // 0x401A47EF 8E484A93
const SA8 = -6.04244152148580987438e-2; // 0xBFAEEFF2 EE749A62

// The same form on 1/0.35 ≤ |x| < 28.
const RB0 = -9.86494292470009928597e-3; // 0xBF843412 39E86F4A
const RB1 = -7.99283237680523006574e-1; // 0xBFE993BA 70C285DE
const RB2 = -1.77579549177547519889e1; // 0xC031C209 555F995A
const RB3 = -1.60636384855821916062e2; // 0xC064145D 43C5ED98
const RB4 = -6.37566443368389627722e2; // 0xC083EC88 1375F228
const RB5 = -1.02509513161107724954e3; // 0xC0900461 6A2E5992
const RB6 = -4.83519191608651397019e2; // 0xC07E384E 9BDC383F
const SB1 = 3.03380607434824582924e1; // 0x403E568B 261D5190
const SB2 = 3.25792512996573918826e2; // 0x40745CAE 221B9F0A
const SB3 = 1.53672958608443695994e3; // 0x409802EB 189D5118
const SB4 = 3.19985821950859553908e3; // 0x40A8FFB7 688C246A
const SB5 = 2.55305040643316442583e3; // 0x40A3F219 CEDF3BE6
const SB6 = 4.74528541206955367215e2; // 0x407DA874 E79FE763
const SB7 = -2.24409524465858183362e1; // 0xC03670E2 42712D62

const TINY_ERF = 2 ** -28; // below this, erf(x) = x + EFX·x to within rounding
const TINY_ERFC = 2 ** -56; // below this, erfc(x) = 1 − x to within rounding
const SMALL = 0.84375;
const MEDIUM = 1.25;
const LARGE = 1 / 0.35;

/** P(x²)/Q(x²), with erf(x) = x + x·P/Q on |x| < 0.84375. */
function smallRatio(x: number): number {
  const z = x * x;
  const r = PP0 + z * (PP1 + z * (PP2 + z * (PP3 + z * PP4)));
  const s = 1 + z * (QQ1 + z * (QQ2 + z * (QQ3 + z * (QQ4 + z * QQ5))));
  return r / s;
}

/** erf(1 + s) − ERX for s = |x| − 1 on 0.84375 ≤ |x| < 1.25. */
function mediumCorrection(s: number): number {
  const p = PA0 + s * (PA1 + s * (PA2 + s * (PA3 + s * (PA4 + s * (PA5 + s * PA6)))));
  const q = 1 + s * (QA1 + s * (QA2 + s * (QA3 + s * (QA4 + s * (QA5 + s * QA6)))));
  return p / q;
}

/**
 * erfc(z) for 1.25 ≤ z < 28, given −z² as the sum `negSquareHi + negSquareLo` where `negSquareHi` is exact
 * (so no relative error from squaring z enters the exponential). Internal: normalCdf passes the split of
 * −x²/2 made from x itself, avoiding the rounding of x/√2.
 */
export function erfcTail(z: number, negSquareHi: number, negSquareLo: number): number {
  const s = 1 / (z * z);
  let r: number;
  let q: number;
  if (z < LARGE) {
    r = RA0 + s * (RA1 + s * (RA2 + s * (RA3 + s * (RA4 + s * (RA5 + s * (RA6 + s * RA7))))));
    q = 1 + s * (SA1 + s * (SA2 + s * (SA3 + s * (SA4 + s * (SA5 + s * (SA6 + s * (SA7 + s * SA8)))))));
  } else {
    r = RB0 + s * (RB1 + s * (RB2 + s * (RB3 + s * (RB4 + s * (RB5 + s * RB6)))));
    q = 1 + s * (SB1 + s * (SB2 + s * (SB3 + s * (SB4 + s * (SB5 + s * (SB6 + s * SB7))))));
  }
  return (Math.exp(negSquareHi - 0.5625) * Math.exp(negSquareLo + r / q)) / z;
}

/** erfc(z) for 1.25 ≤ z < 28, splitting −z² = −t² + (t − z)(t + z) with t = z truncated to 21 bits. */
function erfcPositiveTail(z: number): number {
  const t = truncateLowWord(z);
  return erfcTail(z, -t * t, (t - z) * (t + z));
}

/**
 * The error function, erf(x) = (2/√π) ∫₀ˣ exp(−t²) dt, in double precision (below 1 ulp; fdlibm's
 * algorithm). Odd: erf(−x) = −erf(x), and erf(−0) = −0. erf(±∞) = ±1, erf(NaN) = NaN.
 * PyTorch: `torch.erf` / `torch.special.erf`.
 *
 * @example
 * erf(0.5);      // 0.5204998778130465
 * erf(-1);       // -0.8427007929497149
 * 0.5 * x * (1 + erf(x / Math.SQRT2)); // exact GELU
 */
export function erf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  const ax = Math.abs(x);
  if (ax < SMALL) {
    if (ax < TINY_ERF) return x + EFX * x;
    return x + x * smallRatio(x);
  }
  if (ax < MEDIUM) {
    const c = mediumCorrection(ax - 1);
    return x >= 0 ? ERX + c : -ERX - c;
  }
  if (ax >= 6) return x > 0 ? 1 : -1; // 1 − erfc(6) rounds to 1 (erfc(6) ≈ 2.2e-17)
  const r = erfcPositiveTail(ax);
  return x >= 0 ? 1 - r : r - 1;
}

/**
 * The complementary error function, erfc(x) = 1 − erf(x) = (2/√π) ∫ₓ^∞ exp(−t²) dt, computed without
 * cancellation: relative accuracy of about one ulp down to the underflow of erfc (results are subnormal
 * from x ≈ 26.55 and 0 from x ≈ 27.23). erfc(−x) = 2 − erfc(x); erfc(+∞) = 0, erfc(−∞) = 2, erfc(NaN) = NaN.
 * PyTorch: `torch.erfc` / `torch.special.erfc`.
 *
 * @example
 * erfc(0.5);   // 0.4795001221869535
 * erfc(10);    // 2.088487583762545e-45 (1 − erf(10) would give 0)
 */
export function erfc(x: number): number {
  if (Number.isNaN(x)) return NaN;
  const ax = Math.abs(x);
  if (ax < SMALL) {
    if (ax < TINY_ERFC) return 1 - x;
    const y = smallRatio(x);
    if (x < 0.25) return 1 - (x + x * y);
    return 0.5 - (x * y + (x - 0.5)); // 1 − erf(x) with the large cancellation done exactly
  }
  if (ax < MEDIUM) {
    const c = mediumCorrection(ax - 1);
    return x >= 0 ? 1 - ERX - c : 1 + (ERX + c);
  }
  if (ax < 28) {
    if (x < -6) return 2; // 2 − erfc(6) rounds to 2
    const r = erfcPositiveTail(ax);
    return x > 0 ? r : 2 - r;
  }
  return x > 0 ? 0 : 2;
}
