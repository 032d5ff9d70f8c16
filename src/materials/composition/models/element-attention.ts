import { ValueError } from '../../../core/errors.js';
import { TransformerEncoderLayer } from '../../../nn/attention/transformer-encoder-layer.js';
import { Linear, ModuleList, Sequential, SiLU } from '../../../nn/basic/index.js';
import { Module } from '../../../nn/module.js';
import { tensor } from '../../../tensor/ops/creation.js';
import { noGrad } from '../../../tensor/graph.js';
import type { Tensor } from '../../../tensor/tensor.js';
import type { CrabnetTableName } from '../../elements/crabnet.js';
import { elementEmbeddingTable } from './element-sequence-encoder.js';

/** Options of `ElementAttentionNet`. */
export interface ElementAttentionOptions {
  /** Element vectors (default 'mat2vec', 200-d). */
  readonly table?: CrabnetTableName;
  /** Width of the attention layers (default 64; a multiple of 4 and of `heads`). */
  readonly modelSize?: number;
  /** Attention heads (default 4). */
  readonly heads?: number;
  /** Transformer encoder layers (default 2). */
  readonly layers?: number;
  /** Feed-forward width inside each layer (default 2·modelSize). */
  readonly feedForwardSize?: number;
  /** Dropout inside the layers (default 0). */
  readonly dropout?: number;
  /** Outputs: 2 for (mean, log σ), 1 for a logit (default 2). */
  readonly outputSize?: number;
}

/**
 * An attention model over the elements of a composition (CrabNet, Wang et al. 2021; Roost-style pooling):
 * each element is a token — its fixed mat2vec vector through a learned `Linear` to `modelSize`, plus
 * CrabNet's fractional encoding of its amount — and `layers` Transformer encoder layers
 * (`nn.TransformerEncoderLayer`, batch first, padding masked) let the elements attend to each other. The
 * tokens are pooled by their atomic fractions and a small head gives `outputSize` numbers (mean and log σ
 * for `robustL1Loss`, or a logit).
 *
 * Inputs are those of `ElementSequenceEncoder.encode`: indices [n, L] int32, fractions [n, L],
 * fraction encoding [n, L, modelSize]; output [n, outputSize].
 */
export class ElementAttentionNet extends Module {
  readonly options: Required<ElementAttentionOptions>;
  embed: Linear;
  layers: ModuleList;
  head: Sequential;
  private readonly table: Tensor;

  constructor(options: ElementAttentionOptions = {}) {
    super();
    const d = options.modelSize ?? 64;
    const o: Required<ElementAttentionOptions> = {
      table: options.table ?? 'mat2vec',
      modelSize: d,
      heads: options.heads ?? 4,
      layers: options.layers ?? 2,
      feedForwardSize: options.feedForwardSize ?? 2 * d,
      dropout: options.dropout ?? 0,
      outputSize: options.outputSize ?? 2,
    };
    if (d % o.heads !== 0 || d % 4 !== 0) throw new ValueError(`ElementAttentionNet: modelSize ${d} must be a multiple of 4 and of heads (${o.heads})`);
    this.options = o;
    const { data, width } = elementEmbeddingTable(o.table);
    // Fixed element vectors: a non-persistent buffer, rebuilt from the bundled table (not saved with the weights).
    this.table = tensor(data).reshape([data.length / width, width]);
    this.registerBuffer('element_table', this.table, false);
    this.embed = new Linear(width, d);
    this.layers = new ModuleList(Array.from({ length: o.layers }, () => new TransformerEncoderLayer(d, o.heads, { dimFeedforward: o.feedForwardSize, dropout: o.dropout, batchFirst: true })));
    this.head = new Sequential(new Linear(d, d), new SiLU(), new Linear(d, o.outputSize));
  }

  /** Token vectors before the layers, and the padding mask (true = padding). */
  private tokens(index: Tensor, encoding: Tensor): [Tensor, Tensor] {
    const [n, length] = index.shape as [number, number];
    const vectors = this.table.indexSelect(0, index.reshape([n * length])).reshape([n, length, this.table.shape[1]!]);
    return [this.embed.forward(vectors).add(encoding), index.eq(0)];
  }

  forward(index: Tensor, fraction: Tensor, encoding: Tensor): Tensor {
    let [x, padding] = this.tokens(index, encoding);
    for (const layer of this.layers) x = (layer as TransformerEncoderLayer).forward(x, { srcKeyPaddingMask: padding });
    const pooled = x.mul(fraction.unsqueeze(-1)).sum(1);
    return this.head.forward(pooled) as Tensor;
  }

  /**
   * The last layer's self-attention weights, averaged over heads: [n, L, L], row i = how element i attends
   * to each element (padding columns are 0).
   */
  attentionWeights(index: Tensor, encoding: Tensor): Tensor {
    return noGrad(() => {
      let [x, padding] = this.tokens(index, encoding);
      const layers = [...this.layers] as TransformerEncoderLayer[];
      for (const layer of layers.slice(0, -1)) x = layer.forward(x, { srcKeyPaddingMask: padding });
      const last = layers[layers.length - 1]!;
      const input = last.options.normFirst ? last.norm1.forward(x) : x;
      const [, weights] = last.self_attn.forward(input, input, input, { keyPaddingMask: padding, needWeights: true, averageAttnWeights: true });
      return weights!;
    });
  }
}
