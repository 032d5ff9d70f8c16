import { DTypeError, ShapeError, ValueError } from '../../core/errors.js';
import { isFloating } from '../../core/dtype.js';
import { defaultGenerator, type Generator } from '../../core/random.js';
import { formatShape } from '../../core/shape.js';
import { zeros } from '../../tensor/ops/creation.js';
import { cat, stack } from '../../tensor/ops/join.js';
import type { LayerSequenceOptions } from '../../tensor/ops/recurrence.js';
import { squeeze, transpose, unsqueeze } from '../../tensor/ops/shape.js';
import { select } from '../../tensor/ops/slicing.js';
import type { Tensor } from '../../tensor/tensor.js';
import { dropout } from '../basic/dropout.js';
import { checkSize, floatDType, type FactoryOptions } from '../basic/options.js';
import { uniform_ } from '../init/fill.js';
import { Module } from '../module.js';
import { Parameter } from '../parameter.js';
import { resolveLengths, type SequenceOptions } from './lengths.js';
import { GATE_COUNT, runDirection, type DirectionWeights, type RecurrentMode } from './sequence-op.js';

/** Constructor options shared by `RNN`, `LSTM` and `GRU` (PyTorch's keyword arguments, camelCase). */
export interface RecurrentOptions extends FactoryOptions {
  /** Stacked layers (default 1); layer k > 0 reads layer k − 1's output. */
  numLayers?: number;
  /** Learn b_ih and b_hh (default true). */
  bias?: boolean;
  /** Input and output are [B, T, F] instead of [T, B, F] (default false; states stay [L·D, B, H]). */
  batchFirst?: boolean;
  /** Dropout probability on the outputs of every layer but the last, in training mode (default 0). */
  dropout?: number;
  /** Run a second, reverse-time pass per layer and concatenate both outputs (default false). */
  bidirectional?: boolean;
}

/** Internal: a hook receiving ∂L/∂h_t during backward (see `gradNormsThroughTime`). */
export type StateGradProbe = (layer: number, direction: number, t: number, grad: Tensor) => void;

/**
 * Internal base of `RNN`, `LSTM` and `GRU` (torch.nn.RNNBase): parameter creation with PyTorch's names,
 * order and initialisation, input/state checking, and the layer × direction loop. Each layer-direction is
 * one GEMM for the input projection of all time steps plus one fused sequence op (backend kernels per step).
 */
export abstract class RNNBase extends Module {
  readonly mode: RecurrentMode;
  readonly inputSize: number;
  readonly hiddenSize: number;
  readonly numLayers: number;
  readonly bias: boolean;
  readonly batchFirst: boolean;
  readonly dropout: number;
  readonly bidirectional: boolean;
  /** LSTM projection size (0 = none). */
  readonly projSize: number;
  /** Internal: set by `gradNormsThroughTime` while it runs the forward pass. */
  _stateGradProbe: StateGradProbe | null = null;
  private readonly generator: Generator | undefined;
  private readonly weightNames: string[][][] = [];

  protected constructor(mode: RecurrentMode, inputSize: number, hiddenSize: number, options: RecurrentOptions, projSize = 0) {
    super();
    const name = this.constructor.name;
    this.mode = mode;
    this.inputSize = checkSize(name, 'inputSize', inputSize, true);
    this.hiddenSize = checkSize(name, 'hiddenSize', hiddenSize, true);
    this.numLayers = checkSize(name, 'numLayers', options.numLayers ?? 1, true);
    this.bias = options.bias ?? true;
    this.batchFirst = options.batchFirst ?? false;
    this.bidirectional = options.bidirectional ?? false;
    const p = options.dropout ?? 0;
    if (typeof p !== 'number' || !(p >= 0 && p <= 1)) throw new ValueError(`${name}: dropout must be a probability in [0, 1], got ${p}`);
    this.dropout = p;
    this.projSize = checkSize(name, 'projSize', projSize);
    const asked = (options as { projSize?: number }).projSize ?? projSize;
    if (asked !== 0 && mode !== 'LSTM') throw new ValueError(`${name}: projSize is only supported by LSTM`);
    if (projSize >= hiddenSize && projSize > 0) throw new ValueError(`${name}: projSize (${projSize}) must be smaller than hiddenSize (${hiddenSize})`);
    this.generator = options.generator;
    const dtype = floatDType(name, options.dtype);
    const rows = GATE_COUNT[mode] * hiddenSize;
    const real = this.stateSize;
    const dirs = this.numDirections;
    for (let layer = 0; layer < this.numLayers; layer++) {
      const layerNames: string[][] = [];
      for (let d = 0; d < dirs; d++) {
        const suffix = `_l${layer}${d === 1 ? '_reverse' : ''}`;
        const shapes: [string, number[]][] = [
          [`weight_ih${suffix}`, [rows, layer === 0 ? inputSize : real * dirs]],
          [`weight_hh${suffix}`, [rows, real]],
        ];
        if (this.bias) shapes.push([`bias_ih${suffix}`, [rows]], [`bias_hh${suffix}`, [rows]]);
        if (projSize > 0) shapes.push([`weight_hr${suffix}`, [projSize, hiddenSize]]);
        for (const [n, shape] of shapes) this.registerParameter(n, new Parameter(zeros(shape, { dtype })));
        layerNames.push(shapes.map(([n]) => n));
      }
      this.weightNames.push(layerNames);
    }
    this.resetParameters(options);
  }

  /** 1 or 2 (bidirectional). */
  get numDirections(): number {
    return this.bidirectional ? 2 : 1;
  }

  /** Columns of h: projSize when set, else hiddenSize. */
  get stateSize(): number {
    return this.projSize > 0 ? this.projSize : this.hiddenSize;
  }

  /** Re-draws every parameter from U(−1/√hiddenSize, 1/√hiddenSize) in registration order, as PyTorch does. */
  resetParameters(options: Pick<FactoryOptions, 'generator'> = {}): void {
    const k = 1 / Math.sqrt(this.hiddenSize);
    const g = options.generator ?? defaultGenerator;
    for (const p of this.parameters(false)) uniform_(p, -k, k, g);
  }

  /** Internal: the weights of one layer and direction. */
  protected directionWeights(layer: number, direction: number): DirectionWeights {
    const suffix = `_l${layer}${direction === 1 ? '_reverse' : ''}`;
    const get = (n: string): Tensor | null => (this.weightNames[layer]![direction]!.includes(n + suffix) ? this.getParameter(n + suffix) : null);
    return { wIH: get('weight_ih')!, wHH: get('weight_hh')!, bIH: get('bias_ih'), bHH: get('bias_hh'), wHR: get('weight_hr') };
  }

  /**
   * Internal: the shared forward. `state0` holds the initial states as given ([h0] or [h0, c0], each
   * [L·D, B, size], or [L·D, size] for an unbatched input), or null for zeros. Returns the output in the
   * input's layout and the final states [L·D, B, size].
   */
  protected run(x: Tensor, state0: readonly Tensor[] | null, options: SequenceOptions): [Tensor, Tensor[]] {
    const name = this.constructor.name;
    if (!isFloating(x.dtype)) throw new DTypeError(`${name}: expected a float32 or float64 input, got ${x.dtype}`);
    if (x.ndim !== 2 && x.ndim !== 3) {
      throw new ShapeError(`${name}: expected a 3-D input ${this.batchFirst ? '[B, T, F]' : '[T, B, F]'} or a 2-D unbatched [T, F], got ${formatShape(x.shape)}`);
    }
    if (x.shape[x.ndim - 1] !== this.inputSize) {
      throw new ShapeError(`${name}: input ${formatShape(x.shape)} must have ${this.inputSize} features in its last dim (inputSize)`);
    }
    const weightDType = this.directionWeights(0, 0).wIH.dtype;
    if (x.dtype !== weightDType) throw new DTypeError(`${name}: input dtype ${x.dtype} differs from the parameters' ${weightDType}; convert one with .to()`);
    const unbatched = x.ndim === 2;
    // a backend with whole-sequence layers reads and writes the batch-first layout itself (no transposes)
    const batchFirst = this.batchFirst && !unbatched && x.backend.recurrentSequence !== undefined;
    let seq = unbatched ? unsqueeze(x, 1) : this.batchFirst && !batchFirst ? transpose(x, 0, 1) : x;
    const [steps, batch] = (batchFirst ? [seq.shape[1], seq.shape[0]] : seq.shape) as [number, number];
    if (unbatched && (options.lengths !== undefined || options.mask !== undefined)) {
      throw new ValueError(`${name}: lengths and mask need a batched (3-D) input`);
    }
    const lengths = resolveLengths(name, options, batch, steps, this.batchFirst);
    const sizes = this.mode === 'LSTM' ? [this.stateSize, this.hiddenSize] : [this.hiddenSize];
    const initial = this.initialStates(state0, unbatched, batch, sizes, x);
    const dirs = this.numDirections;
    const finals: Tensor[][] = sizes.map(() => []);
    for (let layer = 0; layer < this.numLayers; layer++) {
      const outs: Tensor[] = [];
      for (let d = 0; d < dirs; d++) {
        const index = layer * dirs + d;
        const probe = this._stateGradProbe;
        const opOptions: LayerSequenceOptions = {
          reverse: d === 1,
          lengths,
          batchFirst,
          onStateGrad: probe === null ? undefined : (t, g) => probe(layer, d, t, g),
        };
        const r = runDirection(this.mode, seq, initial.map((s) => select(s, 0, index)), this.directionWeights(layer, d), opOptions);
        outs.push(r.output);
        r.state.forEach((s, i) => finals[i]!.push(s));
      }
      seq = dirs === 1 ? outs[0]! : cat(outs, 2);
      if (this.dropout > 0 && this.training && layer < this.numLayers - 1) {
        seq = dropout(seq, this.dropout, true, this.generator ?? defaultGenerator);
      }
    }
    const output = unbatched ? squeeze(seq, 1) : this.batchFirst && !batchFirst ? transpose(seq, 0, 1) : seq;
    const states = finals.map((list) => {
      const s = stack(list, 0);
      return unbatched ? squeeze(s, 1) : s;
    });
    return [output, states];
  }

  private initialStates(state0: readonly Tensor[] | null, unbatched: boolean, batch: number, sizes: readonly number[], x: Tensor): Tensor[] {
    const name = this.constructor.name;
    const lead = this.numLayers * this.numDirections;
    if (state0 === null) return sizes.map((n) => zeros([lead, batch, n], { dtype: x.dtype }));
    return state0.map((s, i) => {
      const label = this.mode === 'LSTM' ? (i === 0 ? 'h0' : 'c0') : 'h0';
      const expected = unbatched ? [lead, sizes[i]!] : [lead, batch, sizes[i]!];
      if (s.ndim !== expected.length || s.shape.some((d, j) => d !== expected[j])) {
        throw new ShapeError(`${name}: ${label} must be ${formatShape(expected)} (numLayers·numDirections${unbatched ? '' : ', batch'}, size), got ${formatShape(s.shape)}`);
      }
      if (s.dtype !== x.dtype) throw new DTypeError(`${name}: ${label} dtype ${s.dtype} differs from the input's ${x.dtype}`);
      return unbatched ? unsqueeze(s, 1) : s;
    });
  }

  override extraRepr(): string {
    const parts = [`${this.inputSize}, ${this.hiddenSize}`];
    if (this.numLayers !== 1) parts.push(`numLayers=${this.numLayers}`);
    if (!this.bias) parts.push('bias=false');
    if (this.batchFirst) parts.push('batchFirst=true');
    if (this.dropout !== 0) parts.push(`dropout=${this.dropout}`);
    if (this.bidirectional) parts.push('bidirectional=true');
    if (this.projSize !== 0) parts.push(`projSize=${this.projSize}`);
    return parts.join(', ');
  }
}
