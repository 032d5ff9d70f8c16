/**
 * The sequence-reversal task and its training loop, shared by `seq2seq-reverse.ts` (the example) and the
 * Seq2Seq tests: a source of `length` random tokens 0 … vocab − 1 must be answered with the same tokens
 * in reverse order. The target vocabulary adds a begin token (id `vocab`).
 */
import { Generator } from '../src/core/random.js';
import { crossEntropy } from '../src/nn/losses/cross-entropy.js';
import { Seq2Seq } from '../src/nn/seq2seq/seq2seq.js';
import type { Seq2SeqAttentionKind } from '../src/nn/seq2seq/seq2seq-options.js';
import { Adam } from '../src/optim/adam.js';
import { clipGradNorm } from '../src/optim/clipGrad.js';
import { ReduceLROnPlateau } from '../src/optim/reduceLROnPlateau.js';
import { tensor } from '../src/tensor/ops/creation.js';
import type { Tensor } from '../src/tensor/tensor.js';

/** Settings of one reversal experiment. */
export interface ReverseConfig {
  vocab: number;
  length: number;
  embeddingDim: number;
  hiddenSize: number;
  attention: Seq2SeqAttentionKind;
  cell: 'gru' | 'lstm';
  /** Bidirectional encoder (default true). */
  bidirectional?: boolean;
  batchSize: number;
  /** Maximum training steps (one fresh batch each). */
  steps: number;
  lr: number;
  teacherForcingRatio: number;
  /**
   * Evaluate on the validation set every this many steps: the learning rate is cut by 0.3 when validation
   * accuracy stops improving (ReduceLROnPlateau, patience 1), and training stops once it reaches `targetAccuracy`.
   */
  evalEvery: number;
  targetAccuracy: number;
  /** Size of the validation set (model selection) and of the held-out test set (touched once, at the end). */
  validation: number;
  heldOut: number;
  seed: number;
}

/** A batch of reversal pairs: src [N, L] and tgt (= reversed src) [N, L], int32. */
export interface ReverseBatch {
  src: Tensor;
  tgt: Tensor;
}

/** `count` random sequences of `length` tokens in [0, vocab) and their reversals, drawn from `rng`. */
export function reverseBatch(count: number, length: number, vocab: number, rng: Generator): ReverseBatch {
  const src = new Int32Array(count * length);
  const tgt = new Int32Array(count * length);
  for (let i = 0; i < count; i++) {
    for (let j = 0; j < length; j++) src[i * length + j] = rng.randint(0, vocab);
    for (let j = 0; j < length; j++) tgt[i * length + j] = src[i * length + length - 1 - j]!;
  }
  return { src: tensor(src, { dtype: 'int32' }).reshape([count, length]), tgt: tensor(tgt, { dtype: 'int32' }).reshape([count, length]) };
}

/** Fraction of tokens of greedy decoding equal to the target. */
export function tokenAccuracy(model: Seq2Seq, batch: ReverseBatch): number {
  const { tokens } = model.greedyDecode(batch.src, batch.tgt.shape[1]!);
  const a = tokens.data();
  const b = batch.tgt.data();
  let hits = 0;
  for (let i = 0; i < a.length; i++) if (a[i] === b[i]) hits++;
  return hits / a.length;
}

/** Fraction of (sequence, output step) rows whose largest attention weight sits at the mirrored position L − 1 − t. */
export function mirroredArgmaxFraction(attention: Tensor): number {
  const [n, steps, s] = attention.shape as [number, number, number];
  const w = attention.data();
  let hits = 0;
  for (let i = 0; i < n; i++) {
    for (let t = 0; t < steps; t++) {
      let best = 0;
      for (let j = 1; j < s; j++) if (w[(i * steps + t) * s + j]! > w[(i * steps + t) * s + best]!) best = j;
      if (best === s - 1 - t) hits++;
    }
  }
  return hits / (n * steps);
}

/** One evaluation point of the training run. */
export interface ReverseEvaluation {
  step: number;
  /** Loss of the last training batch. */
  loss: number;
  /** Greedy-decoding token accuracy on the validation set. */
  accuracy: number;
  lr: number;
}

/**
 * Trains a Seq2Seq on fresh random batches with Adam (gradient norm clipped at 1, learning rate reduced on
 * a validation plateau) until the validation token accuracy reaches `targetAccuracy` or `steps` run out.
 * Everything is drawn from generators seeded by `seed`: parameters, training batches, teacher forcing;
 * the validation and held-out sets come from seeds of their own and are not used for training.
 */
export function trainReverse(config: ReverseConfig, onEval?: (e: ReverseEvaluation) => void): { model: Seq2Seq; heldOut: ReverseBatch; evaluations: ReverseEvaluation[] } {
  const init = new Generator(config.seed);
  const data = new Generator(config.seed + 1);
  const forcing = new Generator(config.seed + 2);
  const validation = reverseBatch(config.validation, config.length, config.vocab, new Generator(config.seed + 2_000_003));
  const heldOut = reverseBatch(config.heldOut, config.length, config.vocab, new Generator(config.seed + 1_000_003));
  const model = new Seq2Seq({
    srcVocab: config.vocab, tgtVocab: config.vocab + 1, bosToken: config.vocab, embeddingDim: config.embeddingDim,
    hiddenSize: config.hiddenSize, attention: config.attention, cell: config.cell, bidirectional: config.bidirectional ?? true, generator: init,
  });
  const opt = new Adam(model.parameters(), { lr: config.lr });
  const plateau = new ReduceLROnPlateau(opt, { mode: 'max', factor: 0.3, patience: 1 });
  const evaluations: ReverseEvaluation[] = [];
  let recent = 0;
  for (let step = 1; step <= config.steps; step++) {
    const batch = reverseBatch(config.batchSize, config.length, config.vocab, data);
    const { logits } = model.forward(batch.src, batch.tgt, { teacherForcingRatio: config.teacherForcingRatio, generator: forcing });
    const loss = crossEntropy(logits.reshape([-1, config.vocab + 1]), batch.tgt.reshape([-1]));
    opt.zeroGrad();
    loss.backward();
    clipGradNorm(model.parameters(), 1);
    opt.step();
    recent = loss.item();
    if (step % config.evalEvery === 0 || step === config.steps) {
      model.eval();
      const e = { step, loss: recent, accuracy: tokenAccuracy(model, validation), lr: opt.paramGroups[0]!.lr };
      model.train();
      plateau.step(e.accuracy);
      evaluations.push(e);
      onEval?.(e);
      if (e.accuracy >= config.targetAccuracy) break;
    }
  }
  model.eval();
  return { model, heldOut, evaluations };
}
