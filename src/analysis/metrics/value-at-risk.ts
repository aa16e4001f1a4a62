import { finiteValues } from '../stats/finite-values.js';
import { quantile } from '../stats/quantile.js';

/**
 * Historical Value at Risk as empyrical's `value_at_risk`: the `cutoff` quantile of the returns,
 * np.percentile(r, 100·cutoff) with linear interpolation (x₍⌊h⌋₎ + (h − ⌊h⌋)(x₍⌊h⌋+1₎ − x₍⌊h⌋₎),
 * h = cutoff·(n − 1) over the sorted returns).
 *
 * Sign convention: a RETURN, so a loss is negative (−0.03 means "5 % of periods lose 3 % or more").
 * Per period, never annualised. cutoff 0.05 is the 95 % VaR. Non-finite values are dropped; empty → NaN.
 *
 * @example
 * historicalVaR([-0.05, -0.02, 0.01, 0.03, 0.04]); // −0.05 + 0.2·0.03 = −0.044
 */
export function historicalVaR(returns: ArrayLike<number>, cutoff = 0.05): number {
  return quantile(finiteValues(returns), cutoff);
}
