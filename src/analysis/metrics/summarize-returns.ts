import { finiteSample } from '../stats/finite-values.js';
import { stdDev } from './std-dev.js';
import { expectedShortfall, expectedShortfallTailCount } from './expected-shortfall.js';
import { maxDrawdown } from './max-drawdown.js';
import { meanReturn } from './mean-return.js';
import { medianReturn } from './median-return.js';
import { profitFactor } from './profit-factor.js';
import { type SharpeOptions, sharpeRatio } from './sharpe-ratio.js';
import { sortinoRatio } from './sortino-ratio.js';
import { tailRatio } from './tail-ratio.js';
import { historicalVaR } from './value-at-risk.js';
import { winRate } from './win-rate.js';

export interface SummaryOptions extends SharpeOptions {
  /** Minimum acceptable return per period for the Sortino ratio; 0 when omitted. */
  mar?: number;
}

/** The performance statistics of one cell; each field is the metric function of the same name. NaN means undefined for this sample. */
export interface ReturnSummary {
  /** Finite observations used. */
  n: number;
  /** Non-finite inputs dropped (NaN, ±Infinity, null). */
  n_dropped: number;
  win_rate: number;
  mean: number;
  median: number;
  std: number;
  sharpe: number;
  sortino: number;
  max_drawdown: number;
  profit_factor: number;
  var_95: number;
  es_95: number;
  /** Returns averaged by es_95: ⌊(n − 1)·0.05⌋ + 1. */
  es_95_n: number;
  tail_ratio: number;
}

/**
 * Every performance metric of a return series in one object: the row of a performance cell.
 *
 * Inputs: simple returns in time order (per trade or per period; the drawdown compounds them in the
 * order given). Sharpe and Sortino are per period unless `periodsPerYear` is given; `riskFree` and `mar`
 * are per period. Profit factor is taken over the same returns. Non-finite values are dropped and counted
 * in `n_dropped`; each metric's own edge-case rule applies (see its function).
 *
 * @example
 * summarizeReturns([0.01, -0.02, 0.03, NaN]).n_dropped; // 1
 */
export function summarizeReturns(returns: ArrayLike<number>, options: SummaryOptions = {}): ReturnSummary {
  const { values, dropped } = finiteSample(returns);
  return {
    n: values.length,
    n_dropped: dropped,
    win_rate: winRate(values),
    mean: meanReturn(values),
    median: medianReturn(values),
    std: stdDev(values),
    sharpe: sharpeRatio(values, options),
    sortino: sortinoRatio(values, options),
    max_drawdown: maxDrawdown(values),
    profit_factor: profitFactor(values),
    var_95: historicalVaR(values, 0.05),
    es_95: expectedShortfall(values, 0.05),
    es_95_n: expectedShortfallTailCount(values.length, 0.05),
    tail_ratio: tailRatio(values),
  };
}
