import { ShapeError } from '../../core/errors.js';
import { broadcastShapes, formatShape, shapesEqual, sizeOf, type Shape } from '../../core/shape.js';
import type { FusedActivation, Storage } from '../../backend/backend.js';
import { isGradEnabled, record } from '../graph.js';
import type { Tensor } from '../tensor.js';
import { relu, reluBackward } from './activation.js';
import { add } from './binary.js';
import { expand, reshape, squeeze, unsqueeze } from './shape.js';
import { unbroadcast } from './unbroadcast.js';
import { binaryOperands, requireNumeric, wrap } from './util.js';

/**
 * Batched matrix product of op(a) and op(b), op = transpose of the last two dims when the flag is set.
 * Both operands have rank ≥ 2; batch dims broadcast. Its gradient is written with `gemm` itself, so
 * backpropagation never materialises a transpose.
 */
export function gemm(a: Tensor, b: Tensor, transA: boolean, transB: boolean, op = 'matmul'): Tensor {
  const ra = a.ndim;
  const rb = b.ndim;
  const [m, ka] = transA ? [a.shape[ra - 1]!, a.shape[ra - 2]!] : [a.shape[ra - 2]!, a.shape[ra - 1]!];
  const [kb, n] = transB ? [b.shape[rb - 1]!, b.shape[rb - 2]!] : [b.shape[rb - 2]!, b.shape[rb - 1]!];
  if (ka !== kb) {
    throw new ShapeError(
      `${op}: shapes ${formatShape(a.shape)} and ${formatShape(b.shape)} cannot be multiplied (inner sizes ${ka} and ${kb} differ)`,
    );
  }
  const aBatch = a.shape.slice(0, ra - 2);
  const bBatch = b.shape.slice(0, rb - 2);
  const batchShape = broadcastShapes(op, aBatch, bBatch);
  const batch = sizeOf(batchShape);
  const operand = (t: Tensor, own: readonly number[]): [Tensor, number] => {
    const mat = t.shape[t.ndim - 2]! * t.shape[t.ndim - 1]!;
    if (shapesEqual(own, batchShape)) return [t, mat];
    if (sizeOf(own) === 1) return [t, 0];
    return [expand(t, [...batchShape, t.shape[t.ndim - 2]!, t.shape[t.ndim - 1]!]), mat];
  };
  const [ea, aStride] = operand(a, aBatch);
  const [eb, bStride] = operand(b, bBatch);
  const storage = a.backend.matmul(ea._storage, eb._storage, {
    batch, m, k: ka, n, transA, transB, aBatchStride: aStride, bBatchStride: bStride,
  });
  const out = wrap(storage, [...batchShape, m, n], a.backend);
  return record(out, op, [a, b], (g, needs) => {
    let ga: Tensor | null = null;
    let gb: Tensor | null = null;
    if (needs[0]) ga = transA ? gemm(b, g, transB, true) : gemm(g, b, false, !transB);
    if (needs[1]) gb = transB ? gemm(g, a, true, transA) : gemm(a, g, !transA, false);
    return [ga === null ? null : unbroadcast(ga, a.shape), gb === null ? null : unbroadcast(gb, b.shape)];
  });
}

/**
 * y = act(x·Wᵀ + b) for a 2-D `x` [rows, in], `weight` [out, in] and `bias` [out] (torch.addmm(b, x, Wᵀ),
 * then torch.relu when `activation` is 'relu'): one fused GEMM-bias-activation where the backend has
 * `matmulBias`, else `gemm`, `add` (and `relu`) — the same numbers either way. Gradients: with g' = g masked
 * by y > 0 for the ReLU (relu's gradient from its output), ∂x = g'·W, ∂W = g'ᵀ·x, ∂b = Σ_rows g'; a
 * first-order backward on a backend with `linearBackward` forms all three in one call, a backward that records
 * a graph (higher-order gradients) runs them as ops. Shapes are validated by the caller (nn linear).
 */
export function linearBias(x: Tensor, weight: Tensor, bias: Tensor, op = 'linear', activation: FusedActivation | null = null): Tensor {
  const [m, k] = x.shape as [number, number];
  const n = weight.shape[0]!;
  const backend = x.backend;
  const fused = backend.matmulBias === undefined || weight.backend !== backend || bias.backend !== backend
    ? null
    : backend.matmulBias(x._storage, weight._storage, bias._storage, { batch: 1, m, k, n, transA: false, transB: true, aBatchStride: 0, bBatchStride: 0 }, activation);
  if (fused === null) {
    const y = add(gemm(x, weight, false, true, op), bias);
    return activation === 'relu' ? relu(y) : y;
  }
  const out = wrap(fused, [m, n], backend);
  return record(out, op, [x, weight, bias], (g, needs) => {
    const one = isGradEnabled() || backend.linearBackward === undefined || g.backend !== backend
      ? null
      : backend.linearBackward(g._storage, activation === 'relu' ? out._storage : null, x._storage, weight._storage, {
        m, k, n, needX: needs[0] === true, needWeight: needs[1] === true, needBias: needs[2] === true,
      });
    if (one !== null) {
      const opt = (s: Storage | null, shape: Shape): Tensor | null => (s === null ? null : wrap(s, shape, backend));
      return [opt(one.gradX, x.shape), opt(one.gradWeight, weight.shape), opt(one.gradBias, bias.shape)];
    }
    const gz = activation === 'relu' ? reluBackward(g, out) : g;
    return [
      needs[0] ? gemm(gz, weight, false, false) : null,
      needs[1] ? gemm(gz, x, true, false) : null,
      needs[2] ? unbroadcast(gz, bias.shape) : null,
    ];
  });
}

/**
 * y[b] = W·x[b] + bias[:, None] for a 2-D `weight` [m, k] shared by every batch item of `x` [...batch, k, n]
 * and `bias` [m] (a convolution's im2col product plus its channel bias): one fused GEMM-and-bias where the
 * backend has `matmulColumnBias`, else `gemm` then `add` — the same numbers either way. Gradients:
 * ∂W = Σ_b g[b]·x[b]ᵀ, ∂x[b] = Wᵀ·g[b], ∂bias = Σ over batch and columns of g. Shapes are validated by the caller.
 */
export function gemmColumnBias(weight: Tensor, x: Tensor, bias: Tensor, op = 'conv'): Tensor {
  const [m, k] = weight.shape as [number, number];
  const n = x.shape[x.ndim - 1]!;
  const outShape = [...x.shape.slice(0, -2), m, n];
  const batch = sizeOf(outShape) / (m * n);
  const backend = x.backend;
  const fused = backend.matmulColumnBias === undefined || weight.backend !== backend || bias.backend !== backend
    ? null
    : backend.matmulColumnBias(weight._storage, x._storage, bias._storage, {
      batch, m, k, n, transA: false, transB: false, aBatchStride: 0, bBatchStride: k * n,
    });
  if (fused === null) return add(gemm(weight, x, false, false, op), reshape(bias, [m, 1]));
  return record(wrap(fused, outShape, backend), op, [weight, x, bias], (g, needs) => [
    needs[0] ? unbroadcast(gemm(g, x, false, true), weight.shape) : null,
    needs[1] ? gemm(weight, g, true, false) : null,
    needs[2] ? reshape(unbroadcast(g, [m, 1]), [m]) : null,
  ]);
}

/**
 * Matrix product with torch.matmul's rules: 1-D·1-D is a dot product (0-d result); 2-D·2-D is a matrix
 * product; a 1-D first operand is treated as a row vector and a 1-D second operand as a column vector (the
 * added dim is removed from the result); higher ranks are batches of matrices whose batch dims broadcast.
 *
 * ```ts
 * matmul(randn([10, 3, 4]), randn([4, 5])).shape; // [10, 3, 5]
 * ```
 */
export function matmul(a: Tensor, b: Tensor): Tensor {
  const [x, y] = binaryOperands('matmul', a, b);
  requireNumeric('matmul', x);
  if (x.ndim === 0 || y.ndim === 0) {
    throw new ShapeError(`matmul: both operands need at least 1 dimension, got ${formatShape(x.shape)} and ${formatShape(y.shape)}`);
  }
  const xm = x.ndim === 1 ? unsqueeze(x, 0) : x;
  const ym = y.ndim === 1 ? unsqueeze(y, 1) : y;
  if (xm.shape[xm.ndim - 1] !== ym.shape[ym.ndim - 2]) {
    throw new ShapeError(
      `matmul: shapes ${formatShape(x.shape)} and ${formatShape(y.shape)} cannot be multiplied ` +
        `(${xm.shape[xm.ndim - 1]} columns vs ${ym.shape[ym.ndim - 2]} rows)`,
    );
  }
  let out = gemm(xm, ym, false, false);
  if (y.ndim === 1) out = squeeze(out, -1);
  if (x.ndim === 1) out = squeeze(out, y.ndim === 1 ? -1 : -2);
  if (x.ndim === 1 && y.ndim === 1) out = reshape(out, []);
  return out;
}
