import { ValueError } from '../core/errors.js';

/** How well an alarm sequence detects a fault that starts at a known sample. */
export interface DetectionScores {
  /** Fraction of samples at or after the onset that raised an alarm (the fault detection rate). */
  readonly detectionRate: number;
  /** Fraction of samples before the onset that raised an alarm (NaN when the onset is 0). */
  readonly falseAlarmRate: number;
  /** Samples from the onset to the first alarm at or after it (null when never detected). */
  readonly delay: number | null;
}

/**
 * Scores alarms (`statistic[i] > limit`) against a fault active from 0-based sample `onset` on:
 * detection rate after the onset, false-alarm rate before it, and the detection delay (first alarm at or
 * after the onset, in samples). With `onset = statistic.length` (a fault-free run) only the false-alarm
 * rate is meaningful. The usual TEP convention (Chiang, Russell & Braatz 2001).
 */
export function detectionScores(statistic: ArrayLike<number>, limit: number, onset: number): DetectionScores {
  const n = statistic.length;
  if (!Number.isInteger(onset) || onset < 0 || onset > n) throw new ValueError(`detectionScores: onset must be an integer in [0, ${n}], got ${onset}`);
  let before = 0;
  let after = 0;
  let delay: number | null = null;
  for (let i = 0; i < n; i++) {
    const alarm = statistic[i]! > limit;
    if (i < onset) before += alarm ? 1 : 0;
    else if (alarm) {
      after++;
      if (delay === null) delay = i - onset;
    }
  }
  return {
    detectionRate: n > onset ? after / (n - onset) : Number.NaN,
    falseAlarmRate: onset > 0 ? before / onset : Number.NaN,
    delay,
  };
}

/**
 * The threshold that a fraction `falseAlarmRate` of normal scores exceeds: the (1 − rate) empirical
 * quantile of `normalScores` (linear interpolation, numpy's default). Set it on normal *validation* data,
 * never on the test span.
 */
export function thresholdAtFalseAlarmRate(normalScores: ArrayLike<number>, falseAlarmRate: number): number {
  if (!(falseAlarmRate > 0 && falseAlarmRate < 1)) throw new ValueError(`thresholdAtFalseAlarmRate: rate must be in (0, 1), got ${falseAlarmRate}`);
  if (normalScores.length === 0) throw new ValueError('thresholdAtFalseAlarmRate: no normal scores');
  const sorted = Float64Array.from(normalScores).sort();
  const pos = (1 - falseAlarmRate) * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo]! + (pos - lo) * (sorted[hi]! - sorted[lo]!);
}

/**
 * Exponentially weighted moving average of a score sequence, `s_t = α·x_t + (1 − α)·s_{t−1}`, `s_0 = x_0`
 * (pandas `ewm(alpha=α, adjust=False).mean()`): smooths a detector's score so small persistent shifts
 * stand out from noise. Causal: `s_t` uses samples up to t only.
 */
export function ewma(values: ArrayLike<number>, alpha: number): Float64Array {
  if (!(alpha > 0 && alpha <= 1)) throw new ValueError(`ewma: alpha must be in (0, 1], got ${alpha}`);
  const out = new Float64Array(values.length);
  let s = values.length > 0 ? values[0]! : 0;
  for (let i = 0; i < values.length; i++) {
    s = alpha * values[i]! + (1 - alpha) * s;
    out[i] = s;
  }
  return out;
}
