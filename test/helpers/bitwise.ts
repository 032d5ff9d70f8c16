/** Float32 test values with special values mixed in, and bitwise comparison of results. */
import assert from 'node:assert/strict';
import type { Generator } from '../../src/core/random.js';

const SPECIALS = [NaN, 0, -0, Infinity, -Infinity, 1, -1];

/** Uniform(−1, 1) float32 values with every `every`-th (from the middle of the first run) replaced by NaN, ±0, ±∞ or ±1 in turn. */
export function valuesWithSpecials(gen: Generator, n: number, every = 7): Float32Array {
  const at = every >> 1;
  return Float32Array.from({ length: n }, (_, i) => (i % every === at ? SPECIALS[(i / every) % SPECIALS.length | 0]! : gen.uniform() * 2 - 1));
}

/** Bitwise equality up to the NaN payload (Object.is keeps ±0 apart). */
export function assertSame(actual: ArrayLike<number>, expected: ArrayLike<number>, what: string): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  for (let i = 0; i < actual.length; i++) {
    if (!Object.is(actual[i], expected[i])) assert.fail(`${what}: element ${i} is ${actual[i]}, expected ${expected[i]}`);
  }
}
