/**
 * Monte Carlo p-value of an observed statistic against B statistics computed under the null (permutations,
 * surrogates): p = (1 + #{null_b ≥ observed}) / (B + 1), one-sided "observed is large".
 *
 * The +1 counts the observed arrangement as one of the permutations (Phipson & Smyth 2010), so p is never 0
 * and the smallest attainable value is 1/(B + 1): with m tests corrected by BH/BY, B must be well above m/q.
 * Non-finite null statistics are dropped from B; a non-finite observed value → NaN.
 *
 * @example
 * permutationPValue(0.3, [0.1, 0.35, 0.2, 0.05]); // (1 + 1)/(4 + 1) = 0.4
 */
export function permutationPValue(observed: number, nullSamples: ArrayLike<number>): number {
  if (!Number.isFinite(observed)) return NaN;
  let b = 0;
  let atLeast = 0;
  for (let i = 0; i < nullSamples.length; i++) {
    const s = nullSamples[i];
    if (!Number.isFinite(s)) continue;
    b++;
    if (s >= observed) atLeast++;
  }
  return (1 + atLeast) / (b + 1);
}
