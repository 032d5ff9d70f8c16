import type { StridedOperand } from '../../backend/backend.js';
import { isGradEnabled, record } from '../graph.js';
import type { Tensor } from '../tensor.js';
import { reluBackward, relu as reluOp } from './activation.js';
import { gemm, gemmColumnBias } from './matmul.js';
import { scatterAddToZeros } from './indexing.js';
import { reshape } from './shape.js';
import { embedStrided, reachesOnce, viewStrided } from './slicing.js';
import { unbroadcast } from './unbroadcast.js';
import { wrap } from './util.js';

/**
 * out[b] = W·cols[b] (+ bias[:, None]) for b < batch, cols[b] the [k, n] matrix read from the strided window
 * view `view` of `x` (im2col of a convolution: x the padded input, view its sliding windows per batch item),
 * `weight` [m, k], `bias` [m] or null → [batch, m, n]. Where the backend has `matmulWindows` the columns are
 * formed on its GEMM buffers and never materialised, forward and weight gradient (whose batch sum the backend
 * does inside its product: float32 rounding in another order than the unfused ops, not bit for bit), and the
 * input gradient is added into its windows straight from them (`matmulIntoWindows`); else (and whenever the
 * gradient's own graph is built, for higher-order gradients) it is `viewStrided` then `gemm` /
 * `gemmColumnBias`, with the same numbers. Gradients: ∂W = Σ_b g[b]·cols[b]ᵀ, ∂x = the windows of Wᵀ·g[b]
 * added back (col2im), ∂bias = Σ over batch and columns of g. With `relu` the result is relu of that (a
 * convolution followed by relu): the backend applies it in the product's store where it fuses, so the
 * pre-activation is never returned; the gradient goes through relu's (`reluBackward`) first. The numbers are
 * those of `relu` on the product either way.
 */
export function windowProduct(weight: Tensor, x: Tensor, batch: number, view: StridedOperand, n: number, bias: Tensor | null, op: string, relu = false): Tensor {
  const [m, k] = weight.shape as [number, number];
  const backend = x.backend;
  const fused = fusedOn(weight, x, bias)
    ? backend.matmulWindows!(weight._storage, x._storage, view, { batch, m, k, n, transA: false, transB: false, aBatchStride: 0, bBatchStride: k * n }, bias?._storage ?? null, { relu })
    : null;
  if (fused === null) {
    const cols = windowColumns(x, batch, view, k, n, op);
    const product = bias === null ? gemm(weight, cols, false, false, op) : gemmColumnBias(weight, cols, bias, op);
    return relu ? reluOp(product) : product;
  }
  const out = wrap(fused, [batch, m, n], backend);
  const grads = windowGradients(weight, x, batch, view, n, op);
  return record(out, op, bias === null ? [weight, x] : [weight, x, bias], (g, needs) => {
    const full = relu ? reluBackward(g, out) : g;
    return grads({ full: () => full }, needs);
  });
}

/**
 * maxPool1d(relu(windowProduct(…)), 2) as one op where the backend has `matmulWindowsPool2` (n even, float32):
 * the product, relu and the pairs' maxima on its buffers, so neither the product nor its relu is returned;
 * null where it does not fuse (the caller then runs the ops). The gradient: g where the pair's maximum is
 * positive, else 0 (relu's gradient read at the maximum, which is where the pooled gradient lands), written
 * into zeros at the maxima (`scatterAddToZeros` over the pairs), then the product's gradients — the numbers
 * of the three ops' gradients.
 */
export function windowProductReluPool2(weight: Tensor, x: Tensor, batch: number, view: StridedOperand, n: number, bias: Tensor | null, op: string): Tensor | null {
  const [m, k] = weight.shape as [number, number];
  const backend = x.backend;
  const fused = fusedOn(weight, x, bias) && n % 2 === 0
    ? backend.matmulWindowsPool2?.(weight._storage, x._storage, view, { batch, m, k, n, transA: false, transB: false, aBatchStride: 0, bBatchStride: k * n }, bias?._storage ?? null) ?? null
    : null;
  if (fused === null) return null;
  const pairsShape = [batch, m, n / 2, 1];
  const values = wrap(fused.values, [batch, m, n / 2], backend);
  const index = wrap(fused.indices, pairsShape, backend);
  const grads = windowGradients(weight, x, batch, view, n, op);
  return record(values, op, bias === null ? [weight, x] : [weight, x, bias], (g, needs) => {
    const atMaxima = reluBackward(g, values);
    const full = (): Tensor => reshape(scatterAddToZeros({ backend, dtype: g.dtype, shape: [batch, m, n / 2, 2] }, 3, index, reshape(atMaxima, pairsShape)), [batch, m, n]);
    return grads({ full, pooled: { g: atMaxima, index } }, needs);
  });
}

/** Whether the backend's window products apply: it has them and every operand lives on it. */
function fusedOn(weight: Tensor, x: Tensor, bias: Tensor | null): boolean {
  const backend = x.backend;
  return backend.matmulWindows !== undefined && weight.backend === backend && (bias === null || bias.backend === backend);
}

/** The im2col columns [batch, k, n] as a strided view of x (the unfused path). */
function windowColumns(x: Tensor, batch: number, view: StridedOperand, k: number, n: number, op: string): Tensor {
  return reshape(viewStrided(x, [batch, ...view.shape], [view.batchStride, ...view.strides], view.offset, op), [batch, k, n]);
}

/**
 * The gradient of a window product [batch, m, n]: `full()` gives it; in a pooled chain `pooled` holds it at the
 * maxima of the pairs along n ([batch, m, n/2]) with their 0/1 indices, zero elsewhere.
 */
interface ProductGradient {
  full: () => Tensor;
  pooled?: { g: Tensor; index: Tensor };
}

/**
 * The gradients of out[b] = W·cols[b] (+ bias) for the product's gradient: ∂W (one product with the batch sum
 * inside where the backend fuses and no graph is recorded), ∂x (col2im), ∂bias. A pooled gradient goes to the
 * backend as it is (written into zeros at the maxima on its buffers), and ∂bias sums it without the zeros
 * (float32 rounding may differ from the full sum's); `full()` is built only where a path needs it.
 */
function windowGradients(weight: Tensor, x: Tensor, batch: number, view: StridedOperand, n: number, op: string): (g: ProductGradient, needs: readonly boolean[]) => (Tensor | null)[] {
  const [m, k] = weight.shape as [number, number];
  const backend = x.backend;
  const fullShape = [batch, ...view.shape];
  const fullStrides = [view.batchStride, ...view.strides];
  const weightGrad = (g: ProductGradient, full: () => Tensor): Tensor => {
    const spec = { batch, m, k: n, n: k, transA: false, transB: true, aBatchStride: m * n, bBatchStride: k * n };
    const pooled = g.pooled === undefined || isGradEnabled()
      ? null
      : backend.matmulWindows!(g.pooled.g._storage, x._storage, view, spec, null, { sumBatch: true, pairs: g.pooled.index._storage });
    if (pooled !== null) return wrap(pooled, weight.shape, backend);
    const direct = isGradEnabled() ? null : backend.matmulWindows!(full()._storage, x._storage, view, spec, null, { sumBatch: true });
    return direct === null ? unbroadcast(gemm(full(), windowColumns(x, batch, view, k, n, op), false, true), weight.shape) : wrap(direct, weight.shape, backend);
  };
  const inputGrad = (g: ProductGradient, full: () => Tensor): Tensor => {
    const spec = { batch, m: k, k: m, n, transA: true, transB: false, aBatchStride: 0, bBatchStride: m * n };
    const accumulate = !reachesOnce(fullShape, fullStrides);
    const into = (b: Tensor, pairs?: Tensor): Tensor | null => {
      const direct = isGradEnabled() ? null : backend.matmulIntoWindows?.(weight._storage, b._storage, spec, view, x.numel(), accumulate, pairs?._storage) ?? null;
      return direct === null ? null : wrap(direct, x.shape, backend);
    };
    return (g.pooled === undefined ? null : into(g.pooled.g, g.pooled.index)) ?? into(full())
      ?? embedStrided(reshape(gemm(weight, full(), true, false), fullShape), x.shape, fullStrides, view.offset, op);
  };
  const biasGrad = (g: ProductGradient, full: () => Tensor): Tensor =>
    reshape(unbroadcast(g.pooled === undefined || isGradEnabled() ? full() : g.pooled.g, [m, 1]), [m]);
  return (g, needs) => {
    let memo: Tensor | null = null;
    const full = (): Tensor => (memo ??= g.full());
    return [needs[0] ? weightGrad(g, full) : null, needs[1] ? inputGrad(g, full) : null, needs[2] ? biasGrad(g, full) : null];
  };
}
