import { DTypeError, ShapeError, ValueError } from '../../core/errors.js';
import { isFloating } from '../../core/dtype.js';
import { defaultGenerator, type Generator } from '../../core/random.js';
import { formatShape } from '../../core/shape.js';
import { mul } from '../../tensor/ops/binary.js';
import { tensor } from '../../tensor/ops/creation.js';
import { reshape } from '../../tensor/ops/shape.js';
import type { Tensor } from '../../tensor/tensor.js';
import { Module } from '../module.js';

function checkP(op: string, p: number): void {
  if (typeof p !== 'number' || !(p >= 0 && p <= 1)) {
    throw new ValueError(`${op}: dropout probability has to be between 0 and 1, but got ${p}`);
  }
}

/**
 * x ⊙ mask with mask entries 0 (probability p) or 1/(1 − p), one draw per entry of `maskShape` (which
 * broadcasts against x); the gradient is g ⊙ mask, through the multiplication.
 */
function applyMask(x: Tensor, p: number, maskShape: readonly number[], generator: Generator): Tensor {
  let size = 1;
  for (const d of maskShape) size *= d;
  const values = new Float64Array(size);
  if (p < 1) {
    const scale = 1 / (1 - p);
    for (let i = 0; i < size; i++) values[i] = generator.uniform() < p ? 0 : scale;
  }
  return mul(x, reshape(tensor(values, { dtype: x.dtype }), maskShape));
}

function checkInput(op: string, x: Tensor): void {
  if (!isFloating(x.dtype)) throw new DTypeError(`${op}: expected a float32 or float64 input, got ${x.dtype}`);
}

/**
 * Inverted dropout (torch.nn.functional.dropout): in training, each element is zeroed with probability `p`
 * and the survivors are scaled by 1/(1 − p), so the expectation is unchanged; with `training = false` (or
 * p = 0) the input is returned as is. p = 1 zeroes everything. Draws from `generator` (default: the one
 * seeded by `manualSeed`), so a seeded run is reproducible.
 *
 * ```ts
 * const h = dropout(x, 0.2, model.training);
 * ```
 */
export function dropout(x: Tensor, p = 0.5, training = true, generator: Generator = defaultGenerator): Tensor {
  checkP('dropout', p);
  checkInput('dropout', x);
  if (!training || p === 0) return x;
  return applyMask(x, p, x.shape, generator);
}

/**
 * Channel dropout for inputs with `spatialDims` trailing spatial dims: [N, C, ...spatial] or unbatched
 * [C, ...spatial]; every channel map is zeroed entirely (probability p) or scaled by 1/(1 − p).
 */
function featureDropout(op: string, x: Tensor, spatialDims: number, p: number, training: boolean, generator: Generator): Tensor {
  checkP(op, p);
  checkInput(op, x);
  if (x.ndim !== spatialDims + 1 && x.ndim !== spatialDims + 2) {
    throw new ShapeError(
      `${op}: expected a ${spatialDims + 2}-D batched or ${spatialDims + 1}-D unbatched input, got ${formatShape(x.shape)}`,
    );
  }
  if (!training || p === 0) return x;
  const channelDims = x.ndim - spatialDims;
  const maskShape = x.shape.map((d, i) => (i < channelDims ? d : 1));
  return applyMask(x, p, maskShape, generator);
}

/**
 * 1-D channel dropout (torch.nn.functional.dropout1d): input [N, C, L] or [C, L]; each channel is zeroed
 * as a whole with probability p, the others scaled by 1/(1 − p).
 */
export function dropout1d(x: Tensor, p = 0.5, training = true, generator: Generator = defaultGenerator): Tensor {
  return featureDropout('dropout1d', x, 1, p, training, generator);
}

/**
 * 2-D channel dropout (torch.nn.functional.dropout2d): input [N, C, H, W] or [C, H, W]; each feature map
 * is zeroed as a whole with probability p, the others scaled by 1/(1 − p).
 */
export function dropout2d(x: Tensor, p = 0.5, training = true, generator: Generator = defaultGenerator): Tensor {
  return featureDropout('dropout2d', x, 2, p, training, generator);
}

/** Options of the dropout modules. */
export interface DropoutOptions {
  /** Generator for the masks (default: the one seeded by `manualSeed`). */
  generator?: Generator;
}

abstract class DropoutBase extends Module {
  readonly p: number;
  protected readonly generator: Generator | undefined;

  constructor(name: string, p: number, options: DropoutOptions) {
    super();
    checkP(name, p);
    this.p = p;
    this.generator = options.generator;
  }

  protected get rng(): Generator {
    return this.generator ?? defaultGenerator;
  }

  override extraRepr(): string {
    return `p=${this.p}`;
  }
}

/**
 * Inverted dropout layer (torch.nn.Dropout, default p = 0.5): active in training mode, the identity after
 * `eval()`. See `dropout`.
 *
 * ```ts
 * const drop = new Dropout(0.1);
 * drop.forward(x); // training: ~10 % zeros, the rest × 1/0.9
 * ```
 */
export class Dropout extends DropoutBase {
  constructor(p = 0.5, options: DropoutOptions = {}) {
    super('Dropout', p, options);
  }

  forward(x: Tensor): Tensor {
    return dropout(x, this.p, this.training, this.rng);
  }
}

/** Whole-channel dropout for [N, C, L] / [C, L] inputs (torch.nn.Dropout1d). See `dropout1d`. */
export class Dropout1d extends DropoutBase {
  constructor(p = 0.5, options: DropoutOptions = {}) {
    super('Dropout1d', p, options);
  }

  forward(x: Tensor): Tensor {
    return dropout1d(x, this.p, this.training, this.rng);
  }
}

/** Whole-channel dropout for [N, C, H, W] / [C, H, W] inputs (torch.nn.Dropout2d). See `dropout2d`. */
export class Dropout2d extends DropoutBase {
  constructor(p = 0.5, options: DropoutOptions = {}) {
    super('Dropout2d', p, options);
  }

  forward(x: Tensor): Tensor {
    return dropout2d(x, this.p, this.training, this.rng);
  }
}
