import { finiteValues } from '../stats/finite-values.js';
import { quantile } from '../stats/quantile.js';

/**
 * Median return per period: the middle order statistic, or the mean of the two middle ones for even n
 * (numpy's `median`). Non-finite values are dropped; empty → NaN.
 *
 * @example
 * medianReturn([0.03, -0.01, 0.01, 0.02]); // 0.015
 */
export function medianReturn(returns: ArrayLike<number>): number {
  return quantile(finiteValues(returns), 0.5);
}
