import { ValueError } from '../../../core/errors.js';
import type { Composition } from '../composition.js';
import { CompositionModel, type FittedPart } from './composition-model.js';
import { type CompositionModelOptions, type FitResult, fitCompositionModel, memberCount } from './fit-model.js';
import type { MemberReport } from './train-member.js';
import { innerSplits } from './train-member.js';

/** One point of a selection grid: network and optimiser settings that replace those of the base options. */
export interface CandidateSettings {
  /** Name shown in reports, e.g. "128-128 d0.1". */
  readonly label: string;
  readonly hiddenSizes?: readonly number[];
  readonly dropout?: number;
  readonly weightDecay?: number;
  readonly lr?: number;
}

/**
 * The default grid of `select: 'inner-cv'` for the feature MLP ensembles: the default 64–64 network and
 * wider / deeper / more regularised variants (six candidates).
 */
export const DEFAULT_SELECTION_GRID: readonly CandidateSettings[] = [
  { label: '64-64' },
  { label: '64-64 dropout 0.1', dropout: 0.1 },
  { label: '64-64-64', hiddenSizes: [64, 64, 64] },
  { label: '128-128 wd 1e-3', hiddenSizes: [128, 128], weightDecay: 1e-3 },
  { label: '128-128 dropout 0.1', hiddenSizes: [128, 128], dropout: 0.1 },
  { label: '256-256 dropout 0.2', hiddenSizes: [256, 256], dropout: 0.2 },
];

/** How candidates are chosen from inner validation. */
export type SelectionMode = 'inner-cv' | 'inner-cv-pool';

/** What the inner selection saw and chose (everything computed from the training rows only). */
export interface SelectionReport {
  readonly mode: SelectionMode;
  /** Each candidate's inner out-of-fold error (regression: MAE in target units; classification: log loss). */
  readonly candidates: readonly { readonly label: string; readonly innerError: number }[];
  /** Labels of the candidates whose members form the final model. */
  readonly chosen: readonly string[];
  /** Inner out-of-fold error of the chosen model. */
  readonly innerError: number;
}

/** A fitted model plus the selection that produced it (absent without selection). */
export interface SelectedFitResult extends FitResult {
  readonly selection?: SelectionReport;
}

/** Options of `fitSelectedCompositionModel`: the base options plus how to select. */
export interface SelectionOptions {
  /**
   * 'inner-cv': fit every grid candidate (each an ensemble of `members` networks, member k early-stopping on
   * inner chunk k mod valChunks), score it by the out-of-fold error of its members on their own validation
   * chunks, and keep the best. 'inner-cv-pool': rank the candidates the same way and pool the members of
   * the top p candidates, p chosen by the out-of-fold error of the pooled predictions.
   */
  readonly select: SelectionMode;
  /** Candidates (default `DEFAULT_SELECTION_GRID`). */
  readonly grid?: readonly CandidateSettings[];
}

/**
 * Fits a composition model whose network settings are chosen by inner cross-validation on the given
 * (training) rows only — nothing outside `compositions`/`y` is seen, so this nests inside an outer
 * cross-validation. The inner error is measured on the rows each member early-stopped on, so it is
 * slightly optimistic, equally for every candidate. Costs `grid.length × members` networks; the members
 * trained for the selection are the members of the final model (no refit). Every member must see every
 * chunk once for a full out-of-fold estimate, so use `members` ≥ `valChunks` (default 5).
 * @throws ValueError for an empty grid or for the attention model (the grid holds MLP settings).
 * @example
 * const { model, selection } = await fitSelectedCompositionModel(comps, y, { task: 'regression', kind: 'ensemble', members: 5 }, { select: 'inner-cv' });
 */
export async function fitSelectedCompositionModel(compositions: readonly Composition[], y: ArrayLike<number>, options: CompositionModelOptions, selection: SelectionOptions): Promise<SelectedFitResult> {
  const grid = selection.grid ?? DEFAULT_SELECTION_GRID;
  if (grid.length === 0) throw new ValueError('fitSelectedCompositionModel: the grid is empty');
  if (options.kind === 'attention') throw new ValueError('fitSelectedCompositionModel: selection grids apply to the MLP models (mlp, ensemble), not attention');
  const n = compositions.length;
  const members = memberCount(options);
  const chunks = options.valChunks ?? 5;
  const regression = options.task === 'regression';
  const splits = innerSplits(n, chunks, options.seed ?? 0, regression ? undefined : y);
  const fits: { label: string; fit: FitResult; oof: Float64Array; covered: Uint8Array }[] = [];
  for (let c = 0; c < grid.length; c++) {
    const cand = grid[c]!;
    const fit = await fitCompositionModel(compositions, y, {
      ...options,
      ...(cand.hiddenSizes === undefined ? {} : { hiddenSizes: cand.hiddenSizes }),
      ...(cand.dropout === undefined ? {} : { dropout: cand.dropout }),
      train: { ...options.train, ...(cand.weightDecay === undefined ? {} : { weightDecay: cand.weightDecay }), ...(cand.lr === undefined ? {} : { lr: cand.lr }) },
      onMemberEnd: (m, _count, report: MemberReport) => options.onMemberEnd?.(c * members + m, grid.length * members, report),
    });
    const { oof, covered } = outOfFold(fit.model, compositions, splits);
    fits.push({ label: cand.label, fit, oof, covered });
  }
  const error = (pred: Float64Array, covered: Uint8Array): number => innerError(pred, y, covered, regression);
  const scored = fits.map((f) => ({ ...f, innerError: error(f.oof, f.covered) }));
  const ranked = [...scored].sort((a, b) => a.innerError - b.innerError);
  let take = 1;
  let best = ranked[0]!.innerError;
  if (selection.select === 'inner-cv-pool') {
    for (let p = 2; p <= ranked.length; p++) {
      const pooled = new Float64Array(n);
      for (let i = 0; i < n; i++) for (let q = 0; q < p; q++) pooled[i]! += ranked[q]!.oof[i]! / p;
      const e = error(pooled, ranked[0]!.covered);
      if (e < best) {
        best = e;
        take = p;
      }
    }
  }
  const chosen = ranked.slice(0, take);
  const parts: FittedPart[] = chosen.flatMap((f) => f.fit.model.parts);
  const first = chosen[0]!.fit.model;
  return {
    model: new CompositionModel(first.task, first.kind, first.heteroscedastic, parts),
    reports: chosen.flatMap((f) => f.fit.reports),
    selection: { mode: selection.select, candidates: scored.map((f) => ({ label: f.label, innerError: f.innerError })), chosen: chosen.map((f) => f.label), innerError: best },
  };
}

/** Each row's prediction by the members that early-stopped on its chunk (member k ↔ chunk k mod chunks). */
function outOfFold(model: CompositionModel, compositions: readonly Composition[], splits: readonly number[][]): { oof: Float64Array; covered: Uint8Array } {
  const n = compositions.length;
  const sum = new Float64Array(n);
  const count = new Uint32Array(n);
  const part = model.parts[0]!;
  part.members.forEach((member, k) => {
    const rows = splits[k % splits.length]!;
    const single = new CompositionModel(model.task, model.kind, model.heteroscedastic, [{ ...part, members: [member] }]);
    const { mean } = single.predict(rows.map((i) => compositions[i]!));
    rows.forEach((i, j) => {
      sum[i]! += mean[j]!;
      count[i]! += 1;
    });
  });
  const oof = new Float64Array(n);
  const covered = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    if (count[i]! > 0) {
      oof[i] = sum[i]! / count[i]!;
      covered[i] = 1;
    }
  }
  return { oof, covered };
}

/** Regression: mean absolute error; classification: mean log loss (probabilities clipped to [1e-7, 1 − 1e-7]). */
function innerError(pred: Float64Array, y: ArrayLike<number>, covered: Uint8Array, regression: boolean): number {
  let total = 0;
  let rows = 0;
  for (let i = 0; i < pred.length; i++) {
    if (covered[i] === 0) continue;
    rows++;
    if (regression) total += Math.abs(pred[i]! - y[i]!);
    else {
      const p = Math.min(1 - 1e-7, Math.max(1e-7, pred[i]!));
      total -= y[i] === 1 ? Math.log(p) : Math.log(1 - p);
    }
  }
  return total / rows;
}
