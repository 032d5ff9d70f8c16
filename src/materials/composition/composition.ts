import { ValueError } from '../../core/errors.js';
import { ELEMENT_SYMBOLS, toAtomicNumber } from '../elements/periodic-table.js';
import { readFormula } from './parse-formula.js';

/** Amounts within this of an integer count as that integer (pymatgen's `Composition.amount_tolerance`). */
const INTEGER_TOLERANCE = 1e-8;

/** An amount as written in a formula: nothing for 1, an integer, or a decimal of up to 10 significant digits. */
export function formatAmount(amount: number): string {
  const rounded = Math.round(amount);
  if (Math.abs(amount - rounded) < INTEGER_TOLERANCE) return rounded === 1 ? '' : String(rounded);
  return String(Number(amount.toPrecision(10)));
}

const gcd = (a: number, b: number): number => {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
};

/**
 * The elements and amounts of a chemical formula (pymatgen's `Composition`): an immutable map from element
 * to a positive amount, in order of first appearance. Build one with `parseFormula('Fe2O3')`
 * (`Composition.parse`) or `Composition.fromAmounts({ Fe: 2, O: 3 })`.
 *
 * @example
 * const c = parseFormula('CuSO4·5H2O');
 * c.amount('O');            // 9
 * c.formula;                // 'CuSO9H10'
 * c.fractional().amount('H'); // 10 / 21
 * c.chemicalSystem;         // 'Cu-H-O-S'
 */
export class Composition {
  /** Element symbols in order of first appearance. */
  readonly symbols: readonly string[];
  /** Atomic numbers, parallel to `symbols`. */
  readonly atomicNumbers: readonly number[];
  /** Amounts (> 0), parallel to `symbols`. */
  readonly amounts: readonly number[];

  private constructor(atomicNumbers: readonly number[], amounts: readonly number[]) {
    this.atomicNumbers = Object.freeze(atomicNumbers.slice());
    this.amounts = Object.freeze(amounts.slice());
    this.symbols = Object.freeze(atomicNumbers.map((z) => ELEMENT_SYMBOLS[z - 1]!));
  }

  /** Parses a formula; see `parseFormula`. */
  static parse(formula: string): Composition {
    const { atomicNumbers, amounts } = readFormula(formula);
    return new Composition(atomicNumbers, amounts);
  }

  /**
   * A composition from amounts by element symbol (or atomic number): an object `{ Fe: 2, O: 3 }`, a `Map`, or
   * `[element, amount]` pairs (repeated elements are summed).
   * @throws ValueError for an unknown element, an amount that is not a positive finite number, or no elements.
   */
  static fromAmounts(amounts: Readonly<Record<string, number>> | ReadonlyMap<string | number, number> | Iterable<readonly [string | number, number]>): Composition {
    const pairs: Iterable<readonly [string | number, number]> =
      amounts instanceof Map || Symbol.iterator in amounts
        ? (amounts as Iterable<readonly [string | number, number]>)
        : Object.entries(amounts as Readonly<Record<string, number>>);
    const order: number[] = [];
    const totals = new Map<number, number>();
    for (const [element, amount] of pairs) {
      const z = toAtomicNumber(element);
      if (typeof amount !== 'number' || !(amount > 0) || !Number.isFinite(amount)) {
        throw new ValueError(`Composition.fromAmounts: the amount of ${String(element)} must be a positive finite number, got ${String(amount)}`);
      }
      const before = totals.get(z);
      if (before === undefined) order.push(z);
      totals.set(z, (before ?? 0) + amount);
    }
    if (order.length === 0) throw new ValueError('Composition.fromAmounts: a composition needs at least one element');
    return new Composition(order, order.map((z) => totals.get(z)!));
  }

  /** Number of distinct elements. */
  get size(): number {
    return this.symbols.length;
  }

  /** Total amount: the number of atoms in the formula unit as written (`Fe2O3`: 5). */
  get numAtoms(): number {
    let sum = 0;
    for (const a of this.amounts) sum += a;
    return sum;
  }

  /** The amount of an element (0 when absent). */
  amount(element: string | number): number {
    const i = this.atomicNumbers.indexOf(toAtomicNumber(element));
    return i < 0 ? 0 : this.amounts[i]!;
  }

  /** Whether the composition contains an element. */
  has(element: string | number): boolean {
    return this.atomicNumbers.includes(toAtomicNumber(element));
  }

  /** `[symbol, amount]` pairs in order of first appearance. */
  entries(): [string, number][] {
    return this.symbols.map((s, i) => [s, this.amounts[i]!]);
  }

  /** The amounts as a plain object `{ Fe: 2, O: 3 }`. */
  toJSON(): Record<string, number> {
    return Object.fromEntries(this.entries());
  }

  /**
   * The composition divided by its reduction factor (pymatgen's `reduced_composition`): when every amount is
   * an integer (within 1e-8), they are divided by their greatest common divisor (`Fe4O6` → `Fe2O3`);
   * otherwise the amounts are kept (`Fe0.62Ni0.38` stays).
   */
  reduced(): Composition {
    return this.divided(this.reductionFactor());
  }

  /** The factor `reduced()` divides by: the GCD of the amounts when all are integers, else 1. */
  reductionFactor(): number {
    let divisor = 0;
    for (const a of this.amounts) {
      const r = Math.round(a);
      if (Math.abs(a - r) >= INTEGER_TOLERANCE || r === 0) return 1;
      divisor = gcd(r, divisor);
    }
    return divisor;
  }

  /** Amounts divided by their sum, so they add to 1 (pymatgen's `fractional_composition`). */
  fractional(): Composition {
    return this.divided(this.numAtoms);
  }

  /** Every amount divided by `divisor` (division rather than multiplication by 1/divisor, as pymatgen). */
  private divided(divisor: number): Composition {
    if (divisor === 1) return this;
    return new Composition(this.atomicNumbers, this.amounts.map((a) => a / divisor));
  }

  /** Every amount multiplied by `factor` (> 0). */
  scaled(factor: number): Composition {
    if (!(factor > 0) || !Number.isFinite(factor)) throw new ValueError(`Composition.scaled: factor must be a positive finite number, got ${factor}`);
    if (factor === 1) return this;
    return new Composition(this.atomicNumbers, this.amounts.map((a) => a * factor));
  }

  /** The formula with elements in order of first appearance and amounts of 1 left out (`CuSO9H10`). */
  get formula(): string {
    let out = '';
    for (let i = 0; i < this.symbols.length; i++) out += this.symbols[i]! + formatAmount(this.amounts[i]!);
    return out;
  }

  /**
   * The formula in Hill order (carbon, then hydrogen, then the rest alphabetically; with no carbon, all
   * alphabetically): `H10CuO9S` for `CuSO4·5H2O`. Two compositions with the same amounts have the same Hill
   * formula whatever order they were written in.
   */
  get hillFormula(): string {
    const order = this.symbols.map((_, i) => i);
    const hasCarbon = this.symbols.includes('C');
    const rank = (s: string): string => (hasCarbon && s === 'C' ? '0' : hasCarbon && s === 'H' ? '1' : `2${s}`);
    order.sort((a, b) => (rank(this.symbols[a]!) < rank(this.symbols[b]!) ? -1 : 1));
    return order.map((i) => this.symbols[i]! + formatAmount(this.amounts[i]!)).join('');
  }

  /** The Hill formula of `reduced()`: `Fe2O3` for `Fe4O6` and `O6Fe4`. */
  get reducedFormula(): string {
    return this.reduced().hillFormula;
  }

  /** The elements sorted alphabetically and joined by '-' (pymatgen's `chemical_system`): `Fe-Ni` for `Ni3Fe`. */
  get chemicalSystem(): string {
    return [...this.symbols].sort().join('-');
  }

  /** The formula (`formula`). */
  toString(): string {
    return this.formula;
  }
}

/**
 * Parses a chemical formula into a `Composition`.
 *
 * Grammar: element symbols (`Fe`, case-sensitive, Z 1–118) each followed by an optional amount; amounts are
 * integers or decimals (`2`, `0.62`, `.5`; a `.` is always a decimal point); groups in parentheses or
 * brackets with an optional multiplier, nested to any depth (`Ca(OH)2`, `K4[Fe(CN)6]`); hydrate or adduct
 * parts after `·` or `*` (also `•`, `∙`, `⋅`) with an optional leading multiplier (`CuSO4·5H2O`,
 * `CuSO4*5H2O`); spaces and tabs between any two terms. Repeated elements are summed.
 *
 * @throws FormulaError (a ValueError) for an empty formula, an unknown symbol, a lowercase start, unbalanced
 *   or mismatched brackets, empty brackets, a zero or negative amount, a malformed number, or any other
 *   character; the message gives the column, what was expected there, and a caret line.
 * @example
 * parseFormula('Fe0.62Ni0.19Cr0.19').chemicalSystem; // 'Cr-Fe-Ni'
 * parseFormula('K4[Fe(CN)6]').amount('C');           // 6
 */
export function parseFormula(formula: string): Composition {
  if (typeof formula !== 'string') throw new ValueError(`parseFormula: expected a formula string, got ${typeof formula}`);
  return Composition.parse(formula);
}
