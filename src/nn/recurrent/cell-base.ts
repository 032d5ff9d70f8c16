import { DTypeError, ShapeError } from '../../core/errors.js';
import { isFloating } from '../../core/dtype.js';
import { defaultGenerator } from '../../core/random.js';
import { formatShape } from '../../core/shape.js';
import { zeros } from '../../tensor/ops/creation.js';
import { squeeze, unsqueeze } from '../../tensor/ops/shape.js';
import type { Tensor } from '../../tensor/tensor.js';
import { checkSize, floatDType, type FactoryOptions } from '../basic/options.js';
import { uniform_ } from '../init/fill.js';
import { Module } from '../module.js';
import { Parameter } from '../parameter.js';
import { GATE_COUNT, runDirection, type RecurrentMode } from './sequence-op.js';

/** Constructor options shared by `RNNCell`, `LSTMCell` and `GRUCell`. */
export interface CellOptions extends FactoryOptions {
  /** Learn b_ih and b_hh (default true). */
  bias?: boolean;
}

/**
 * Internal base of the single-step cells (torch.nn.RNNCellBase): parameters `weight_ih` [G·H, in],
 * `weight_hh` [G·H, H], `bias_ih`, `bias_hh` [G·H], all ~ U(±1/√H); one step runs the same fused backend
 * kernels as the sequence modules.
 */
export abstract class RNNCellBase extends Module {
  readonly inputSize: number;
  readonly hiddenSize: number;
  readonly bias: boolean;
  weight_ih: Parameter;
  weight_hh: Parameter;
  bias_ih: Parameter | null;
  bias_hh: Parameter | null;
  private readonly mode: RecurrentMode;

  protected constructor(mode: RecurrentMode, inputSize: number, hiddenSize: number, options: CellOptions) {
    super();
    const name = this.constructor.name;
    this.mode = mode;
    this.inputSize = checkSize(name, 'inputSize', inputSize, true);
    this.hiddenSize = checkSize(name, 'hiddenSize', hiddenSize, true);
    this.bias = options.bias ?? true;
    const dtype = floatDType(name, options.dtype);
    const rows = GATE_COUNT[mode] * hiddenSize;
    this.weight_ih = new Parameter(zeros([rows, inputSize], { dtype }));
    this.weight_hh = new Parameter(zeros([rows, hiddenSize], { dtype }));
    if (this.bias) {
      this.bias_ih = new Parameter(zeros([rows], { dtype }));
      this.bias_hh = new Parameter(zeros([rows], { dtype }));
    } else {
      this.bias_ih = null;
      this.bias_hh = null;
      this.registerParameter('bias_ih', null);
      this.registerParameter('bias_hh', null);
    }
    this.resetParameters(options);
  }

  /** Re-draws every parameter from U(−1/√hiddenSize, 1/√hiddenSize), as PyTorch does. */
  resetParameters(options: Pick<FactoryOptions, 'generator'> = {}): void {
    const k = 1 / Math.sqrt(this.hiddenSize);
    for (const p of this.parameters(false)) uniform_(p, -k, k, options.generator ?? defaultGenerator);
  }

  /**
   * Internal: one step from x [B, in] (or unbatched [in]) and the states ([h] or [h, c], null = zeros).
   * Returns the new states in the input's layout.
   */
  protected step(x: Tensor, state: readonly Tensor[] | null): Tensor[] {
    const name = this.constructor.name;
    if (!isFloating(x.dtype)) throw new DTypeError(`${name}: expected a float32 or float64 input, got ${x.dtype}`);
    if ((x.ndim !== 1 && x.ndim !== 2) || x.shape[x.ndim - 1] !== this.inputSize) {
      throw new ShapeError(`${name}: expected input [B, ${this.inputSize}] or [${this.inputSize}], got ${formatShape(x.shape)}`);
    }
    if (x.dtype !== this.weight_ih.dtype) throw new DTypeError(`${name}: input dtype ${x.dtype} differs from the parameters' ${this.weight_ih.dtype}`);
    const unbatched = x.ndim === 1;
    const batched = unbatched ? unsqueeze(x, 0) : x;
    const batch = batched.shape[0]!;
    const count = this.mode === 'LSTM' ? 2 : 1;
    const states = state === null
      ? Array.from({ length: count }, () => zeros([batch, this.hiddenSize], { dtype: x.dtype }))
      : state.map((s, i) => {
        const expected = unbatched ? [this.hiddenSize] : [batch, this.hiddenSize];
        if (s.ndim !== expected.length || s.shape.some((d, j) => d !== expected[j])) {
          throw new ShapeError(`${name}: state ${i} must be ${formatShape(expected)}, got ${formatShape(s.shape)}`);
        }
        if (s.dtype !== x.dtype) throw new DTypeError(`${name}: state dtype ${s.dtype} differs from the input's ${x.dtype}`);
        return unbatched ? unsqueeze(s, 0) : s;
      });
    const w = { wIH: this.weight_ih, wHH: this.weight_hh, bIH: this.bias_ih, bHH: this.bias_hh, wHR: null };
    const r = runDirection(this.mode, unsqueeze(batched, 0), states, w, {});
    return r.state.map((s) => (unbatched ? squeeze(s, 0) : s));
  }

  override extraRepr(): string {
    return `${this.inputSize}, ${this.hiddenSize}${this.bias ? '' : ', bias=false'}`;
  }
}
