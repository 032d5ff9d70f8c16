import { ValueError } from '../../core/errors.js';

/**
 * A chemical formula that cannot be read. The message says what is wrong, at which column (1-based) and
 * what was expected there, followed by the formula and a caret under the column:
 *
 * ```text
 * unknown element symbol "Xx" at column 4: expected an element symbol such as Fe or O
 *   Fe2Xx3
 *      ^
 * ```
 */
export class FormulaError extends ValueError {
  /** The formula as given. */
  readonly formula: string;
  /** 1-based column of the offending character (one past the end for "ended too early"). */
  readonly column: number;
  /** What is wrong, without the column and caret lines (e.g. `unknown element symbol "Xx"`). */
  readonly problem: string;
  /** What was expected at the column (e.g. `an element symbol such as Fe or O`). */
  readonly expected: string;

  constructor(formula: string, column: number, problem: string, expected: string) {
    const caretLine = `  ${formula}\n  ${' '.repeat(Math.max(0, column - 1))}^`;
    super(`${problem} at column ${column}: expected ${expected}\n${caretLine}`);
    this.formula = formula;
    this.column = column;
    this.problem = problem;
    this.expected = expected;
  }

  /** The first line of the message: problem, column and expectation, without the caret lines. */
  get summary(): string {
    return `${this.problem} at column ${this.column}: expected ${this.expected}`;
  }
}
