import { ValueError } from '../../core/errors.js';
import type { Tensor } from '../../tensor/tensor.js';
import type { SequenceOptions } from './lengths.js';
import { RNNBase, type RecurrentOptions } from './rnn-base.js';

/** Options of `RNN`: the shared recurrent options plus the activation. */
export interface RNNOptions extends RecurrentOptions {
  /** 'tanh' (default) or 'relu'. */
  nonlinearity?: 'tanh' | 'relu';
}

/**
 * Multi-layer Elman RNN (torch.nn.RNN): h' = act(W_ih·x + b_ih + W_hh·h + b_hh), act = tanh or relu.
 * Parameters `weight_ih_l{k}` [H, in], `weight_hh_l{k}` [H, H], `bias_ih_l{k}`, `bias_hh_l{k}` [H]
 * (`_reverse` suffix for the backward direction), all ~ U(±1/√H). Input [T, B, F] ([B, T, F] with
 * batchFirst, [T, F] unbatched); returns `[output, h_n]`: output [T, B, D·H], h_n [L·D, B, H].
 *
 * ```ts
 * const rnn = new RNN(1, 16, { nonlinearity: 'relu', numLayers: 2 });
 * const [out, h] = rnn.forward(x);
 * ```
 */
export class RNN extends RNNBase {
  readonly nonlinearity: 'tanh' | 'relu';

  constructor(inputSize: number, hiddenSize: number, options: RNNOptions = {}) {
    const nl = options.nonlinearity ?? 'tanh';
    if (nl !== 'tanh' && nl !== 'relu') throw new ValueError(`RNN: unknown nonlinearity ${JSON.stringify(nl)}; expected 'tanh' or 'relu'`);
    super(nl === 'tanh' ? 'RNN_TANH' : 'RNN_RELU', inputSize, hiddenSize, options);
    this.nonlinearity = nl;
  }

  /** Runs the sequence from `h0` (zeros when omitted). See the class documentation for shapes. */
  forward(x: Tensor, h0: Tensor | null = null, options: SequenceOptions = {}): [Tensor, Tensor] {
    const [output, [h]] = this.run(x, h0 === null ? null : [h0], options);
    return [output, h!];
  }

  override extraRepr(): string {
    return this.nonlinearity === 'tanh' ? super.extraRepr() : `${super.extraRepr()}, nonlinearity='relu'`;
  }
}
