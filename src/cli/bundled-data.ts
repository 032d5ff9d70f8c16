import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

/** The package's bundled `data/` folder (beside `dist/`), whatever the working directory. */
export const BUNDLED_DATA_DIR = fileURLToPath(new URL('../../../data/', import.meta.url));

/** A path inside the bundled `data/` folder, e.g. `bundledDataPath('matbench', 'matbench_steels.csv')`. */
export function bundledDataPath(...parts: string[]): string {
  return join(BUNDLED_DATA_DIR, ...parts);
}
