import { DTypeError, ShapeError, ValueError } from '../../core/errors.js';
import { defaultGenerator } from '../../core/random.js';
import { formatShape } from '../../core/shape.js';
import { tanh } from '../../tensor/ops/activation.js';
import { ge } from '../../tensor/ops/compare.js';
import { arange, full, zeros } from '../../tensor/ops/creation.js';
import { cat, stack } from '../../tensor/ops/join.js';
import { argmax } from '../../tensor/ops/minmax.js';
import { reshape, unsqueeze } from '../../tensor/ops/shape.js';
import { select } from '../../tensor/ops/slicing.js';
import { noGrad } from '../../tensor/graph.js';
import type { Tensor } from '../../tensor/tensor.js';
import { Dropout } from '../basic/dropout.js';
import { Embedding } from '../basic/embedding.js';
import { Linear } from '../basic/linear.js';
import { checkSize } from '../basic/options.js';
import { Module } from '../module.js';
import { GRU, GRUCell, LSTM, LSTMCell } from '../recurrent/index.js';
import { AdditiveAttention } from './additive-attention.js';
import { MultiplicativeAttention } from './multiplicative-attention.js';
import type { Seq2SeqAttentionKind, Seq2SeqForwardOptions, Seq2SeqOptions, Seq2SeqOutput } from './seq2seq-options.js';
import type { SequenceAttention } from './sequence-attention.js';

/** Decoder state: h for a GRU, [h, c] for an LSTM. */
type DecoderState = Tensor | [Tensor, Tensor];

const hiddenOf = (s: DecoderState): Tensor => (Array.isArray(s) ? s[0] : s);

/**
 * An RNN encoder–decoder with attention for sequence-to-sequence tasks (Bahdanau et al., 2015; Luong
 * et al., 2015). The encoder embeds the source tokens and runs a (bidirectional) GRU or LSTM; the decoder
 * is a GRU/LSTM cell started from tanh(bridge(final encoder state)) that emits one target token per step.
 *
 * - 'bahdanau': context cₜ = additive attention of the previous decoder state over the encoder outputs;
 *   sₜ = cell([emb(yₜ₋₁); cₜ], sₜ₋₁); logits = out([sₜ; cₜ]).
 * - 'luong-dot' / 'luong-general': sₜ = cell([emb(yₜ₋₁); h̃ₜ₋₁], sₜ₋₁) (input feeding); cₜ = multiplicative
 *   attention of sₜ; h̃ₜ = tanh(combine([cₜ; sₜ])); logits = out(h̃ₜ). 'luong-dot' needs a unidirectional encoder.
 *
 * Sub-modules: `src_embedding`, `encoder` (nn.GRU/nn.LSTM, batch first), `tgt_embedding`, `bridge`,
 * `attention`, `decoder` (nn.GRUCell/nn.LSTMCell), `combine` (Luong only), `out`, `dropout`.
 * Tokens are int32 [N, S] (source) and [N, T] (target, without the begin token `bosToken`).
 *
 * ```ts
 * const model = new Seq2Seq({ srcVocab: 12, tgtVocab: 13, hiddenSize: 64, attention: 'bahdanau' });
 * const { logits, attention } = model.forward(src, tgt, { teacherForcingRatio: 0.5 });
 * const decoded = model.greedyDecode(src, 20); // { tokens, logits, attention }
 * ```
 */
export class Seq2Seq extends Module {
  readonly srcVocab: number;
  readonly tgtVocab: number;
  readonly bosToken: number;
  readonly hiddenSize: number;
  readonly cellType: 'gru' | 'lstm';
  readonly attentionKind: Seq2SeqAttentionKind;
  readonly directions: number;
  src_embedding: Embedding;
  encoder: GRU | LSTM;
  tgt_embedding: Embedding;
  bridge: Linear;
  attention: SequenceAttention;
  decoder: GRUCell | LSTMCell;
  combine: Linear | null;
  out: Linear;
  dropout: Dropout;

  constructor(options: Seq2SeqOptions) {
    super();
    this.srcVocab = checkSize('Seq2Seq', 'srcVocab', options.srcVocab, true);
    this.tgtVocab = checkSize('Seq2Seq', 'tgtVocab', options.tgtVocab, true);
    this.bosToken = options.bosToken ?? 0;
    if (!Number.isInteger(this.bosToken) || this.bosToken < 0 || this.bosToken >= this.tgtVocab) {
      throw new ValueError(`Seq2Seq: bosToken ${this.bosToken} is not a token of the target vocabulary [0, ${this.tgtVocab})`);
    }
    const emb = checkSize('Seq2Seq', 'embeddingDim', options.embeddingDim ?? 32, true);
    const h = checkSize('Seq2Seq', 'hiddenSize', options.hiddenSize ?? 64, true);
    this.hiddenSize = h;
    this.cellType = options.cell ?? 'gru';
    if (this.cellType !== 'gru' && this.cellType !== 'lstm') throw new ValueError(`Seq2Seq: cell must be 'gru' or 'lstm', got ${JSON.stringify(this.cellType)}`);
    this.attentionKind = options.attention ?? 'bahdanau';
    const bidirectional = options.bidirectional ?? true;
    this.directions = bidirectional ? 2 : 1;
    const keyDim = this.directions * h;
    const factory = { dtype: options.dtype, generator: options.generator };
    this.src_embedding = new Embedding(this.srcVocab, emb, factory);
    const rnnOptions = { bidirectional, batchFirst: true, ...factory };
    this.encoder = this.cellType === 'gru' ? new GRU(emb, h, rnnOptions) : new LSTM(emb, h, rnnOptions);
    this.tgt_embedding = new Embedding(this.tgtVocab, emb, factory);
    this.bridge = new Linear(keyDim, h, factory);
    let feedDim: number;
    switch (this.attentionKind) {
      case 'bahdanau':
        this.attention = new AdditiveAttention(h, keyDim, h, factory);
        feedDim = keyDim;
        break;
      case 'luong-dot':
      case 'luong-general':
        this.attention = new MultiplicativeAttention(h, keyDim, { ...factory, score: this.attentionKind === 'luong-dot' ? 'dot' : 'general' });
        feedDim = h;
        break;
      default:
        throw new ValueError(`Seq2Seq: attention must be 'bahdanau', 'luong-dot' or 'luong-general', got ${JSON.stringify(this.attentionKind)}`);
    }
    this.decoder = this.cellType === 'gru' ? new GRUCell(emb + feedDim, h, factory) : new LSTMCell(emb + feedDim, h, factory);
    if (this.attentionKind === 'bahdanau') {
      this.combine = null;
      this.out = new Linear(h + keyDim, this.tgtVocab, factory);
    } else {
      this.combine = new Linear(keyDim + h, h, factory);
      this.out = new Linear(h, this.tgtVocab, factory);
    }
    this.dropout = new Dropout(options.dropout ?? 0, { generator: options.generator });
  }

  /**
   * Teacher-forced (or partly free-running) decoding of `tgt` [N, T] given `src` [N, S]: step t is fed
   * tgt[:, t − 1] (the begin token at t = 0) with probability `teacherForcingRatio`, else the model's own
   * greedy prediction. Returns logits [N, T, tgtVocab] and attention [N, T, S].
   */
  forward(src: Tensor, tgt: Tensor, options: Seq2SeqForwardOptions = {}): Seq2SeqOutput {
    this.checkTokens('tgt', tgt, this.tgtVocab);
    if (tgt.shape[0] !== src.shape[0]) throw new ShapeError(`Seq2Seq: src ${formatShape(src.shape)} and tgt ${formatShape(tgt.shape)} differ in batch size`);
    const ratio = options.teacherForcingRatio ?? 1;
    if (!(ratio >= 0 && ratio <= 1)) throw new ValueError(`Seq2Seq: teacherForcingRatio must be in [0, 1], got ${ratio}`);
    const generator = options.generator ?? defaultGenerator;
    const { logits, attention } = this.decode(src, tgt.shape[1]!, options.srcLengths ?? null, (t) => {
      if (t === 0) return null;
      return ratio === 1 || generator.uniform() < ratio ? select(tgt, 1, t - 1) : null;
    });
    return { logits, attention };
  }

  /**
   * Greedy autoregressive decoding of `steps` tokens, without gradients: each step feeds back the arg-max
   * token of the previous one. Returns tokens [N, steps] (int32), logits and attention [N, steps, S].
   */
  greedyDecode(src: Tensor, steps: number, options: { srcLengths?: Tensor | null } = {}): Seq2SeqOutput & { tokens: Tensor } {
    checkSize('Seq2Seq.greedyDecode', 'steps', steps, true);
    return noGrad(() => this.decode(src, steps, options.srcLengths ?? null, () => null));
  }

  private checkTokens(what: string, tokens: Tensor, vocab: number): void {
    if (tokens.dtype !== 'int32') throw new DTypeError(`Seq2Seq: ${what} must be int32 token ids, got ${tokens.dtype}`);
    if (tokens.ndim !== 2 || tokens.shape[1] === 0) throw new ShapeError(`Seq2Seq: ${what} must be [batch, length ≥ 1], got ${formatShape(tokens.shape)}`);
    const values = tokens.data();
    for (let i = 0; i < values.length; i++) {
      if (values[i]! < 0 || values[i]! >= vocab) throw new ValueError(`Seq2Seq: ${what} token ${values[i]} at flat position ${i} is outside the vocabulary [0, ${vocab})`);
    }
  }

  /** Encoder outputs [N, S, dirs·H], the initial decoder state and the source padding mask (or null). */
  private encode(src: Tensor, srcLengths: Tensor | null): [Tensor, DecoderState, Tensor | null] {
    this.checkTokens('src', src, this.srcVocab);
    const [n, s] = src.shape as [number, number];
    let mask: Tensor | null = null;
    if (srcLengths !== null) {
      if (srcLengths.ndim !== 1 || srcLengths.shape[0] !== n) throw new ShapeError(`Seq2Seq: srcLengths must be [${n}], got ${formatShape(srcLengths.shape)}`);
      mask = ge(unsqueeze(arange(0, s, 1, { dtype: 'int32' }), 0), unsqueeze(srcLengths, 1));
    }
    const embedded = this.dropout.forward(this.src_embedding.forward(src));
    const lengths = srcLengths === null ? {} : { lengths: srcLengths };
    let outputs: Tensor;
    let last: Tensor;
    if (this.encoder instanceof LSTM) {
      const [o, [hN]] = this.encoder.forward(embedded, null, lengths);
      [outputs, last] = [o, hN];
    } else {
      [outputs, last] = this.encoder.forward(embedded, null, lengths);
    }
    // Final hidden state of the top layer, both directions side by side: [N, dirs·H].
    const layers = last.shape[0]!;
    const finals = Array.from({ length: this.directions }, (_, d) => select(last, 0, layers - this.directions + d));
    const h0 = tanh(this.bridge.forward(cat(finals, 1)));
    const state: DecoderState = this.cellType === 'lstm' ? [h0, zeros(h0.shape, { dtype: h0.dtype })] : h0;
    return [outputs, state, mask];
  }

  private decode(
    src: Tensor, steps: number, srcLengths: Tensor | null, teacher: (t: number) => Tensor | null,
  ): Seq2SeqOutput & { tokens: Tensor } {
    const [keys, initial, mask] = this.encode(src, srcLengths);
    const n = src.shape[0]!;
    const projected = this.attention.projectKeys(keys);
    let state = initial;
    let feed = this.combine === null ? null : zeros([n, this.hiddenSize], { dtype: keys.dtype });
    let prev: Tensor = full([n], this.bosToken, { dtype: 'int32' });
    const logits: Tensor[] = [];
    const weights: Tensor[] = [];
    const tokens: Tensor[] = [];
    for (let t = 0; t < steps; t++) {
      const forced = teacher(t);
      if (forced !== null) prev = forced;
      const emb = this.dropout.forward(this.tgt_embedding.forward(prev));
      let stepLogits: Tensor;
      let w: Tensor;
      if (this.combine === null) {
        const [context, attn] = this.attention.forward(hiddenOf(state), keys, projected, mask);
        state = this.step(cat([emb, context], 1), state);
        stepLogits = this.out.forward(cat([hiddenOf(state), context], 1));
        w = attn;
      } else {
        state = this.step(cat([emb, feed!], 1), state);
        const [context, attn] = this.attention.forward(hiddenOf(state), keys, projected, mask);
        feed = tanh(this.combine.forward(cat([context, hiddenOf(state)], 1)));
        stepLogits = this.out.forward(feed);
        w = attn;
      }
      logits.push(stepLogits);
      weights.push(w);
      prev = reshape(argmax(stepLogits.detach(), 1), [n]);
      tokens.push(prev);
    }
    return { logits: stack(logits, 1), attention: stack(weights, 1), tokens: stack(tokens, 1) };
  }

  private step(input: Tensor, state: DecoderState): DecoderState {
    if (this.decoder instanceof LSTMCell) return this.decoder.forward(input, state as [Tensor, Tensor]);
    return this.decoder.forward(input, state as Tensor);
  }

  override extraRepr(): string {
    return `cell=${this.cellType}, attention=${this.attentionKind}, hiddenSize=${this.hiddenSize}, directions=${this.directions}`;
  }
}
