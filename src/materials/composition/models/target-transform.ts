import { ValueError } from '../../../core/errors.js';

/** The saved state of a `TargetTransform`. */
export interface TargetTransformJSON {
  readonly type: 'TargetTransform';
  readonly log: boolean;
  readonly mean: number;
  readonly std: number;
}

/**
 * The regression target as the networks see it: optionally its natural logarithm (for positive, skewed
 * targets such as strengths), then standardised with the training mean and standard deviation. Fitted on
 * training targets only.
 * @example
 * const t = TargetTransform.fit(yTrain, { log: true });
 * t.inverse(t.forward(500)) // 500
 */
export class TargetTransform {
  readonly log: boolean;
  readonly mean: number;
  readonly std: number;

  constructor(log: boolean, mean: number, std: number) {
    this.log = log;
    this.mean = mean;
    this.std = std;
  }

  /**
   * Fits on training targets. `log: 'auto'` takes the logarithm when every target is positive.
   * @throws ValueError when `log` is true and a target is ≤ 0.
   */
  static fit(y: ArrayLike<number>, options: { log: boolean | 'auto' }): TargetTransform {
    const values = Array.from(y);
    const positive = values.every((v) => v > 0);
    if (options.log === true && !positive) throw new ValueError('TargetTransform: a log target needs every training target > 0');
    const log = options.log === 'auto' ? positive : options.log;
    const z = log ? values.map(Math.log) : values;
    const mean = z.reduce((s, v) => s + v, 0) / z.length;
    const variance = z.reduce((s, v) => s + (v - mean) ** 2, 0) / z.length;
    return new TargetTransform(log, mean, variance > 0 ? Math.sqrt(variance) : 1);
  }

  /** Original units → network units. */
  forward(value: number): number {
    return ((this.log ? Math.log(value) : value) - this.mean) / this.std;
  }

  /** Network units → original units. */
  inverse(value: number): number {
    const z = value * this.std + this.mean;
    return this.log ? Math.exp(z) : z;
  }

  /**
   * A spread σ in network units at network-unit value `value`, in original units: σ·std, times the local
   * slope exp(z) of the inverse for a log target (first-order propagation).
   */
  inverseSpread(value: number, spread: number): number {
    const s = spread * this.std;
    return this.log ? s * Math.exp(value * this.std + this.mean) : s;
  }

  toJSON(): TargetTransformJSON {
    return { type: 'TargetTransform', log: this.log, mean: this.mean, std: this.std };
  }

  static fromJSON(json: TargetTransformJSON): TargetTransform {
    if (json?.type !== 'TargetTransform' || typeof json.log !== 'boolean' || !Number.isFinite(json.mean) || !(json.std > 0)) {
      throw new ValueError('TargetTransform.fromJSON: expected a saved TargetTransform (type, log, mean, std > 0)');
    }
    return new TargetTransform(json.log, json.mean, json.std);
  }
}
