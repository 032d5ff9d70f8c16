import { ValueError } from '../../core/errors.js';
import type { Composition } from '../composition/composition.js';
import type { CompositionFeaturizer } from './featurizer.js';

/**
 * matminer's `Stoichiometry` (Ward et al. 2016): Lp norms of the atomic fractions xᵢ,
 * ‖x‖ₚ = (Σ xᵢᵖ)^(1/p) for p > 0 and the number of elements for p = 0. Default p = 0, 2, 3, 5, 7, 10;
 * labels `0-norm`, `2-norm`, ….
 * @example new StoichiometryFeaturizer().labels // ['0-norm', '2-norm', '3-norm', '5-norm', '7-norm', '10-norm']
 */
export class StoichiometryFeaturizer implements CompositionFeaturizer {
  readonly labels: readonly string[];
  readonly pList: readonly number[];

  constructor(options: { pList?: readonly number[] } = {}) {
    this.pList = Object.freeze([...(options.pList ?? [0, 2, 3, 5, 7, 10])]);
    for (const p of this.pList) {
      if (!Number.isInteger(p) || p < 0) throw new ValueError(`StoichiometryFeaturizer: p must be a non-negative integer, got ${p}`);
    }
    this.labels = Object.freeze(this.pList.map((p) => `${p}-norm`));
  }

  featurizeInto(composition: Composition, out: Float64Array, offset: number): void {
    const amounts = composition.amounts;
    const n = amounts.length;
    let total = 0;
    for (let i = 0; i < n; i++) total += amounts[i]!;
    for (let k = 0; k < this.pList.length; k++) {
      const p = this.pList[k]!;
      if (p === 0) {
        out[offset + k] = n;
        continue;
      }
      let s = 0;
      for (let i = 0; i < n; i++) {
        // integer power by multiplication (Math.pow with a variable exponent is slow)
        const x = amounts[i]! / total;
        let xp = x;
        for (let e = 1; e < p; e++) xp *= x;
        s += xp;
      }
      out[offset + k] = p === 1 ? s : p === 2 ? Math.sqrt(s) : p === 3 ? Math.cbrt(s) : Math.pow(s, 1 / p);
    }
  }
}
