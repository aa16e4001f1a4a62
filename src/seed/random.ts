/**
 * The generator's only source of randomness: pure-rand's xoroshiro128+ behind a small API, with named
 * sub-streams so that each part of the history (instruments, regimes, decisions, …) draws from its own
 * sequence. Adding draws to one part therefore never shifts the numbers of another.
 */
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import type { RandomGenerator } from 'pure-rand/types/RandomGenerator';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';

/** FNV-1a over the text, then a murmur3 finaliser: a well-spread 32-bit seed for each named stream. */
function hashSeed(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) | 0;
}

export class Random {
  private readonly rng: RandomGenerator;
  private spareNormal: number | null = null;

  private constructor(key: string) {
    this.rng = xoroshiro128plus(hashSeed(key));
  }

  /**
   * The stream named `labels` under a seed; the same seed and labels always give the same numbers.
   *
   * @example
   * const rng = Random.stream(7, 'regimes');
   * rng.uniform(); // the same value on every run
   */
  static stream(seed: number, ...labels: string[]): Random {
    return new Random([String(seed), ...labels].join('/'));
  }

  /** Uniform in [0, 1). */
  uniform(): number {
    return uniformFloat64(this.rng);
  }

  /** Uniform in [low, high). */
  between(low: number, high: number): number {
    return low + (high - low) * this.uniform();
  }

  /** Uniform integer in [low, high], both included. */
  int(low: number, high: number): number {
    return low + Math.floor(this.uniform() * (high - low + 1));
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.uniform() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.uniform() * items.length)];
  }

  /** Index drawn with probability proportional to `weights`. */
  weightedIndex(weights: readonly number[]): number {
    let total = 0;
    for (const w of weights) total += w;
    let u = this.uniform() * total;
    for (let i = 0; i < weights.length; i++) {
      u -= weights[i];
      if (u < 0) return i;
    }
    return weights.length - 1;
  }

  /** A new array in random order (Fisher–Yates). */
  shuffled<T>(items: readonly T[]): T[] {
    const out = items.slice();
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(this.uniform() * (i + 1));
      [out[i], out[j]] = [out[j], out[i]];
    }
    return out;
  }

  /** Standard normal (Box–Muller, both values used). */
  normal(): number {
    if (this.spareNormal !== null) {
      const value = this.spareNormal;
      this.spareNormal = null;
      return value;
    }
    const u = 1 - this.uniform(); // (0, 1]: log stays finite
    const radius = Math.sqrt(-2 * Math.log(u));
    const angle = 2 * Math.PI * this.uniform();
    this.spareNormal = radius * Math.sin(angle);
    return radius * Math.cos(angle);
  }

  /**
   * Student-t with integer `dof` > 2 degrees of freedom, scaled to unit variance: Z/√(χ²/ν)·√((ν−2)/ν).
   * Fat-tailed like real trade returns, yet with the standard deviation the caller asks for.
   */
  studentT(dof: number): number {
    let chiSquare = 0;
    for (let i = 0; i < dof; i++) {
      const z = this.normal();
      chiSquare += z * z;
    }
    return (this.normal() / Math.sqrt(chiSquare / dof)) * Math.sqrt((dof - 2) / dof);
  }
}
