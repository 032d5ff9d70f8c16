import { scaleLinear, scaleLog } from 'd3-scale';
import { ValueError } from '../../core/errors.js';
import { formatValue, powerOfTen, typographicMinus } from './format.js';

/** A labelled tick: its value in data units and the text shown. */
export interface Tick {
  readonly value: number;
  readonly label: string;
}

/** A data-to-pixel mapping for one axis, with its ticks. */
export interface AxisScale {
  readonly type: 'linear' | 'log';
  /** Data interval shown, [low, high]; the ticks lie inside it and it holds all the data. */
  readonly domain: readonly [number, number];
  /** Pixel positions of domain[0] and domain[1] (y ranges run bottom to top, so high to low pixels). */
  readonly range: readonly [number, number];
  /** Pixel position of a data value. */
  map(value: number): number;
  /** Labelled (major) ticks, ascending. */
  readonly ticks: readonly Tick[];
  /** Unlabelled minor tick values (log axes). */
  readonly minorTicks: readonly number[];
}

/** The finite range of some data and how many values were left out as NaN or ±Infinity. */
export interface DataExtent {
  /** [min, max] of the finite values, or undefined when there are none. */
  readonly extent: readonly [number, number] | undefined;
  readonly finite: number;
  readonly nonFinite: number;
}

/**
 * The finite min and max over several arrays, counting non-finite values instead of including them.
 * @example dataExtent([3, NaN, 1], [2]) // { extent: [1, 3], finite: 3, nonFinite: 1 }
 */
export function dataExtent(...arrays: ArrayLike<number>[]): DataExtent {
  let min = Infinity;
  let max = -Infinity;
  let finite = 0;
  let nonFinite = 0;
  for (const values of arrays) {
    for (let i = 0; i < values.length; i++) {
      const v = values[i]!;
      if (!Number.isFinite(v)) {
        nonFinite++;
        continue;
      }
      finite++;
      if (v < min) min = v;
      if (v > max) max = v;
    }
  }
  return { extent: finite === 0 ? undefined : [min, max], finite, nonFinite };
}

/** Options of `linearScale`. */
export interface LinearScaleOptions {
  /** Only whole-number ticks (epochs, counts). Default false. */
  readonly integer?: boolean;
  /** Room to leave around the data, as a fraction of its span, before rounding to nice ticks. Default 0. */
  readonly padFraction?: number;
  /** About how many pixels between ticks. Default 70. */
  readonly pixelsPerTick?: number;
}

/**
 * A linear axis whose domain holds `extent` (padded, then widened to round tick values, like d3's
 * `scale.nice()`), so the first and last ticks bracket the data. An empty extent shows [0, 1]; a
 * single value v shows v ± 10 % of |v| (± 1 when v is 0 or the axis is integer).
 * @example linearScale([0.13, 0.92], [0, 300]).ticks.map((t) => t.label) // ['0.0', '0.2', ..., '1.0']
 */
export function linearScale(
  extent: readonly [number, number] | undefined,
  range: readonly [number, number],
  options: LinearScaleOptions = {},
): AxisScale {
  let [lo, hi] = extent ?? [0, 1];
  if (lo === hi) {
    const half = options.integer === true || lo === 0 ? 1 : Math.abs(lo) * 0.1;
    lo -= half;
    hi += half;
  }
  const pad = (hi - lo) * (options.padFraction ?? 0);
  const count = Math.max(2, Math.round(Math.abs(range[1] - range[0]) / (options.pixelsPerTick ?? 70)));
  const scale = scaleLinear().domain([lo - pad, hi + pad]).range([range[0], range[1]]).nice(count);
  let values = scale.ticks(count);
  let labels: string[];
  if (options.integer === true) {
    values = values.filter((v) => Number.isInteger(v));
    labels = values.map((v) => typographicMinus(String(v)));
  } else {
    labels = tickLabels(values, scale.tickFormat(count, 'f'));
  }
  const [d0, d1] = scale.domain() as [number, number];
  return {
    type: 'linear',
    domain: [d0, d1],
    range: [range[0], range[1]],
    map: (value) => scale(value),
    ticks: values.map((value, i) => ({ value, label: labels[i]! })),
    minorTicks: [],
  };
}

/** Tick labels: fixed decimals for ordinary magnitudes, else the fewest significant digits that tell them apart. */
function tickLabels(values: readonly number[], fixed: (v: number) => string): string[] {
  const largest = Math.max(...values.map(Math.abs));
  if (largest === 0 || (largest >= 1e-3 && largest < 1e5)) return values.map((v) => typographicMinus(fixed(v)));
  for (let digits = 1; digits <= 15; digits++) {
    const labels = values.map((v) => (v === 0 ? '0' : formatValue(v, digits)));
    if (new Set(labels).size === labels.length) return labels;
  }
  return values.map((v) => formatValue(v, 15));
}

/**
 * A base-10 log axis. Which multiples of powers of ten are labelled depends on the span of the data:
 * over more than two decades only powers of ten (every k-th one past six decades), over 0.7 to two
 * decades also 2× and 5×, over less every multiple 1× to 9×. The domain is widened to the nearest
 * labelled tick at or beyond each end of the data, so the first and last labels bracket it; the other
 * multiples of powers of ten inside are minor ticks. `extent` must be positive (callers check and
 * report); an empty extent shows [1, 10], a single value v shows [v/2, 2v] so widened.
 * @example logScale([0.031, 1.36], [300, 0]).ticks.map((t) => t.label) // ['0.02', '0.05', '0.1', '0.2', '0.5', '1', '2']
 */
export function logScale(extent: readonly [number, number] | undefined, range: readonly [number, number]): AxisScale {
  let [lo, hi] = extent ?? [1, 10];
  if (!(lo > 0) || !(hi > 0) || !Number.isFinite(hi)) throw new ValueError(`logScale: the extent must be positive and finite, got [${lo}, ${hi}]`);
  if (lo === hi) {
    lo /= 2;
    hi *= 2;
  }
  const span = Math.log10(hi / lo);
  const labelled = span > 2 ? [1] : span > 0.7 ? [1, 2, 5] : [1, 2, 3, 4, 5, 6, 7, 8, 9];
  const every = Math.max(1, Math.ceil(span / 6));
  // Candidate ticks m × 10^k over the decades around the data, ascending. When only every k-th power of
  // ten is labelled, pick the phase that brackets the data most tightly.
  const k0 = Math.floor(Math.log10(lo)) - every;
  const k1 = Math.ceil(Math.log10(hi)) + every;
  let best: { candidates: Array<{ value: number; major: boolean }>; d0: number; d1: number } | undefined;
  for (let phase = 0; phase < every; phase++) {
    const candidates: Array<{ value: number; major: boolean }> = [];
    for (let k = k0; k <= k1; k++) {
      for (let m = 1; m <= 9; m++) {
        const major = labelled.includes(m) && (m !== 1 || (k - k0 - phase) % every === 0);
        candidates.push({ value: Number(`${m}e${k}`), major });
      }
    }
    const majors = candidates.filter((c) => c.major).map((c) => c.value);
    const d0 = Math.max(...majors.filter((v) => v <= lo * (1 + 1e-12)));
    const d1 = Math.min(...majors.filter((v) => v >= hi * (1 - 1e-12)));
    if (best === undefined || d1 / d0 < best.d1 / best.d0) best = { candidates, d0, d1 };
  }
  const { candidates, d0, d1 } = best!;
  const scale = scaleLog().domain([d0, d1]).range([range[0], range[1]]);
  const inside = candidates.filter((c) => c.value >= d0 && c.value <= d1);
  // Label every power of ten as 10ⁿ when some of them would not read well as plain decimals.
  const powers = span > 2 && (d0 < 1e-3 || d1 >= 1e5);
  return {
    type: 'log',
    domain: [d0, d1],
    range: [range[0], range[1]],
    map: (value) => scale(value),
    ticks: inside.filter((c) => c.major).map((c) => ({ value: c.value, label: powers ? powerOfTen(Math.round(Math.log10(c.value))) : formatValue(c.value, 6) })),
    minorTicks: span > 6 ? [] : inside.filter((c) => !c.major).map((c) => c.value),
  };
}
