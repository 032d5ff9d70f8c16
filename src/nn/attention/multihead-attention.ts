import { ValueError } from '../../core/errors.js';
import { defaultGenerator, type Generator } from '../../core/random.js';
import { zeros } from '../../tensor/ops/creation.js';
import type { Tensor } from '../../tensor/tensor.js';
import { Linear } from '../basic/linear.js';
import { checkSize, floatDType, type FactoryOptions } from '../basic/options.js';
import { constant_ } from '../init/fill.js';
import { xavierNormal_, xavierUniform_ } from '../init/scaled.js';
import { Module } from '../module.js';
import { Parameter } from '../parameter.js';
import { multiHeadAttentionForward, type MultiheadAttentionCallOptions } from './multihead-attention-forward.js';

/** Options of `MultiheadAttention` (PyTorch's keyword arguments, camelCase, same defaults). */
export interface MultiheadAttentionOptions extends FactoryOptions {
  /** Dropout probability on the attention weights in training (default 0). */
  dropout?: number;
  /** Biases of the input and output projections (default true). */
  bias?: boolean;
  /** Learned key/value vectors `bias_k`, `bias_v` appended to the key/value sequences (default false). */
  addBiasKv?: boolean;
  /** Append a zero key/value to the sequences after projection (default false). */
  addZeroAttn?: boolean;
  /** Feature size of the key input (default embedDim). */
  kdim?: number;
  /** Feature size of the value input (default embedDim). */
  vdim?: number;
  /** Inputs and output are [batch, seq, feature] (true) or [seq, batch, feature] (false, default). */
  batchFirst?: boolean;
}

/**
 * Multi-head attention (torch.nn.MultiheadAttention): out = Concat(head₁…head_h) W_Oᵀ + b_O with
 * headᵢ = softmax(QᵢKᵢᵀ/√d + mask) Vᵢ, d = embedDim / numHeads, Qᵢ, Kᵢ, Vᵢ the i-th slices of the
 * projected query, key and value.
 *
 * Parameters and state-dict keys are PyTorch's: `in_proj_weight` [3E, E] and `in_proj_bias` [3E] — or,
 * when kdim or vdim differ from embedDim, `q_proj_weight` [E, E], `k_proj_weight` [E, kdim],
 * `v_proj_weight` [E, vdim] — then `bias_k`, `bias_v` [1, 1, E] (with `addBiasKv`), `out_proj.weight`
 * [E, E] and `out_proj.bias` [E]. Initialisation as PyTorch: Xavier-uniform projection weights, zero
 * projection biases, `out_proj.weight` with Linear's default, Xavier-normal `bias_k`/`bias_v`.
 *
 * Shapes (batchFirst false / true): query [L, N, E] / [N, L, E], key [S, N, kdim] / [N, S, kdim], value
 * [S, N, vdim] / [N, S, vdim]; 2-D inputs are unbatched. Output like the query; weights [N, L, S]
 * averaged over the heads, or [N, numHeads, L, S] with `averageAttnWeights: false` (unbatched: no N).
 * Masks: `keyPaddingMask` [N, S] and `attnMask` [L, S] or [N·numHeads, L, S], bool (true = do not attend)
 * or float (added to the scores). A query whose keys are all masked gives NaN, as in PyTorch.
 *
 * ```ts
 * const mha = new MultiheadAttention(64, 8, { batchFirst: true, dropout: 0.1 });
 * const [out, weights] = mha.forward(x, x, x, { keyPaddingMask: padding }); // x: [N, L, 64]
 * ```
 */
export class MultiheadAttention extends Module {
  readonly embedDim: number;
  readonly numHeads: number;
  readonly headDim: number;
  readonly kdim: number;
  readonly vdim: number;
  readonly dropout: number;
  readonly batchFirst: boolean;
  readonly addZeroAttn: boolean;
  in_proj_weight: Parameter | null;
  q_proj_weight: Parameter | null;
  k_proj_weight: Parameter | null;
  v_proj_weight: Parameter | null;
  in_proj_bias: Parameter | null;
  bias_k: Parameter | null;
  bias_v: Parameter | null;
  out_proj: Linear;
  private readonly generator: Generator | undefined;

  constructor(embedDim: number, numHeads: number, options: MultiheadAttentionOptions = {}) {
    super();
    this.embedDim = checkSize('MultiheadAttention', 'embedDim', embedDim, true);
    this.numHeads = checkSize('MultiheadAttention', 'numHeads', numHeads, true);
    if (embedDim % numHeads !== 0) throw new ValueError(`MultiheadAttention: embedDim ${embedDim} must be divisible by numHeads ${numHeads}`);
    this.headDim = embedDim / numHeads;
    this.kdim = checkSize('MultiheadAttention', 'kdim', options.kdim ?? embedDim, true);
    this.vdim = checkSize('MultiheadAttention', 'vdim', options.vdim ?? embedDim, true);
    this.dropout = options.dropout ?? 0;
    if (!(this.dropout >= 0 && this.dropout <= 1)) throw new ValueError(`MultiheadAttention: dropout must be in [0, 1], got ${this.dropout}`);
    this.batchFirst = options.batchFirst ?? false;
    this.addZeroAttn = options.addZeroAttn ?? false;
    this.generator = options.generator;
    const dtype = floatDType('MultiheadAttention', options.dtype);
    const e = embedDim;
    // Registration order is PyTorch's, so stateDict() lists the keys in the same order.
    if (this.kdim === e && this.vdim === e) {
      this.in_proj_weight = new Parameter(zeros([3 * e, e], { dtype }));
      this.q_proj_weight = null;
      this.k_proj_weight = null;
      this.v_proj_weight = null;
    } else {
      this.q_proj_weight = new Parameter(zeros([e, e], { dtype }));
      this.k_proj_weight = new Parameter(zeros([e, this.kdim], { dtype }));
      this.v_proj_weight = new Parameter(zeros([e, this.vdim], { dtype }));
      this.in_proj_weight = null;
    }
    const bias = options.bias ?? true;
    this.in_proj_bias = bias ? new Parameter(zeros([3 * e], { dtype })) : null;
    this.out_proj = new Linear(e, e, { bias, dtype, generator: options.generator });
    if (options.addBiasKv === true) {
      this.bias_k = new Parameter(zeros([1, 1, e], { dtype }));
      this.bias_v = new Parameter(zeros([1, 1, e], { dtype }));
    } else {
      this.bias_k = null;
      this.bias_v = null;
    }
    this.resetParameters(options);
  }

  /** Re-draws the parameters with PyTorch's initialisation (see the class documentation). */
  resetParameters(options: Pick<FactoryOptions, 'generator'> = {}): void {
    const g = options.generator ?? defaultGenerator;
    for (const w of [this.in_proj_weight, this.q_proj_weight, this.k_proj_weight, this.v_proj_weight]) if (w !== null) xavierUniform_(w, 1, g);
    if (this.in_proj_bias !== null) constant_(this.in_proj_bias, 0);
    if (this.out_proj.bias !== null) constant_(this.out_proj.bias, 0);
    if (this.bias_k !== null) xavierNormal_(this.bias_k, 1, g);
    if (this.bias_v !== null) xavierNormal_(this.bias_v, 1, g);
  }

  /**
   * Attends from `query` to `key`/`value` (shapes and masks in the class documentation). Returns
   * `[output, weights]`, weights null when `needWeights` is false.
   */
  forward(query: Tensor, key: Tensor, value: Tensor, options: MultiheadAttentionCallOptions = {}): [Tensor, Tensor | null] {
    return multiHeadAttentionForward(query, key, value, {
      inProjWeight: this.in_proj_weight,
      qProjWeight: this.q_proj_weight,
      kProjWeight: this.k_proj_weight,
      vProjWeight: this.v_proj_weight,
      inProjBias: this.in_proj_bias,
      biasK: this.bias_k,
      biasV: this.bias_v,
      addZeroAttn: this.addZeroAttn,
      outProjWeight: this.out_proj.weight,
      outProjBias: this.out_proj.bias,
    }, {
      ...options,
      numHeads: this.numHeads,
      batchFirst: this.batchFirst,
      dropoutP: this.dropout,
      training: this.training,
      generator: this.generator,
    });
  }

  override extraRepr(): string {
    return `embedDim=${this.embedDim}, numHeads=${this.numHeads}, batchFirst=${this.batchFirst}`;
  }
}
