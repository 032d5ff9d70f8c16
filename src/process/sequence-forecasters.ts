import { ValueError } from '../core/errors.js';
import { Linear } from '../nn/basic/linear.js';
import { TransformerEncoder } from '../nn/attention/transformer-encoder.js';
import { TransformerEncoderLayer } from '../nn/attention/transformer-encoder-layer.js';
import { TransformerDecoder } from '../nn/attention/transformer-decoder.js';
import { TransformerDecoderLayer } from '../nn/attention/transformer-decoder-layer.js';
import { generateSquareSubsequentMask } from '../nn/attention/masks.js';
import { Parameter } from '../nn/parameter.js';
import { SinusoidalPositionalEncoding } from '../nn/attention/positional-encoding.js';
import { GRU } from '../nn/recurrent/gru.js';
import { GRUCell } from '../nn/recurrent/gru-cell.js';
import { LSTM } from '../nn/recurrent/lstm.js';
import { AdditiveAttention } from '../nn/seq2seq/additive-attention.js';
import { cat, stack } from '../tensor/ops/join.js';
import { randn, zeros } from '../tensor/ops/creation.js';
import type { Tensor } from '../tensor/tensor.js';
import { Forecaster, type ForecasterShape } from './forecast-models.js';

/** Options shared by the sequence forecasters. */
export interface SequenceForecasterOptions {
  /** Hidden size (default 32). */
  hidden?: number;
  /** Stacked layers (default 2). */
  numLayers?: number;
  /** Dropout between layers (default 0.1). */
  dropout?: number;
}

/**
 * Stacked LSTM or GRU forecaster: the window runs through a `numLayers`-deep recurrent network
 * (`bidirectional` for offline soft sensors, where the whole window is known), the last layer's final
 * state(s) go through a linear head to every (horizon step, target, quantile), and a linear highway from the
 * last input row adds the "current value" path.
 */
export class RecurrentForecaster extends Forecaster {
  rnn: LSTM | GRU;
  head: Linear;
  highway: Linear;
  readonly cell: 'lstm' | 'gru';
  readonly directions: number;

  constructor(shape: ForecasterShape, cell: 'lstm' | 'gru', options: SequenceForecasterOptions & { bidirectional?: boolean } = {}) {
    super(shape);
    const hidden = options.hidden ?? 32;
    const numLayers = options.numLayers ?? 2;
    const rnnOptions = { numLayers, batchFirst: true, bidirectional: options.bidirectional ?? false, dropout: numLayers > 1 ? (options.dropout ?? 0.1) : 0 };
    this.cell = cell;
    this.directions = rnnOptions.bidirectional ? 2 : 1;
    this.rnn = cell === 'lstm' ? new LSTM(shape.inputs, hidden, rnnOptions) : new GRU(shape.inputs, hidden, rnnOptions);
    const outputs = shape.horizon * shape.targets * shape.quantiles.length;
    this.head = new Linear(hidden * this.directions, outputs);
    this.highway = new Linear(shape.inputs, outputs);
  }

  forward(x: Tensor): Tensor {
    const hN = this.rnn instanceof LSTM ? this.rnn.forward(x)[1][0] : this.rnn.forward(x)[1];
    // hN [numLayers·directions, B, H]: the last layer's forward (and backward) final states.
    const layers = hN.shape[0]!;
    const last = this.directions === 2 ? cat([hN.select(0, layers - 2), hN.select(0, layers - 1)], 1) : hN.select(0, layers - 1);
    const lastRow = x.select(1, x.shape[1]! - 1);
    return this.toQuantiles(this.head.forward(last).add(this.highway.forward(lastRow)));
  }
}

/**
 * Sequence-to-sequence forecaster with additive (Bahdanau) attention: a GRU encoder reads the window, a
 * GRU-cell decoder unrolls one step per horizon step from the encoder's final state, attending over the
 * encoder outputs at every step; each step's [state, context] goes through a linear head to the targets'
 * quantiles. `lastAttention` keeps the weights of the last forward pass, [batch, horizon, lookback].
 */
export class Seq2SeqForecaster extends Forecaster {
  encoder: GRU;
  decoder: GRUCell;
  attention: AdditiveAttention;
  head: Linear;
  highway: Linear;
  /** Attention weights of the last forward pass, [batch, horizon, lookback]. */
  lastAttention: Tensor | undefined;

  constructor(shape: ForecasterShape, options: SequenceForecasterOptions = {}) {
    super(shape);
    const hidden = options.hidden ?? 32;
    this.encoder = new GRU(shape.inputs, hidden, { batchFirst: true });
    this.decoder = new GRUCell(hidden, hidden);
    this.attention = new AdditiveAttention(hidden, hidden, hidden);
    this.head = new Linear(2 * hidden, shape.targets * shape.quantiles.length);
    this.highway = new Linear(shape.inputs, shape.horizon * shape.targets * shape.quantiles.length);
  }

  forward(x: Tensor): Tensor {
    const [memory, hN] = this.encoder.forward(x);
    const projected = this.attention.projectKeys(memory);
    let h = hN.select(0, 0);
    let context = zeros(h.shape);
    const steps: Tensor[] = [];
    const weights: Tensor[] = [];
    for (let s = 0; s < this.shape.horizon; s++) {
      h = this.decoder.forward(context, h);
      const [ctx, w] = this.attention.forward(h, memory, projected);
      context = ctx;
      weights.push(w);
      steps.push(this.head.forward(cat([h, ctx], 1)));
    }
    this.lastAttention = stack(weights, 1).detach();
    const out = stack(steps, 1).reshape([x.shape[0]!, -1]);
    return this.toQuantiles(out.add(this.highway.forward(x.select(1, x.shape[1]! - 1))));
  }
}

/** Options of the Transformer forecasters: the sequence options plus the attention heads (default 4). */
export type TransformerForecasterOptions = SequenceForecasterOptions & { heads?: number };

/**
 * The width, heads, depth and per-layer options shared by the Transformer forecasters: d_model = `hidden`
 * (default 32), 4 heads, 2 layers, feed-forward 2·d_model, dropout 0.1, batch first.
 */
function transformerSettings(name: string, options: TransformerForecasterOptions) {
  const dModel = options.hidden ?? 32;
  const heads = options.heads ?? 4;
  if (dModel % heads !== 0) throw new ValueError(`${name}: hidden size ${dModel} must be divisible by heads ${heads}`);
  const layerOptions = { batchFirst: true, dimFeedforward: 2 * dModel, dropout: options.dropout ?? 0.1 };
  return { dModel, heads, layers: options.numLayers ?? 2, layerOptions };
}

/**
 * Transformer-encoder forecaster: inputs projected to `dModel`, sinusoidal positions, a stack of
 * (post-norm) encoder layers, and a linear head on the last position to every (horizon step, target,
 * quantile), plus the linear highway from the last input row.
 */
export class TransformerForecaster extends Forecaster {
  embed: Linear;
  positions: SinusoidalPositionalEncoding;
  encoder: TransformerEncoder;
  head: Linear;
  highway: Linear;

  constructor(shape: ForecasterShape, options: TransformerForecasterOptions = {}) {
    super(shape);
    const { dModel, heads, layers, layerOptions } = transformerSettings('TransformerForecaster', options);
    this.embed = new Linear(shape.inputs, dModel);
    this.positions = new SinusoidalPositionalEncoding(dModel, { batchFirst: true, dropout: 0, maxLen: Math.max(shape.lookback, 16) });
    this.encoder = new TransformerEncoder(new TransformerEncoderLayer(dModel, heads, layerOptions), layers);
    const outputs = shape.horizon * shape.targets * shape.quantiles.length;
    this.head = new Linear(dModel, outputs);
    this.highway = new Linear(shape.inputs, outputs);
  }

  forward(x: Tensor): Tensor {
    const encoded = this.encoder.forward(this.positions.forward(this.embed.forward(x)));
    const last = encoded.select(1, x.shape[1]! - 1);
    return this.toQuantiles(this.head.forward(last).add(this.highway.forward(x.select(1, x.shape[1]! - 1))));
  }
}

/**
 * Transformer encoder–decoder forecaster (Vaswani et al. 2017, used as a direct multi-horizon forecaster):
 * the encoder reads the window as in {@link TransformerForecaster}; the decoder has one position per
 * horizon step, whose input is the embedded last observed row plus a learned query of that step, runs
 * causal self-attention over the steps (step s sees steps ≤ s only, `generateSquareSubsequentMask`) and
 * cross-attention to the encoded window, and a linear head maps each step's output to the targets'
 * quantiles; the linear highway from the last input row is added as in the other forecasters. All steps
 * are decoded in one pass (no autoregressive feedback of predictions). PyTorch equivalent:
 * `nn.Transformer`-style `TransformerEncoder` + `TransformerDecoder(tgt, memory, tgt_mask=causal)`.
 */
export class TransformerEncoderDecoderForecaster extends Forecaster {
  embed: Linear;
  positions: SinusoidalPositionalEncoding;
  encoder: TransformerEncoder;
  /** Learned decoder queries, one per horizon step, [horizon, dModel]. */
  queries: Parameter;
  decoder: TransformerDecoder;
  head: Linear;
  highway: Linear;

  constructor(shape: ForecasterShape, options: TransformerForecasterOptions = {}) {
    super(shape);
    const { dModel, heads, layers, layerOptions } = transformerSettings('TransformerEncoderDecoderForecaster', options);
    this.embed = new Linear(shape.inputs, dModel);
    this.positions = new SinusoidalPositionalEncoding(dModel, { batchFirst: true, dropout: 0, maxLen: Math.max(shape.lookback, shape.horizon, 16) });
    this.encoder = new TransformerEncoder(new TransformerEncoderLayer(dModel, heads, layerOptions), layers);
    this.queries = new Parameter(randn([shape.horizon, dModel]).mul(0.1));
    this.decoder = new TransformerDecoder(new TransformerDecoderLayer(dModel, heads, layerOptions), layers);
    this.head = new Linear(dModel, shape.targets * shape.quantiles.length);
    this.highway = new Linear(shape.inputs, shape.horizon * shape.targets * shape.quantiles.length);
  }

  /** The decoder input of a batch of windows, [batch, horizon, dModel]: embedded last row + step query + position. */
  decoderInputs(x: Tensor): Tensor {
    const start = this.embed.forward(x.select(1, x.shape[1]! - 1)).unsqueeze(1);
    return this.positions.forward(start.add(this.queries.unsqueeze(0)));
  }

  /**
   * The forecast for windows `x` [batch, lookback, inputs]; `decoderInput` [batch, horizon, dModel]
   * replaces {@link decoderInputs} (to inspect the causal masking: output step s depends on decoder
   * inputs 0 … s only).
   */
  forward(x: Tensor, decoderInput?: Tensor): Tensor {
    const memory = this.encoder.forward(this.positions.forward(this.embed.forward(x)));
    const tgt = decoderInput ?? this.decoderInputs(x);
    const decoded = this.decoder.forward(tgt, memory, { tgtMask: generateSquareSubsequentMask(this.shape.horizon) });
    const out = this.head.forward(decoded).reshape([x.shape[0]!, -1]);
    return this.toQuantiles(out.add(this.highway.forward(x.select(1, x.shape[1]! - 1))));
  }
}
