import { DataError } from '../core/errors.js';

/** One record of a CSV text: its field texts (quotes removed, `""` unescaped) and where it starts. */
export interface CsvRecord {
  /** Field texts in order. A quoted field keeps its inner line breaks verbatim (`\r\n` stays `\r\n`). */
  readonly fields: string[];
  /** 1-based line, as an editor shows it, on which the record's first character stands. */
  readonly line: number;
}

/** Where tokenising errors are reported: the file name and a namer for the n-th (0-based) field. */
export interface CsvTokenizeContext {
  readonly file: string;
  /** The column a field index belongs to, for messages: a header name, or a 1-based field number. */
  readonly fieldName: (index: number) => string | number;
}

const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;
const SPACE = 0x20;
const TAB = 0x09;
const BOM = 0xfeff;

/**
 * Splits CSV text into records (RFC 4180, read leniently where it is unambiguous).
 *
 * - Records end at `\n`, `\r\n` or `\r` (mixed endings are fine); a leading byte-order mark is skipped.
 * - A field that starts with `"` (after optional spaces or tabs) is quoted: it may hold the delimiter,
 *   line breaks and `""` (a literal quote); after its closing quote only spaces or tabs may follow before
 *   the next delimiter or line break.
 * - An unquoted field runs to the next delimiter or line break and is returned verbatim (a `"` inside it
 *   is kept as a literal character).
 * - Blank lines (empty or only spaces/tabs) are skipped; they still count for line numbers.
 *
 * Line numbers count every line break, including those inside quoted fields, so they match an editor.
 * Like Python's `csv.reader` over a file opened with `newline=''`.
 *
 * @throws DataError naming file, line and column for an unclosed quote or text after a closing quote.
 * @example
 * [...tokenizeCsv('a,b\n1,"x\ny"\n', ',', { file: 'f.csv', fieldName: (i) => i + 1 })]
 * // [{ fields: ['a', 'b'], line: 1 }, { fields: ['1', 'x\ny'], line: 2 }]
 */
export function* tokenizeCsv(text: string, delimiter: string, context: CsvTokenizeContext): Generator<CsvRecord> {
  const delim = delimiter.charCodeAt(0);
  const n = text.length;
  let i = n > 0 && text.charCodeAt(0) === BOM ? 1 : 0;
  let line = 1;
  while (i < n) {
    const recordLine = line;
    const fields: string[] = [];
    let blank = true;
    for (;;) {
      let j = i;
      while (j < n && isPadding(text.charCodeAt(j), delim)) j++;
      if (j < n && text.charCodeAt(j) === QUOTE) {
        const quoteLine = line;
        let value = '';
        let chunk = ++j;
        for (;;) {
          if (j >= n) {
            throw new DataError(
              { file: context.file, line: quoteLine, column: context.fieldName(fields.length) },
              'a quoted field opened on this line is never closed (expected a closing \'"\')',
            );
          }
          const c = text.charCodeAt(j);
          if (c === QUOTE) {
            if (j + 1 < n && text.charCodeAt(j + 1) === QUOTE) {
              value += text.slice(chunk, j + 1);
              j += 2;
              chunk = j;
              continue;
            }
            value += text.slice(chunk, j);
            j++;
            break;
          }
          if (c === LF || (c === CR && !(j + 1 < n && text.charCodeAt(j + 1) === LF))) line++;
          j++;
        }
        while (j < n && isPadding(text.charCodeAt(j), delim)) j++;
        if (j < n) {
          const c = text.charCodeAt(j);
          if (c !== delim && c !== LF && c !== CR) {
            throw new DataError(
              { file: context.file, line, column: context.fieldName(fields.length) },
              `expected the delimiter ${JSON.stringify(delimiter)} or the end of the line after a closing quote, ` +
                `got ${JSON.stringify(text[j])} (inside a quoted field write "" for a literal quote)`,
            );
          }
        }
        fields.push(value);
        blank = false;
        i = j;
      } else {
        j = i;
        while (j < n) {
          const c = text.charCodeAt(j);
          if (c === delim || c === LF || c === CR) break;
          j++;
        }
        const value = text.slice(i, j);
        if (blank && value.trim() !== '') blank = false;
        fields.push(value);
        i = j;
      }
      if (i < n && text.charCodeAt(i) === delim) {
        i++;
        blank = false;
        continue;
      }
      if (i < n) {
        i += text.charCodeAt(i) === CR && i + 1 < n && text.charCodeAt(i + 1) === LF ? 2 : 1;
        line++;
      }
      break;
    }
    if (!blank) yield { fields, line: recordLine };
  }
}

/** Spaces and tabs that may pad a quoted field, unless the padding character is the delimiter itself. */
function isPadding(code: number, delim: number): boolean {
  return (code === SPACE || code === TAB) && code !== delim;
}

/** Number of line breaks (`\n`, `\r\n` or a lone `\r`) in a text. */
export function countLineBreaks(text: string): number {
  let count = 0;
  for (let k = 0; k < text.length; k++) {
    const c = text.charCodeAt(k);
    if (c === LF || (c === CR && text.charCodeAt(k + 1) !== LF)) count++;
  }
  return count;
}

/**
 * The 1-based line on which field `index` of a record starts: the record's line plus the line breaks
 * inside the quoted fields before it.
 */
export function fieldLine(record: CsvRecord, index: number): number {
  let line = record.line;
  for (let k = 0; k < index && k < record.fields.length; k++) line += countLineBreaks(record.fields[k]!);
  return line;
}

/** The delimiters `detectDelimiter` chooses among, in order of preference on a tie. */
export const CSV_DELIMITER_CANDIDATES: readonly string[] = [',', ';', '\t'];

/**
 * Guesses the delimiter of a CSV text among `,`, `;` and tab from its first `sample` records.
 *
 * A candidate is consistent when every sampled record has as many fields as the header. The consistent
 * candidate giving the most header fields wins (ties go to `,` then `;` then tab); if none is consistent,
 * the one giving the most header fields wins; a text with a single column gives `,`.
 * Like Python's `csv.Sniffer().sniff(text, delimiters=',;\t')`, but deterministic and quote-aware.
 *
 * @example
 * detectDelimiter('a;b\n1,5;2,0\n') // ';'
 */
export function detectDelimiter(text: string, sample = 20): string {
  let best = CSV_DELIMITER_CANDIDATES[0]!;
  let bestScore = -1;
  for (const candidate of CSV_DELIMITER_CANDIDATES) {
    let width = 0;
    let consistent = true;
    let count = 0;
    try {
      for (const record of tokenizeCsv(text, candidate, { file: '', fieldName: (k) => k + 1 })) {
        if (count === 0) width = record.fields.length;
        else if (record.fields.length !== width) consistent = false;
        if (++count >= sample || !consistent) break;
      }
    } catch {
      consistent = false;
    }
    // Consistent candidates outrank inconsistent ones; within each group more header fields win.
    const score = width <= 1 ? 0 : (consistent ? 1e9 : 0) + width;
    if (score > bestScore) {
      best = candidate;
      bestScore = score;
    }
  }
  return best;
}
