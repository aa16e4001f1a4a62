/**
 * Random two-column contingency tables with fixed margins: the null distribution of a within-stratum
 * permutation test computed from counts, so permuting a million trades costs as much as permuting a
 * few table cells.
 */
import hypergeometricPmf from '@stdlib/stats-base-dists-hypergeometric-pmf';
import type { Rng } from '../stats/rng.js';

/**
 * One hypergeometric draw: successes in `draws` draws without replacement from `population` items of
 * which `successes` are successes. Inversion by chop-down search outward from the mode (expected steps
 * of the order of the standard deviation), the mode's probability from @stdlib's pmf.
 *
 * @example
 * sampleHypergeometric(createRng(1), 1000, 300, 100); // about 30
 */
export function sampleHypergeometric(rng: Rng, population: number, successes: number, draws: number): number {
  const lo = Math.max(0, draws - (population - successes));
  const hi = Math.min(draws, successes);
  if (lo === hi) return lo;
  const mode = Math.min(hi, Math.max(lo, Math.floor(((draws + 1) * (successes + 1)) / (population + 2))));
  const pMode = hypergeometricPmf(mode, population, successes, draws);
  let u = rng() - pMode;
  if (u <= 0) return mode;
  let [up, down, pUp, pDown] = [mode, mode, pMode, pMode];
  const failures = population - successes;
  while (up < hi || down > lo) {
    if (up < hi) {
      pUp *= ((successes - up) * (draws - up)) / ((up + 1) * (failures - draws + up + 1));
      up++;
      u -= pUp;
      if (u <= 0) return up;
    }
    if (down > lo) {
      pDown *= (down * (failures - draws + down)) / ((successes - down + 1) * (draws - down + 1));
      down--;
      u -= pDown;
      if (u <= 0) return down;
    }
  }
  return mode; // rounding left a sliver of probability unassigned
}

/** A stratum of a binary-outcome table: per level of X, its count and how many had the outcome. */
export interface BinaryStratum {
  n: number[];
  hits: number[];
}

/**
 * Plug-in conditional mutual information Î(X;Y|Z) in nats of a binary Y, from stratum tables:
 * Σ (n_xyz/N)·ln(n_xyz·n_z/(n_xz·n_yz)).
 *
 * @example
 * binaryConditionalInformation([{ n: [10, 10], hits: [10, 0] }]); // ln 2
 */
export function binaryConditionalInformation(strata: readonly BinaryStratum[]): number {
  const total = strata.reduce((s, z) => s + z.n.reduce((a, b) => a + b, 0), 0);
  let mi = 0;
  for (const z of strata) {
    const nz = z.n.reduce((a, b) => a + b, 0);
    const hz = z.hits.reduce((a, b) => a + b, 0);
    z.n.forEach((nx, i) => {
      for (const [nxy, ny] of [[z.hits[i], hz], [nx - z.hits[i], nz - hz]]) {
        if (nxy > 0) mi += (nxy / total) * Math.log((nxy * nz) / (nx * ny));
      }
    });
  }
  return total > 0 ? Math.max(0, mi) : NaN;
}

/**
 * The hits of each stratum redistributed at random over its levels, margins kept: the table a random
 * permutation of X within the stratum would give.
 *
 * @example
 * permutedStrata(createRng(3), [{ n: [10, 10], hits: [10, 0] }]); // e.g. [{ n: [10, 10], hits: [4, 6] }]
 */
export function permutedStrata(rng: Rng, strata: readonly BinaryStratum[]): BinaryStratum[] {
  return strata.map((z) => {
    let population = z.n.reduce((a, b) => a + b, 0);
    let remaining = z.hits.reduce((a, b) => a + b, 0);
    const hits = z.n.map((nx) => {
      const h = sampleHypergeometric(rng, population, remaining, nx);
      population -= nx;
      remaining -= h;
      return h;
    });
    return { n: z.n, hits };
  });
}
