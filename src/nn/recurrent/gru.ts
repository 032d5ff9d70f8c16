import type { Tensor } from '../../tensor/tensor.js';
import type { SequenceOptions } from './lengths.js';
import { RNNBase, type RecurrentOptions } from './rnn-base.js';

/**
 * Multi-layer gated recurrent unit (torch.nn.GRU). Per step, gates in PyTorch's order r, z, n, with the reset
 * gate applied after the hidden product:
 *
 *     r = σ(W_ir·x + b_ir + W_hr·h + b_hr);  z = σ(W_iz·x + b_iz + W_hz·h + b_hz)
 *     n = tanh(W_in·x + b_in + r·(W_hn·h + b_hn));  h' = (1 − z)·n + z·h
 *
 * Parameters `weight_ih_l{k}` [3H, in], `weight_hh_l{k}` [3H, H], `bias_ih_l{k}`, `bias_hh_l{k}` [3H]
 * (`_reverse` suffix for the backward direction), all ~ U(±1/√H). Input [T, B, F] ([B, T, F] with
 * batchFirst, [T, F] unbatched); returns `[output, h_n]`: output [T, B, D·H], h_n [L·D, B, H].
 *
 * ```ts
 * const gru = new GRU(8, 32, { batchFirst: true });
 * const [out, h] = gru.forward(x, null, { lengths: [50, 31, 44] });
 * ```
 */
export class GRU extends RNNBase {
  constructor(inputSize: number, hiddenSize: number, options: RecurrentOptions = {}) {
    super('GRU', inputSize, hiddenSize, options);
  }

  /** Runs the sequence from `h0` (zeros when omitted). See the class documentation for shapes. */
  forward(x: Tensor, h0: Tensor | null = null, options: SequenceOptions = {}): [Tensor, Tensor] {
    const [output, [h]] = this.run(x, h0 === null ? null : [h0], options);
    return [output, h!];
  }
}
