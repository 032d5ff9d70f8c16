import { ValueError } from '../core/errors.js';
import { LRScheduler, type AnyOptimizer, type LRSchedulerOptions } from './lrScheduler.js';

/** Options of `LambdaLR`. */
export interface LambdaLROptions extends LRSchedulerOptions {
  /** Factor of the initial lr as a function of the epoch, or one function per parameter group. */
  lrLambda: ((epoch: number) => number) | readonly ((epoch: number) => number)[];
}

/**
 * Sets each group's lr to initialLr · lrLambda(epoch) (torch.optim.lr_scheduler.LambdaLR). The
 * functions are not part of the state dict (as in PyTorch for plain functions).
 *
 * ```ts
 * const sched = new LambdaLR(opt, { lrLambda: (epoch) => 0.95 ** epoch });
 * ```
 */
export class LambdaLR extends LRScheduler {
  /** One factor function per parameter group. */
  readonly lrLambdas: readonly ((epoch: number) => number)[];

  constructor(optimizer: AnyOptimizer, options: LambdaLROptions) {
    super('LambdaLR', optimizer, options.lastEpoch);
    const n = optimizer.paramGroups.length;
    const fns = typeof options.lrLambda === 'function' ? Array.from({ length: n }, () => options.lrLambda as (epoch: number) => number) : [...options.lrLambda];
    if (fns.length !== n) throw new ValueError(`LambdaLR: expected ${n} lrLambda functions (one per parameter group), got ${fns.length}`);
    if (!fns.every((f) => typeof f === 'function')) throw new ValueError('LambdaLR: lrLambda must be a function or a list of functions');
    this.lrLambdas = fns;
    this._initialStep();
  }

  protected getLr(): number[] {
    return this.baseLrs.map((b, i) => {
      const factor = this.lrLambdas[i]!(this.lastEpoch);
      if (typeof factor !== 'number' || Number.isNaN(factor)) throw new ValueError(`LambdaLR: lrLambda of group ${i} returned ${String(factor)} at epoch ${this.lastEpoch}; expected a number`);
      return b * factor;
    });
  }
}
