import normalQuantile from '@stdlib/stats-base-dists-normal-quantile';
import { type Alternative, normalPValue } from './alternative.js';
import { fisherExactTest } from './fisher-exact-test.js';
import { wilsonInterval } from './wilson-interval.js';

/** Smallest expected cell count for which the normal approximation is trusted (Cochran's rule). */
const MIN_EXPECTED_COUNT = 5;

export interface TwoProportionResult {
  /** p1 − p2 = k1/n1 − k2/n2, the effect. */
  diff: number;
  p1: number;
  p2: number;
  p: number;
  /** Newcombe's hybrid score interval for diff, two-sided at `level` (whatever the alternative). */
  ci: [number, number];
  /** 'z': pooled two-proportion z-test; 'fisher': Fisher's exact test (some expected count below 5). */
  method: 'z' | 'fisher';
  n1: number;
  n2: number;
}

/**
 * Compares two proportions k1/n1 and k2/n2 (error rates, win rates). 'greater' tests p1 > p2.
 *
 * Test: the pooled z-test z = (p̂₁ − p̂₂)/√(p̂(1 − p̂)(1/n1 + 1/n2)), p̂ = (k1 + k2)/(n1 + n2), without
 * continuity correction, when every expected cell count n_i·p̂ and n_i·(1 − p̂) is at least 5; otherwise
 * Fisher's exact test, whose p-value stays valid for small counts and for rates near 0 or 1.
 * Interval: Newcombe's (1998) hybrid score interval (method 10), built from the two Wilson intervals
 * [l_i, u_i]: [d − √((p̂₁ − l₁)² + (u₂ − p̂₂)²), d + √((u₁ − p̂₁)² + (p̂₂ − l₂)²)]; it keeps its coverage where
 * the Wald interval fails. A group with n = 0 → NaN results; counts must be integers with 0 ≤ k ≤ n.
 *
 * @example
 * twoProportionTest(30, 100, 15, 100, 'greater'); // { diff: 0.15, method: 'z', p ≈ 0.0055, … }
 */
export function twoProportionTest(k1: number, n1: number, k2: number, n2: number, alternative: Alternative = 'two-sided', level = 0.95): TwoProportionResult {
  for (const [k, n] of [
    [k1, n1],
    [k2, n2],
  ]) {
    if (!(Number.isInteger(k) && Number.isInteger(n) && k >= 0 && k <= n)) throw new RangeError(`counts must be integers with 0 ≤ k ≤ n, got ${k} of ${n}`);
  }
  if (!(level > 0 && level < 1)) throw new RangeError(`confidence level must be in (0, 1), got ${level}`);
  const p1 = k1 / n1;
  const p2 = k2 / n2;
  const diff = p1 - p2;
  const pooled = (k1 + k2) / (n1 + n2);
  const smallestExpected = Math.min(n1, n2) * Math.min(pooled, 1 - pooled);
  const method = smallestExpected >= MIN_EXPECTED_COUNT ? 'z' : 'fisher';
  let p = NaN;
  if (n1 > 0 && n2 > 0) {
    p = method === 'z' ? normalPValue(diff / Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2)), alternative) : fisherExactTest(k1, n1, k2, n2, alternative);
  }
  return { diff, p1, p2, p, ci: newcombeInterval(k1, n1, k2, n2, level), method, n1, n2 };
}

function newcombeInterval(k1: number, n1: number, k2: number, n2: number, level: number): [number, number] {
  const z = normalQuantile((1 + level) / 2, 0, 1);
  const [l1, u1] = wilsonInterval(k1, n1, z);
  const [l2, u2] = wilsonInterval(k2, n2, z);
  const p1 = k1 / n1;
  const p2 = k2 / n2;
  const d = p1 - p2;
  return [d - Math.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2), d + Math.sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2)];
}
