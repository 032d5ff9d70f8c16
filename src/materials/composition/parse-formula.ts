import { atomicNumber } from '../elements/periodic-table.js';
import { FormulaError } from './formula-error.js';

/** Element amounts read from a formula, merged per element, in order of first appearance. */
export interface FormulaAmounts {
  readonly atomicNumbers: number[];
  readonly amounts: number[];
}

const ELEMENT_EXPECTED = "an element symbol such as Fe or O, or '(' or '['";
const HYDRATE_DOTS = new Set(['·', '*', '•', '∙', '⋅']);
const CLOSER: Readonly<Record<string, string>> = { '(': ')', '[': ']' };

const isDigit = (c: number): boolean => c >= 48 && c <= 57;
const isUpper = (c: number): boolean => c >= 65 && c <= 90;
const isLower = (c: number): boolean => c >= 97 && c <= 122;
const isSpace = (c: number): boolean => c === 32 || c === 9;

/** A recursive-descent reader over one formula; positions are 0-based, columns in errors 1-based. */
class FormulaReader {
  pos = 0;
  /** Amount per atomic number for the formula, in first-appearance order. */
  private readonly order: number[] = [];
  private readonly totals = new Map<number, number>();

  constructor(private readonly text: string) {}

  fail(pos: number, problem: string, expected: string): never {
    throw new FormulaError(this.text, pos + 1, problem, expected);
  }

  private describe(pos: number): string {
    return pos >= this.text.length ? 'the end of the formula' : JSON.stringify(this.text[pos]);
  }

  private skipSpace(): void {
    while (this.pos < this.text.length && isSpace(this.text.charCodeAt(this.pos))) this.pos++;
  }

  read(): FormulaAmounts {
    this.skipSpace();
    if (this.pos >= this.text.length) this.fail(this.pos, 'empty formula', ELEMENT_EXPECTED);
    this.readPart(1);
    for (;;) {
      this.skipSpace();
      if (this.pos >= this.text.length) break;
      const ch = this.text[this.pos]!;
      if (ch === ')' || ch === ']') this.fail(this.pos, `unmatched ${JSON.stringify(ch)} with no opening bracket before it`, `an element symbol, an amount or the end of the formula`);
      if (!HYDRATE_DOTS.has(ch)) this.fail(this.pos, `unexpected ${this.describe(this.pos)}`, 'an element symbol, an amount, a hydrate dot (· or *) or the end of the formula');
      this.pos++;
      this.skipSpace();
      let factor = 1;
      if (this.pos < this.text.length && (isDigit(this.text.charCodeAt(this.pos)) || this.text[this.pos] === '.')) {
        factor = this.readAmount();
        this.skipSpace();
      }
      if (this.pos >= this.text.length) this.fail(this.pos, `nothing after the hydrate dot ${JSON.stringify(ch)}`, `a formula unit such as H2O`);
      this.readPart(factor);
    }
    return { atomicNumbers: this.order, amounts: this.order.map((z) => this.totals.get(z)!) };
  }

  /** Reads element/group terms until the end, a hydrate dot or a closing bracket; adds them times `factor`. */
  private readPart(factor: number): void {
    const { atomicNumbers, amounts } = this.readSequence(undefined);
    for (let i = 0; i < atomicNumbers.length; i++) this.add(atomicNumbers[i]!, amounts[i]! * factor);
  }

  private add(z: number, amount: number): void {
    const before = this.totals.get(z);
    if (before === undefined) {
      this.order.push(z);
      this.totals.set(z, amount);
    } else this.totals.set(z, before + amount);
  }

  /**
   * Reads terms (`Fe2`, `(OH)2`, `[Fe(CN)6]`) up to the end, a hydrate dot or a closer. `opener` is the
   * position of the open bracket of this group, if any.
   */
  private readSequence(opener: number | undefined): { atomicNumbers: number[]; amounts: number[] } {
    const atomicNumbers: number[] = [];
    const amounts: number[] = [];
    const text = this.text;
    for (;;) {
      this.skipSpace();
      const start = this.pos;
      if (start >= text.length) break;
      const ch = text[start]!;
      const c = text.charCodeAt(start);
      if (ch === ')' || ch === ']' || HYDRATE_DOTS.has(ch)) break;
      if (ch === '(' || ch === '[') {
        this.pos++;
        const inner = this.readSequence(start);
        const close = this.pos;
        if (close >= text.length) {
          this.fail(close, `the formula ends before the ${JSON.stringify(ch)} opened at column ${start + 1} is closed`, `${JSON.stringify(CLOSER[ch])} to close it`);
        }
        if (text[close] !== CLOSER[ch]) {
          this.fail(close, `${JSON.stringify(text[close])} cannot close the ${JSON.stringify(ch)} opened at column ${start + 1}`, `${JSON.stringify(CLOSER[ch])} to close it`);
        }
        if (inner.atomicNumbers.length === 0) this.fail(close, `empty brackets ${ch}${CLOSER[ch]}`, 'an element symbol inside the brackets');
        this.pos++;
        const amount = this.readOptionalAmount();
        for (let i = 0; i < inner.atomicNumbers.length; i++) {
          atomicNumbers.push(inner.atomicNumbers[i]!);
          amounts.push(inner.amounts[i]! * amount);
        }
        continue;
      }
      if (isUpper(c)) {
        let end = start + 1;
        while (end < text.length && isLower(text.charCodeAt(end))) end++;
        const symbol = text.slice(start, end);
        const z = atomicNumber(symbol);
        if (z === undefined) this.fail(start, `unknown element symbol ${JSON.stringify(symbol)}`, 'an element symbol such as Fe or O');
        this.pos = end;
        atomicNumbers.push(z);
        amounts.push(this.readOptionalAmount());
        continue;
      }
      if (isLower(c)) {
        let end = start + 1;
        while (end < text.length && isLower(text.charCodeAt(end))) end++;
        const word = text.slice(start, end);
        const capital = word[0]!.toUpperCase() + word.slice(1);
        const hint = atomicNumber(capital) !== undefined ? ` (did you mean ${capital}?)` : '';
        this.fail(start, `element symbols start with a capital letter, got ${JSON.stringify(word)}${hint}`, ELEMENT_EXPECTED);
      }
      if (ch === '-') this.fail(start, 'negative amount', 'amounts to be positive numbers');
      if (isDigit(c) || ch === '.') {
        const problem = atomicNumbers.length === 0 ? 'an amount before any element' : 'an amount that follows another amount';
        this.fail(start, problem, opener === undefined && atomicNumbers.length === 0 ? ELEMENT_EXPECTED : "an element symbol or '(' before the amount");
      }
      this.fail(start, `unexpected character ${JSON.stringify(ch)}`, ELEMENT_EXPECTED);
    }
    if (atomicNumbers.length === 0 && opener === undefined) {
      const pos = this.pos;
      const ch = text[pos];
      if (ch !== undefined && HYDRATE_DOTS.has(ch)) this.fail(pos, `a hydrate dot ${JSON.stringify(ch)} with no formula unit before it`, ELEMENT_EXPECTED);
      if (ch === ')' || ch === ']') this.fail(pos, `unmatched ${JSON.stringify(ch)} with no opening bracket before it`, ELEMENT_EXPECTED);
      this.fail(pos, `expected a formula unit, got ${this.describe(pos)}`, ELEMENT_EXPECTED);
    }
    return { atomicNumbers, amounts };
  }

  /** An amount after an element or a closing bracket (1 when none is written). */
  private readOptionalAmount(): number {
    this.skipSpace();
    const c = this.text.charCodeAt(this.pos);
    if (this.pos < this.text.length && (isDigit(c) || this.text[this.pos] === '.')) return this.readAmount();
    if (this.text[this.pos] === '-') this.fail(this.pos, 'negative amount', 'amounts to be positive numbers');
    return 1;
  }

  /** Reads an integer or decimal amount (`2`, `0.62`, `.5`) and checks it is positive. */
  private readAmount(): number {
    const text = this.text;
    const start = this.pos;
    let end = start;
    while (end < text.length && isDigit(text.charCodeAt(end))) end++;
    if (text[end] === '.') {
      end++;
      if (end >= text.length || !isDigit(text.charCodeAt(end))) this.fail(end, 'a decimal point with no digit after it', 'a digit after the decimal point');
      while (end < text.length && isDigit(text.charCodeAt(end))) end++;
      if (text[end] === '.') this.fail(end, 'a second decimal point in one amount', "an element symbol, '(' or the end of the amount");
    }
    const value = Number(text.slice(start, end));
    if (!(value > 0) || !Number.isFinite(value)) this.fail(start, `amount ${text.slice(start, end)} is not positive`, 'a positive amount (leave out an element that is absent)');
    this.pos = end;
    return value;
  }
}

/**
 * Reads a chemical formula into per-element amounts (atomic number, amount), merging repeated elements in
 * order of first appearance. See `parseFormula` for the grammar.
 * @throws FormulaError naming the column and what was expected.
 */
export function readFormula(formula: string): FormulaAmounts {
  return new FormulaReader(formula).read();
}
