import { ValueError } from '../../core/errors.js';
import type { Tensor } from '../../tensor/tensor.js';
import { RNNCellBase, type CellOptions } from './cell-base.js';

/** Options of `RNNCell`. */
export interface RNNCellOptions extends CellOptions {
  /** 'tanh' (default) or 'relu'. */
  nonlinearity?: 'tanh' | 'relu';
}

/**
 * One Elman step (torch.nn.RNNCell): h' = act(W_ih·x + b_ih + W_hh·h + b_hh), act tanh or relu. Parameters
 * `weight_ih` [H, in], `weight_hh` [H, H], `bias_ih`, `bias_hh` [H], ~ U(±1/√H). Input [B, in] or [in];
 * `h` zeros when omitted; returns h'.
 *
 * ```ts
 * const cell = new RNNCell(4, 8, { nonlinearity: 'relu' });
 * const h = cell.forward(x);
 * ```
 */
export class RNNCell extends RNNCellBase {
  readonly nonlinearity: 'tanh' | 'relu';

  constructor(inputSize: number, hiddenSize: number, options: RNNCellOptions = {}) {
    const nl = options.nonlinearity ?? 'tanh';
    if (nl !== 'tanh' && nl !== 'relu') throw new ValueError(`RNNCell: unknown nonlinearity ${JSON.stringify(nl)}; expected 'tanh' or 'relu'`);
    super(nl === 'tanh' ? 'RNN_TANH' : 'RNN_RELU', inputSize, hiddenSize, options);
    this.nonlinearity = nl;
  }

  forward(x: Tensor, h: Tensor | null = null): Tensor {
    return this.step(x, h === null ? null : [h])[0]!;
  }

  override extraRepr(): string {
    return this.nonlinearity === 'tanh' ? super.extraRepr() : `${super.extraRepr()}, nonlinearity='relu'`;
  }
}
