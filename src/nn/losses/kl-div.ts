import { div, mul, sub } from '../../tensor/ops/binary.js';
import { eq, where } from '../../tensor/ops/compare.js';
import { sum } from '../../tensor/ops/reduce.js';
import { exp, log } from '../../tensor/ops/unary.js';
import type { Tensor } from '../../tensor/tensor.js';
import { Module } from '../module.js';
import { requireRegressionPair } from './checks.js';
import { applyReduction, resolveReduction } from './reduction.js';

/** Reductions of `klDiv`: the usual three plus 'batchmean' (sum ÷ batch size, the true KL divergence per sample). */
export type KLDivReduction = 'none' | 'mean' | 'sum' | 'batchmean';

/** Options of `klDiv` / `KLDivLoss`. */
export interface KLDivOptions {
  /**
   * 'none' | 'mean' | 'sum' | 'batchmean' (default 'mean', which divides by every element — batch and support
   * size — as PyTorch's default; 'batchmean' divides the sum by input.shape[0] and is the KL divergence proper).
   */
  reduction?: KLDivReduction;
  /** The target is given as log-probabilities (default false: probabilities). */
  logTarget?: boolean;
}

const KL_REDUCTIONS: readonly KLDivReduction[] = ['none', 'mean', 'sum', 'batchmean'];

/** x·log x with 0·log 0 = 0 (torch.xlogy(x, x)); NaN for x < 0 or NaN. */
function xlogx(x: Tensor): Tensor {
  const isZero = eq(x, 0);
  return where(isZero, 0, mul(x, log(where(isZero, 1, x))));
}

/**
 * Kullback–Leibler divergence loss (torch.nn.functional.kl_div) with `input` = log-probabilities log q and
 * `target` = probabilities p (or log p with `logTarget`), of the same shape and dtype:
 * ℓᵢ = pᵢ·(log pᵢ − log qᵢ), computed as xlogy(pᵢ, pᵢ) − pᵢ·inputᵢ (0 where pᵢ = 0, NaN for pᵢ < 0), or
 * exp(tᵢ)·(tᵢ − inputᵢ) with `logTarget`. Reductions: 'none', 'mean' (÷ number of elements, the default, as
 * PyTorch), 'sum', 'batchmean' (sum ÷ input.shape[0]; a 0-d input is just summed, as PyTorch).
 * Gradient w.r.t. input: −pᵢ (÷ the divisor). The target's gradient at pᵢ = 0 is taken as −inputᵢ
 * (PyTorch gives NaN there).
 *
 * ```ts
 * klDiv(logSoftmax(logits, 1), targetProbs, { reduction: 'batchmean' });
 * ```
 */
export function klDiv(input: Tensor, target: Tensor, options: KLDivOptions = {}): Tensor {
  const reduction = resolveReduction<KLDivReduction>('klDiv', options.reduction, KL_REDUCTIONS);
  requireRegressionPair('klDiv', input, target);
  const loss = (options.logTarget ?? false)
    ? mul(exp(target), sub(target, input))
    : sub(xlogx(target), mul(target, input));
  if (reduction === 'batchmean') {
    const total = sum(loss);
    return input.ndim === 0 ? total : div(total, input.shape[0]!);
  }
  return applyReduction(loss, reduction);
}

/**
 * `klDiv` as a module (torch.nn.KLDivLoss).
 *
 * ```ts
 * const criterion = new KLDivLoss({ reduction: 'batchmean', logTarget: true });
 * criterion.forward(logSoftmax(student, 1), logSoftmax(teacher, 1));
 * ```
 */
export class KLDivLoss extends Module {
  readonly reduction: KLDivReduction;
  readonly logTarget: boolean;

  constructor(options: KLDivOptions = {}) {
    super();
    this.reduction = resolveReduction<KLDivReduction>('KLDivLoss', options.reduction, KL_REDUCTIONS);
    this.logTarget = options.logTarget ?? false;
  }

  forward(input: Tensor, target: Tensor): Tensor {
    return klDiv(input, target, { reduction: this.reduction, logTarget: this.logTarget });
  }

  override extraRepr(): string {
    return `reduction='${this.reduction}', logTarget=${this.logTarget}`;
  }
}
