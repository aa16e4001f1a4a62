import { finiteValues } from '../stats/finite-values.js';
import { sampleMean } from '../stats/sample-moments.js';

/**
 * Historical Expected Shortfall (CVaR) as empyrical's `conditional_value_at_risk`: the mean of the
 * ⌊(n − 1)·cutoff⌋ + 1 lowest returns.
 *
 * This count is empyrical's convention. It equals the textbook ⌈n·cutoff⌉ whenever 1/cutoff is an integer
 * (0.05, 0.01) and differs otherwise (n = 4, cutoff 0.3: 1 return against 2). Sign convention: a RETURN
 * (losses negative), per period. Always report it with its tail count (⌊(n − 1)·cutoff⌋ + 1): a mean of one or two
 * returns is not a tail estimate. Unlike quantstats' "expected_shortfall" (mean below a parametric normal
 * VaR) this is purely historical. Non-finite values are dropped; empty → NaN.
 *
 * @example
 * expectedShortfall([-0.05, -0.02, 0.01, 0.03, 0.04], 0.5); // mean of the 3 lowest = −0.02
 */
export function expectedShortfall(returns: ArrayLike<number>, cutoff = 0.05): number {
  if (!(cutoff >= 0 && cutoff <= 1)) throw new RangeError(`cutoff must be in [0, 1], got ${cutoff}`);
  const sorted = finiteValues(returns).sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  return sampleMean(sorted.slice(0, expectedShortfallTailCount(sorted.length, cutoff)));
}

/**
 * How many returns {@link expectedShortfall} averages: ⌊(n − 1)·cutoff⌋ + 1 (0 for n = 0).
 *
 * @example
 * expectedShortfallTailCount(250, 0.05); // 13
 */
export function expectedShortfallTailCount(n: number, cutoff = 0.05): number {
  return n === 0 ? 0 : Math.floor((n - 1) * cutoff) + 1;
}
