import { finiteValues } from '../stats/finite-values.js';

/** Where the deepest drawdown of an equity curve sits. Indices are on the curve: 0 is the starting value V₀, t the value after the t-th return. */
export interface DrawdownDetails {
  /** min over t of V_t / max_{s≤t} V_s − 1; ≤ 0. */
  max_drawdown: number;
  /** Index of the running peak the deepest drawdown is measured from. */
  peak_index: number;
  trough_index: number;
  /** First index after the trough where the curve is back at the peak; null if it never recovers. */
  recovery_index: number | null;
}

/**
 * The deepest peak-to-trough fall of the compounded equity curve V₀ = 1, V_t = Π_{s≤t}(1 + r_s), with its
 * peak, trough and recovery. The start V₀ is part of the curve (as empyrical's base of 100), so a loss in
 * the first period is a drawdown. Non-finite returns are dropped; empty input → null.
 *
 * @example
 * drawdownDetails([-0.1, 0.05, 0.1]);
 * // { max_drawdown: -0.1, peak_index: 0, trough_index: 1, recovery_index: 3 } (0.9 → 0.945 → 1.0395)
 */
export function drawdownDetails(returns: ArrayLike<number>): DrawdownDetails | null {
  const r = finiteValues(returns);
  if (r.length === 0) return null;
  const equity = [1];
  for (const value of r) equity.push(equity[equity.length - 1] * (1 + value));
  return deepestDrawdown(equity);
}

/**
 * Maximum drawdown of per-period simple returns, as empyrical's `max_drawdown`:
 * min_t (V_t − max_{s≤t} V_s) / max_{s≤t} V_s over V₀ = 1, V_t = Π_{s≤t}(1 + r_s).
 *
 * Returns a fraction ≤ 0 (−0.25 is a 25 % fall); 0 when the curve never falls. The starting value is
 * included, so a first-period loss counts (dropping V₀ is the common mistake). Non-finite returns are
 * dropped; empty → NaN.
 *
 * @example
 * maxDrawdown([0.1, -0.2, 0.05]); // −0.2 (1.1 → 0.88)
 * maxDrawdown([-0.05]); // −0.05
 */
export function maxDrawdown(returns: ArrayLike<number>): number {
  return drawdownDetails(returns)?.max_drawdown ?? NaN;
}

/**
 * Maximum drawdown of an additive PnL series on a starting capital: the equity curve is
 * E₀ = capital, E_t = capital + Σ_{s≤t} pnl_s, and the result is min_t (E_t − max_{s≤t} E_s)/max_{s≤t} E_s
 * (a fraction ≤ 0 of the running peak equity). Use it for per-trade PnL in currency, where compounding
 * returns would be wrong. Non-finite PnL is dropped; empty → NaN; capital must be positive.
 *
 * @example
 * maxDrawdownFromPnl([100, -300, 50], 1000); // −300/1100 ≈ −0.2727
 */
export function maxDrawdownFromPnl(pnl: ArrayLike<number>, capital: number): number {
  if (!(Number.isFinite(capital) && capital > 0)) throw new RangeError(`capital must be a positive number, got ${capital}`);
  const values = finiteValues(pnl);
  if (values.length === 0) return NaN;
  const equity = [capital];
  for (const value of values) equity.push(equity[equity.length - 1] + value);
  return deepestDrawdown(equity).max_drawdown;
}

function deepestDrawdown(equity: readonly number[]): DrawdownDetails {
  let peak = 0;
  let worst: DrawdownDetails = { max_drawdown: 0, peak_index: 0, trough_index: 0, recovery_index: null };
  for (let t = 1; t < equity.length; t++) {
    if (equity[t] > equity[peak]) peak = t;
    const drawdown = equity[t] / equity[peak] - 1;
    if (drawdown < worst.max_drawdown) worst = { max_drawdown: drawdown, peak_index: peak, trough_index: t, recovery_index: null };
  }
  if (worst.max_drawdown < 0) {
    for (let t = worst.trough_index + 1; t < equity.length; t++) {
      if (equity[t] >= equity[worst.peak_index]) {
        worst.recovery_index = t;
        break;
      }
    }
  }
  return worst;
}
