/**
 * The one error hierarchy of tensorite. Every error a user can trigger is a `TensoriteError`;
 * subclasses say which contract was broken so callers can `instanceof`-test them.
 */
export class TensoriteError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** An operand's shape does not fit the op. The message names the op and every operand's shape. */
export class ShapeError extends TensoriteError {}

/** An operand's dtype does not fit the op (tensorite never converts dtypes silently). */
export class DTypeError extends TensoriteError {}

/** A misuse of automatic differentiation (backward on a non-scalar, through a freed graph, ...). */
export class AutogradError extends TensoriteError {}

/** An argument value is out of its domain (a negative size, an unknown option name, ...). */
export class ValueError extends TensoriteError {}

/** Where in a user's file a problem was found. `line` is 1-based as editors show it. */
export interface FileLocation {
  file: string;
  line?: number;
  column?: string | number;
}

/**
 * Bad content in a user's input file. The message starts with `file:line` and names the field
 * (column) and what was expected, e.g. `steels.csv:17: column "yield strength": expected a number, got "n/a"`.
 */
export class DataError extends TensoriteError {
  readonly file: string;
  readonly line: number | undefined;
  readonly column: string | number | undefined;

  constructor(where: FileLocation, problem: string) {
    const at = where.line === undefined ? where.file : `${where.file}:${where.line}`;
    const field = where.column === undefined ? '' : ` column ${typeof where.column === 'string' ? JSON.stringify(where.column) : where.column}:`;
    super(`${at}:${field} ${problem}`);
    this.file = where.file;
    this.line = where.line;
    this.column = where.column;
  }
}
