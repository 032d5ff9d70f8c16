import type { Tensor } from '../../tensor/tensor.js';
import { RNNCellBase, type CellOptions } from './cell-base.js';

/**
 * One LSTM step (torch.nn.LSTMCell), gates i, f, g, o: c' = f·c + i·g, h' = o·tanh(c'). Parameters
 * `weight_ih` [4H, in], `weight_hh` [4H, H], `bias_ih`, `bias_hh` [4H], ~ U(±1/√H). Input [B, in] or [in];
 * `hx` = [h, c] (zeros when omitted); returns [h', c'].
 *
 * ```ts
 * const cell = new LSTMCell(8, 16);
 * let [h, c] = cell.forward(x0);
 * [h, c] = cell.forward(x1, [h, c]);
 * ```
 */
export class LSTMCell extends RNNCellBase {
  constructor(inputSize: number, hiddenSize: number, options: CellOptions = {}) {
    super('LSTM', inputSize, hiddenSize, options);
  }

  forward(x: Tensor, hx: readonly [Tensor, Tensor] | null = null): [Tensor, Tensor] {
    const [h, c] = this.step(x, hx);
    return [h!, c!];
  }
}
