import { DataError } from '../../core/errors.js';

/** One block of CGCNN's 92-long atom feature vector: a one-hot encoding of one element property. */
export interface AtomFeatureBlock {
  /** Property name. */
  readonly name: string;
  /** First position in the vector. */
  readonly offset: number;
  /** Number of categories (positions). */
  readonly length: number;
  /** How the categories are defined (the bins). */
  readonly bins: string;
}

function blocks(specs: readonly [string, number, string][]): AtomFeatureBlock[] {
  let offset = 0;
  return specs.map(([name, length, bins]) => {
    const block = { name, offset, length, bins };
    offset += length;
    return block;
  });
}

/**
 * The layout of CGCNN's `atom_init.json` vectors (92 positions; Xie & Grossman, PRL 120, 145301 (2018),
 * Table S2), as the data itself shows it: nine one-hot blocks, each with at most one 1. A block is all
 * zeros when the property is unknown for the element (e.g. electronegativity and electron affinity of the
 * noble gases, atomic volume of Pm, At, Rn, Fr and most actinides). Continuous properties are cut into
 * 10 equal bins over the stated range; the range's ends fall into the first and last bins.
 */
export const CGCNN_ATOM_FEATURE_LAYOUT: readonly AtomFeatureBlock[] = blocks([
  ['group', 19, 'position 0: no group (La–Yb, Ac–Fm); position g: group g = 1…18'],
  ['period', 7, 'periods 1…7'],
  ['electronegativity', 10, 'Pauling, 0.5–4.0, bins of 0.35'],
  ['covalent radius', 10, '25–250 pm, bins of 22.5 pm'],
  ['valence electrons', 12, '1…12'],
  ['first ionization energy', 10, 'ln(E / eV) from 1.3 to 3.3 (E ≈ 3.7–27 eV), bins of 0.2'],
  ['electron affinity', 10, '−3 to 3.7 eV, bins of 0.67 eV'],
  ['block', 4, 's, p, d, f'],
  ['atomic volume', 10, 'ln(V / (cm³/mol)) from 1.5 to 4.3, bins of 0.28'],
]);

/**
 * Per-element feature vectors keyed by atomic number (CGCNN's `AtomCustomJSONInitializer`): the contents
 * of an `atom_init.json` file, `{"1": [...], "2": [...], ...}`, every vector of the same length.
 *
 * ```ts
 * const table = AtomFeatureTable.fromJSON(text, 'atom_init.json');
 * table.length;        // 92
 * table.vector(26);    // Fe
 * ```
 */
export class AtomFeatureTable {
  /** Length of every vector. */
  readonly length: number;
  private readonly vectors: ReadonlyMap<number, Float64Array>;

  constructor(vectors: ReadonlyMap<number, Float64Array>) {
    const first = vectors.values().next().value;
    this.length = first === undefined ? 0 : first.length;
    this.vectors = vectors;
  }

  /**
   * Parses `atom_init.json` text; `file` names it in errors, which give the line (and, for JSON syntax,
   * the line and column where the JavaScript engine reports them) and what was expected: keys are atomic numbers 1…118, values equal-length number arrays.
   */
  static fromJSON(text: string, file: string): AtomFeatureTable {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      // V8 names the place as 'position N' or 'line L column C' depending on the version.
      const pos = /position (\d+)/.exec(message);
      const lc = /line (\d+) column (\d+)/.exec(message);
      const at = pos !== null ? lineColumn(text, Number(pos[1])) : lc !== null ? { line: Number(lc[1]), column: Number(lc[2]) } : undefined;
      throw new DataError({ file, line: at?.line, column: at?.column }, `not valid JSON (${message})`);
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw new DataError({ file, line: 1 }, 'expected a JSON object mapping atomic numbers to feature arrays');
    }
    const vectors = new Map<number, Float64Array>();
    let length = -1;
    for (const [key, value] of Object.entries(parsed as Record<string, unknown>)) {
      const line = keyLine(text, key);
      const z = Number(key);
      if (!/^\d+$/.test(key) || z < 1 || z > 118) throw new DataError({ file, line, column: key }, `expected an atomic number 1…118 as key, got ${JSON.stringify(key)}`);
      if (!Array.isArray(value) || !value.every((v) => typeof v === 'number' && Number.isFinite(v))) {
        throw new DataError({ file, line, column: key }, 'expected an array of finite numbers');
      }
      if (length >= 0 && value.length !== length) {
        throw new DataError({ file, line, column: key }, `expected ${length} features like the elements before, got ${value.length}`);
      }
      length = value.length;
      vectors.set(z, Float64Array.from(value as number[]));
    }
    if (vectors.size === 0) throw new DataError({ file, line: 1 }, 'expected at least one element');
    return new AtomFeatureTable(vectors);
  }

  /** The atomic numbers that have a vector, ascending. */
  get atomicNumbers(): number[] {
    return [...this.vectors.keys()].sort((a, b) => a - b);
  }

  /** Whether element `z` has a vector. */
  has(z: number): boolean {
    return this.vectors.has(z);
  }

  /** The vector of element `z` (read-only view); undefined when the table lacks it. */
  vector(z: number): Float64Array | undefined {
    return this.vectors.get(z);
  }

  /** The table as `atom_init.json` content. */
  toJSON(): Record<string, number[]> {
    return Object.fromEntries(this.atomicNumbers.map((z) => [String(z), [...this.vectors.get(z)!]]));
  }
}

function lineColumn(text: string, position: number): { line: number; column: number } {
  const before = text.slice(0, position);
  const line = before.split('\n').length;
  return { line, column: position - before.lastIndexOf('\n') };
}

function keyLine(text: string, key: string): number | undefined {
  const at = text.indexOf(`"${key}"`);
  return at < 0 ? undefined : lineColumn(text, at).line;
}
