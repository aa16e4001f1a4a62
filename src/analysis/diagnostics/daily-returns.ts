/** Daily return series of a cell, for the annualised Sharpe, Sortino, drawdown and stress paths. */
import type { DailyColumns } from '../aggregates.js';

/**
 * The daily returns of a cell over `days` (the session days it could trade on), in day order: the PnL
 * of its trades closed that day over its capital, 0 on days without a closed trade. Capital: the given
 * one (a strategy's budget), else the cell's mean notional closed per trading day, so the scale is that
 * of the positions it actually ran. (Sharpe and Sortino do not depend on the capital; drawdown does.)
 *
 * @example
 * dailyReturns(cell.daily, aggregates.active_days, 20_000_000); // [0.0012, 0, −0.0031, …]
 */
export function dailyReturns(daily: DailyColumns, days: readonly number[], capital?: number): number[] {
  const tradedDays = daily.n.filter((n) => n > 0).length;
  const base = capital ?? daily.notional.reduce((s, x) => s + x, 0) / Math.max(1, tradedDays);
  const pnlByDay = new Map(daily.day.map((d, i) => [d, daily.pnl[i]]));
  const all = [...new Set([...days, ...daily.day])].sort((a, b) => a - b);
  return all.map((d) => (base > 0 ? (pnlByDay.get(d) ?? 0) / base : NaN));
}
