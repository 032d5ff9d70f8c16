import { ValueError } from './errors.js';

/**
 * Tensorite's seeded pseudo-random generator: xoshiro128** (Blackman & Vigna, 2018), 32-bit state words,
 * seeded through SplitMix32. All arithmetic is 32-bit integer math (`Math.imul`, shifts), so the same
 * seed gives the same stream on every platform and JavaScript engine.
 *
 * - `nextUint32()`: the raw 32-bit output.
 * - `uniform()`: a double in [0, 1) built from 53 random bits (two draws).
 * - `uniform32()`: a value in [0, 1) with 24 random bits (one draw), exactly representable in float32.
 * - `normal()`: standard normal by the Box–Muller transform on two `uniform()` draws; the second value of a
 *   pair is kept and returned by the next call (it is part of the state).
 *
 * The numbers differ from PyTorch's (which uses MT19937); what is guaranteed is reproducibility.
 */
export class Generator {
  private s0 = 0;
  private s1 = 0;
  private s2 = 0;
  private s3 = 0;
  private spareNormal: number | null = null;

  constructor(seed = 0) {
    this.manualSeed(seed);
  }

  /** Re-seeds the generator. Any integer (or finite number, truncated) is accepted. */
  manualSeed(seed: number): this {
    if (!Number.isFinite(seed)) throw new ValueError(`manualSeed: seed must be a finite number, got ${seed}`);
    // SplitMix32 over the low and high 32-bit halves of the seed.
    let x = (Math.trunc(seed) >>> 0) ^ Math.imul(Math.floor(Math.trunc(seed) / 4294967296) >>> 0, 0x9e3779b9);
    const next = (): number => {
      x = (x + 0x9e3779b9) | 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.s0 = next();
    this.s1 = next();
    this.s2 = next();
    this.s3 = next();
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1;
    this.spareNormal = null;
    return this;
  }

  /** The next raw 32-bit unsigned integer. */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** Uniform double in [0, 1) with 53 random bits. */
  uniform(): number {
    const hi = this.nextUint32() >>> 5; // 27 bits
    const lo = this.nextUint32() >>> 6; // 26 bits
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  /** Uniform value in [0, 1) with 24 random bits (exact in float32). */
  uniform32(): number {
    return (this.nextUint32() >>> 8) / 16777216;
  }

  /** Standard normal deviate (Box–Muller). */
  normal(): number {
    if (this.spareNormal !== null) {
      const v = this.spareNormal;
      this.spareNormal = null;
      return v;
    }
    let u1 = this.uniform();
    while (u1 === 0) u1 = this.uniform();
    const u2 = this.uniform();
    const r = Math.sqrt(-2 * Math.log(u1));
    const theta = 2 * Math.PI * u2;
    this.spareNormal = r * Math.sin(theta);
    return r * Math.cos(theta);
  }

  /** Uniform integer in [low, high), unbiased (rejection sampling). */
  randint(low: number, high: number): number {
    const range = high - low;
    if (!Number.isInteger(low) || !Number.isInteger(high) || range <= 0 || range > 4294967296) {
      throw new ValueError(`randint: need integers low < high with high - low ≤ 2^32, got low=${low}, high=${high}`);
    }
    const limit = Math.floor(4294967296 / range) * range;
    let x = this.nextUint32();
    while (x >= limit) x = this.nextUint32();
    return low + (x % range);
  }

  /** A copy of the full state, for checkpoints (`setState` restores it exactly). */
  getState(): GeneratorState {
    return { words: [this.s0 >>> 0, this.s1 >>> 0, this.s2 >>> 0, this.s3 >>> 0], spareNormal: this.spareNormal };
  }

  setState(state: GeneratorState): void {
    const w = state.words;
    if (w.length !== 4 || w.some((v) => !Number.isInteger(v) || v < 0 || v > 0xffffffff)) {
      throw new ValueError('Generator.setState: expected 4 unsigned 32-bit words');
    }
    [this.s0, this.s1, this.s2, this.s3] = [w[0]! | 0, w[1]! | 0, w[2]! | 0, w[3]! | 0];
    this.spareNormal = state.spareNormal;
  }
}

/** A serialisable generator state (plain JSON). */
export interface GeneratorState {
  words: number[];
  spareNormal: number | null;
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/** The default generator used by initialisers, dropout, shuffling and sampling. */
export const defaultGenerator = new Generator(0);

/** Seeds the default generator (PyTorch's `torch.manual_seed`). */
export function manualSeed(seed: number): void {
  defaultGenerator.manualSeed(seed);
}
