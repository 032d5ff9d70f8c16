/** Number formatting for plot labels and annotations, with typographic minus signs and superscripts. */

const SUPERSCRIPT: Readonly<Record<string, string>> = {
  '0': '⁰', '1': '¹', '2': '²', '3': '³', '4': '⁴', '5': '⁵', '6': '⁶', '7': '⁷', '8': '⁸', '9': '⁹', '-': '⁻',
};

/** Replaces ASCII hyphen-minus signs with U+2212 (−), as typeset numbers use. */
export function typographicMinus(text: string): string {
  return text.replace(/-/g, '\u2212');
}

/**
 * `10` raised to an integer power, written with superscript digits.
 * @example powerOfTen(-5) // '10⁻⁵'
 */
export function powerOfTen(exponent: number): string {
  return `10${String(exponent).replace(/./g, (c) => SUPERSCRIPT[c] ?? c)}`;
}

/**
 * A value with `digits` significant digits for annotations: plain decimals for magnitudes from 1e-3 to
 * below 1e5, otherwise `m×10ⁿ`; `NaN` gives 'n/a'.
 * @example formatValue(0.012345) // '0.0123'; formatValue(-2.5e-7) // '−2.5×10⁻⁷'
 */
export function formatValue(value: number, digits = 3): string {
  if (Number.isNaN(value)) return 'n/a';
  if (!Number.isFinite(value)) return value > 0 ? '∞' : '−∞';
  if (value === 0) return '0';
  const magnitude = Math.abs(value);
  if (magnitude >= 1e-3 && magnitude < 1e5) return typographicMinus(String(Number(value.toPrecision(digits))));
  const [mantissa, exponent] = value.toExponential(digits - 1).split('e') as [string, string];
  const m = String(Number(mantissa));
  const power = powerOfTen(Number(exponent));
  return typographicMinus(m === '1' ? power : m === '-1' ? `-${power}` : `${m}×${power}`);
}
