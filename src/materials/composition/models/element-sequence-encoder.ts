import { ValueError } from '../../../core/errors.js';
import { sinusoidalTable } from '../../../nn/attention/positional-encoding.js';
import { tensor } from '../../../tensor/ops/creation.js';
import type { Tensor } from '../../../tensor/tensor.js';
import { crabnetTable, type CrabnetTableName } from '../../elements/crabnet.js';
import { ELEMENT_SYMBOLS } from '../../elements/periodic-table.js';
import type { Composition } from '../composition.js';

/** The saved state of an `ElementSequenceEncoder`. */
export interface ElementSequenceEncoderJSON {
  readonly type: 'ElementSequenceEncoder';
  /** The element-embedding table. */
  readonly table: CrabnetTableName;
  /** Width of the fraction encoding (the attention model's width). */
  readonly modelSize: number;
}

/** Positions of CrabNet's fractional encoding table (a fraction resolves to 1/RESOLUTION). */
const RESOLUTION = 5000;

/**
 * The element embedding table of an attention model: row 0 is padding (zeros), row Z the vector of the
 * element with atomic number Z from a CrabNet table (mat2vec: 200-d; elements missing from the table get
 * zeros). Returned flat, [119, width].
 */
export function elementEmbeddingTable(name: CrabnetTableName): { data: Float32Array; width: number } {
  const table = crabnetTable(name);
  const width = table.columns.length;
  const data = new Float32Array((ELEMENT_SYMBOLS.length + 1) * width);
  ELEMENT_SYMBOLS.forEach((symbol, i) => {
    const row = table.elements.indexOf(symbol);
    if (row < 0) return;
    table.values[row]!.forEach((v, j) => {
      data[(i + 1) * width + j] = v ?? 0;
    });
  });
  return { data, width };
}

/**
 * Turns compositions into the inputs of `ElementAttentionNet` — one "sentence" of elements per composition,
 * padded to the longest in the batch:
 * - element indices [n, L] int32 (atomic number; 0 = padding),
 * - atomic fractions [n, L] float32 (0 for padding),
 * - CrabNet's fractional encoding [n, L, modelSize]: half a sinusoidal encoding of the fraction (resolution
 *   1/5000), half of 0.0025·log2(fraction)² (which resolves trace amounts), as in `FractionalEncoder`.
 * Nothing is fitted; the element vectors are fixed tables.
 */
export class ElementSequenceEncoder {
  readonly table: CrabnetTableName;
  readonly modelSize: number;
  private readonly sinusoids: Float64Array;

  constructor(table: CrabnetTableName, modelSize: number) {
    if (!Number.isInteger(modelSize) || modelSize < 4 || modelSize % 4 !== 0) throw new ValueError(`ElementSequenceEncoder: modelSize must be a multiple of 4, got ${modelSize}`);
    this.table = table;
    this.modelSize = modelSize;
    this.sinusoids = sinusoidalTable(RESOLUTION, modelSize / 2);
  }

  /** The inputs [indices, fractions, fraction encoding] of `compositions`. */
  encode(compositions: readonly Composition[]): Tensor[] {
    const n = compositions.length;
    const length = Math.max(1, ...compositions.map((c) => c.size));
    const half = this.modelSize / 2;
    const index = new Int32Array(n * length);
    const fraction = new Float32Array(n * length);
    const encoding = new Float32Array(n * length * this.modelSize);
    compositions.forEach((c, r) => {
      const total = c.numAtoms;
      c.atomicNumbers.forEach((z, j) => {
        const at = r * length + j;
        const x = Math.max(c.amounts[j]! / total, 1 / RESOLUTION);
        index[at] = z;
        fraction[at] = c.amounts[j]! / total;
        const linear = Math.round(x * RESOLUTION) - 1;
        const logScaled = Math.min(1, 0.0025 * Math.log2(x) ** 2);
        const log = Math.max(0, Math.round(logScaled * RESOLUTION) - 1);
        for (let k = 0; k < half; k++) {
          encoding[at * this.modelSize + k] = this.sinusoids[linear * half + k]!;
          encoding[at * this.modelSize + half + k] = this.sinusoids[log * half + k]!;
        }
      });
    });
    return [
      tensor(index, { dtype: 'int32' }).reshape([n, length]),
      tensor(fraction).reshape([n, length]),
      tensor(encoding).reshape([n, length, this.modelSize]),
    ];
  }

  toJSON(): ElementSequenceEncoderJSON {
    return { type: 'ElementSequenceEncoder', table: this.table, modelSize: this.modelSize };
  }

  static fromJSON(json: ElementSequenceEncoderJSON): ElementSequenceEncoder {
    if (json?.type !== 'ElementSequenceEncoder') throw new ValueError('ElementSequenceEncoder.fromJSON: expected a saved ElementSequenceEncoder');
    return new ElementSequenceEncoder(json.table, json.modelSize);
  }
}
