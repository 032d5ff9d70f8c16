import { DTypeError, ShapeError, ValueError } from '../../core/errors.js';
import { defaultGenerator, type Generator } from '../../core/random.js';
import { formatShape } from '../../core/shape.js';
import { add, div } from '../../tensor/ops/binary.js';
import { zeros } from '../../tensor/ops/creation.js';
import { cat, split } from '../../tensor/ops/join.js';
import { pad } from '../../tensor/ops/pad.js';
import { mean } from '../../tensor/ops/reduce.js';
import { expand, permute, reshape, squeeze, transpose, unsqueeze } from '../../tensor/ops/shape.js';
import { narrow } from '../../tensor/ops/slicing.js';
import type { Tensor } from '../../tensor/tensor.js';
import { linear } from '../basic/linear.js';
import { additiveMask, causalBlockedMask, checkMaskShape } from './masks.js';
import { attend } from './scaled-dot-product.js';

/** The tensors of a multi-head attention layer, as `MultiheadAttention` holds them (PyTorch's names in comments). */
export interface MultiheadAttentionParams {
  /** in_proj_weight [3E, E] (null when the separate q/k/v weights are used). */
  inProjWeight: Tensor | null;
  /** q_proj_weight [E, E], k_proj_weight [E, kdim], v_proj_weight [E, vdim] (used when inProjWeight is null). */
  qProjWeight: Tensor | null;
  kProjWeight: Tensor | null;
  vProjWeight: Tensor | null;
  /** in_proj_bias [3E] or null. */
  inProjBias: Tensor | null;
  /** bias_k, bias_v [1, 1, E]: a learned key/value appended to the sequence, or null. */
  biasK: Tensor | null;
  biasV: Tensor | null;
  /** Append a zero key/value after the projection (add_zero_attn). */
  addZeroAttn: boolean;
  /** out_proj.weight [E, E] and out_proj.bias [E] or null. */
  outProjWeight: Tensor;
  outProjBias: Tensor | null;
}

/** Call options of the multi-head attention forward (see `MultiheadAttention.forward`). */
export interface MultiheadAttentionCallOptions {
  /** [N, S] (or [S] unbatched): bool true = ignore that key; float: added to the scores. */
  keyPaddingMask?: Tensor | null;
  /** [L, S] or [N·numHeads, L, S] ([numHeads, L, S] unbatched): bool true = not allowed; float: added. */
  attnMask?: Tensor | null;
  /** Return the attention weights (default true). */
  needWeights?: boolean;
  /** Average the weights over the heads ([N, L, S]) or return them per head ([N, numHeads, L, S]). Default true. */
  averageAttnWeights?: boolean;
  /** Causal self-attention: without `attnMask`, a causal mask (query i sees keys ≤ i) is used; with one, it is a hint and `attnMask` is used. */
  isCausal?: boolean;
}

/** Internal options of `multiHeadAttentionForward`. */
export interface MultiheadAttentionForwardOptions extends MultiheadAttentionCallOptions {
  numHeads: number;
  /** Inputs are [N, seq, E] (true) or [seq, N, E] (false, PyTorch's default). */
  batchFirst: boolean;
  dropoutP: number;
  training: boolean;
  generator?: Generator;
}

const OP = 'MultiheadAttention';

function project(
  query: Tensor, key: Tensor, value: Tensor, params: MultiheadAttentionParams, e: number,
): [Tensor, Tensor, Tensor] {
  const b = params.inProjBias;
  const biasPart = (i: number): Tensor | null => (b === null ? null : narrow(b, 0, i * e, e));
  if (params.inProjWeight !== null) {
    const w = params.inProjWeight;
    if (query === key && key === value) {
      const [q, k, v] = split(linear(query, w, b), e, -1) as [Tensor, Tensor, Tensor];
      return [q, k, v];
    }
    return [
      linear(query, narrow(w, 0, 0, e), biasPart(0)),
      linear(key, narrow(w, 0, e, e), biasPart(1)),
      linear(value, narrow(w, 0, 2 * e, e), biasPart(2)),
    ];
  }
  return [
    linear(query, params.qProjWeight!, biasPart(0)),
    linear(key, params.kProjWeight!, biasPart(1)),
    linear(value, params.vProjWeight!, biasPart(2)),
  ];
}

/**
 * Multi-head attention (torch.nn.functional.multi_head_attention_forward of PyTorch 1.13, extended with
 * float key padding masks and `isCausal`): input projection, per-head scaled dot-product attention with
 * the merged masks, dropout on the weights, output projection. Returns [output, weights | null]; the
 * weights are taken after dropout, as PyTorch does.
 */
export function multiHeadAttentionForward(
  query: Tensor, key: Tensor, value: Tensor, params: MultiheadAttentionParams, options: MultiheadAttentionForwardOptions,
): [Tensor, Tensor | null] {
  const unbatched = query.ndim === 2;
  for (const [name, t] of [['query', query], ['key', key], ['value', value]] as const) {
    if (t.ndim !== (unbatched ? 2 : 3)) {
      throw new ShapeError(`${OP}: ${name} ${formatShape(t.shape)} must be ${unbatched ? '2-D (unbatched, like the query)' : '3-D'}; query is ${formatShape(query.shape)}`);
    }
    if (t.dtype !== params.outProjWeight.dtype) {
      throw new DTypeError(`${OP}: ${name} dtype ${t.dtype} differs from the layer's ${params.outProjWeight.dtype}; convert one with .to()`);
    }
  }
  // Work in batch-first layout [N, seq, E].
  const toBatchFirst = (t: Tensor): Tensor => (unbatched ? unsqueeze(t, 0) : options.batchFirst ? t : transpose(t, 0, 1));
  const q0 = toBatchFirst(query);
  const same = query === key && key === value;
  const k0 = same ? q0 : toBatchFirst(key);
  const v0 = same ? q0 : key === value ? k0 : toBatchFirst(value);
  const [n, l, e] = q0.shape as [number, number, number];
  const h = options.numHeads;
  const hd = e / h;
  let s = k0.shape[1]!;
  if (k0.shape[0] !== n || v0.shape[0] !== n || v0.shape[1] !== s) {
    throw new ShapeError(`${OP}: query ${formatShape(query.shape)}, key ${formatShape(key.shape)} and value ${formatShape(value.shape)} disagree in batch or key length`);
  }
  let [q, k, v] = project(q0, k0, v0, params, e);

  // Masks as additive floats of the query dtype, broadcastable to [N, H, L, S].
  let mask: Tensor | null = null;
  const attnMask = options.attnMask ?? null;
  if (attnMask !== null) {
    checkMaskShape(OP, 'attnMask', attnMask, [[l, s], unbatched ? [h, l, s] : [n * h, l, s]]);
    mask = additiveMask(attnMask, q.dtype, OP, 'attnMask');
    if (mask.ndim === 3) mask = reshape(mask, [n, h, l, s]);
  } else if (options.isCausal === true) {
    mask = additiveMask(causalBlockedMask(l, s), q.dtype, OP, 'causal mask');
  }
  const kpm = options.keyPaddingMask ?? null;
  if (kpm !== null) {
    checkMaskShape(OP, 'keyPaddingMask', kpm, [unbatched ? [s] : [n, s]]);
    const padMask = reshape(additiveMask(kpm, q.dtype, OP, 'keyPaddingMask'), [n, 1, 1, s]);
    mask = mask === null ? padMask : add(mask, padMask);
  }

  const appendKey = (extraK: Tensor, extraV: Tensor, dim: number): void => {
    k = cat([k, extraK], dim);
    v = cat([v, extraV], dim);
    s += 1;
    if (mask !== null) mask = pad(mask, [0, 1]);
  };
  if (params.biasK !== null && params.biasV !== null) {
    appendKey(expand(params.biasK, [n, 1, e]), expand(params.biasV, [n, 1, e]), 1);
  } else if ((params.biasK === null) !== (params.biasV === null)) {
    throw new ValueError(`${OP}: biasK and biasV must both be set or both be null`);
  }
  const heads = (t: Tensor, len: number): Tensor => permute(reshape(t, [n, len, h, hd]), [0, 2, 1, 3]);
  let qh = heads(q, l);
  let kh = heads(k, s);
  let vh = heads(v, s);
  if (params.addZeroAttn) {
    const zero = zeros([n, h, 1, hd], { dtype: q.dtype });
    kh = cat([kh, zero], 2);
    vh = cat([vh, zero], 2);
    s += 1;
    if (mask !== null) mask = pad(mask, [0, 1]);
  }
  qh = div(qh, Math.sqrt(hd));
  const p = options.training ? options.dropoutP : 0;
  const [ctx, weights] = attend(qh, kh, vh, mask, p, options.generator ?? defaultGenerator, true);
  let out = linear(reshape(permute(ctx, [0, 2, 1, 3]), [n, l, e]), params.outProjWeight, params.outProjBias);
  out = unbatched ? squeeze(out, 0) : options.batchFirst ? out : transpose(out, 0, 1);
  if (options.needWeights === false) return [out, null];
  let w = options.averageAttnWeights === false ? weights : mean(weights, 1);
  if (unbatched) w = squeeze(w, 0);
  return [out, w];
}
