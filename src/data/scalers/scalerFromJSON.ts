import { ValueError } from '../../core/errors.js';
import { readObject } from './json.js';
import { MinMaxScaler, type MinMaxScalerJSON } from './minMaxScaler.js';
import { RobustScaler, type RobustScalerJSON } from './robustScaler.js';
import { StandardScaler, type StandardScalerJSON } from './standardScaler.js';

/** The saved state of any scaler; `type` says which. */
export type ScalerJSON = StandardScalerJSON | MinMaxScalerJSON | RobustScalerJSON;

/** Any of the scalers. */
export type Scaler = StandardScaler | MinMaxScaler | RobustScaler;

/**
 * Restores a scaler of whichever kind from its saved JSON state (the object `toJSON()` returned, e.g. read
 * back from a run directory), dispatching on its `type` field. An unknown type or a malformed state is a
 * ValueError naming the field.
 *
 * @example
 * const text = JSON.stringify(new RobustScaler().fit(trainRows));
 * const scaler = scalerFromJSON(JSON.parse(text)); // a RobustScaler
 */
export function scalerFromJSON(json: unknown): Scaler {
  const o = readObject('scalerFromJSON', json, 'the saved state');
  switch (o['type']) {
    case 'StandardScaler':
      return StandardScaler.fromJSON(o);
    case 'MinMaxScaler':
      return MinMaxScaler.fromJSON(o);
    case 'RobustScaler':
      return RobustScaler.fromJSON(o);
    default:
      throw new ValueError(
        `scalerFromJSON: field "type" must be "StandardScaler", "MinMaxScaler" or "RobustScaler", got ${JSON.stringify(o['type'])}`,
      );
  }
}
