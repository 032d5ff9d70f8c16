import { ValueError } from '../core/errors.js';
import { type Forecaster, type ForecasterShape, MlpForecaster } from './forecast-models.js';
import { RecurrentForecaster, Seq2SeqForecaster, TransformerEncoderDecoderForecaster, TransformerForecaster } from './sequence-forecasters.js';

/** Names accepted by {@link forecasterFactory}. */
export const FORECASTER_NAMES: readonly string[] = ['mlp', 'lstm', 'gru', 'seq2seq', 'transformer', 'transformer-ed'];

/**
 * Builds the forecaster named `name` (the CLI's `--model`) for a window geometry. `bidirectional` makes
 * the LSTM/GRU encoder read the window both ways (offline soft sensors).
 */
export function forecasterFactory(name: string, options: { hidden?: number; bidirectional?: boolean } = {}): (shape: ForecasterShape) => Forecaster {
  switch (name) {
    // lagFeatures 0 keeps the raw window, so `runForecast` can start the MLP at the ridge solution.
    case 'mlp': return (shape) => new MlpForecaster(shape, { hidden: options.hidden, lagFeatures: 0 });
    case 'lstm':
    case 'gru': return (shape) => new RecurrentForecaster(shape, name, { hidden: options.hidden === undefined ? undefined : Math.min(options.hidden, 64), bidirectional: options.bidirectional });
    case 'seq2seq': return (shape) => new Seq2SeqForecaster(shape, { hidden: options.hidden === undefined ? undefined : Math.min(options.hidden, 64) });
    case 'transformer': return (shape) => new TransformerForecaster(shape, { hidden: options.hidden === undefined ? undefined : Math.min(options.hidden, 64) });
    case 'transformer-ed': return (shape) => new TransformerEncoderDecoderForecaster(shape, { hidden: options.hidden === undefined ? undefined : Math.min(options.hidden, 64) });
    default: throw new ValueError(`unknown --model ${JSON.stringify(name)}; expected one of ${FORECASTER_NAMES.join(', ')}`);
  }
}
