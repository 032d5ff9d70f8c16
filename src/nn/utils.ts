/**
 * Utilities around the recurrent layers (torch.nn.utils' place): `detachState` cuts a carried state from
 * the graph (truncated BPTT; the training loop is `train.truncatedBptt`), `gradNormsThroughTime` reports
 * ‖∂L/∂h_t‖ per time step to diagnose vanishing and exploding gradients. Gradient clipping is
 * `optim.clipGradNorm`.
 */
export { detachState, type RecurrentState } from './recurrent/state.js';
export { gradNormsThroughTime, type GradNormsThroughTime, type StateGradNorms } from './recurrent/grad-norms.js';
