import { ValueError } from '../../core/errors.js';
import { Generator, defaultGenerator } from '../../core/random.js';

/** Randomness options shared by the splitters that shuffle. */
export interface ShuffleOptions {
  /** Whether to shuffle. */
  shuffle?: boolean;
  /**
   * Seed of a fresh {@link Generator} created for each `split` call, so the same seed gives the same splits
   * every time (scikit-learn's integer `random_state`).
   */
  seed?: number;
  /** A generator to draw from; it advances, so successive calls differ (a `RandomState` instance). */
  generator?: Generator;
}

/**
 * The generator a splitter draws from: a fresh one from `seed`, the given `generator`, or the default
 * generator. Seed and generator together, or either of them without shuffling, is a ValueError (it would
 * have no effect, which is almost always a mistake).
 */
export function resolveGenerator(op: string, options: ShuffleOptions, shuffle: boolean): Generator {
  if (options.seed !== undefined && options.generator !== undefined) {
    throw new ValueError(`${op}: pass either seed or generator, not both`);
  }
  if (!shuffle && (options.seed !== undefined || options.generator !== undefined)) {
    throw new ValueError(`${op}: a seed or generator has no effect when shuffle is false; set shuffle: true or drop it`);
  }
  if (options.seed !== undefined) return new Generator(options.seed);
  return options.generator ?? defaultGenerator;
}

/** Shuffles `values` in place by Fisher–Yates, drawing `randint(0, i + 1)` for i = n − 1 … 1. */
export function shuffleInPlace<T extends { length: number; [index: number]: number }>(values: T, generator: Generator): T {
  for (let i = values.length - 1; i > 0; i--) {
    const j = generator.randint(0, i + 1);
    const t = values[i]!;
    values[i] = values[j]!;
    values[j] = t;
  }
  return values;
}

/** A random permutation of `0 … n − 1` (NumPy's `permutation(n)`). */
export function permutation(n: number, generator: Generator): Int32Array {
  const p = new Int32Array(n);
  for (let i = 0; i < n; i++) p[i] = i;
  return shuffleInPlace(p, generator);
}
