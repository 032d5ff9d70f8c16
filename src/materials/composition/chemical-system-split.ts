import { GroupKFold } from '../../data/splitters/groupKFold.js';
import { leaveOneGroupOut } from '../../data/splitters/leaveOneGroupOut.js';
import type { Fold } from '../../data/splitters/fold.js';
import type { Composition } from './composition.js';

/** The chemical system of each composition (`Fe-Ni` for `Ni3Fe`), the cluster ids of the splits below. */
export function chemicalSystemGroups(compositions: readonly Composition[]): string[] {
  return compositions.map((c) => c.chemicalSystem);
}

/**
 * Leave-cluster-out cross-validation by chemical system: scikit-learn's `GroupKFold` with each
 * composition's chemical system as its group, so every composition of a system (`Fe-Ni`: FeNi, FeNi3,
 * Fe0.62Ni0.38, …) is tested in the same fold and never seen in training for that fold. The test score
 * then measures extrapolation to new chemical systems, not interpolation inside known ones. Systems that
 * differ by one element (`Fe-Ni` and `Cr-Fe-Ni`) are different clusters; check how close the folds still
 * are with `findCompositionLeakage`.
 *
 * @throws ValueError when there are fewer distinct chemical systems than `nSplits`.
 * @example
 * const folds = chemicalSystemKFold(formulas.map(parseFormula), 5);
 * folds[0].test; // Int32Array of indices
 */
export function chemicalSystemKFold(compositions: readonly Composition[], nSplits = 5): Fold[] {
  return new GroupKFold(nSplits).split(chemicalSystemGroups(compositions));
}

/**
 * One fold per chemical system, in alphabetical order of the system (scikit-learn's `LeaveOneGroupOut` on
 * `chemicalSystemGroups`). For data sets with few systems.
 */
export function leaveOneChemicalSystemOut(compositions: readonly Composition[]): Fold[] {
  return leaveOneGroupOut(chemicalSystemGroups(compositions));
}
