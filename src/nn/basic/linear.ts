import { DTypeError, ShapeError, ValueError } from '../../core/errors.js';
import { defaultGenerator } from '../../core/random.js';
import { formatShape } from '../../core/shape.js';
import { relu } from '../../tensor/ops/activation.js';
import { zeros } from '../../tensor/ops/creation.js';
import { gemm, linearBias } from '../../tensor/ops/matmul.js';
import { reshape } from '../../tensor/ops/shape.js';
import type { Tensor } from '../../tensor/tensor.js';
import { layerDefaultInit_ } from '../init/layer-default.js';
import { Module } from '../module.js';
import { ReLU } from './activation.js';
import type { FusesNext } from './sequential.js';
import { Parameter } from '../parameter.js';
import { checkSize, floatDType, type FactoryOptions } from './options.js';

/** Options of `linear` beyond torch.nn.functional.linear's arguments. */
export interface LinearFunctionOptions {
  /**
   * Apply ReLU to the output: relu(linear(x, W, b)) with the same numbers, values and gradients, but where
   * the backend fuses it (wasm, float32, with a bias) the ReLU runs in the product's store and its gradient in
   * the layer's backward. `Sequential` uses it for a `Linear` followed by a `ReLU`.
   */
  activation?: 'relu' | null;
}

/**
 * y = x·Wᵀ + b over the last dimension (torch.nn.functional.linear). `x` is [..., in] (1-D allowed),
 * `weight` [out, in], `bias` [out] or null; the result is [..., out]. The product is one GEMM with the
 * weight read transposed, so neither pass materialises Wᵀ. `options.activation` (a tensorite extension)
 * applies a ReLU after it.
 *
 * ```ts
 * linear(randn([8, 4]), randn([2, 4]), zeros([2])).shape; // [8, 2]
 * linear(x, w, b, { activation: 'relu' });                // relu(linear(x, w, b)), fused where it pays
 * ```
 */
export function linear(x: Tensor, weight: Tensor, bias: Tensor | null = null, options: LinearFunctionOptions = {}): Tensor {
  const activation = options.activation ?? null;
  if (weight.ndim !== 2) throw new ShapeError(`linear: weight must be 2-D [out, in], got ${formatShape(weight.shape)}`);
  const [outFeatures, inFeatures] = weight.shape as [number, number];
  if (x.ndim === 0 || x.shape[x.ndim - 1] !== inFeatures) {
    throw new ShapeError(`linear: input ${formatShape(x.shape)} does not end in ${inFeatures} features (weight ${formatShape(weight.shape)})`);
  }
  if (x.dtype !== weight.dtype) {
    throw new DTypeError(`linear: input dtype ${x.dtype} differs from weight dtype ${weight.dtype}; convert the input or the module with .to('${weight.dtype}')`);
  }
  if (bias !== null && (bias.ndim !== 1 || bias.shape[0] !== outFeatures)) {
    throw new ShapeError(`linear: bias ${formatShape(bias.shape)} must be [${outFeatures}] for weight ${formatShape(weight.shape)}`);
  }
  const lead = x.shape.slice(0, -1);
  const rows = lead.reduce((a, b) => a * b, 1);
  const x2 = reshape(x, [rows, inFeatures]);
  if (activation !== null && activation !== 'relu') throw new ValueError(`linear: activation must be 'relu' or null, got ${JSON.stringify(activation)}`);
  let y: Tensor;
  if (bias !== null) y = linearBias(x2, weight, bias, 'linear', activation);
  else {
    y = gemm(x2, weight, false, true, 'linear');
    if (activation === 'relu') y = relu(y);
  }
  return reshape(y, [...lead, outFeatures]);
}

/** Options of `Linear`. */
export interface LinearOptions extends FactoryOptions {
  /** Learn an additive bias (default true). */
  bias?: boolean;
}

/**
 * Fully connected layer y = x·Wᵀ + b (torch.nn.Linear). Parameters `weight` [out, in] and `bias` [out]
 * (state-dict keys `weight`, `bias`), initialised as PyTorch: W ~ kaiming-uniform with a = √5, i.e.
 * U(−1/√in, 1/√in), and b ~ U(−1/√in, 1/√in). Input [..., in] → output [..., out].
 *
 * ```ts
 * const fc = new Linear(132, 64, { dtype: 'float64' });
 * const y = fc.forward(x); // x: [batch, 132] → [batch, 64]
 * ```
 */
export class Linear extends Module implements FusesNext {
  readonly inFeatures: number;
  readonly outFeatures: number;
  weight: Parameter;
  bias: Parameter | null;

  constructor(inFeatures: number, outFeatures: number, options: LinearOptions = {}) {
    super();
    this.inFeatures = checkSize('Linear', 'inFeatures', inFeatures);
    this.outFeatures = checkSize('Linear', 'outFeatures', outFeatures);
    const dtype = floatDType('Linear', options.dtype);
    this.weight = new Parameter(zeros([outFeatures, inFeatures], { dtype }));
    if (options.bias ?? true) {
      this.bias = new Parameter(zeros([outFeatures], { dtype }));
    } else {
      this.bias = null;
      this.registerParameter('bias', null);
    }
    this.resetParameters(options);
  }

  /** Re-draws the weights with PyTorch's default initialisation (see the class documentation). */
  resetParameters(options: Pick<FactoryOptions, 'generator'> = {}): void {
    layerDefaultInit_(this.weight, this.bias, options.generator ?? defaultGenerator);
  }

  forward(x: Tensor): Tensor {
    return linear(x, this.weight, this.bias);
  }

  /**
   * This layer and a `ReLU` after it in a `Sequential` as one `linear(x, W, b, { activation: 'relu' })` (the
   * ReLU applied in the product's store, and its gradient in the layer's backward, where the backend fuses
   * them): the values and gradients of the two modules one by one. Null where the next module is not a ReLU or
   * either forward is not the library's own (a subclass may compute something else).
   */
  forwardFused(x: Tensor, next: readonly Module[]): { out: Tensor; used: number } | null {
    const [first] = next;
    if (this.forward !== Linear.prototype.forward || !(first instanceof ReLU) || first.forward !== ReLU.prototype.forward) return null;
    return { out: linear(x, this.weight, this.bias, { activation: 'relu' }), used: 1 };
  }

  override extraRepr(): string {
    return `inFeatures=${this.inFeatures}, outFeatures=${this.outFeatures}, bias=${this.bias !== null}`;
  }
}
