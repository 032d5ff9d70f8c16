import type { DType, TypedArray } from '../core/dtype.js';
import type { Shape } from '../core/shape.js';

/**
 * An opaque block of elements owned by a backend. Tensors hold one; only the backend that made it may
 * read or write its contents. Storage is contiguous row-major for the tensor's shape.
 */
export interface Storage {
  readonly dtype: DType;
  readonly size: number;
}

/**
 * Elementwise functions of one operand. Those taking parameters read them from `params`:
 * leakyRelu [slope], elu [alpha], softplus [beta, threshold], clamp [min, max] (±Infinity when absent),
 * powScalar [exponent]. The result has the input's dtype, except `isnan` (bool).
 */
export type UnaryOp =
  | 'neg' | 'abs' | 'sign' | 'sqrt' | 'rsqrt' | 'exp' | 'log' | 'log1p' | 'expm1' | 'sin' | 'cos' | 'tanh'
  | 'sigmoid' | 'relu' | 'leakyRelu' | 'elu' | 'gelu' | 'geluTanh' | 'silu' | 'softplus' | 'erf' | 'reciprocal'
  | 'square' | 'floor' | 'ceil' | 'round' | 'clamp' | 'powScalar' | 'logicalNot' | 'isnan';

/** Elementwise functions of two operands with broadcasting; the result has the operands' dtype. */
export type BinaryOp = 'add' | 'sub' | 'mul' | 'div' | 'pow' | 'maximum' | 'minimum' | 'logicalAnd' | 'logicalOr';

/** Elementwise comparisons with broadcasting; the result is bool. NaN compares unequal to everything. */
export type CompareOp = 'eq' | 'ne' | 'lt' | 'le' | 'gt' | 'ge';

/** Reductions over a set of dimensions. */
export type ReduceOp = 'sum' | 'prod' | 'max' | 'min';

/**
 * A strided view read as the B operand of a batched product (im2col): item b of B is the row-major copy of
 * x[offset + b·batchStride + Σ iₐ·strides[a]] over `shape`, whose element count is k·n.
 */
export interface StridedOperand {
  shape: Shape;
  strides: readonly number[];
  batchStride: number;
  offset: number;
}

/**
 * What `matmulWindows` does besides the product: the batch sum (weight gradient), relu in the store
 * (forward), or `pairs`: A is a gradient given at the maxima of pooling pairs (see `matmulIntoWindows`).
 */
export interface WindowProductOptions {
  sumBatch?: boolean;
  relu?: boolean;
  pairs?: Storage;
}

/** Describes a batched matrix product C[b] = op(A[b]) · op(B[b]), op = optional transpose. */
export interface MatmulSpec {
  /** Number of matrices in the batch. */
  batch: number;
  m: number;
  k: number;
  n: number;
  /** A is stored as [k, m] per batch item and used transposed. */
  transA: boolean;
  /** B is stored as [n, k] per batch item and used transposed. */
  transB: boolean;
  /** Elements between consecutive batch items of A (0 = the same matrix for every item). */
  aBatchStride: number;
  bBatchStride: number;
}

/** An activation a fused product applies to its output (see `Backend.matmulBias`). */
export type FusedActivation = 'relu';

/** Sizes of `Backend.linearBackward`: x [m, k], weight [n, k], the output gradient [m, n]; which gradients to form. */
export interface LinearBackwardSpec {
  m: number;
  k: number;
  n: number;
  needX: boolean;
  needWeight: boolean;
  needBias: boolean;
}

/** Outputs of `Backend.linearBackward` (null where not asked for): ∂x [m, k], ∂W [n, k], ∂b [n]. */
export interface LinearBackwardGrads {
  gradX: Storage | null;
  gradWeight: Storage | null;
  gradBias: Storage | null;
}

/** Sizes of one fused recurrent step (see the `*Cell` primitives of `Backend`). */
export interface RecurrentCellSpec {
  /** Rows of the batch (B). */
  batch: number;
  /** Hidden size (H): the cell's state has H columns and there are G·H gate rows (G = 4 LSTM, 3 GRU, 1 RNN). */
  hidden: number;
  /** Columns of h_prev and W_hh (S): H, or the projection size of a projected LSTM. */
  stateSize: number;
}

/** The activation of an Elman RNN cell. */
export type RnnNonlinearity = 'tanh' | 'relu';

/** Outputs of `Backend.lstmCell`. */
export interface LstmCellResult {
  /** o·tanh(c) [B, H] (before any projection). */
  h: Storage;
  /** The new cell state [B, H]. */
  c: Storage;
  /** Activated gates i, f, g, o [B, 4H], kept for the backward. */
  gates: Storage;
}

/**
 * Outputs of `Backend.lstmCellBackward`. The weight gradient is not per step: the caller forms
 * ∂L/∂W_hh = Σ_t gradGates_tᵀ·h_{t−1} for all steps as one GEMM.
 */
export interface LstmCellGrads {
  /** ∂L/∂(pre-activation gates) = ∂L/∂xg [B, 4H]. */
  gradGates: Storage;
  gradHPrev: Storage;
  gradCPrev: Storage;
}

/** Outputs of `Backend.gruCell`. */
export interface GruCellResult {
  h: Storage;
  /** r, z, n and the hidden-side candidate product hg_n = (h_prev·W_hnᵀ + b_hn) [B, 4H], kept for the backward. */
  gates: Storage;
}

/**
 * Outputs of `Backend.gruCellBackward`. The caller forms ∂L/∂W_hh = Σ_t gradHg_tᵀ·h_{t−1} (one GEMM over all
 * steps) and ∂L/∂b_hh = Σ_t,b gradHg_t.
 */
export interface GruCellGrads {
  /** ∂L/∂xg [B, 3H]. */
  gradXg: Storage;
  /** ∂L/∂hg, the hidden-side pre-activations h_prev·W_hhᵀ + b_hh [B, 3H]. */
  gradHg: Storage;
  gradHPrev: Storage;
}

/** Outputs of `Backend.rnnCellBackward` (∂L/∂W_hh = Σ_t gradXg_tᵀ·h_{t−1}, formed by the caller). */
export interface RnnCellGrads {
  /** ∂L/∂xg [B, H] (= the gradient of the pre-activation). */
  gradXg: Storage;
  gradHPrev: Storage;
}

/** A whole fused LSTM or GRU layer direction for `Backend.recurrentSequence`. */
export interface RecurrentSequenceSpec {
  cell: 'lstm' | 'gru';
  steps: number;
  batch: number;
  hidden: number;
  /** Columns of x: F when an input weight is given, else G·H (x is the input projection itself). */
  features: number;
  /** Run from the last time step to the first. */
  reverse: boolean;
  /** Valid length of each batch row, or null for all steps (see `RecurrenceOptions.lengths`). */
  lengths: readonly number[] | null;
  /** x, the outputs, ∂L/∂x and the outputs' gradient are [B, T, ·] (batch first) instead of [T, B, ·]. */
  batchFirst?: boolean;
}

/** The forward of `Backend.recurrentSequence` and the backward that uses what it saved. */
export interface RecurrentSequenceRun {
  /** Outputs [T·B·H] (zeros past each row's length), then h_T [B·H] and, for the LSTM, c_T [B·H]. */
  packed: Storage;
  /** Gradients from ∂L/∂packed (no autograd inside); ∂L/∂x only when `needX`. */
  backward(gradPacked: Storage, needX: boolean): RecurrentSequenceGrads;
}

/** Outputs of `RecurrentSequenceRun.backward`. */
export interface RecurrentSequenceGrads {
  /** ∂L/∂x [T, B, F] (null unless asked for). */
  gradX: Storage | null;
  /** ∂L/∂W_ih [G·H, F] (null without an input weight). */
  gradWIH: Storage | null;
  /** ∂L/∂bias [G·H], the input-side bias (null without one). */
  gradBias: Storage | null;
  /** ∂L/∂b_hh [3H] of the GRU (null without one). */
  gradBHH: Storage | null;
  /** ∂L/∂h0 (and ∂L/∂c0), [B, H] each. */
  gradState: Storage[];
  /** ∂L/∂W_hh [G·H, H]. */
  gradWHH: Storage;
}

/**
 * One Adam/AdamW step (PyTorch 1.13's single-tensor algorithm, without amsgrad) for `Backend.adamStep`:
 * g ← ±grad (+ λθ for Adam); θ ← θ·(1 − lr·λ) for AdamW; m ← β₁m + (1 − β₁)g; v ← β₂v + (1 − β₂)g²;
 * θ ← θ − (lr / (1 − β₁ᵗ))·m / (√v / √(1 − β₂ᵗ) + ε).
 */
export interface AdamStepSpec {
  lr: number;
  beta1: number;
  beta2: number;
  eps: number;
  weightDecay: number;
  /** AdamW's decoupled decay instead of Adam's L2 term. */
  decoupled: boolean;
  maximize: boolean;
  /** The step number t, from 1. */
  step: number;
}

/**
 * The primitives every backend implements. Ops (src/tensor/ops) are written only in terms of these,
 * and every gradient is written with ops, so a new backend cannot miss a gradient.
 * Shapes passed here are already validated by the op layer; backends do not re-check them.
 */
export interface Backend {
  readonly name: string;
  /** dtypes this backend stores; ops on others fall back to an error naming the backend. */
  readonly dtypes: readonly DType[];

  // --- memory -------------------------------------------------------------------------------------------
  /** A storage holding a copy of `values` (converted to `dtype` by the usual typed-array conversion). */
  fromValues(dtype: DType, values: ArrayLike<number>): Storage;
  /** A storage of `size` elements, all equal to `value`. */
  full(dtype: DType, size: number, value: number): Storage;
  /** A typed-array copy of the contents. */
  read(x: Storage): TypedArray;
  /** Converts every element to `dtype` (floats to int32 truncate toward zero; non-zero to bool true). */
  cast(x: Storage, dtype: DType): Storage;
  /** Releases the storage now (optional; the garbage collector does it otherwise). */
  dispose?(x: Storage): void;

  // --- elementwise --------------------------------------------------------------------------------------
  unary(op: UnaryOp, x: Storage, params?: readonly number[]): Storage;
  binary(op: BinaryOp, a: Storage, aShape: Shape, b: Storage, bShape: Shape, outShape: Shape): Storage;
  compare(op: CompareOp, a: Storage, aShape: Shape, b: Storage, bShape: Shape, outShape: Shape): Storage;
  /** out = cond ? a : b with broadcasting; `cond` is bool. */
  where(cond: Storage, condShape: Shape, a: Storage, aShape: Shape, b: Storage, bShape: Shape, outShape: Shape): Storage;

  // --- reductions ---------------------------------------------------------------------------------------
  /** Reduces `dims` (sorted, unique) of a tensor of `shape`; the result has those dims removed. */
  reduce(op: ReduceOp, x: Storage, shape: Shape, dims: readonly number[]): Storage;
  /** Max or min along one dim with the index of the first extreme (NaN counts as the extreme). */
  argReduce(op: 'max' | 'min', x: Storage, shape: Shape, dim: number): { values: Storage; indices: Storage };
  /** Inclusive cumulative sum along `dim`. */
  cumsum(x: Storage, shape: Shape, dim: number): Storage;
  /** Numerically stable softmax (or log-softmax) along `dim`. */
  softmax(x: Storage, shape: Shape, dim: number, log: boolean): Storage;

  // --- linear algebra -----------------------------------------------------------------------------------
  /** Batched GEMM; returns a [batch, m, n] storage. */
  matmul(a: Storage, b: Storage, spec: MatmulSpec): Storage;

  /**
   * Optional fused GEMM and bias: C = op(A)·op(B) + bias for a single product (spec.batch 1), `bias` a row of
   * spec.n values added to every row of C, then `activation` applied when given ('relu': max(C, 0)). Same
   * numbers as `matmul` then `binary('add')` (the product rounded to the dtype, then the sum), then
   * `unary('relu')`. May return null (e.g. for a dtype it does not fuse); ops then use the separate ones.
   */
  matmulBias?(a: Storage, b: Storage, bias: Storage, spec: MatmulSpec, activation?: FusedActivation | null): Storage | null;
  /**
   * Optional backward of a Linear layer y = act(x·Wᵀ + b), x [m, k], W [n, k], from ∂L/∂y = `grad` [m, n]:
   * with `y` (act = ReLU, y its output) the gradient is first masked, g' = y > 0 ? g : +0 (as `reluGrad`),
   * else g' = g; then ∂x = g'·W, ∂W = g'ᵀ·x and ∂b = Σ_rows g', each only where `spec` asks for it. Same numbers
   * as `reluGrad`, `matmul` and `reduce('sum')` run one by one; may return null (the op layer then runs those).
   */
  linearBackward?(grad: Storage, y: Storage | null, x: Storage, weight: Storage, spec: LinearBackwardSpec): LinearBackwardGrads | null;
  /**
   * Optional fused GEMM and per-row bias: C[b] = op(A[b])·op(B[b]) + bias for every batch item, `bias` a column
   * of spec.m values, bias[i] added to every element of row i (a convolution's channel bias on its
   * [channels, positions] product). Same numbers as `matmul` then `binary('add')`; may return null.
   */
  matmulColumnBias?(a: Storage, b: Storage, bias: Storage, spec: MatmulSpec): Storage | null;
  /**
   * Optional product with B read through a strided view of `b` (`view`, one item per batch item) and an
   * optional column bias (spec.m values, as `matmulColumnBias`): a convolution's im2col product formed on the
   * backend's own buffers, without a materialised column tensor. Same numbers as `strided` then `matmul`
   * (then `binary('add')`); may return null (the op layer then does exactly that). With `relu` the result
   * (after the bias) goes through max(·, 0) in the product's store: the numbers of `unary('relu')` on it. With
   * `sumBatch` it returns the [m, n] sum over the batch items of their products instead (a convolution's weight
   * gradient, the batch sum inside the product): the numbers of `strided`, `matmul` then a sum over the batch
   * up to float32 rounding (the additions happen in another order), not bit for bit.
   */
  matmulWindows?(a: Storage, b: Storage, view: StridedOperand, spec: MatmulSpec, bias: Storage | null, options?: WindowProductOptions): Storage | null;
  /**
   * Optional convolution, relu and max pooling by 2 as one product: r = relu(op(A)·B + bias) with B read
   * through the windows `view` (as `matmulWindows` with `relu`; spec.n even), then the maximum of each pair of
   * adjacent elements along n and the index of its first occurrence (0 or 1, NaN counting as the maximum):
   * values [batch, m, n/2] and int32 indices, the numbers of `argReduce('max')` over the pairs of r. r is not
   * returned. May return null (the op layer then runs the three ops).
   */
  matmulWindowsPool2?(a: Storage, b: Storage, view: StridedOperand, spec: MatmulSpec, bias: Storage | null): { values: Storage; indices: Storage } | null;
  /**
   * Optional product scattered into windows (col2im, the adjoint of `matmulWindows`' B read): a storage of
   * `size` zeros into whose strided view `view` item b of C = op(A)·op(B) is written (added, when
   * `accumulate`) for every batch item. Same numbers as `matmul` then `stridedScatter` into zeros; may return null.
   * With `pairs` (int32 0/1, one per element of `b`), `b` is the gradient at the maxima of max pooling by 2
   * and the product's operand is it written into zeros at 2i + pairs[i] (spec.n = twice b's item length): the
   * numbers of `scatterAddZeros` over the pairs, then the product. `matmulWindows` reads `a` so with `pairs`.
   */
  matmulIntoWindows?(a: Storage, b: Storage, spec: MatmulSpec, view: StridedOperand, size: number, accumulate: boolean, pairs?: Storage): Storage | null;
  /**
   * Optional gradient of relu from its output: y > 0 ? g : +0 for same-shape y and g (the numbers of
   * `where(compare('gt', y, 0), g, 0)`, in one pass without the mask); may return null (the op layer then does that).
   */
  reluGrad?(y: Storage, g: Storage): Storage | null;

  // --- data movement ------------------------------------------------------------------------------------
  /**
   * Gathers a strided view into a new contiguous storage: out[i₀..] = x[offset + Σ iₐ·strides[a]].
   * Strides may be 0 (broadcast) or negative (flip); this one primitive serves permute, expand, slice and flip.
   */
  strided(x: Storage, outShape: Shape, strides: readonly number[], offset: number): Storage;
  /**
   * Writes (or adds, when `accumulate`) `src` of `srcShape` into `dst` at dst[offset + Σ iₐ·strides[a]].
   * Mutates `dst`; the op layer only calls it on storage it has just created.
   */
  stridedScatter(dst: Storage, src: Storage, srcShape: Shape, strides: readonly number[], offset: number, accumulate: boolean): void;
  /** torch.gather: out[..i_dim..] = x[..index[..]..] along `dim`; `index` is int32 of `indexShape`. */
  gather(x: Storage, shape: Shape, dim: number, index: Storage, indexShape: Shape): Storage;
  /** torch.scatter_add: a copy of `x` with src[..] added at x[..index[..]..] along `dim`. */
  scatterAdd(x: Storage, shape: Shape, dim: number, index: Storage, indexShape: Shape, src: Storage): Storage;
  /**
   * Optional: `scatterAdd` into zeros of `shape` and `dtype` (the gradient of gather, max/min along a dim and
   * max pooling), without first filling and copying a zero tensor. Same numbers as
   * `scatterAdd(full(dtype, size, 0), ...)`; absent → the op layer does exactly that.
   */
  scatterAddZeros?(dtype: DType, shape: Shape, dim: number, index: Storage, indexShape: Shape, src: Storage): Storage;
  /** torch.index_select along `dim` with a 1-D int32 index. */
  indexSelect(x: Storage, shape: Shape, dim: number, index: Storage): Storage;
  /** torch.index_add: a copy of `x` (of `shape`) with slices of `src` added at positions `index` along `dim`. */
  indexAdd(x: Storage, shape: Shape, dim: number, index: Storage, src: Storage): Storage;

  // --- fused optimiser step (optional) --------------------------------------------------------------------
  /**
   * One fused Adam/AdamW update of a parameter and its moments, returning new storages; it must give the
   * same numbers as the op-by-op update (each intermediate rounded to the dtype). A backend may implement
   * it for some dtypes only and return null for the others; absent, optimisers use ops.
   */
  adamStep?(param: Storage, grad: Storage, expAvg: Storage, expAvgSq: Storage, spec: AdamStepSpec): {
    param: Storage; expAvg: Storage; expAvgSq: Storage;
  } | null;

  // --- fused recurrent steps --------------------------------------------------------------------------
  // One time step each: the recurrent GEMM h_prev·W_hhᵀ and every gate nonlinearity in one pass, and the
  // hand-written backward of that step (without the weight gradient, which the caller forms for all steps
  // at once). `xg` is the step's slice of the input projection computed for all time steps at once (one GEMM
  // by the caller). Layouts: xg [B, G·H], h_prev [B, S], c [B, H], W_hh [G·H, S]. No autograd inside.
  /**
   * LSTM step, gates i, f, g, o: a = xg + h_prev·W_hhᵀ (xg includes b_ih + b_hh); c = σ(a_f)·c_prev +
   * σ(a_i)·tanh(a_g); h = σ(a_o)·tanh(c).
   */
  lstmCell(xg: Storage, hPrev: Storage, cPrev: Storage, wHH: Storage, spec: RecurrentCellSpec): LstmCellResult;
  /** Backward of `lstmCell` from ∂L/∂h and ∂L/∂c of its outputs (`c` is the step's new cell state). */
  lstmCellBackward(gradH: Storage, gradC: Storage, gates: Storage, cPrev: Storage, c: Storage, wHH: Storage, spec: RecurrentCellSpec): LstmCellGrads;
  /**
   * GRU step, gates r, z, n: hg = h_prev·W_hhᵀ + b_hh (`bHH` null = no bias); r = σ(xg_r + hg_r);
   * z = σ(xg_z + hg_z); n = tanh(xg_n + r·hg_n); h = (1 − z)·n + z·h_prev (xg includes b_ih only).
   */
  gruCell(xg: Storage, hPrev: Storage, wHH: Storage, bHH: Storage | null, spec: RecurrentCellSpec): GruCellResult;
  /** Backward of `gruCell` from ∂L/∂h. */
  gruCellBackward(gradH: Storage, gates: Storage, hPrev: Storage, wHH: Storage, spec: RecurrentCellSpec): GruCellGrads;
  /** Elman step h = act(xg + h_prev·W_hhᵀ), act tanh or relu (xg includes b_ih + b_hh). */
  rnnCell(xg: Storage, hPrev: Storage, wHH: Storage, spec: RecurrentCellSpec, nonlinearity: RnnNonlinearity): Storage;
  /** Backward of `rnnCell` from ∂L/∂h, given the step's output `h`. */
  rnnCellBackward(gradH: Storage, h: Storage, wHH: Storage, spec: RecurrentCellSpec, nonlinearity: RnnNonlinearity): RnnCellGrads;
  /**
   * Optional: a whole LSTM (without projection) or GRU layer direction at once, the forward of every step now
   * and the backward of every step on request, giving the numbers of the step primitives above (to the
   * dtype's rounding). The input projection xg = x·W_ihᵀ + bias [T, B, G·H] (as `lstmCell`/`gruCell` take it)
   * is formed from x [T, B, F], `wIH` [G·H, F] and `bias` [G·H] (or null), or is x itself when `wIH` is null;
   * `state0` [h0] or [h0, c0]; `bHH` the GRU's hidden bias or null. Returns null where the backend has no
   * such path for these operands.
   */
  recurrentSequence?(
    x: Storage, wIH: Storage | null, bias: Storage | null, state0: readonly Storage[], wHH: Storage, bHH: Storage | null,
    spec: RecurrentSequenceSpec,
  ): RecurrentSequenceRun | null;
}
