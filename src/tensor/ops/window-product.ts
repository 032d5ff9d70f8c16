import type { StridedOperand } from '../../backend/backend.js';
import { isGradEnabled, record } from '../graph.js';
import type { Tensor } from '../tensor.js';
import { gemm, gemmColumnBias } from './matmul.js';
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
 * added back (col2im), ∂bias = Σ over batch and columns of g.
 */
export function windowProduct(weight: Tensor, x: Tensor, batch: number, view: StridedOperand, n: number, bias: Tensor | null, op: string): Tensor {
  const [m, k] = weight.shape as [number, number];
  const fullShape = [batch, ...view.shape];
  const fullStrides = [view.batchStride, ...view.strides];
  const columns = (): Tensor => reshape(viewStrided(x, fullShape, fullStrides, view.offset, op), [batch, k, n]);
  const backend = x.backend;
  const fusedOn = backend.matmulWindows !== undefined && weight.backend === backend && (bias === null || bias.backend === backend);
  const fused = fusedOn
    ? backend.matmulWindows!(weight._storage, x._storage, view, { batch, m, k, n, transA: false, transB: false, aBatchStride: 0, bBatchStride: k * n }, bias?._storage ?? null)
    : null;
  if (fused === null) return bias === null ? gemm(weight, columns(), false, false, op) : gemmColumnBias(weight, columns(), bias, op);
  const weightGrad = (g: Tensor): Tensor => {
    const direct = isGradEnabled()
      ? null
      : backend.matmulWindows!(g._storage, x._storage, view, { batch, m, k: n, n: k, transA: false, transB: true, aBatchStride: m * n, bBatchStride: k * n }, null, true);
    return direct === null ? unbroadcast(gemm(g, columns(), false, true), weight.shape) : wrap(direct, weight.shape, backend);
  };
  const inputGrad = (g: Tensor): Tensor => {
    const direct = isGradEnabled()
      ? null
      : backend.matmulIntoWindows?.(weight._storage, g._storage, { batch, m: k, k: m, n, transA: true, transB: false, aBatchStride: 0, bBatchStride: m * n },
        view, x.numel(), !reachesOnce(fullShape, fullStrides)) ?? null;
    return direct === null ? embedStrided(reshape(gemm(weight, g, true, false), fullShape), x.shape, fullStrides, view.offset, op) : wrap(direct, x.shape, backend);
  };
  return record(wrap(fused, [batch, m, n], backend), op, bias === null ? [weight, x] : [weight, x, bias], (g, needs) => [
    needs[0] ? weightGrad(g) : null,
    needs[1] ? inputGrad(g) : null,
    needs[2] ? reshape(unbroadcast(g, [m, 1]), [m]) : null,
  ]);
}
