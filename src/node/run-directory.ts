/**
 * The run directory of a CLI workflow: one folder per run holding everything the run produced (its
 * arguments, metrics, predictions, weights, plots and report), written file by file atomically.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { isAbsolute, join, normalize, resolve, sep } from 'node:path';
import { DataError, ValueError } from '../core/errors.js';
import { type CsvCell, type CsvTableLike, toCsv } from '../data/csv-write.js';
import type { Tensor } from '../tensor/tensor.js';
import { VERSION } from '../version.js';
import { writeFileAtomicSync } from './atomic-write.js';
import { loadSafetensors, saveSafetensors } from './safetensors-file.js';

/** Options of `createRunDirectory`. */
export interface RunDirectoryOptions {
  /** The command that runs, e.g. 'composition-train'; names the folder (letters, digits, '-', '_', '.'). */
  readonly command: string;
  /** Use this folder (the `--out DIR` flag) instead of a new one under `root`; created when missing. */
  readonly out?: string;
  /** Where new run folders go. Default 'runs' (relative to the working directory). */
  readonly root?: string;
  /** The clock used for the folder name (tests pass a fixed date). Default now. */
  readonly now?: Date;
}

/** What `config.json` records about a run. */
export interface RunConfig {
  readonly command: string;
  /** The command's arguments as parsed (plain JSON values). */
  readonly args: Readonly<Record<string, unknown>>;
  readonly versions: { readonly tensorite: string; readonly node: string; readonly platform: string };
  /** ISO 8601 UTC time the run started. */
  readonly startedAt: string;
}

/**
 * `YYYYMMDD-HHMMSS` in UTC, the time stamp of run folder names.
 * @example runTimestamp(new Date('2026-01-02T03:04:05Z')) // '20260102-030405'
 */
export function runTimestamp(date: Date): string {
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${date.getUTCFullYear()}${p(date.getUTCMonth() + 1)}${p(date.getUTCDate())}-${p(date.getUTCHours())}${p(date.getUTCMinutes())}${p(date.getUTCSeconds())}`;
}

/**
 * Creates the folder of a new run and returns it as a `RunDirectory`.
 *
 * Without `out`, the folder is `<root>/<command>-<YYYYMMDD-HHMMSS>` (UTC), with `-2`, `-3`, … appended
 * when that name is taken (the folder is claimed with an exclusive `mkdir`, so two runs started in the
 * same second never share one). With `out`, that folder is used, created with its parents when missing;
 * files of an earlier run there are replaced one by one as the new run writes them.
 *
 * @throws ValueError when `command` holds characters other than letters, digits, '-', '_' and '.'.
 * @throws DataError when `out` exists and is not a directory.
 * @example
 * const run = createRunDirectory({ command: 'composition-train', out: values.out });
 * run.writeConfig({ data: 'steels.csv', model: 'mlp' });
 * run.writeJson('metrics.json', { mae: 91.2 });
 */
export function createRunDirectory(options: RunDirectoryOptions): RunDirectory {
  const { command } = options;
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(command)) {
    throw new ValueError(`createRunDirectory: command must be letters, digits, '-', '_' or '.', got ${JSON.stringify(command)}`);
  }
  if (options.out !== undefined) {
    if (existsSync(options.out) && !statSync(options.out).isDirectory()) {
      throw new DataError({ file: options.out }, 'the output folder (--out) exists and is not a directory');
    }
    mkdirSync(options.out, { recursive: true });
    return new RunDirectory(options.out, command);
  }
  const root = options.root ?? 'runs';
  mkdirSync(root, { recursive: true });
  const base = `${command}-${runTimestamp(options.now ?? new Date())}`;
  for (let k = 1; ; k++) {
    const path = join(root, k === 1 ? base : `${base}-${k}`);
    try {
      mkdirSync(path);
      return new RunDirectory(path, command);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
}

/**
 * Opens the folder of an earlier run for reading (e.g. `predict --model RUN_DIR`).
 * @throws DataError when the folder does not exist or is not a directory.
 */
export function openRunDirectory(path: string): RunDirectory {
  if (!existsSync(path)) throw new DataError({ file: path }, 'no such run directory');
  if (!statSync(path).isDirectory()) throw new DataError({ file: path }, 'expected a run directory, got a file');
  let command = '';
  const config = join(path, 'config.json');
  if (existsSync(config)) {
    const parsed = JSON.parse(readFileSync(config, 'utf8')) as { command?: unknown };
    if (typeof parsed.command === 'string') command = parsed.command;
  }
  return new RunDirectory(path, command);
}

/**
 * One run's folder. Every `write*` method replaces its file atomically (a reader sees the old file or the
 * whole new one) and records the name in `written`, so a report can list what the run produced. File
 * names are relative to the folder and may name sub-folders (`folds/1/weights.safetensors`), which are
 * created; names that leave the folder (`..`, absolute paths) are refused.
 */
export class RunDirectory {
  /** The folder, as given or created. */
  readonly path: string;
  /** The command that made the run ('' when opened from a folder without config.json). */
  readonly command: string;
  private readonly names: string[] = [];

  constructor(path: string, command: string) {
    this.path = path;
    this.command = command;
  }

  /** Names of the files written through this object, in first-write order. */
  get written(): readonly string[] {
    return this.names;
  }

  /**
   * The full path of `name` inside the folder.
   * @throws ValueError when `name` is empty, absolute or leaves the folder.
   */
  file(name: string): string {
    if (name === '' || isAbsolute(name)) throw new ValueError(`RunDirectory: expected a file name relative to the run folder, got ${JSON.stringify(name)}`);
    const normal = normalize(name);
    if (normal === '..' || normal.startsWith(`..${sep}`) || normal.startsWith('../')) {
      throw new ValueError(`RunDirectory: file name ${JSON.stringify(name)} leaves the run folder`);
    }
    return join(this.path, normal);
  }

  /** Writes UTF-8 text (or bytes) to `name`. Returns the full path. */
  writeText(name: string, text: string | Uint8Array): string {
    const path = this.prepare(name);
    writeFileAtomicSync(path, text);
    return path;
  }

  /** Writes `value` as indented JSON (non-finite numbers become null, as JSON has no NaN). */
  writeJson(name: string, value: unknown): string {
    return this.writeText(name, `${JSON.stringify(value, null, 2)}\n`);
  }

  /** Writes a table as CSV with `toCsv` (a `CsvTable` or an object of equal-length columns). */
  writeCsv(name: string, table: CsvTableLike | Readonly<Record<string, ArrayLike<CsvCell>>>): string {
    return this.writeText(name, toCsv(table));
  }

  /** Writes an SVG document (e.g. from `parityPlotSvg`). */
  writeSvg(name: string, svg: string): string {
    return this.writeText(name, svg);
  }

  /** Writes tensors as safetensors (readable by `safetensors.torch.load_file`), with optional string metadata. */
  writeSafetensors(name: string, tensors: Record<string, Tensor>, metadata?: Record<string, string>): string {
    const path = this.prepare(name);
    saveSafetensors(tensors, path, metadata);
    return path;
  }

  /**
   * Writes `config.json`: the command, its parsed arguments, the tensorite/Node versions and platform,
   * and the start time. Returns what was written.
   */
  writeConfig(args: Readonly<Record<string, unknown>>, now: Date = new Date()): RunConfig {
    const config: RunConfig = {
      command: this.command,
      args,
      versions: { tensorite: VERSION, node: process.version, platform: `${process.platform}-${process.arch}` },
      startedAt: now.toISOString(),
    };
    this.writeJson('config.json', config);
    return config;
  }

  /** Whether `name` exists in the folder. */
  has(name: string): boolean {
    return existsSync(this.file(name));
  }

  /** Reads `name` as UTF-8 text. @throws DataError naming the file when it is missing. */
  readText(name: string): string {
    const path = this.file(name);
    try {
      return readFileSync(path, 'utf8');
    } catch {
      throw new DataError({ file: path }, `cannot read the file (is ${JSON.stringify(this.path)} a complete run directory?)`);
    }
  }

  /** Reads and parses `name` as JSON. @throws DataError naming the file when it is missing or not JSON. */
  readJson<T = unknown>(name: string): T {
    const text = this.readText(name);
    try {
      return JSON.parse(text) as T;
    } catch (error) {
      throw new DataError({ file: this.file(name) }, `expected JSON: ${(error as Error).message}`);
    }
  }

  /** Reads every tensor of the safetensors file `name`. */
  readSafetensors(name: string): Record<string, Tensor> {
    return loadSafetensors(this.file(name));
  }

  /** Names of the files in the folder (recursively, '/'-separated, sorted), whoever wrote them. */
  list(): string[] {
    const out: string[] = [];
    const walk = (dir: string, prefix: string): void => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        if (entry.name.startsWith('.')) continue;
        if (entry.isDirectory()) walk(join(dir, entry.name), `${prefix}${entry.name}/`);
        else if (entry.isFile()) out.push(`${prefix}${entry.name}`);
      }
    };
    walk(this.path, '');
    return out.sort();
  }

  /** The absolute path of the folder. */
  get absolutePath(): string {
    return resolve(this.path);
  }

  private prepare(name: string): string {
    const path = this.file(name);
    const slash = Math.max(path.lastIndexOf('/'), path.lastIndexOf(sep));
    if (slash > 0) mkdirSync(path.slice(0, slash), { recursive: true });
    if (!this.names.includes(name)) this.names.push(name);
    return path;
  }
}
