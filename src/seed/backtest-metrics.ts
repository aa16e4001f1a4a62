/**
 * metrics_json of a completed backtest run, computed from the run's own trades with the project's metric
 * functions. Daily returns are the PnL of the trades closed that session day over the run's capital (the
 * strategy's budget, half of it for a sleeve), every session day counted, 0 when nothing closed.
 *
 * As in real research databases, some keys are missing from some runs (unknown, never 0): older runs
 * miss any of sortino, cagr, lambda, stab or one regime; the latest runs may miss lambda or stab.
 */
import { annualisedSharpeFromDaily } from '../analysis/metrics/annualised-sharpe.js';
import { maxDrawdown } from '../analysis/metrics/max-drawdown.js';
import { meanReturn } from '../analysis/metrics/mean-return.js';
import { sortinoRatio } from '../analysis/metrics/sortino-ratio.js';
import { winRate } from '../analysis/metrics/win-rate.js';
import type { BacktestPlan } from './backtest-plan.js';
import type { Random } from './random.js';
import { round } from './round.js';
import type { RegimeLabel } from './world/regimes.js';

const TRADING_DAYS = 252;

export interface BacktestMetricsInput {
  plan: BacktestPlan;
  sessionDays: number[];
  /** PnL of the trades closed on each session day. */
  dailyPnl: number[];
  /** The regime in force at each session day's start. */
  dayRegimes: RegimeLabel[];
  /** Per-trade return_pct, in time order. */
  returns: number[];
  regimeReturns: Map<RegimeLabel, number[]>;
}

/**
 * Compound annual growth of daily returns: (Π(1 + d))^(252/n) − 1, years counted as n/252 session days
 * (empyrical's `cagr` convention). Empty → NaN.
 *
 * @example
 * compoundAnnualGrowth(new Array(252).fill(0.001)); // 1.001^252 − 1 ≈ 0.2863
 */
export function compoundAnnualGrowth(daily: readonly number[]): number {
  if (daily.length === 0) return NaN;
  const growth = daily.reduce((value, d) => value * (1 + d), 1);
  return growth ** (TRADING_DAYS / daily.length) - 1;
}

function finiteOrNull(value: number, digits: number): number | null {
  return Number.isFinite(value) ? round(value, digits) : null;
}

/** The metrics object; keys dropped as described above. */
export function backtestMetrics(input: BacktestMetricsInput, rng: Random): Record<string, unknown> {
  const { plan } = input;
  const capital = plan.strategy.budgetNotional * (plan.sleeve ? 0.5 : 1);
  const daily = input.dailyPnl.map((pnl) => pnl / capital);
  const sharpe = annualisedSharpeFromDaily(daily);
  const regimes: Record<string, { sharpe: number | null; n_trades: number; mean_return: number | null }> = {};
  for (const [label, returns] of [...input.regimeReturns].sort(([a], [b]) => a.localeCompare(b))) {
    const regimeDaily = daily.filter((_, i) => input.dayRegimes[i] === label);
    regimes[label] = {
      sharpe: finiteOrNull(annualisedSharpeFromDaily(regimeDaily), 4),
      n_trades: returns.length,
      mean_return: finiteOrNull(meanReturn(returns), 6),
    };
  }
  const uplift = 0.15 + 0.25 * rng.normal();
  const byRegime = Object.fromEntries(
    Object.entries(regimes).map(([label, r]) => [
      label,
      { baseline_sharpe: r.sharpe, lambda_sharpe: r.sharpe === null ? null : round(r.sharpe + uplift + 0.2 * rng.normal(), 4) },
    ]),
  );
  const metrics: Record<string, unknown> = {
    sharpe: finiteOrNull(sharpe, 4),
    sortino: finiteOrNull(sortinoRatio(daily, { periodsPerYear: TRADING_DAYS }), 4),
    cagr: finiteOrNull(compoundAnnualGrowth(daily), 4),
    max_drawdown: finiteOrNull(maxDrawdown(daily), 4),
    hit_rate: finiteOrNull(winRate(input.returns), 4),
    n_trades: input.returns.length,
    regimes,
    lambda: { baseline_sharpe: finiteOrNull(sharpe, 4), lambda_sharpe: finiteOrNull(sharpe + uplift, 4), by_regime: byRegime },
    stab: { score: round(rng.between(0.35, 0.95), 3) },
  };
  const optional = plan.latest ? ['lambda', 'stab'] : ['sortino', 'cagr', 'lambda', 'stab', 'regime'];
  for (const key of optional) {
    if (!rng.chance(plan.latest ? 0.3 : 0.15)) continue;
    if (key === 'regime') delete regimes[rng.pick(Object.keys(regimes))];
    else delete metrics[key];
  }
  return metrics;
}
