import { DataError, ValueError } from '../../core/errors.js';
import { parseCsv } from '../../data/csv.js';
import { cgcnnNeighbors, readCif, readPoscar, type Structure } from '../structure/index.js';
import type { AtomFeatureTable } from './atom-features.js';
import { buildCrystalGraph, type CrystalGraph } from './crystal-graph.js';
import { GaussianDistance } from './gaussian-distance.js';

/** Where a crystal came from: its id, the file and line for messages, its target and split when given. */
export interface CrystalRecord {
  readonly id: string;
  readonly structure: Structure;
  readonly source: string;
  readonly line?: number;
  readonly target?: number;
  /** 'train', 'val' or 'test' when the data names a split. */
  readonly split?: 'train' | 'val' | 'test';
}

/**
 * A structure from POSCAR or CIF text: CIF when the text has a `data_` block header, POSCAR otherwise.
 * `source` and `firstLine` (the text's first line in its file) place errors in the file.
 *
 * @throws DataError naming the file and line of the problem.
 */
export function parseStructureText(text: string, source: string, firstLine = 1): Structure {
  if (/^\s*data_/m.test(text)) {
    try {
      const structures = readCif(text, { source });
      if (structures.length !== 1) throw new DataError({ file: source, line: firstLine }, `expected one structure in the CIF text, got ${structures.length}`);
      return structures[0]!;
    } catch (error) {
      if (error instanceof DataError && firstLine > 1 && error.file === source) {
        throw new DataError({ file: source, line: (error.line ?? 1) + firstLine - 1, column: error.column }, error.message.replace(/^[^ ]* /, ''));
      }
      throw error;
    }
  }
  return readPoscar(text, { source, firstLine }).structure;
}

const SPLIT_NAMES: Readonly<Record<string, 'train' | 'val' | 'test'>> = {
  train: 'train', training: 'train', val: 'val', valid: 'val', validation: 'val', dev: 'val', test: 'test', testing: 'test',
};

/** Options of `crystalRecordsFromCsv`: column names (defaults: detected, see there). */
export interface CrystalCsvOptions {
  readonly idColumn?: string;
  readonly structureColumn?: string;
  /** The property column; required unless the table has a `target` column. Absent targets are allowed with `targetOptional`. */
  readonly targetColumn?: string;
  /** Without a target column, read structures only (for prediction). */
  readonly targetOptional?: boolean;
  /** Default: `split` when present. */
  readonly splitColumn?: string;
}

function pick(names: readonly string[], wanted: string | undefined, candidates: readonly string[], what: string, file: string): string | undefined {
  if (wanted !== undefined) {
    if (!names.includes(wanted)) throw new DataError({ file, line: 1 }, `no ${what} column ${JSON.stringify(wanted)}; the columns are ${names.map((n) => JSON.stringify(n)).join(', ')}`);
    return wanted;
  }
  const lower = names.map((n) => n.toLowerCase());
  const at = candidates.map((c) => lower.indexOf(c)).find((i) => i >= 0);
  return at === undefined ? undefined : names[at];
}

/**
 * Crystals from a CSV whose rows hold a structure as POSCAR or CIF text (quoted, multi-line), e.g. the
 * JARVIS `tc_supercon` table. Columns: id (default the first of id, jid, material_id, name, or the row
 * number), structure (default the first of poscar, cif, structure), target (`targetColumn`, or a column
 * named target), split (default `split`: train / val / test, also training, valid, validation, test).
 *
 * @throws DataError naming the file, line and column of a bad cell or structure.
 */
export function crystalRecordsFromCsv(text: string, file: string, options: CrystalCsvOptions = {}): CrystalRecord[] {
  const table = parseCsv(text, { file, columns: {} });
  const names = table.columns;
  const idColumn = pick(names, options.idColumn, ['id', 'jid', 'material_id', 'name'], 'id', file);
  const structureColumn = pick(names, options.structureColumn, ['poscar', 'cif', 'structure'], 'structure', file);
  if (structureColumn === undefined) throw new DataError({ file, line: 1 }, `expected a structure column (poscar, cif or structure, or name it with the structure-column option); the columns are ${names.map((n) => JSON.stringify(n)).join(', ')}`);
  const targetColumn = pick(names, options.targetColumn, ['target'], 'target', file);
  if (targetColumn === undefined && options.targetOptional !== true) throw new DataError({ file, line: 1 }, `expected a target column (name it with the target option); the columns are ${names.map((n) => JSON.stringify(n)).join(', ')}`);
  const splitColumn = pick(names, options.splitColumn, ['split'], 'split', file);
  const structures = Array.from(table.column(structureColumn) as ArrayLike<unknown>, (v) => String(v));
  const ids = idColumn === undefined ? undefined : Array.from(table.column(idColumn) as ArrayLike<unknown>, (v) => String(v));
  const targets = targetColumn === undefined ? undefined : table.numeric(targetColumn);
  const splits = splitColumn === undefined ? undefined : Array.from(table.column(splitColumn) as ArrayLike<unknown>, (v) => String(v));
  const records: CrystalRecord[] = [];
  for (let row = 0; row < table.rows; row++) {
    const line = table.line(row);
    const id = ids?.[row] ?? `row${row + 1}`;
    const structure = parseStructureText(structures[row]!, file, line);
    let split: CrystalRecord['split'];
    if (splits !== undefined) {
      split = SPLIT_NAMES[splits[row]!.trim().toLowerCase()];
      if (split === undefined) throw new DataError({ file, line, column: splitColumn }, `expected train, val or test, got ${JSON.stringify(splits[row])}`);
    }
    const target = targets?.[row];
    records.push({ id, structure, source: file, line, ...(target === undefined ? {} : { target }), ...(split === undefined ? {} : { split }) });
  }
  return records;
}

/**
 * Crystals of a CGCNN data directory (`id_prop.csv` + `<id>.cif`): `idProp` is the text of id_prop.csv
 * (no header; rows `id,target`, the target may be absent for prediction), `readCifText(id)` returns the text
 * of `<id>.cif` and the name to show in messages.
 *
 * @throws DataError naming id_prop.csv's line for a bad row, or the CIF file and line for a bad structure.
 */
export function crystalRecordsFromIdProp(
  idProp: string, file: string, readCifText: (id: string) => { text: string; source: string }, options: { targetOptional?: boolean } = {},
): CrystalRecord[] {
  const records: CrystalRecord[] = [];
  idProp.split(/\r?\n/).forEach((raw, i) => {
    const lineText = raw.trim();
    if (lineText === '') return;
    const cells = lineText.split(',').map((c) => c.trim());
    const line = i + 1;
    const id = cells[0]!;
    if (id === '') throw new DataError({ file, line, column: 1 }, 'expected a crystal id');
    let target: number | undefined;
    if (cells.length >= 2 && cells[1] !== '') {
      target = Number(cells[1]);
      if (!Number.isFinite(target)) throw new DataError({ file, line, column: 2 }, `expected a number as target, got ${JSON.stringify(cells[1])}`);
    } else if (options.targetOptional !== true) {
      throw new DataError({ file, line, column: 2 }, 'expected a target value after the id (id,target)');
    }
    const { text, source } = readCifText(id);
    records.push({ id, structure: parseStructureText(text, source), source, line: 1, ...(target === undefined ? {} : { target }) });
  });
  if (records.length === 0) throw new DataError({ file }, 'expected at least one row id,target');
  return records;
}

/** Graph settings (the reference's `CIFData` defaults: radius 8 Å, 12 neighbours, step 0.2 Å). */
export interface GraphSettings {
  radius?: number;
  maxNeighbors?: number;
  /** Gaussian step and width, Å (default 0.2). */
  step?: number;
}

/**
 * Crystal graphs of `records` with atom features from `table` and CGCNN's neighbour table and Gaussian
 * bond features (dmin 0, dmax = radius).
 *
 * @throws DataError when an element lacks an atom feature vector (naming the record's file and line).
 */
export function crystalGraphsFromRecords(records: readonly CrystalRecord[], table: AtomFeatureTable, settings: GraphSettings = {}): CrystalGraph[] {
  const radius = settings.radius ?? 8;
  const maxNeighbors = settings.maxNeighbors ?? 12;
  if (!(radius > 0)) throw new ValueError(`crystal graphs: radius must be positive, got ${radius}`);
  const expansion = new GaussianDistance({ dmin: 0, dmax: radius, step: settings.step ?? 0.2 });
  return records.map((r) => {
    const z = r.structure.atomicNumbers;
    const missing = [...z].find((v) => !table.has(v));
    if (missing !== undefined) throw new DataError({ file: r.source, line: r.line }, `crystal ${r.id}: element Z=${missing} has no atom feature vector in atom_init.json`);
    const neighbors = cgcnnNeighbors(r.structure, { radius, maxNeighbors });
    return buildCrystalGraph({ id: r.id, atomicNumbers: z, neighbors, ...(r.target === undefined ? {} : { target: r.target }) }, table, expansion);
  });
}
