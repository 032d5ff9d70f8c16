import type { Tensor } from '../../tensor/tensor.js';
import type { SequenceOptions } from './lengths.js';
import { RNNBase, type RecurrentOptions } from './rnn-base.js';

/** Options of `LSTM`: the shared recurrent options plus PyTorch's `proj_size`. */
export interface LSTMOptions extends RecurrentOptions {
  /** Project h to this size with weight_hr [projSize, hiddenSize] (default 0 = no projection). */
  projSize?: number;
}

/**
 * Multi-layer long short-term memory (torch.nn.LSTM). Per step, gates in PyTorch's order i, f, g, o:
 *
 *     i, f, o = σ(W_i·x + b_i + U_i·h + c_i), …;  g = tanh(…);  c' = f·c + i·g;  h' = o·tanh(c')
 *
 * (with projSize P: h' = W_hr·(o·tanh c')). Parameters `weight_ih_l{k}` [4H, in], `weight_hh_l{k}` [4H, S],
 * `bias_ih_l{k}`, `bias_hh_l{k}` [4H], `weight_hr_l{k}` [P, H], `_reverse` for the backward direction,
 * all ~ U(±1/√H). Input [T, B, F] ([B, T, F] with batchFirst, [T, F] unbatched); returns
 * `[output, [h_n, c_n]]`: output [T, B, D·S], h_n [L·D, B, S], c_n [L·D, B, H] (S = P or H).
 *
 * ```ts
 * const lstm = new LSTM(8, 64, { numLayers: 2, batchFirst: true, bidirectional: true, dropout: 0.1 });
 * const [out, [h, c]] = lstm.forward(x);              // x [B, T, 8] → out [B, T, 128]
 * lstm.forward(x, [h0, c0], { lengths: [5, 3, 4] });  // variable lengths, padded steps → 0
 * ```
 */
export class LSTM extends RNNBase {
  constructor(inputSize: number, hiddenSize: number, options: LSTMOptions = {}) {
    super('LSTM', inputSize, hiddenSize, options, options.projSize ?? 0);
  }

  /** Runs the sequence; `hx` = [h0, c0] (zeros when omitted). See the class documentation for shapes. */
  forward(x: Tensor, hx: readonly [Tensor, Tensor] | null = null, options: SequenceOptions = {}): [Tensor, [Tensor, Tensor]] {
    const [output, [h, c]] = this.run(x, hx, options);
    return [output, [h!, c!]];
  }
}
