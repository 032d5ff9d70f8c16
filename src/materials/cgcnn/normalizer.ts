import { ValueError } from '../../core/errors.js';

/**
 * Target standardisation of the reference (`Normalizer` in its `main.py`): mean and sample standard
 * deviation (n − 1, torch.std) of a sample of targets; `norm(y) = (y − mean)/std`, `denorm(z) = z·std + mean`.
 * The reference draws the sample from 500 random crystals of the whole data set; `fromTargets` takes the
 * values it is given (pass the training targets).
 *
 * ```ts
 * const n = Normalizer.fromTargets(trainTargets);
 * n.denorm(n.norm(3.2)); // 3.2
 * ```
 */
export class Normalizer {
  constructor(readonly mean: number, readonly std: number) {
    if (!Number.isFinite(mean) || !(std > 0) || !Number.isFinite(std)) throw new ValueError(`Normalizer: needs a finite mean and a positive std, got ${mean}, ${std}`);
  }

  /** Mean and sample std of `targets` (at least two distinct values). */
  static fromTargets(targets: ArrayLike<number>): Normalizer {
    const n = targets.length;
    if (n < 2) throw new ValueError(`Normalizer: needs at least two targets, got ${n}`);
    let mean = 0;
    for (let i = 0; i < n; i++) mean += targets[i]!;
    mean /= n;
    let ss = 0;
    for (let i = 0; i < n; i++) ss += (targets[i]! - mean) ** 2;
    return new Normalizer(mean, Math.sqrt(ss / (n - 1)));
  }

  /** (y − mean) / std. */
  norm(y: number): number {
    return (y - this.mean) / this.std;
  }

  /** z·std + mean. */
  denorm(z: number): number {
    return z * this.std + this.mean;
  }

  /** `{ mean, std }`, the reference's `state_dict()`. */
  stateDict(): { mean: number; std: number } {
    return { mean: this.mean, std: this.std };
  }

  /** A normaliser from `{ mean, std }`. */
  static fromStateDict(state: { mean: number; std: number }): Normalizer {
    return new Normalizer(state.mean, state.std);
  }
}
