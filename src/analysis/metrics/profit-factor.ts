import { finiteValues } from '../stats/finite-values.js';

/**
 * Profit factor: Σ gains / |Σ losses| = Σ_{x>0} x / |Σ_{x<0} x|, over per-trade PnL (or per-trade returns).
 *
 * Zeros count neither way. No losses with some gains → +Infinity (as quantstats; pyfolio gives NaN there,
 * which would rank a flawless record below a losing one); no gains and no losses (empty, all zeros) → NaN;
 * only losses → 0. Non-finite values are dropped.
 *
 * @example
 * profitFactor([100, -50, 30, -30]); // 130 / 80 = 1.625
 */
export function profitFactor(pnl: ArrayLike<number>): number {
  let gains = 0;
  let losses = 0;
  for (const x of finiteValues(pnl)) {
    if (x > 0) gains += x;
    else losses -= x;
  }
  if (gains === 0 && losses === 0) return NaN;
  return gains / losses;
}
