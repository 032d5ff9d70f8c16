/** Loss modules (torch.nn.MSELoss, CrossEntropyLoss, ...) and their option types; functional forms in ./functional.js. */
export { MSELoss, L1Loss, SmoothL1Loss, HuberLoss, type SmoothL1LossOptions, type HuberLossOptions } from './regression.js';
export { BCELoss, BCEWithLogitsLoss, type BCELossOptions, type BCEWithLogitsLossOptions } from './binary-cross-entropy.js';
export { NLLLoss, type NLLLossOptions } from './nll.js';
export { CrossEntropyLoss, type CrossEntropyOptions } from './cross-entropy.js';
export { KLDivLoss, type KLDivOptions, type KLDivReduction } from './kl-div.js';
export { GaussianNLLLoss, type GaussianNLLLossOptions } from './gaussian-nll.js';
export { QuantileLoss } from './quantile.js';
export type { Reduction, ReductionOptions } from './reduction.js';
