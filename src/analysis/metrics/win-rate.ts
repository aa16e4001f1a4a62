import { finiteValues } from '../stats/finite-values.js';

/**
 * Share of winning observations among those that won or lost: #{r > 0} / #{r ≠ 0}.
 *
 * Zeros (flat trades) count neither way, as quantstats' `win_rate`; pyfolio's round-trip "percent
 * profitable" keeps them in the denominator instead. Inputs are per-trade or per-period returns (or PnL:
 * only the sign matters). Non-finite values are dropped. Empty or all-zero input → NaN.
 *
 * @example
 * winRate([0.02, -0.01, 0, 0.03]); // 2/3
 */
export function winRate(returns: ArrayLike<number>): number {
  let wins = 0;
  let decided = 0;
  for (const r of finiteValues(returns)) {
    if (r > 0) wins++;
    if (r !== 0) decided++;
  }
  return wins / decided;
}
