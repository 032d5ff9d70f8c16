import type { Tensor } from '../../tensor/tensor.js';
import { RNNCellBase, type CellOptions } from './cell-base.js';

/**
 * One GRU step (torch.nn.GRUCell), gates r, z, n: n = tanh(W_in·x + b_in + r·(W_hn·h + b_hn)),
 * h' = (1 − z)·n + z·h. Parameters `weight_ih` [3H, in], `weight_hh` [3H, H], `bias_ih`, `bias_hh` [3H],
 * ~ U(±1/√H). Input [B, in] or [in]; `h` zeros when omitted; returns h'.
 *
 * ```ts
 * const cell = new GRUCell(8, 16);
 * const h1 = cell.forward(x0);
 * const h2 = cell.forward(x1, h1);
 * ```
 */
export class GRUCell extends RNNCellBase {
  constructor(inputSize: number, hiddenSize: number, options: CellOptions = {}) {
    super('GRU', inputSize, hiddenSize, options);
  }

  forward(x: Tensor, h: Tensor | null = null): Tensor {
    return this.step(x, h === null ? null : [h])[0]!;
  }
}
