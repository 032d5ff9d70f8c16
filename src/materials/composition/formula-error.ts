import { ValueError } from '../../core/errors.js';

/**
 * A chemical formula that cannot be read. The message says what is wrong, at which column (1-based) and
 * what was expected there, followed by the formula and a caret under the column:
 *
 * ```text
 * invalid formula "Fe2Xx3" at column 4: unknown element symbol "Xx"; expected an element symbol such as Fe or O
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
    super(`invalid formula ${JSON.stringify(formula)} at column ${column}: ${problem}; expected ${expected}\n${caretLine}`);
    this.formula = formula;
    this.column = column;
    this.problem = problem;
    this.expected = expected;
  }

  /** The first line of the message: problem, column and expectation, without the caret lines. */
  get summary(): string {
    return `invalid formula ${JSON.stringify(this.formula)} at column ${this.column}: ${this.problem}; expected ${this.expected}`;
  }
}
