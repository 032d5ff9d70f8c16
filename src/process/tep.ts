import { DataError } from '../core/errors.js';
import type { Matrix } from '../data/scalers/matrix.js';

/** Number of variables in a Braatz TEP file: XMEAS 1–41, then XMV 1–11. */
export const TEP_VARIABLES = 52;

/** 0-based row of a `dXX_te.dat` test run from which the fault is active (it is introduced after sample 160). */
export const TEP_FAULT_ONSET = 160;

/** Minutes between two TEP samples. */
export const TEP_SAMPLE_MINUTES = 3;

/** Tag names of the 52 TEP variables, in file order: `XMEAS(1)` … `XMEAS(41)`, `XMV(1)` … `XMV(11)`. */
export const TEP_TAGS: readonly string[] = [
  ...Array.from({ length: 41 }, (_, i) => `XMEAS(${i + 1})`),
  ...Array.from({ length: 11 }, (_, i) => `XMV(${i + 1})`),
];

/** Descriptions and engineering units of the 52 TEP variables (Downs & Vogel 1993), in file order. */
export const TEP_DESCRIPTIONS: readonly { readonly name: string; readonly units: string }[] = [
  ['A feed', 'kscmh'], ['D feed', 'kg/h'], ['E feed', 'kg/h'], ['A and C feed', 'kscmh'], ['recycle flow', 'kscmh'],
  ['reactor feed rate', 'kscmh'], ['reactor pressure', 'kPa gauge'], ['reactor level', '%'], ['reactor temperature', '°C'],
  ['purge rate', 'kscmh'], ['product separator temperature', '°C'], ['product separator level', '%'],
  ['product separator pressure', 'kPa gauge'], ['product separator underflow', 'm³/h'], ['stripper level', '%'],
  ['stripper pressure', 'kPa gauge'], ['stripper underflow', 'm³/h'], ['stripper temperature', '°C'],
  ['stripper steam flow', 'kg/h'], ['compressor work', 'kW'], ['reactor cooling-water outlet temperature', '°C'],
  ['separator cooling-water outlet temperature', '°C'],
  ...['A', 'B', 'C', 'D', 'E', 'F'].map((c) => [`reactor feed ${c}`, 'mol%']),
  ...['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H'].map((c) => [`purge gas ${c}`, 'mol%']),
  ...['D', 'E', 'F', 'G', 'H'].map((c) => [`product ${c}`, 'mol%']),
  ['D feed flow valve', '%'], ['E feed flow valve', '%'], ['A feed flow valve', '%'], ['A and C feed flow valve', '%'],
  ['compressor recycle valve', '%'], ['purge valve', '%'], ['separator pot liquid flow valve', '%'],
  ['stripper liquid product flow valve', '%'], ['stripper steam valve', '%'], ['reactor cooling-water flow', '%'],
  ['condenser cooling-water flow', '%'],
].map(([name, units]) => ({ name: name!, units: units! }));

/** The file name of a TEP run: `d05.dat` (training) or `d05_te.dat` (test); fault 0 is normal operation. */
export function tepFileName(fault: number, split: 'train' | 'test'): string {
  if (!Number.isInteger(fault) || fault < 0 || fault > 21) throw new DataError({ file: 'TEP' }, `fault must be an integer 0 … 21, got ${fault}`);
  return `d${String(fault).padStart(2, '0')}${split === 'test' ? '_te' : ''}.dat`;
}

/**
 * Parses the text of a Braatz TEP file (whitespace-separated numbers in exponent notation) into a
 * samples × 52 matrix. `d00.dat` is stored transposed (52 lines of 500 numbers) and is recognised by its
 * shape: a file with 52 lines whose lines are longer than 52 numbers is transposed back.
 *
 * @throws DataError naming `file`, the line and the column of a cell that is not a number, or a line with
 *   the wrong number of values.
 * @example
 * const d01 = parseTep(gunzipSync(readFileSync('d01_te.dat.gz')).toString(), 'd01_te.dat'); // 960 × 52
 */
export function parseTep(text: string, file: string): Matrix {
  const rows: number[][] = [];
  const lineNumbers: number[] = [];
  text.split('\n').forEach((line, i) => {
    const trimmed = line.trim();
    if (trimmed === '') return;
    rows.push(trimmed.split(/\s+/).map((token, c) => {
      const value = Number(token);
      if (!Number.isFinite(value)) throw new DataError({ file, line: i + 1, column: c + 1 }, `expected a number, got ${JSON.stringify(token)}`);
      return value;
    }));
    lineNumbers.push(i + 1);
  });
  if (rows.length === 0) throw new DataError({ file }, 'no data');
  const transposed = rows.length === TEP_VARIABLES && rows[0]!.length !== TEP_VARIABLES;
  const width = transposed ? rows.length : rows[0]!.length;
  rows.forEach((r, i) => {
    const expected = transposed ? rows[0]!.length : TEP_VARIABLES;
    if (r.length !== expected) throw new DataError({ file, line: lineNumbers[i] }, `expected ${expected} numbers on this line, got ${r.length}`);
  });
  if (width !== TEP_VARIABLES) throw new DataError({ file }, `expected ${TEP_VARIABLES} variables per sample, got ${width}`);
  const samples = transposed ? rows[0]!.length : rows.length;
  const data = new Float64Array(samples * TEP_VARIABLES);
  for (let s = 0; s < samples; s++) {
    for (let v = 0; v < TEP_VARIABLES; v++) data[s * TEP_VARIABLES + v] = transposed ? rows[v]![s]! : rows[s]![v]!;
  }
  return { data, rows: samples, cols: TEP_VARIABLES };
}
