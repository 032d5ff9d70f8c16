/** File access of the `tensorite crystal` commands: the data sources they accept and the bundled default. */
import { existsSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DataError } from '../core/errors.js';
import { AtomFeatureTable } from '../materials/cgcnn/atom-features.js';
import { readTextFile } from '../node/read-text-file.js';
import { crystalRecordsFromCsv, crystalRecordsFromIdProp, type CrystalRecord } from '../materials/cgcnn/structure-data.js';

/** The repository's / package's `data/` folder (dist/src/cli → ../../../data). */
export const BUNDLED_DATA = fileURLToPath(new URL('../../../data/', import.meta.url));
/** The JARVIS-DFT superconductor Tc table with its official train/val/test split. */
export const BUNDLED_TC_CSV = join(BUNDLED_DATA, 'structures', 'tc_supercon_616_structures.csv.gz');
/** CGCNN's atom_init.json. */
export const BUNDLED_ATOM_INIT = join(BUNDLED_DATA, 'structures', 'cgcnn-sample', 'atom_init.json');

/** What a data source gave: crystals, the atom features to use, and a label for reports. */
export interface CrystalData {
  records: CrystalRecord[];
  atomInit: AtomFeatureTable;
  atomInitText: string;
  atomInitSource: string;
  /** The data path as shown in reports. */
  label: string;
  /** Name of the target for plots and tables. */
  targetName: string;
}

/** Options naming the columns of a CSV source (see `crystalRecordsFromCsv`). */
export interface CrystalSourceOptions {
  target?: string;
  idColumn?: string;
  structureColumn?: string;
  splitColumn?: string;
  atomInit?: string;
  /** Reading for prediction: targets may be absent. */
  targetOptional?: boolean;
}

/**
 * Reads crystals from `path`: a CGCNN data directory (`id_prop.csv`, `<id>.cif`, optional `atom_init.json`),
 * a CSV (optionally .gz) with POSCAR/CIF text in a column, or (no path) the bundled JARVIS Tc table with target `Tc_K`.
 */
export function loadCrystalData(path: string | undefined, options: CrystalSourceOptions = {}): CrystalData {
  let records: CrystalRecord[];
  let atomInitPath = options.atomInit;
  let targetName = options.target ?? 'target';
  let label: string;
  if (path === undefined) {
    label = 'tc_supercon_616_structures.csv (bundled JARVIS-DFT superconductor Tc, official split)';
    targetName = options.target ?? 'Tc_K';
    records = crystalRecordsFromCsv(readTextFile(BUNDLED_TC_CSV), basename(BUNDLED_TC_CSV).replace(/\.gz$/, ''), { ...options, targetColumn: targetName });
  } else if (existsSync(path) && statSync(path).isDirectory()) {
    label = path;
    const idProp = join(path, 'id_prop.csv');
    if (!existsSync(idProp)) throw new DataError({ file: idProp }, 'a CGCNN data directory needs id_prop.csv (rows id,target) beside the <id>.cif files');
    records = crystalRecordsFromIdProp(readTextFile(idProp), idProp, (id) => {
      const cif = join(path, `${id}.cif`);
      if (!existsSync(cif)) throw new DataError({ file: idProp }, `no structure file ${id}.cif for crystal ${id}`);
      return { text: readTextFile(cif), source: cif };
    }, { targetOptional: options.targetOptional });
    if (atomInitPath === undefined && existsSync(join(path, 'atom_init.json'))) atomInitPath = join(path, 'atom_init.json');
  } else {
    label = path;
    records = crystalRecordsFromCsv(readTextFile(path), path, { ...options, targetColumn: options.target });
  }
  atomInitPath ??= BUNDLED_ATOM_INIT;
  const atomInitText = readTextFile(atomInitPath);
  return { records, atomInit: AtomFeatureTable.fromJSON(atomInitText, atomInitPath), atomInitText, atomInitSource: atomInitPath, label, targetName };
}
