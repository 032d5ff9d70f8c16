/** Recurrent layers (torch.nn.RNN / LSTM / GRU and their cells) and their training helpers. */
export { RNN, type RNNOptions } from './rnn.js';
export { LSTM, type LSTMOptions } from './lstm.js';
export { GRU } from './gru.js';
export { RNNBase, type RecurrentOptions } from './rnn-base.js';
export { RNNCell, type RNNCellOptions } from './rnn-cell.js';
export { LSTMCell } from './lstm-cell.js';
export { GRUCell } from './gru-cell.js';
export { RNNCellBase, type CellOptions } from './cell-base.js';
export type { SequenceOptions, SequenceLengths } from './lengths.js';
export type { RecurrentState } from './state.js';
export type { StateGradNorms, GradNormsThroughTime } from './grad-norms.js';
