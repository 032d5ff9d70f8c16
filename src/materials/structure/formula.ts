/**
 * Chemical formulas of element-count maps in Hill order (C, then H, then the rest alphabetically when the
 * formula has carbon; all alphabetically otherwise) — the order of CIF `_chemical_formula_sum`.
 */

/** The elements of a composition in Hill order. */
export function hillOrder(elements: Iterable<string>): string[] {
  const list = [...new Set(elements)].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
  if (!list.includes('C')) return list;
  const rest = list.filter((e) => e !== 'C' && e !== 'H');
  return list.includes('H') ? ['C', 'H', ...rest] : ['C', ...rest];
}

/** A count as a formula writes it: integers plainly, others with at most 6 significant digits. */
function formatAmount(amount: number): string {
  if (Math.abs(amount - Math.round(amount)) < 1e-8) return String(Math.round(amount));
  return String(Number(amount.toPrecision(6)));
}

/**
 * `'Cl4 Na4'`: element symbols in Hill order, each followed by its amount (always written, also when 1),
 * separated by spaces — the form of CIF `_chemical_formula_sum` and of pymatgen's `Composition.formula`
 * (which orders by electronegativity instead). Amounts ≤ 1e-8 are left out.
 */
export function formulaString(composition: ReadonlyMap<string, number>): string {
  return hillOrder(composition.keys())
    .filter((e) => composition.get(e)! > 1e-8)
    .map((e) => `${e}${formatAmount(composition.get(e)!)}`)
    .join(' ');
}

/**
 * The composition divided by the greatest common divisor of its amounts when they are all integers (within
 * 1e-8), else unchanged: `{Na: 4, Cl: 4} → {Na: 1, Cl: 1}`. Returns the factor too (`4` here).
 */
export function reduceComposition(composition: ReadonlyMap<string, number>): { composition: Map<string, number>; factor: number } {
  const amounts = [...composition.values()].filter((x) => x > 1e-8);
  const integral = amounts.length > 0 && amounts.every((x) => Math.abs(x - Math.round(x)) < 1e-8);
  let factor = 1;
  if (integral) {
    const gcd = (x: number, y: number): number => (y === 0 ? x : gcd(y, x % y));
    factor = amounts.map(Math.round).reduce(gcd);
  }
  const reduced = new Map<string, number>();
  for (const [e, x] of composition) if (x > 1e-8) reduced.set(e, integral ? Math.round(x) / factor : x);
  return { composition: reduced, factor };
}

/** `'ClNa'`, `'O2Ti'`: the reduced composition in Hill order, amounts of 1 left out, no spaces. */
export function reducedFormulaString(composition: ReadonlyMap<string, number>): string {
  const { composition: reduced } = reduceComposition(composition);
  return hillOrder(reduced.keys())
    .map((e) => {
      const text = formatAmount(reduced.get(e)!);
      return text === '1' ? e : `${e}${text}`;
    })
    .join('');
}
