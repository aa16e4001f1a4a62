/**
 * Entropy of a categorical distribution from counts, in nats. Used for how evenly the evidence covers the
 * regimes: a window spent in one regime says little about the others.
 */

/**
 * Plug-in (maximum-likelihood) entropy H = −Σ p̂_k ln p̂_k, p̂_k = c_k/N. Biased low for small N. Empty or
 * all-zero counts → NaN. Counts must be non-negative.
 *
 * @example
 * plugInEntropy([5, 5]); // ln 2 ≈ 0.6931
 */
export function plugInEntropy(counts: readonly number[]): number {
  const total = totalCount(counts);
  if (total === 0) return NaN;
  let h = 0;
  for (const c of counts) if (c > 0) h -= (c / total) * Math.log(c / total);
  return h;
}

/**
 * Miller–Madow bias-corrected entropy H_MM = H_plug-in + (K̂ − 1)/(2N), with K̂ the number of non-empty
 * categories and N the total count. Empty → NaN.
 *
 * @example
 * millerMadowEntropy([5, 5]); // ln 2 + 1/20 ≈ 0.7431
 */
export function millerMadowEntropy(counts: readonly number[]): number {
  const total = totalCount(counts);
  const occupied = counts.filter((c) => c > 0).length;
  return plugInEntropy(counts) + (occupied - 1) / (2 * total);
}

/**
 * Normalised entropy in [0, 1]: the Miller–Madow entropy divided by ln K, with K = counts.length, the
 * number of POSSIBLE categories (pass 0 for categories never seen, e.g. a regime absent from the window).
 * 1 means evenly spread, 0 all in one category. The bias correction can push the ratio above 1 for small
 * samples; it is capped at 1. K < 2 or no observations → NaN.
 *
 * @example
 * normalizedEntropy([90, 5, 5, 0]); // (0.3944 + 2/200)/ln 4 ≈ 0.2917
 */
export function normalizedEntropy(counts: readonly number[]): number {
  if (counts.length < 2) return NaN;
  return Math.min(1, millerMadowEntropy(counts) / Math.log(counts.length));
}

function totalCount(counts: readonly number[]): number {
  let total = 0;
  for (const c of counts) {
    if (!(c >= 0 && Number.isFinite(c))) throw new RangeError(`counts must be non-negative numbers, got ${c}`);
    total += c;
  }
  return total;
}
