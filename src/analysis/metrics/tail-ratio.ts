import { finiteValues } from '../stats/finite-values.js';
import { quantileSorted } from '../stats/quantile.js';

/**
 * Tail ratio as empyrical's `tail_ratio`: |Q(0.95)| / |Q(0.05)|, quantiles by linear interpolation
 * (np.percentile). Above 1: the right tail (gains) is fatter than the left (losses).
 *
 * Non-finite values are dropped; empty → NaN. |Q(0.05)| = 0 gives +Infinity, or NaN when both are 0 (IEEE
 * division, like numpy). Unreliable for small samples: with n < 20 both quantiles interpolate the extremes.
 *
 * @example
 * tailRatio([-0.02, -0.01, 0, 0.01, 0.04]); // |0.034| / |−0.018| ≈ 1.889
 */
export function tailRatio(returns: ArrayLike<number>): number {
  const sorted = finiteValues(returns).sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  return Math.abs(quantileSorted(sorted, 0.95)) / Math.abs(quantileSorted(sorted, 0.05));
}
