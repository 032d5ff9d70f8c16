/** Paths of the bundled structure data (data/structures/), resolved from the repository root. */
import { fileURLToPath } from 'node:url';

/** Absolute path of `data/structures/<relative>` (works from dist/test/...). */
export function structureDataPath(relative: string): string {
  return fileURLToPath(new URL(`../../../data/structures/${relative}`, import.meta.url));
}

/** The ten CIF files of the bundled CGCNN sample. */
export const CGCNN_SAMPLE_CIFS = ['1000041', '1000050', '1101051', '1507756', '7206075', '9000046', '9009743', '9011050', '9011998', '9012304'].map((id) => `${id}.cif`);
