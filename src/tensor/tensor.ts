import type { Backend, Storage } from '../backend/backend.js';
import { DTypeError, ValueError, AutogradError } from '../core/errors.js';
import { isFloating, type DType, type TypedArray } from '../core/dtype.js';
import { formatShape, sizeOf, type Shape } from '../core/shape.js';
import { runBackward, type BackwardOptions } from './backward.js';
import type { GraphNode } from './graph.js';
import * as act from './ops/activation.js';
import * as bin from './ops/binary.js';
import { toDType } from './ops/cast.js';
import * as cmp from './ops/compare.js';
import * as idx from './ops/indexing.js';
import * as join from './ops/join.js';
import { matmul } from './ops/matmul.js';
import * as mm from './ops/minmax.js';
import { pad, type PadMode } from './ops/pad.js';
import * as red from './ops/reduce.js';
import { cumsum } from './ops/scan.js';
import * as shp from './ops/shape.js';
import * as sl from './ops/slicing.js';
import { logSoftmax, softmax } from './ops/softmax.js';
import * as st from './ops/statistics.js';
import { tril, triu } from './ops/triangular.js';
import * as un from './ops/unary.js';

/** A nested JavaScript array as produced by `toArray()` (a bare number or boolean for a scalar). */
export type NestedArray = number | boolean | NestedArray[];

/** A tensor or a plain number (taken as a scalar of the other operand's dtype). */
export type TensorLike = Tensor | number;

/**
 * A multi-dimensional array on a backend, with PyTorch's semantics: a `shape`, a `dtype`, and, when
 * `requiresGrad` is set, participation in automatic differentiation. Tensors are values: every op returns
 * a new tensor; only optimisers update parameters in place (under `noGrad`).
 *
 * ```ts
 * const x = tensor([[1, 2], [3, 4]], { requiresGrad: true });
 * const y = x.pow(2).sum();
 * y.backward(); // x.grad = 2·x
 * ```
 */
export class Tensor {
  /** Sizes of the dimensions; `[]` for a scalar. */
  readonly shape: Shape;
  readonly dtype: DType;
  /** The backend owning the storage. */
  readonly backend: Backend;
  /** Accumulated gradient (a leaf's, or a non-leaf's after `retainGrad()`); assign `null` to reset. */
  grad: Tensor | null = null;
  private storage: Storage;
  private node: GraphNode | null = null;
  private leafRequiresGrad = false;
  private retainsGrad = false;

  /** Internal: wraps backend storage. Use the creation functions (`tensor`, `zeros`, ...) instead. */
  constructor(storage: Storage, shape: Shape, backend: Backend) {
    if (storage.size !== sizeOf(shape)) {
      throw new ValueError(`Tensor: storage of ${storage.size} elements does not match shape ${formatShape(shape)}`);
    }
    this.storage = storage;
    this.shape = Object.freeze([...shape]);
    this.dtype = storage.dtype;
    this.backend = backend;
  }

  // --- identity and autograd state ------------------------------------------------------------------------

  /** Internal: the backend storage. */
  get _storage(): Storage {
    return this.storage;
  }

  /** Internal: replaces the storage in place (optimisers, `loadStateDict`); shape and dtype must match. */
  _replaceStorage(storage: Storage): void {
    if (storage.size !== this.storage.size || storage.dtype !== this.dtype) {
      throw new ValueError(`Tensor: cannot replace ${this.dtype} storage of ${this.storage.size} elements with ${storage.dtype} of ${storage.size}`);
    }
    this.storage = storage;
  }

  /** Internal: attaches the graph node that made this tensor. */
  _setGradFn(node: GraphNode): void {
    this.node = node;
  }

  /** The graph node that made this tensor (null for leaves). */
  get gradFn(): GraphNode | null {
    return this.node;
  }

  /** True for tensors not made by a recorded op (user-created tensors and parameters). */
  get isLeaf(): boolean {
    return this.node === null;
  }

  /** Whether gradients flow to this tensor. Settable on leaves of floating dtype only. */
  get requiresGrad(): boolean {
    return this.node !== null || this.leafRequiresGrad;
  }

  set requiresGrad(value: boolean) {
    if (this.node !== null) {
      throw new AutogradError('requiresGrad can only be changed on leaf tensors; use detach() to cut a tensor from its graph');
    }
    if (value && !isFloating(this.dtype)) {
      throw new DTypeError(`only floating-point tensors can require gradients, got ${this.dtype}`);
    }
    this.leafRequiresGrad = value;
  }

  /** Sets `requiresGrad` and returns this tensor (PyTorch's `requires_grad_()`). */
  requiresGrad_(value = true): this {
    this.requiresGrad = value;
    return this;
  }

  /** Keep `.grad` on this non-leaf tensor during backward (PyTorch's `retain_grad()`). */
  retainGrad(): this {
    if (!this.requiresGrad) throw new AutogradError("retainGrad: the tensor does not require grad");
    this.retainsGrad = true;
    return this;
  }

  /** Internal: whether backward should store `.grad` on this tensor. */
  get _retainsGrad(): boolean {
    return this.retainsGrad || (this.node === null && this.leafRequiresGrad);
  }

  /**
   * Computes gradients of this tensor with respect to every leaf that requires them, accumulating into
   * `.grad`. A non-scalar tensor needs `grad` (same shape). `retainGraph` keeps the graph for another
   * backward; `createGraph` records the backward pass itself so gradients can be differentiated again.
   */
  backward(grad?: Tensor | null, options: BackwardOptions = {}): void {
    runBackward([this], [grad ?? null], options, null);
  }

  /** A tensor sharing this one's values, cut from the graph (`requiresGrad = false`). */
  detach(): Tensor {
    return new Tensor(this.storage, this.shape, this.backend);
  }

  /** A copy with its own storage, recorded in the graph (gradient passes through). */
  clone(): Tensor {
    return un.clone(this);
  }

  // --- reading values ------------------------------------------------------------------------------------

  /** Number of dimensions. */
  get ndim(): number {
    return this.shape.length;
  }

  /** Number of elements. */
  numel(): number {
    return this.storage.size;
  }

  /** Size of one dimension (negative dims count from the end), or the whole shape. */
  size(): number[];
  size(dim: number): number;
  size(dim?: number): number | number[] {
    if (dim === undefined) return [...this.shape];
    const d = dim < 0 ? dim + this.shape.length : dim;
    if (d < 0 || d >= this.shape.length) throw new ValueError(`size: dim ${dim} out of range for shape ${formatShape(this.shape)}`);
    return this.shape[d]!;
  }

  /** A typed-array copy of the values in row-major order. */
  data(): TypedArray {
    return this.backend.read(this.storage);
  }

  /** The values as nested arrays (booleans for bool tensors, a bare value for scalars). */
  toArray(): NestedArray {
    const flat = this.data();
    const isBool = this.dtype === 'bool';
    const build = (dim: number, offset: number): [NestedArray, number] => {
      if (dim === this.shape.length) {
        const v = flat[offset]!;
        return [isBool ? v !== 0 : v, offset + 1];
      }
      const out: NestedArray[] = [];
      let o = offset;
      for (let i = 0; i < this.shape[dim]!; i++) {
        const [child, next] = build(dim + 1, o);
        out.push(child);
        o = next;
      }
      return [out, o];
    };
    return build(0, 0)[0];
  }

  /** The single value of a one-element tensor (bool as 0/1). */
  item(): number {
    if (this.storage.size !== 1) {
      throw new ValueError(`item: only one-element tensors can be converted to a number, got shape ${formatShape(this.shape)}`);
    }
    return this.data()[0]!;
  }

  toString(): string {
    return `Tensor(shape=${formatShape(this.shape)}, dtype=${this.dtype}${this.requiresGrad ? ', requiresGrad' : ''})`;
  }

  /** Releases backend storage now (optional; garbage collection does it otherwise). */
  dispose(): void {
    this.backend.dispose?.(this.storage);
  }

  // --- conversions ---------------------------------------------------------------------------------------
  to(dtype: DType): Tensor { return toDType(this, dtype); }
  float(): Tensor { return toDType(this, 'float32'); }
  double(): Tensor { return toDType(this, 'float64'); }
  int(): Tensor { return toDType(this, 'int32'); }
  bool(): Tensor { return toDType(this, 'bool'); }

  // --- elementwise ---------------------------------------------------------------------------------------
  add(other: TensorLike): Tensor { return bin.add(this, other); }
  sub(other: TensorLike): Tensor { return bin.sub(this, other); }
  mul(other: TensorLike): Tensor { return bin.mul(this, other); }
  div(other: TensorLike): Tensor { return bin.div(this, other); }
  pow(exponent: TensorLike): Tensor { return bin.pow(this, exponent); }
  maximum(other: TensorLike): Tensor { return bin.maximum(this, other); }
  minimum(other: TensorLike): Tensor { return bin.minimum(this, other); }
  neg(): Tensor { return un.neg(this); }
  abs(): Tensor { return un.abs(this); }
  sign(): Tensor { return un.sign(this); }
  sqrt(): Tensor { return un.sqrt(this); }
  rsqrt(): Tensor { return un.rsqrt(this); }
  square(): Tensor { return un.square(this); }
  reciprocal(): Tensor { return un.reciprocal(this); }
  exp(): Tensor { return un.exp(this); }
  log(): Tensor { return un.log(this); }
  log1p(): Tensor { return un.log1p(this); }
  expm1(): Tensor { return un.expm1(this); }
  sin(): Tensor { return un.sin(this); }
  cos(): Tensor { return un.cos(this); }
  erf(): Tensor { return un.erf(this); }
  floor(): Tensor { return un.floor(this); }
  ceil(): Tensor { return un.ceil(this); }
  round(): Tensor { return un.round(this); }
  clamp(min?: number | null, max?: number | null): Tensor { return un.clamp(this, min, max); }
  tanh(): Tensor { return act.tanh(this); }
  sigmoid(): Tensor { return act.sigmoid(this); }
  relu(): Tensor { return act.relu(this); }
  leakyRelu(negativeSlope?: number): Tensor { return act.leakyRelu(this, negativeSlope); }
  elu(alpha?: number): Tensor { return act.elu(this, alpha); }
  gelu(approximate?: 'none' | 'tanh'): Tensor { return act.gelu(this, approximate); }
  silu(): Tensor { return act.silu(this); }
  softplus(beta?: number, threshold?: number): Tensor { return act.softplus(this, beta, threshold); }

  // --- comparisons and selection -------------------------------------------------------------------------
  eq(other: TensorLike): Tensor { return cmp.eq(this, other); }
  ne(other: TensorLike): Tensor { return cmp.ne(this, other); }
  lt(other: TensorLike): Tensor { return cmp.lt(this, other); }
  le(other: TensorLike): Tensor { return cmp.le(this, other); }
  gt(other: TensorLike): Tensor { return cmp.gt(this, other); }
  ge(other: TensorLike): Tensor { return cmp.ge(this, other); }
  isnan(): Tensor { return cmp.isnan(this); }
  logicalNot(): Tensor { return cmp.logicalNot(this); }
  logicalAnd(other: Tensor): Tensor { return cmp.logicalAnd(this, other); }
  logicalOr(other: Tensor): Tensor { return cmp.logicalOr(this, other); }
  /** `where(cond, this, other)`. */
  where(condition: Tensor, other: TensorLike): Tensor { return cmp.where(condition, this, other); }
  maskedFill(mask: Tensor, value: number): Tensor { return idx.maskedFill(this, mask, value); }

  // --- reductions ----------------------------------------------------------------------------------------
  sum(dim?: number | readonly number[], keepdim?: boolean): Tensor { return red.sum(this, dim, keepdim); }
  mean(dim?: number | readonly number[], keepdim?: boolean): Tensor { return red.mean(this, dim, keepdim); }
  prod(dim?: number, keepdim?: boolean): Tensor { return red.prod(this, dim, keepdim); }
  var(dim?: number | readonly number[], options?: st.VarianceOptions): Tensor { return st.variance(this, dim, options); }
  std(dim?: number | readonly number[], options?: st.VarianceOptions): Tensor { return st.std(this, dim, options); }
  logsumexp(dim: number | readonly number[], keepdim?: boolean): Tensor { return st.logsumexp(this, dim, keepdim); }
  norm(p?: number | 'fro', dim?: number | readonly number[], keepdim?: boolean): Tensor { return st.norm(this, p, dim, keepdim); }
  max(): Tensor;
  max(dim: number, keepdim?: boolean): mm.ValuesIndices;
  max(dim?: number, keepdim?: boolean): Tensor | mm.ValuesIndices {
    return dim === undefined ? mm.max(this) : mm.max(this, dim, keepdim);
  }
  min(): Tensor;
  min(dim: number, keepdim?: boolean): mm.ValuesIndices;
  min(dim?: number, keepdim?: boolean): Tensor | mm.ValuesIndices {
    return dim === undefined ? mm.min(this) : mm.min(this, dim, keepdim);
  }
  amax(dim?: number | readonly number[], keepdim?: boolean): Tensor { return mm.amax(this, dim, keepdim); }
  amin(dim?: number | readonly number[], keepdim?: boolean): Tensor { return mm.amin(this, dim, keepdim); }
  argmax(dim?: number, keepdim?: boolean): Tensor { return mm.argmax(this, dim, keepdim); }
  argmin(dim?: number, keepdim?: boolean): Tensor { return mm.argmin(this, dim, keepdim); }
  cumsum(dim: number): Tensor { return cumsum(this, dim); }
  softmax(dim: number): Tensor { return softmax(this, dim); }
  logSoftmax(dim: number): Tensor { return logSoftmax(this, dim); }

  // --- linear algebra ------------------------------------------------------------------------------------
  matmul(other: Tensor): Tensor { return matmul(this, other); }

  // --- shape ---------------------------------------------------------------------------------------------
  reshape(...shape: (number | readonly number[])[]): Tensor { return shp.reshape(this, flattenShapeArgs(shape)); }
  view(...shape: (number | readonly number[])[]): Tensor { return shp.reshape(this, flattenShapeArgs(shape)); }
  flatten(startDim?: number, endDim?: number): Tensor { return shp.flatten(this, startDim, endDim); }
  squeeze(dim?: number): Tensor { return shp.squeeze(this, dim); }
  unsqueeze(dim: number): Tensor { return shp.unsqueeze(this, dim); }
  transpose(dim0: number, dim1: number): Tensor { return shp.transpose(this, dim0, dim1); }
  /** Transpose of a 2-D tensor (PyTorch's `.t()`); 0-D and 1-D tensors are returned as is. */
  t(): Tensor { return shp.t(this); }
  permute(...dims: (number | readonly number[])[]): Tensor { return shp.permute(this, flattenShapeArgs(dims)); }
  expand(...shape: (number | readonly number[])[]): Tensor { return shp.expand(this, flattenShapeArgs(shape)); }
  expandAs(other: Tensor): Tensor { return shp.expand(this, other.shape); }
  split(sizeOrSections: number | readonly number[], dim?: number): Tensor[] { return join.split(this, sizeOrSections, dim); }
  chunk(chunks: number, dim?: number): Tensor[] { return join.chunk(this, chunks, dim); }
  narrow(dim: number, start: number, length: number): Tensor { return sl.narrow(this, dim, start, length); }
  slice(dim: number, start?: number | null, end?: number | null, step?: number): Tensor { return sl.slice(this, dim, start, end, step); }
  select(dim: number, index: number): Tensor { return sl.select(this, dim, index); }
  flip(dims: number | readonly number[]): Tensor { return sl.flip(this, dims); }
  gather(dim: number, index: Tensor): Tensor { return idx.gather(this, dim, index); }
  scatterAdd(dim: number, index: Tensor, src: Tensor): Tensor { return idx.scatterAdd(this, dim, index, src); }
  indexSelect(dim: number, index: Tensor): Tensor { return idx.indexSelect(this, dim, index); }
  pad(padding: readonly number[], mode?: PadMode, value?: number): Tensor { return pad(this, padding, mode, value); }
  tril(diagonal?: number): Tensor { return tril(this, diagonal); }
  triu(diagonal?: number): Tensor { return triu(this, diagonal); }
}

/** Accepts `reshape(2, 3)` and `reshape([2, 3])` alike. */
function flattenShapeArgs(args: readonly (number | readonly number[])[]): number[] {
  if (args.length === 1 && typeof args[0] !== 'number') return [...args[0]!];
  return args.map((a) => {
    if (typeof a !== 'number') throw new ValueError('shape arguments must be numbers or one array of numbers');
    return a;
  });
}
