import { DataError, ValueError } from '../../core/errors.js';
import { elementFromLabel } from './elements.js';
import { Lattice } from './lattice.js';
import { Structure, type SiteValue } from './structure.js';

/** A value of the key=value pairs on an extended-XYZ comment line. */
export type ExtxyzInfoValue = number | string | boolean | number[];

/** One frame of an extended-XYZ file. */
export interface ExtxyzFrame {
  readonly structure: Structure;
  /** The comment line's key=value pairs other than Lattice, Properties and pbc (`energy`, `config_type`, …). */
  readonly info: Readonly<Record<string, ExtxyzInfoValue>>;
}

/** Options of `readExtxyz`. */
export interface ReadExtxyzOptions {
  /** Name of the file the text came from, used in error messages. */
  readonly source: string;
}

/** Splits `a=1 Lattice="1 0 0 0 1 0 0 0 1" flag` into pairs (a bare key is `true`). */
function keyValues(line: string): Map<string, string | true> {
  const out = new Map<string, string | true>();
  const re = /\s*([^\s=]+)(?:\s*=\s*(?:"((?:[^"\\]|\\.)*)"|'([^']*)'|\{([^}]*)\}|(\S+)))?/g;
  let match: RegExpExecArray | null;
  while ((match = re.exec(line)) !== null && match[0].length > 0) {
    const value = match[2] ?? match[3] ?? match[4] ?? match[5];
    out.set(match[1]!, value === undefined ? true : value.replace(/\\(.)/g, '$1'));
  }
  return out;
}

function infoValue(text: string | true): ExtxyzInfoValue {
  if (text === true) return true;
  const t = text.trim();
  if (/^(T|True|true)$/.test(t)) return true;
  if (/^(F|False|false)$/.test(t)) return false;
  const words = t.split(/[\s,]+/).filter((w) => w.length > 0);
  if (words.length > 0 && words.every((w) => w !== '' && Number.isFinite(Number(w)))) return words.length === 1 ? Number(words[0]) : words.map(Number);
  return text;
}

interface Column {
  readonly name: string;
  readonly type: 'S' | 'R' | 'I' | 'L';
  readonly width: number;
}

/**
 * Reads extended-XYZ text (ASE's format): per frame, the atom count, a comment line of key=value pairs with
 * `Lattice="ax ay az bx by bz cx cy cz"` (required here: structures are periodic) and
 * `Properties=species:S:1:pos:R:3[:name:type:width…]` (default `species:S:1:pos:R:3`), then one line per atom.
 * Positions are Cartesian in Å. Further per-atom columns become site properties (width 1 → a value per
 * site, wider → a tuple); further comment-line pairs become the frame's `info`.
 *
 * ASE equivalent: `ase.io.read(path, index=':', format='extxyz')`.
 * @throws DataError naming the source, line and field of the first problem.
 * @example
 * const [frame] = readExtxyz(text, { source: 'train.xyz' });
 * frame.info.energy; // -12.3
 */
export function readExtxyz(text: string, options: ReadExtxyzOptions): ExtxyzFrame[] {
  const source = options.source;
  const lines = text.split(/\r?\n/);
  const frames: ExtxyzFrame[] = [];
  let p = 0;
  while (p < lines.length) {
    if (lines[p]!.trim() === '') { p++; continue; }
    const countLine = p;
    const count = Number(lines[p]!.trim());
    if (!Number.isInteger(count) || count < 0) throw new DataError({ file: source, line: p + 1 }, `expected the number of atoms of a frame, got "${lines[p]!.trim()}"`);
    if (p + 1 >= lines.length) throw new DataError({ file: source, line: p + 1 }, 'expected a comment line after the atom count, but the file ends');
    const pairs = keyValues(lines[p + 1]!);
    const find = (key: string): string | true | undefined => {
      for (const [k, v] of pairs) if (k.toLowerCase() === key) return v;
      return undefined;
    };
    const latticeText = find('lattice');
    if (typeof latticeText !== 'string') throw new DataError({ file: source, line: p + 2 }, 'expected Lattice="ax ay az bx by bz cx cy cz" on the comment line (periodic structures only)');
    const matrix = latticeText.trim().split(/\s+/).map(Number);
    let lattice: Lattice;
    try {
      lattice = new Lattice(matrix);
    } catch (error) {
      if (error instanceof ValueError) throw new DataError({ file: source, line: p + 2 }, `Lattice: expected 9 numbers of a non-degenerate cell, got "${latticeText}"`);
      throw error;
    }
    const properties = find('properties');
    const columns = parseProperties(typeof properties === 'string' ? properties : 'species:S:1:pos:R:3', source, p + 2);
    const info: Record<string, ExtxyzInfoValue> = {};
    for (const [k, v] of pairs) if (!['lattice', 'properties', 'pbc'].includes(k.toLowerCase())) info[k] = infoValue(v);

    const species: string[] = [];
    const positions: number[] = [];
    const extra = new Map<string, SiteValue[]>();
    for (let a = 0; a < count; a++) {
      const at = p + 2 + a;
      if (at >= lines.length || lines[at]!.trim() === '') throw new DataError({ file: source, line: Math.min(at, lines.length - 1) + 1 }, `expected atom ${a + 1} of ${count} of the frame starting at line ${countLine + 1}`);
      const words = lines[at]!.trim().split(/\s+/);
      let w = 0;
      for (const column of columns) {
        const cells = words.slice(w, w + column.width);
        w += column.width;
        if (cells.length < column.width) throw new DataError({ file: source, line: at + 1 }, `${column.name}: expected ${column.width} value(s), the line has ${words.length} fields`);
        const values = cells.map((cell) => cellValue(cell, column, source, at + 1));
        if (column.name === 'species') {
          const element = elementFromLabel(String(values[0]));
          if (element === undefined) throw new DataError({ file: source, line: at + 1 }, `species: expected an element symbol, got "${cells[0]}"`);
          species.push(element);
        } else if (column.name === 'pos') {
          positions.push(...(values as number[]));
        } else {
          const list = extra.get(column.name) ?? [];
          list.push(column.width === 1 ? values[0]! : (values as number[]));
          extra.set(column.name, list);
        }
      }
    }
    frames.push({ structure: Structure.fromCartesian(lattice, species, positions, { siteProperties: Object.fromEntries(extra) }), info });
    p += 2 + count;
  }
  return frames;
}

function parseProperties(text: string, source: string, line: number): Column[] {
  const parts = text.split(':');
  if (parts.length % 3 !== 0) throw new DataError({ file: source, line }, `Properties: expected name:type:width triples, got "${text}"`);
  const columns: Column[] = [];
  for (let k = 0; k < parts.length; k += 3) {
    const [name, type, width] = [parts[k]!, parts[k + 1]!.toUpperCase(), Number(parts[k + 2])];
    if (!['S', 'R', 'I', 'L'].includes(type) || !Number.isInteger(width) || width < 1) {
      throw new DataError({ file: source, line }, `Properties: expected type S, R, I or L and a positive width for "${name}", got "${parts[k + 1]}:${parts[k + 2]}"`);
    }
    columns.push({ name, type: type as Column['type'], width });
  }
  for (const required of ['species', 'pos']) {
    if (!columns.some((c) => c.name === required)) throw new DataError({ file: source, line }, `Properties: expected a "${required}" column in "${text}"`);
  }
  return columns;
}

function cellValue(cell: string, column: Column, source: string, line: number): number | string | boolean {
  if (column.type === 'S') return cell;
  if (column.type === 'L') {
    if (/^(T|True|true)$/.test(cell)) return true;
    if (/^(F|False|false)$/.test(cell)) return false;
    throw new DataError({ file: source, line }, `${column.name}: expected T or F, got "${cell}"`);
  }
  const x = Number(cell);
  if (cell === '' || !Number.isFinite(x) || (column.type === 'I' && !Number.isInteger(x))) {
    throw new DataError({ file: source, line }, `${column.name}: expected ${column.type === 'I' ? 'an integer' : 'a number'}, got "${cell}"`);
  }
  return x;
}

/**
 * Extended-XYZ text of structures (one frame each): `Lattice`, `Properties=species:S:1:pos:R:3` plus numeric
 * and boolean site properties, `pbc="T T T"`, and each frame's `info` pairs when given.
 * @example
 * const text = writeExtxyz([{ structure, info: { energy: -3.2 } }]);
 */
export function writeExtxyz(frames: readonly (ExtxyzFrame | Structure)[]): string {
  const out: string[] = [];
  for (const item of frames) {
    const { structure, info } = item instanceof Structure ? { structure: item, info: {} } : item;
    const n = structure.numSites;
    const extras = Object.entries(structure.siteProperties).filter(([, values]) => values.every((v) => typeof v === 'number' || typeof v === 'boolean' || (Array.isArray(v) && v.every((x) => typeof x === 'number' || typeof x === 'boolean'))));
    const props = ['species:S:1', 'pos:R:3', ...extras.map(([name, values]) => {
      const sample = values[0];
      const width = Array.isArray(sample) ? sample.length : 1;
      const first = Array.isArray(sample) ? sample[0] : sample;
      return `${name}:${typeof first === 'boolean' ? 'L' : 'R'}:${width}`;
    })];
    const infoText = Object.entries(info).map(([k, v]) => `${k}=${Array.isArray(v) ? `"${v.join(' ')}"` : typeof v === 'boolean' ? (v ? 'T' : 'F') : typeof v === 'string' ? JSON.stringify(v) : String(v)}`);
    out.push(String(n));
    out.push([`Lattice="${Array.from(structure.lattice.matrix, String).join(' ')}"`, `Properties=${props.join(':')}`, ...infoText, 'pbc="T T T"'].join(' '));
    const cart = structure.cartesian;
    for (let i = 0; i < n; i++) {
      const fields = [structure.species[i]!, String(cart[3 * i]), String(cart[3 * i + 1]), String(cart[3 * i + 2])];
      for (const [, values] of extras) {
        const v = values[i]!;
        for (const x of Array.isArray(v) ? v : [v]) fields.push(typeof x === 'boolean' ? (x ? 'T' : 'F') : String(x));
      }
      out.push(fields.join(' '));
    }
  }
  return out.join('\n') + '\n';
}
