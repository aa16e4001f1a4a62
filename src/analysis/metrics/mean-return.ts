import { finiteValues } from '../stats/finite-values.js';
import { sampleMean } from '../stats/sample-moments.js';

/**
 * Arithmetic mean return per period, Σr/n (empyrical's `nanmean`). Non-finite values are dropped; empty → NaN.
 *
 * @example
 * meanReturn([0.01, 0.03, -0.01]); // 0.01
 */
export function meanReturn(returns: ArrayLike<number>): number {
  return sampleMean(finiteValues(returns));
}
