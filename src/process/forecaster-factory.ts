import { ValueError } from '../core/errors.js';
import { type Forecaster, type ForecasterShape, MlpForecaster } from './forecast-models.js';

/** Names accepted by {@link forecasterFactory}. */
export const FORECASTER_NAMES: readonly string[] = ['mlp'];

/** Builds the forecaster named `name` (the CLI's `--model`) for a window geometry. */
export function forecasterFactory(name: string, options: { hidden?: number; bidirectional?: boolean } = {}): (shape: ForecasterShape) => Forecaster {
  if (name === 'mlp') return (shape) => new MlpForecaster(shape, { hidden: options.hidden });
  throw new ValueError(`unknown --model ${JSON.stringify(name)}; expected one of ${FORECASTER_NAMES.join(', ')}`);
}
