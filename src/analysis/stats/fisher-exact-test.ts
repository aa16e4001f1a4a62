import hypergeometricPmf from '@stdlib/stats-base-dists-hypergeometric-pmf';
import type { Alternative } from './alternative.js';

/** Relative tolerance under which another table counts as "as extreme" as the observed one (R and scipy use 1 + 1e-7). */
const TIE_TOLERANCE = 1 + 1e-7;

/**
 * Fisher's exact test of the 2×2 table [[k1, n1 − k1], [k2, n2 − k2]] (scipy.stats.fisher_exact): conditional
 * on the margins, k1 follows a hypergeometric law with population n1 + n2, k1 + k2 successes and n1 draws.
 * 'greater' (p1 > p2) is P(X ≥ k1), 'less' is P(X ≤ k1), 'two-sided' sums the probabilities of every table
 * no more likely than the observed one. Exact for any counts, so it is the test for small samples.
 *
 * @example
 * fisherExactTest(7, 10, 2, 10, 'greater'); // ≈ 0.0349
 */
export function fisherExactTest(k1: number, n1: number, k2: number, n2: number, alternative: Alternative = 'two-sided'): number {
  const population = n1 + n2;
  const successes = k1 + k2;
  const pmf = (x: number) => hypergeometricPmf(x, population, successes, n1);
  const lowest = Math.max(0, successes - n2);
  const highest = Math.min(successes, n1);
  let p = 0;
  if (alternative === 'two-sided') {
    const observed = pmf(k1) * TIE_TOLERANCE;
    for (let x = lowest; x <= highest; x++) {
      const probability = pmf(x);
      if (probability <= observed) p += probability;
    }
  } else {
    const [from, to] = alternative === 'greater' ? [k1, highest] : [lowest, k1];
    for (let x = from; x <= to; x++) p += pmf(x);
  }
  return Math.min(1, p);
}
