import { DataError } from '../../core/errors.js';

/** What a CIF token is. */
export type CifTokenKind = 'data' | 'loop' | 'tag' | 'value' | 'save' | 'global' | 'stop';

/** One CIF token with the 1-based line it starts on. */
export interface CifToken {
  readonly kind: CifTokenKind;
  /** Tag name (with `_`), block name (after `data_`), or the value's text without quotes / semicolons. */
  readonly text: string;
  readonly line: number;
  /** Whether a value was quoted or a text field (so `?` and `.` are literal text, not unknown/inapplicable). */
  readonly quoted: boolean;
}

function isSpace(ch: string | undefined): boolean {
  return ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r';
}

/**
 * Splits CIF 1.1 text into tokens: `data_…`, `loop_`, tags, values (bare words, 'single' or "double"
 * quoted strings whose closing quote is followed by whitespace, and `;` text fields spanning lines until a
 * line starting with `;`), skipping `#` comments.
 * @throws DataError naming `source` and the line of an unterminated quoted string or text field.
 */
export function tokenizeCif(text: string, source: string): CifToken[] {
  const tokens: CifToken[] = [];
  const n = text.length;
  let p = 0;
  let line = 1;
  let lineStart = true;
  while (p < n) {
    const ch = text[p]!;
    if (ch === '\n') { line++; p++; lineStart = true; continue; }
    if (isSpace(ch)) { p++; continue; }
    if (ch === '#') {
      while (p < n && text[p] !== '\n') p++;
      continue;
    }
    const startLine = line;
    if (ch === ';' && lineStart) {
      // Text field: up to the next line that starts with ';'.
      let q = p + 1;
      let end = -1;
      while (q < n) {
        if (text[q] === '\n') {
          line++;
          if (text[q + 1] === ';') { end = q; break; }
        }
        q++;
      }
      if (end < 0) throw new DataError({ file: source, line: startLine }, 'unterminated text field: expected a line starting with ";" to close it');
      let body = text.slice(p + 1, end);
      if (body.endsWith('\r')) body = body.slice(0, -1);
      tokens.push({ kind: 'value', text: body, line: startLine, quoted: true });
      p = end + 2;
      lineStart = false;
      continue;
    }
    lineStart = false;
    if (ch === "'" || ch === '"') {
      let q = p + 1;
      while (q < n && !(text[q] === ch && (q + 1 >= n || isSpace(text[q + 1])))) {
        if (text[q] === '\n') throw new DataError({ file: source, line: startLine }, `unterminated quoted string: expected a closing ${ch} on the same line`);
        q++;
      }
      if (q >= n) throw new DataError({ file: source, line: startLine }, `unterminated quoted string: expected a closing ${ch}`);
      tokens.push({ kind: 'value', text: text.slice(p + 1, q), line: startLine, quoted: true });
      p = q + 1;
      continue;
    }
    let q = p;
    while (q < n && !isSpace(text[q])) q++;
    const word = text.slice(p, q);
    p = q;
    const lower = word.toLowerCase();
    if (lower.startsWith('data_')) tokens.push({ kind: 'data', text: word.slice(5), line: startLine, quoted: false });
    else if (lower === 'loop_') tokens.push({ kind: 'loop', text: word, line: startLine, quoted: false });
    else if (lower.startsWith('save_')) tokens.push({ kind: 'save', text: word.slice(5), line: startLine, quoted: false });
    else if (lower === 'global_') tokens.push({ kind: 'global', text: word, line: startLine, quoted: false });
    else if (lower === 'stop_') tokens.push({ kind: 'stop', text: word, line: startLine, quoted: false });
    else if (word.startsWith('_')) tokens.push({ kind: 'tag', text: word, line: startLine, quoted: false });
    else tokens.push({ kind: 'value', text: word, line: startLine, quoted: false });
  }
  return tokens;
}
