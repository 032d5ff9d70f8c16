import type { Composition } from '../composition/composition.js';

/**
 * `'Cl4 Na4'`: the composition in Hill order (C, then H, then the rest alphabetically when there is carbon;
 * all alphabetically otherwise), each element followed by its amount — always written, also when 1 — and
 * separated by spaces: the form of CIF `_chemical_formula_sum` and, up to element order, of pymatgen's
 * `Composition.formula`. Non-integer amounts keep up to 6 significant digits.
 */
export function formulaSum(composition: Composition): string {
  const hasCarbon = composition.symbols.includes('C');
  const rank = (s: string): string => (hasCarbon && s === 'C' ? '0' : hasCarbon && s === 'H' ? '1' : `2${s}`);
  return composition
    .entries()
    .sort(([a], [b]) => (rank(a) < rank(b) ? -1 : 1))
    .map(([symbol, amount]) => {
      const integral = Math.abs(amount - Math.round(amount)) < 1e-8;
      return `${symbol}${integral ? Math.round(amount) : Number(amount.toPrecision(6))}`;
    })
    .join(' ');
}
