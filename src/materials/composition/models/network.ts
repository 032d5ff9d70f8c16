import { ValueError } from '../../../core/errors.js';
import { ElementAttentionNet, type ElementAttentionOptions } from './element-attention.js';
import { FeatureMLP, type FeatureMLPOptions } from './feature-mlp.js';
import type { TrainableModule } from './train-member.js';

/** How to build one member network; saved with the model so it can be rebuilt before loading weights. */
export type NetworkConfig =
  | { readonly type: 'mlp'; readonly options: FeatureMLPOptions }
  | { readonly type: 'attention'; readonly options: ElementAttentionOptions };

/** A fresh network of the given configuration (weights from the global generator). */
export function buildNetwork(config: NetworkConfig): TrainableModule {
  switch (config.type) {
    case 'mlp':
      return new FeatureMLP(config.options);
    case 'attention':
      return new ElementAttentionNet(config.options);
    default:
      throw new ValueError(`buildNetwork: unknown network type ${JSON.stringify((config as { type: unknown }).type)}`);
  }
}
