import { basename } from 'node:path';
import { DataError } from '../core/errors.js';
import { readCif } from '../materials/structure/cif-read.js';
import { readExtxyz } from '../materials/structure/extxyz.js';
import { readPoscar } from '../materials/structure/poscar-read.js';
import type { Structure } from '../materials/structure/structure.js';
import { readTextFile } from './read-text-file.js';

/** Structure file formats `readStructures` knows. */
export type StructureFormat = 'cif' | 'poscar' | 'extxyz';

/** Options of `readStructures` / `readStructureFile`. */
export interface ReadStructureFileOptions {
  /** The format; default from the name (`.cif`; `.xyz`/`.extxyz`; `POSCAR*`, `CONTCAR*`, `.vasp`, `.poscar`), `.gz` ignored. */
  readonly format?: StructureFormat;
  /** Name used in error messages. Default: the path as given. */
  readonly file?: string;
}

/** The format a file name implies, or undefined. */
export function structureFormatOf(path: string): StructureFormat | undefined {
  const name = basename(path).replace(/\.gz$/i, '').toLowerCase();
  if (name.endsWith('.cif') || name.endsWith('.mcif')) return 'cif';
  if (name.endsWith('.xyz') || name.endsWith('.extxyz')) return 'extxyz';
  if (name.startsWith('poscar') || name.startsWith('contcar') || name.endsWith('.vasp') || name.endsWith('.poscar')) return 'poscar';
  return undefined;
}

/**
 * Every structure in a file: each CIF data block with atom sites, each extended-XYZ frame, or the one POSCAR.
 * @throws DataError naming the file (and line) when it cannot be read, its format is unknown, or it is malformed.
 * @example
 * const structures = readStructures('data/structures/cgcnn-sample/1000041.cif');
 */
export function readStructures(path: string, options: ReadStructureFileOptions = {}): Structure[] {
  const file = options.file ?? path;
  const format = options.format ?? structureFormatOf(path);
  if (format === undefined) throw new DataError({ file }, 'unknown structure format: expected a .cif, .xyz/.extxyz, .vasp or POSCAR/CONTCAR file (or options.format)');
  const text = readTextFile(path, file);
  if (format === 'cif') return readCif(text, { source: file });
  if (format === 'extxyz') return readExtxyz(text, { source: file }).map((frame) => frame.structure);
  return [readPoscar(text, { source: file }).structure];
}

/**
 * The first structure in a file (see `readStructures`).
 * @example
 * const nacl = readStructureFile('NaCl.cif');
 */
export function readStructureFile(path: string, options: ReadStructureFileOptions = {}): Structure {
  return readStructures(path, options)[0]!;
}
