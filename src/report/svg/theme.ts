/**
 * The look shared by every plot: a colour-blind-safe palette (Okabe & Ito, 2008), fonts and greys.
 * Series take palette colours in order, so "train" and "validation" look the same in every report.
 */

/** Series colours in order of use: blue, vermillion, bluish green, reddish purple, orange, sky blue, grey. */
export const PALETTE: readonly string[] = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#555555'];

/** Fonts, sizes (px) and neutral colours of the plots. */
export const THEME = {
  fontFamily: "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, 'DejaVu Sans', sans-serif",
  titleSize: 16,
  labelSize: 13,
  tickSize: 12,
  noteSize: 11.5,
  text: '#222222',
  mutedText: '#555555',
  axis: '#444444',
  grid: '#e5e5e5',
  background: '#ffffff',
  reference: '#444444',
  note: '#8a4000',
} as const;

/**
 * The palette colour of series `index` (cycling past the end).
 * @example seriesColor(1) // '#D55E00'
 */
export function seriesColor(index: number): string {
  return PALETTE[((index % PALETTE.length) + PALETTE.length) % PALETTE.length]!;
}

/**
 * Approximate rendered width in px of `text` in the plots' sans-serif font at `fontSize`, for layout
 * (margins and legend spacing); per-character widths typical of Helvetica/DejaVu-like fonts.
 * @example approxTextWidth('0.25', 12) // about 24
 */
export function approxTextWidth(text: string, fontSize: number): number {
  let em = 0;
  for (const ch of text) {
    if (/[0-9]/.test(ch)) em += 0.56;
    else if (/[.,:;'|!il ]/.test(ch)) em += 0.28;
    else if (/[A-Z]/.test(ch) || /[mwMW]/.test(ch)) em += 0.72;
    else if (/[a-z]/.test(ch)) em += 0.53;
    else em += 0.62;
  }
  return em * fontSize;
}
