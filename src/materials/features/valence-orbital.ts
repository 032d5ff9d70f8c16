import type { Composition } from '../composition/composition.js';
import { magpieTable } from '../elements/magpie-data.js';
import type { CompositionFeaturizer } from './featurizer.js';

const ORBITALS = ['s', 'p', 'd', 'f'] as const;

/**
 * matminer's `ValenceOrbital` with its defaults (orbitals s, p, d, f; props avg and frac): the mean number
 * of valence electrons in each orbital weighted by amount (`avg s valence electrons`, …, from the Magpie
 * `NsValence` … `NfValence` tables), then each mean divided by the mean total valence-electron count
 * `NValence` (`frac s valence electrons`, …). Eight features.
 */
export class ValenceOrbitalFeaturizer implements CompositionFeaturizer {
  readonly labels: readonly string[] = Object.freeze([
    ...ORBITALS.map((o) => `avg ${o} valence electrons`),
    ...ORBITALS.map((o) => `frac ${o} valence electrons`),
  ]);
  private readonly shells = (['NsValence', 'NpValence', 'NdValence', 'NfValence'] as const).map((p) => magpieTable(p, { impute: true }));
  private readonly total = magpieTable('NValence', { impute: true });

  featurizeInto(composition: Composition, out: Float64Array, offset: number): void {
    const { atomicNumbers, amounts } = composition;
    const n = atomicNumbers.length;
    let weightSum = 0;
    let totalValence = 0;
    for (let i = 0; i < n; i++) {
      weightSum += amounts[i]!;
      totalValence += amounts[i]! * this.total[atomicNumbers[i]!]!;
    }
    totalValence /= weightSum;
    for (let k = 0; k < 4; k++) {
      const table = this.shells[k]!;
      let s = 0;
      for (let i = 0; i < n; i++) s += amounts[i]! * table[atomicNumbers[i]!]!;
      const avg = s / weightSum;
      out[offset + k] = avg;
      out[offset + 4 + k] = avg / totalValence;
    }
  }
}
