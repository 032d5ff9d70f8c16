/**
 * Element symbols for crystal structures: the periodic table's lookups (from `../elements/periodic-table.ts`,
 * re-exported here for the structure readers) and the parsing of element symbols out of the labels
 * crystallographic files use (`Fe1`, `O2-`, `Na1+`, `ba`).
 */

import { ELEMENT_SYMBOLS, atomicNumber, isElementSymbol } from '../elements/periodic-table.js';

export { ELEMENT_SYMBOLS, atomicNumber, isElementSymbol };

/** The symbol of atomic number `z` (1 … 118), or `undefined` outside that range. */
export function elementSymbol(z: number): string | undefined {
  return Number.isInteger(z) ? ELEMENT_SYMBOLS[z - 1] : undefined;
}

/**
 * The element a crystallographic label or type symbol names: leading letters only, first letter of any case
 * then optionally a second; a two-letter symbol is preferred when it exists (`'Fe1' → 'Fe'`, `'O2-' → 'O'`,
 * `'Na1+' → 'Na'`, `'ba' → 'Ba'`, `'CL1' → 'Cl'`, `'OW3' → 'O'` since "Ow" is no element, `'D1' → 'H'`
 * (deuterium)). Returns `undefined` when no element fits.
 */
export function elementFromLabel(label: string): string | undefined {
  const match = /^[A-Za-z]{1,2}/.exec(label.trim());
  if (match === null) return undefined;
  const letters = match[0];
  const first = letters[0]!.toUpperCase();
  if (letters.length === 2) {
    const two = first + letters[1]!.toLowerCase();
    if (isElementSymbol(two)) return two;
  }
  if (first === 'D' || first === 'T') return 'H';
  return isElementSymbol(first) ? first : undefined;
}
