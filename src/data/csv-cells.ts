/**
 * Strict parsers for single CSV cells. Each returns `NaN` for text it does not accept, so a caller can
 * report the cell; none accepts a lax prefix the way `parseFloat('12abc')` does.
 */

/** The type a CSV column is read as. */
export type ColumnKind = 'number' | 'integer' | 'boolean' | 'date' | 'string';

/** Every column kind, for validating options. */
export const COLUMN_KINDS: readonly ColumnKind[] = ['number', 'integer', 'boolean', 'date', 'string'];

/**
 * Cell texts read as missing by default, compared exactly after trimming (as pandas' `read_csv` does): the
 * empty cell and the spellings pandas, R and spreadsheets write for a missing value. The match is
 * case-sensitive on purpose: `Na` (sodium) or `None` in a text column stays text unless listed.
 */
export const DEFAULT_MISSING_VALUES: readonly string[] = [
  '', 'NA', 'N/A', 'n/a', '#N/A', '#NA', '<NA>', 'NaN', 'nan', '-NaN', '-nan', 'null', 'NULL',
];

/** A phrase naming what a cell of each kind must look like, for error messages. */
export const EXPECTED_TEXT: Readonly<Record<ColumnKind, string>> = {
  number: 'a number (like 12, -0.5, 1.2e-3 or inf)',
  integer: 'an integer (like 3 or -12)',
  boolean: 'a boolean (true/false, yes/no or 1/0)',
  date: 'an ISO 8601 date (YYYY-MM-DD, optionally with THH:MM[:SS[.fff]] and Z or ±HH:MM)',
  string: 'text',
};

const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const INFINITY = /^([+-]?)(?:inf|infinity)$/i;
const INTEGER = /^[+-]?\d+$/;
const DECIMAL_COMMA = /^[+-]?\d+,\d+$/;
const ISO_DATE =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?\s*(Z|[+-]\d{2}:?\d{2})?)?$/i;

/**
 * Parses a number: optional sign, digits with an optional `.` fraction, optional exponent, or
 * `inf`/`infinity` (any case, optional sign). Surrounding whitespace is ignored.
 * Rejects `1,5`, `12abc`, `0x10`, `1_000` and the empty string (returns NaN).
 * @example parseNumberCell(' +1.5e3 ') // 1500
 */
export function parseNumberCell(text: string): number {
  const t = text.trim();
  if (NUMBER.test(t)) return Number(t);
  const inf = INFINITY.exec(t);
  if (inf !== null) return inf[1] === '-' ? -Infinity : Infinity;
  return NaN;
}

/**
 * Parses a whole number (optional sign and digits only) within ±(2^53 − 1). Returns NaN otherwise.
 * @example parseIntegerCell('-42') // -42; parseIntegerCell('4.0') // NaN
 */
export function parseIntegerCell(text: string): number {
  const t = text.trim();
  if (!INTEGER.test(t)) return NaN;
  const value = Number(t);
  return Number.isSafeInteger(value) ? value : NaN;
}

/**
 * Parses `true`/`false`, `yes`/`no` or `1`/`0` (any case) to 1 or 0; NaN otherwise.
 * @example parseBooleanCell('Yes') // 1
 */
export function parseBooleanCell(text: string): number {
  switch (text.trim().toLowerCase()) {
    case 'true':
    case 'yes':
    case '1':
      return 1;
    case 'false':
    case 'no':
    case '0':
      return 0;
    default:
      return NaN;
  }
}

/**
 * Parses an ISO 8601 date or date-time to milliseconds since 1970-01-01T00:00:00Z; NaN when the text
 * is not of that form or names an impossible date (2023-02-30) or time (25:00).
 * A date-time without a zone is read as UTC (unlike `Date.parse`, which reads it as local time), so
 * the result does not depend on the machine. Fractions of a second are kept (below 1 ms too).
 * @example parseDateCell('2024-03-01T12:00:00+01:00') // Date.UTC(2024, 2, 1, 11)
 */
export function parseDateCell(text: string): number {
  const m = ISO_DATE.exec(text.trim());
  if (m === null) return NaN;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const hour = m[4] === undefined ? 0 : Number(m[4]);
  const minute = m[5] === undefined ? 0 : Number(m[5]);
  const second = m[6] === undefined ? 0 : Number(m[6]);
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return NaN;
  // setUTCFullYear, unlike Date.UTC, does not map years 0-99 to 1900-1999.
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, 0);
  if (date.getUTCDate() !== day) return NaN;
  const base = date.getTime();
  const fraction = m[7] === undefined ? 0 : Number(`0.${m[7]}`) * 1000;
  let offsetMinutes = 0;
  const zone = m[8];
  if (zone !== undefined && zone.toUpperCase() !== 'Z') {
    const digits = zone.replace(':', '');
    const zh = Number(digits.slice(1, 3));
    const zm = Number(digits.slice(3, 5));
    if (zh > 23 || zm > 59) return NaN;
    offsetMinutes = (digits[0] === '-' ? -1 : 1) * (zh * 60 + zm);
  }
  return base + fraction - offsetMinutes * 60_000;
}

/** The strict parser for a non-string column kind. */
export function cellParser(kind: Exclude<ColumnKind, 'string'>): (text: string) => number {
  switch (kind) {
    case 'number':
      return parseNumberCell;
    case 'integer':
      return parseIntegerCell;
    case 'boolean':
      return parseBooleanCell;
    case 'date':
      return parseDateCell;
  }
}

/**
 * The error phrase for a cell of `kind` that did not parse: what was expected and what was found, with
 * a hint for a decimal comma.
 * @example describeBadCell('number', '1,5') // 'expected a number (...), got "1,5" (...decimal separator...)'
 */
export function describeBadCell(kind: ColumnKind, text: string): string {
  let message = `expected ${EXPECTED_TEXT[kind]}, got ${JSON.stringify(text)}`;
  if ((kind === 'number' || kind === 'integer') && DECIMAL_COMMA.test(text.trim())) {
    message += " (the decimal separator must be '.')";
  }
  return message;
}

/** A predicate telling whether a cell's text is one of `missingValues` (both trimmed, compared exactly). */
export function missingTest(missingValues: readonly string[]): (text: string) => boolean {
  const set = new Set(missingValues.map((v) => v.trim()));
  return (text) => set.has(text.trim());
}
