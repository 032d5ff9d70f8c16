import { ShapeError, ValueError } from '../../core/errors.js';

/**
 * A dense row-major matrix of float64 values — samples in rows, features in columns: entry (r, c) is
 * `data[r * cols + c]`. This is the form the scalers compute in and return (until the tensor wrappers).
 */
export interface Matrix {
  readonly data: Float64Array;
  readonly rows: number;
  readonly cols: number;
}

/** A matrix given as flat row-major values of any numeric array type (e.g. a Float32Array). */
export interface MatrixData {
  readonly data: ArrayLike<number>;
  readonly rows: number;
  readonly cols: number;
}

/** An array of rows, each an array of numbers of the same length (`number[][]`). */
export type RowArrays = ArrayLike<ArrayLike<number>>;

/** What the scalers accept: a {@link MatrixData} or an array of rows. */
export type MatrixLike = MatrixData | RowArrays;

/** Whether `x` is a {@link MatrixData} (rather than an array of rows). */
export function isMatrixData(x: MatrixLike): x is MatrixData {
  return typeof x === 'object' && x !== null && 'data' in x && 'rows' in x && 'cols' in x;
}

/**
 * Copies `x` into a {@link Matrix}, checking its shape (ShapeError: ragged rows, or `data.length` ≠
 * `rows · cols`) and that every entry is a finite number (ValueError naming row and column). `op` names
 * the caller in messages.
 */
export function toMatrix(op: string, x: MatrixLike): Matrix {
  let data: Float64Array;
  let rows: number;
  let cols: number;
  if (isMatrixData(x)) {
    ({ rows, cols } = x);
    if (!Number.isInteger(rows) || rows < 0 || !Number.isInteger(cols) || cols < 0) {
      throw new ShapeError(`${op}: rows and cols must be non-negative integers, got rows=${rows}, cols=${cols}`);
    }
    if (x.data.length !== rows * cols) {
      throw new ShapeError(`${op}: data has ${x.data.length} entries but rows × cols = ${rows} × ${cols} = ${rows * cols}`);
    }
    data = Float64Array.from(x.data);
  } else {
    rows = x.length;
    cols = rows > 0 ? rowLength(op, x, 0) : 0;
    data = new Float64Array(rows * cols);
    for (let r = 0; r < rows; r++) {
      const row = x[r]!;
      const len = rowLength(op, x, r);
      if (len !== cols) throw new ShapeError(`${op}: row ${r} has ${len} columns but row 0 has ${cols}`);
      for (let c = 0; c < cols; c++) data[r * cols + c] = row[c]!;
    }
  }
  for (let i = 0; i < data.length; i++) {
    if (!Number.isFinite(data[i])) {
      const raw: unknown = isMatrixData(x) ? x.data[i] : x[Math.floor(i / cols)]![i % cols];
      const shown = typeof raw === 'number' ? String(raw) : `${JSON.stringify(raw)} (a ${typeof raw})`;
      throw new ValueError(`${op}: row ${Math.floor(i / cols)}, column ${i % cols} is ${shown}; expected a finite number`);
    }
  }
  return { data, rows, cols };
}

function rowLength(op: string, x: RowArrays, r: number): number {
  const row: unknown = x[r];
  if (typeof row !== 'object' || row === null || typeof (row as { length?: unknown }).length !== 'number') {
    throw new ShapeError(`${op}: row ${r} is not an array of numbers (expected rows of a 2-D matrix)`);
  }
  return (row as ArrayLike<number>).length;
}

/** The rows of a matrix as `number[][]`. */
export function matrixToRows(m: Matrix): number[][] {
  return Array.from({ length: m.rows }, (_, r) => Array.from(m.data.subarray(r * m.cols, (r + 1) * m.cols)));
}
