import { DataError, ValueError } from '../../core/errors.js';
import { isElementSymbol } from './elements.js';
import { Lattice } from './lattice.js';
import { Structure, type SiteValue } from './structure.js';

/** Options of `readPoscar`. */
export interface ReadPoscarOptions {
  /** Name of the file the text came from, used in error messages. */
  readonly source: string;
  /**
   * Species names for a VASP 4 file (no species line), one per count. Without it a VASP 4 file takes them
   * from the comment line when that is a list of element symbols of the right length.
   */
  readonly species?: readonly string[];
  /** Line number (1-based) of the text's first line in `source`, when the POSCAR is embedded (e.g. a CSV cell). Default 1. */
  readonly firstLine?: number;
}

/** A POSCAR's structure and its comment (first) line. */
export interface Poscar {
  readonly structure: Structure;
  readonly comment: string;
}

/** A species name as VASP writes it (`Fe`, `Fe_pv`, `Fe/2a3b…` with a POTCAR hash) → element symbol, or undefined. */
function speciesName(word: string): string | undefined {
  const symbol = word.split(/[_/.]/)[0]!;
  return isElementSymbol(symbol) ? symbol : undefined;
}

const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eEdD][+-]?\d+)?$/;

/**
 * Reads a VASP POSCAR or CONTCAR: comment line; scale factor (one number, negative = the cell volume in Å³,
 * or three per-axis factors); three lattice vectors (rows); species names (VASP 5; absent in VASP 4);
 * counts per species; optional `Selective dynamics`; `Direct` or `Cartesian` (first letter C/c/K/k);
 * then one line per site — 3 coordinates, then T/F flags under selective dynamics. Lines after the sites
 * (velocities, predictor-corrector) are ignored. Cartesian coordinates are scaled like the lattice.
 * Site property `selectiveDynamics` ([boolean, boolean, boolean], true = may move) when present.
 *
 * pymatgen equivalent: `Poscar.from_string(text).structure`; ASE: `ase.io.read(f, format='vasp')`.
 * @throws DataError naming the source, line and field of the first malformed or missing line.
 * @example
 * const { structure } = readPoscar(text, { source: 'POSCAR' });
 */
export function readPoscar(text: string, options: ReadPoscarOptions): Poscar {
  const source = options.source;
  const offset = (options.firstLine ?? 1) - 1;
  const lines = text.split(/\r?\n/);
  let index = 0;
  const fail = (lineIndex: number, message: string): never => {
    throw new DataError({ file: source, line: lineIndex + 1 + offset }, message);
  };
  const next = (what: string): { words: string[]; at: number } => {
    if (index >= lines.length || (index === lines.length - 1 && lines[index]!.trim() === '')) fail(Math.min(index, lines.length - 1), `expected ${what}, but the file ends`);
    const at = index++;
    return { words: lines[at]!.trim().split(/\s+/).filter((w) => w.length > 0), at };
  };
  const numbers = (words: string[], at: number, what: string): number[] => words.map((w) => {
    if (!NUMBER.test(w)) fail(at, `${what}: expected a number, got "${w}"`);
    return Number(w.replace(/[dD]/, 'e'));
  });

  const comment = lines[index++] ?? '';
  const scaleLine = next('the scale factor (line 2)');
  if (scaleLine.words.length !== 1 && scaleLine.words.length < 3) fail(scaleLine.at, `scale factor: expected one number or three, got "${lines[scaleLine.at]!.trim()}"`);
  const scale = numbers(scaleLine.words.length === 1 ? scaleLine.words : scaleLine.words.slice(0, 3), scaleLine.at, 'scale factor');
  const rows: number[][] = [];
  for (let k = 0; k < 3; k++) {
    const line = next(`lattice vector ${k + 1}`);
    if (line.words.length < 3) fail(line.at, `lattice vector ${k + 1}: expected three numbers, got "${lines[line.at]!.trim()}"`);
    rows.push(numbers(line.words.slice(0, 3), line.at, `lattice vector ${k + 1}`));
  }
  let lattice: Lattice;
  try {
    lattice = new Lattice(rows);
  } catch (error) {
    if (error instanceof ValueError) fail(scaleLine.at + 1, error.message);
    throw error;
  }
  // Cartesian coordinates are scaled like the lattice vectors (per Cartesian axis for three factors).
  let axisScale: number[];
  if (scale.length === 1) {
    const s = scale[0]!;
    if (s === 0) fail(scaleLine.at, 'scale factor: expected a non-zero number');
    const factor = s > 0 ? s : Math.cbrt(-s / lattice.volume);
    axisScale = [factor, factor, factor];
  } else {
    if (scale.some((s) => s <= 0)) fail(scaleLine.at, 'scale factor: three per-axis factors must be positive');
    axisScale = scale;
  }
  lattice = new Lattice(Array.from(lattice.matrix, (x, p) => x * axisScale[p % 3]!));

  let speciesLine = next('species names or counts');
  let names: string[];
  if (speciesLine.words.every((w) => /^\d+$/.test(w))) {
    const fromComment = comment.trim().split(/\s+/);
    const given = options.species ?? fromComment;
    if (given.length !== speciesLine.words.length || !given.every((w) => speciesName(w) !== undefined)) {
      fail(speciesLine.at, `VASP 4 file without species names: expected ${speciesLine.words.length} species to be given (options.species) or listed on the comment line`);
    }
    names = given.map((w) => speciesName(w)!);
  } else {
    names = speciesLine.words.map((w) => {
      const name = speciesName(w);
      if (name === undefined) fail(speciesLine.at, `species names: expected element symbols, got "${w}"`);
      return name!;
    });
    speciesLine = next('the counts per species');
  }
  const counts = speciesLine.words.map((w) => {
    if (!/^\d+$/.test(w)) fail(speciesLine.at, `counts per species: expected non-negative integers, got "${w}"`);
    return Number(w);
  });
  if (counts.length !== names.length) fail(speciesLine.at, `counts per species: expected ${names.length} counts (one per species ${names.join(' ')}), got ${counts.length}`);

  let modeLine = next('"Direct" or "Cartesian"');
  const selective = /^s/i.test(modeLine.words[0] ?? '');
  if (selective) modeLine = next('"Direct" or "Cartesian"');
  const cartesian = /^[ck]/i.test(modeLine.words[0] ?? '');
  if (!cartesian && !/^d/i.test(modeLine.words[0] ?? '')) fail(modeLine.at, `coordinate mode: expected "Direct" or "Cartesian", got "${lines[modeLine.at]!.trim()}"`);

  const species: string[] = [];
  const coords: number[] = [];
  const flags: SiteValue[] = [];
  const total = counts.reduce((a, b) => a + b, 0);
  for (let s = 0; s < total; s++) {
    const line = next(`site ${s + 1} of ${total}`);
    if (line.words.length < 3) fail(line.at, `site ${s + 1}: expected three coordinates, got "${lines[line.at]!.trim()}"`);
    coords.push(...numbers(line.words.slice(0, 3), line.at, `site ${s + 1}`));
    if (selective) {
      const f = line.words.slice(3, 6);
      if (f.length !== 3 || !f.every((w) => /^[TF]/i.test(w))) fail(line.at, `site ${s + 1}: expected three T/F selective-dynamics flags after the coordinates`);
      flags.push(f.map((w) => /^T/i.test(w)));
    }
  }
  counts.forEach((c, k) => { for (let r = 0; r < c; r++) species.push(names[k]!); });
  const siteProperties: Record<string, SiteValue[]> = selective ? { selectiveDynamics: flags } : {};
  const structure = cartesian
    ? Structure.fromCartesian(lattice, species, coords.map((x, p) => x * axisScale[p % 3]!), { siteProperties })
    : new Structure(lattice, species, coords, { siteProperties });
  return { structure, comment };
}
