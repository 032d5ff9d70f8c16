/**
 * Functional forms of the losses (torch.nn.functional.mse_loss, cross_entropy, ...), re-exported as
 * `nn.functional`. Each takes `reduction: 'none' | 'mean' | 'sum'` (default 'mean') as PyTorch 1.13.
 */
export { mseLoss, l1Loss, smoothL1Loss, huberLoss } from './regression.js';
export { bceLoss, bceWithLogitsLoss } from './binary-cross-entropy.js';
export { nllLoss } from './nll.js';
export { crossEntropy } from './cross-entropy.js';
export { klDiv } from './kl-div.js';
export { gaussianNllLoss } from './gaussian-nll.js';
export { quantileLoss } from './quantile.js';
