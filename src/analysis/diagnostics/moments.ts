/**
 * Statistics of a cell from its additive sums (ReturnMoments), so no row needs to leave the database.
 * Each matches the per-trade metric of src/analysis/metrics on the same returns.
 */
import type { ReturnMoments } from '../aggregates.js';

export const MOMENT_KEYS = ['n', 'sum', 'sum_sq', 'sum_cube', 'sum_quad', 'wins', 'losses', 'downside_sq', 'gross_profit', 'gross_loss'] as const;

/** Moments of no trades. */
export function emptyMoments(): ReturnMoments {
  return { n: 0, sum: 0, sum_sq: 0, sum_cube: 0, sum_quad: 0, wins: 0, losses: 0, downside_sq: 0, gross_profit: 0, gross_loss: 0 };
}

/** Adds the moments of `row` into `into`. */
export function addMoments(into: ReturnMoments, row: ReturnMoments): void {
  for (const k of MOMENT_KEYS) into[k] += row[k];
}

/** Sample mean Σr/n; NaN when n = 0. */
export function momentMean(m: Pick<ReturnMoments, 'n' | 'sum'>): number {
  return m.n > 0 ? m.sum / m.n : NaN;
}

/** Sample variance with ddof = 1, (Σr² − n·mean²)/(n − 1), floored at 0; NaN when n < 2. */
export function momentVariance(m: Pick<ReturnMoments, 'n' | 'sum' | 'sum_sq'>): number {
  if (m.n < 2) return NaN;
  return Math.max(0, (m.sum_sq - (m.sum * m.sum) / m.n) / (m.n - 1));
}

/** Biased skewness m₃/m₂^{3/2} and RAW kurtosis m₄/m₂² from the central moments (as stats/skewness and stats/kurtosis). */
export function momentShape(m: ReturnMoments): { skew: number; kurtosis: number } {
  if (m.n < 2) return { skew: NaN, kurtosis: NaN };
  const mu = m.sum / m.n;
  const m2 = m.sum_sq / m.n - mu * mu;
  const m3 = m.sum_cube / m.n - 3 * mu * (m.sum_sq / m.n) + 2 * mu ** 3;
  const m4 = m.sum_quad / m.n - 4 * mu * (m.sum_cube / m.n) + 6 * mu * mu * (m.sum_sq / m.n) - 3 * mu ** 4;
  if (!(m2 > 0)) return { skew: NaN, kurtosis: NaN };
  return { skew: m3 / m2 ** 1.5, kurtosis: m4 / (m2 * m2) };
}

/**
 * The per-trade metrics of a cell: win rate (#r > 0 over #r ≠ 0, as metrics/winRate), mean, standard
 * deviation (ddof 1), per-trade Sharpe mean/std, per-trade Sortino mean/√(Σmin(r,0)²/n) (downside
 * deviation over all observations, target 0), profit factor Σpnl⁺/|Σpnl⁻| (NaN without losses).
 *
 * @example
 * tradeMetrics(cell.moments); // { win_rate: 0.54, mean_return: 0.002, std_return: 0.012, … }
 */
export function tradeMetrics(m: ReturnMoments) {
  const mean = momentMean(m);
  const std = Math.sqrt(momentVariance(m));
  const downside = m.n > 0 ? Math.sqrt(m.downside_sq / m.n) : NaN;
  return {
    win_rate: m.wins + m.losses > 0 ? m.wins / (m.wins + m.losses) : NaN,
    mean_return: mean,
    std_return: std,
    sharpe_per_trade: std > 0 ? mean / std : NaN,
    sortino_per_trade: downside > 0 ? mean / downside : NaN,
    profit_factor: m.gross_loss > 0 ? m.gross_profit / m.gross_loss : NaN,
  };
}

/**
 * The per-trade Sharpe ratio mean/std (ddof 1) with the skewness and raw kurtosis of the same trades:
 * the inputs of the Probabilistic Sharpe Ratio on a per-trade basis.
 *
 * @example
 * tradeSharpeMoments(cell.moments); // { sharpe: 0.21, skew: −0.1, kurtosis: 3.4, n: 236 }
 */
export function tradeSharpeMoments(m: ReturnMoments): { sharpe: number; skew: number; kurtosis: number; n: number } {
  return { sharpe: momentMean(m) / Math.sqrt(momentVariance(m)), ...momentShape(m), n: m.n };
}
