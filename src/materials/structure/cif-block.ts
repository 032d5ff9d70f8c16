import { DataError } from '../../core/errors.js';
import { type CifToken, tokenizeCif } from './cif-tokenize.js';

/** A CIF value with where it was read. */
export interface CifValue {
  readonly text: string;
  readonly line: number;
  readonly quoted: boolean;
}

/** A `loop_`: its tags (lower case) and rows of values, one per tag. */
export interface CifLoop {
  readonly tags: readonly string[];
  readonly rows: readonly (readonly CifValue[])[];
  readonly line: number;
}

/**
 * One `data_` block of a CIF file: single-valued items and loops, tags looked up case-insensitively.
 * @example
 * const [block] = parseCif(text, { source: 'NaCl.cif' });
 * block.number('_cell_length_a'); // 5.62
 */
export class CifBlock {
  readonly items = new Map<string, CifValue>();
  readonly loops: CifLoop[] = [];

  constructor(readonly name: string, readonly line: number, readonly source: string) {}

  /** The single value of a tag (not in a loop), or undefined. */
  get(tag: string): CifValue | undefined {
    return this.items.get(tag.toLowerCase());
  }

  /** The loop holding a tag, or undefined. */
  loopOf(tag: string): CifLoop | undefined {
    const t = tag.toLowerCase();
    return this.loops.find((l) => l.tags.includes(t));
  }

  /** Every value of a tag: the loop column if it is looped, a one-element list if single, else undefined. */
  column(tag: string): readonly CifValue[] | undefined {
    const single = this.get(tag);
    if (single !== undefined) return [single];
    const loop = this.loopOf(tag);
    if (loop === undefined) return undefined;
    const k = loop.tags.indexOf(tag.toLowerCase());
    return loop.rows.map((row) => row[k]!);
  }

  /** The first of `tags` present in the block (as single value or loop column). */
  firstColumn(tags: readonly string[]): { tag: string; values: readonly CifValue[] } | undefined {
    for (const tag of tags) {
      const values = this.column(tag);
      if (values !== undefined) return { tag, values };
    }
    return undefined;
  }

  /**
   * The number a single-valued tag holds (standard uncertainty in parentheses dropped: `3.634(4)` → 3.634).
   * @throws DataError naming the source, line and tag when the tag is missing (unless `fallback` is given) or
   *   its value is not a number.
   */
  number(tag: string, fallback?: number): number {
    const value = this.get(tag);
    if (value === undefined || (!value.quoted && (value.text === '?' || value.text === '.'))) {
      if (fallback !== undefined) return fallback;
      throw new DataError({ file: this.source, line: value?.line ?? this.line }, `data block "${this.name}": expected a number for ${tag}, ${value === undefined ? 'but the tag is missing' : `got "${value.text}"`}`);
    }
    return cifNumber(value, tag, this.source);
  }

  /** The text of a single-valued tag, or undefined when missing, `?` or `.`. */
  text(tag: string): string | undefined {
    const value = this.get(tag);
    if (value === undefined || (!value.quoted && (value.text === '?' || value.text === '.'))) return undefined;
    return value.text;
  }
}

/** Whether a CIF value is `?` (unknown) or `.` (inapplicable), unquoted. */
export function isCifNull(value: CifValue): boolean {
  return !value.quoted && (value.text === '?' || value.text === '.');
}

/**
 * A CIF numeric value: `1.234(5)` → 1.234, `0.` → 0, `-.5`, `1.2e-3`.
 * @throws DataError naming the source, line and tag for anything else.
 */
export function cifNumber(value: CifValue, tag: string, source: string): number {
  const match = /^([+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)(?:\(\d+\))?$/.exec(value.text.trim());
  if (match === null) throw new DataError({ file: source, line: value.line }, `${tag}: expected a number (optionally with an uncertainty like 1.234(5)), got "${value.text}"`);
  return Number(match[1]);
}

/** Options of `parseCif`. */
export interface ParseCifOptions {
  /** Name of the file the text came from, used in error messages. */
  readonly source: string;
}

/**
 * Parses CIF 1.1 text into its data blocks, in file order. Save frames (`save_…`) are skipped.
 * @throws DataError naming the source and line for a value outside any data block, a loop whose value
 *   count is not a multiple of its tag count, a tag without a value, or a duplicated tag.
 */
export function parseCif(text: string, options: ParseCifOptions): CifBlock[] {
  const { source } = options;
  const tokens = tokenizeCif(text, source);
  const blocks: CifBlock[] = [];
  let block: CifBlock | undefined;
  let p = 0;
  const need = (token: CifToken): CifBlock => {
    if (block === undefined) throw new DataError({ file: source, line: token.line }, `expected "data_<name>" before ${token.kind === 'tag' ? `tag ${token.text}` : `"${token.text}"`}`);
    return block;
  };
  while (p < tokens.length) {
    const token = tokens[p]!;
    if (token.kind === 'data') {
      block = new CifBlock(token.text, token.line, source);
      blocks.push(block);
      p++;
    } else if (token.kind === 'save') {
      // Skip a save frame: from save_name to the closing save_.
      p++;
      while (p < tokens.length && tokens[p]!.kind !== 'save') p++;
      p++;
    } else if (token.kind === 'global' || token.kind === 'stop') {
      p++;
    } else if (token.kind === 'loop') {
      const target = need(token);
      p++;
      const tags: string[] = [];
      while (p < tokens.length && tokens[p]!.kind === 'tag') tags.push(tokens[p++]!.text.toLowerCase());
      if (tags.length === 0) throw new DataError({ file: source, line: token.line }, 'loop_: expected at least one tag after loop_');
      const values: CifValue[] = [];
      while (p < tokens.length && tokens[p]!.kind === 'value') values.push(tokens[p++]!);
      if (values.length % tags.length !== 0) {
        const last = values[values.length - 1];
        throw new DataError({ file: source, line: last?.line ?? token.line }, `loop_ starting at line ${token.line} (${tags.join(', ')}): expected a multiple of ${tags.length} values, got ${values.length}`);
      }
      const rows: CifValue[][] = [];
      for (let r = 0; r < values.length; r += tags.length) rows.push(values.slice(r, r + tags.length));
      target.loops.push({ tags, rows, line: token.line });
    } else if (token.kind === 'tag') {
      const target = need(token);
      const value = tokens[p + 1];
      if (value === undefined || value.kind !== 'value') throw new DataError({ file: source, line: token.line }, `${token.text}: expected a value after the tag`);
      const key = token.text.toLowerCase();
      if (target.items.has(key)) throw new DataError({ file: source, line: token.line }, `${token.text}: tag appears twice in data block "${target.name}"`);
      target.items.set(key, value);
      p += 2;
    } else {
      need(token);
      throw new DataError({ file: source, line: token.line }, `expected a tag or loop_, got the value "${token.text}"`);
    }
  }
  return blocks;
}
