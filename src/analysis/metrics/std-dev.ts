import { finiteValues } from '../stats/finite-values.js';
import { sampleVariance } from '../stats/sample-moments.js';

/**
 * Sample standard deviation of per-period returns with ddof = 1: √(Σ(r − r̄)²/(n − 1)), not annualised.
 * Non-finite values are dropped; n < 2 → NaN; identical values → exactly 0.
 *
 * @example
 * stdDev([0.01, 0.03, -0.01]); // 0.02
 */
export function stdDev(returns: ArrayLike<number>): number {
  return Math.sqrt(sampleVariance(finiteValues(returns), 1));
}
