import { DTypeError, ValueError } from '../core/errors.js';
import { add, div, mul } from '../tensor/ops/binary.js';
import { zeros } from '../tensor/ops/creation.js';
import { stack } from '../tensor/ops/join.js';
import { amax } from '../tensor/ops/minmax.js';
import { norm } from '../tensor/ops/statistics.js';
import { abs, clamp } from '../tensor/ops/unary.js';
import { noGrad } from '../tensor/graph.js';
import { Tensor } from '../tensor/tensor.js';

/** Options of `clipGradNorm`. */
export interface ClipGradNormOptions {
  /** Throw when the total norm is NaN or infinite instead of scaling by it (default false). */
  errorIfNonfinite?: boolean;
}

function gradsOf(params: Tensor | Iterable<Tensor>, op: string): Tensor[] {
  const list = params instanceof Tensor ? [params] : [...params];
  const grads: Tensor[] = [];
  const seen = new Set<Tensor>();
  list.forEach((p, i) => {
    if (!(p instanceof Tensor)) throw new ValueError(`${op}: params[${i}] is not a tensor`);
    const g = p.grad;
    if (g === null || seen.has(g)) return;
    seen.add(g);
    grads.push(g);
  });
  return grads;
}

/**
 * Scales the gradients of `params` in place so that their total norm — the `normType`-norm of all
 * gradients taken together as one vector — is at most `maxNorm`, and returns that total norm (before
 * clipping) as a 0-d tensor. Exactly PyTorch's `torch.nn.utils.clip_grad_norm_`:
 *
 *     total = ‖(‖g₁‖ₚ, ‖g₂‖ₚ, …)‖ₚ   (max |g| for p = Infinity)
 *     g ← g · min(1, maxNorm / (total + 1e-6))
 *
 * Parameters without a gradient are ignored; with none at all the result is a float32 zero. All
 * gradients must share a dtype.
 *
 * ```ts
 * loss.backward();
 * const total = clipGradNorm(model.parameters(), 1.0);
 * opt.step();
 * ```
 */
export function clipGradNorm(
  params: Tensor | Iterable<Tensor>, maxNorm: number, normType: number | 'inf' = 2, options: ClipGradNormOptions = {},
): Tensor {
  const p = normType === 'inf' ? Infinity : normType;
  if (typeof p !== 'number' || Number.isNaN(p)) throw new ValueError(`clipGradNorm: normType must be a number or 'inf', got ${String(normType)}`);
  if (typeof maxNorm !== 'number' || Number.isNaN(maxNorm)) throw new ValueError(`clipGradNorm: maxNorm must be a number, got ${String(maxNorm)}`);
  const grads = gradsOf(params, 'clipGradNorm');
  if (grads.length === 0) return zeros([]);
  const dtype = grads[0]!.dtype;
  if (grads.some((g) => g.dtype !== dtype)) {
    throw new DTypeError(`clipGradNorm: gradients have different dtypes (${[...new Set(grads.map((g) => g.dtype))].join(', ')}); convert the parameters to one dtype`);
  }
  return noGrad(() => {
    const total = p === Infinity
      ? amax(stack(grads.map((g) => amax(abs(g.detach())))))
      : norm(stack(grads.map((g) => norm(g.detach(), p))), p);
    if (options.errorIfNonfinite) {
      const v = total.item();
      if (!Number.isFinite(v)) {
        throw new ValueError(`clipGradNorm: the total norm of order ${p} of the gradients is ${v}, so they cannot be clipped; pass errorIfNonfinite: false to scale by it anyway`);
      }
    }
    const coef = clamp(div(maxNorm, add(total, 1e-6)), null, 1);
    for (const g of grads) g._replaceStorage(mul(g.detach(), coef)._storage);
    return total;
  });
}

/**
 * Clamps every gradient element of `params` into [−clipValue, clipValue], in place
 * (PyTorch's `torch.nn.utils.clip_grad_value_`). Parameters without a gradient are ignored.
 *
 * ```ts
 * loss.backward();
 * clipGradValue(model.parameters(), 0.5);
 * ```
 */
export function clipGradValue(params: Tensor | Iterable<Tensor>, clipValue: number): void {
  if (typeof clipValue !== 'number' || !(clipValue >= 0)) throw new ValueError(`clipGradValue: clipValue must be a number >= 0, got ${String(clipValue)}`);
  const grads = gradsOf(params, 'clipGradValue');
  noGrad(() => {
    for (const g of grads) g._replaceStorage(clamp(g.detach(), -clipValue, clipValue)._storage);
  });
}
