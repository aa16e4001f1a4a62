import { finiteValues } from '../stats/finite-values.js';
import { sampleMean, sampleVariance } from '../stats/sample-moments.js';
import { type PeriodOptions, periodsPerYearOrOne } from './periods.js';

export interface SharpeOptions extends PeriodOptions {
  /** Risk-free rate PER PERIOD (a constant, as empyrical); 0 when omitted. De-annualise an annual rate first: (1 + rf)^(1/P) − 1. */
  riskFree?: number;
}

/**
 * Sharpe ratio as empyrical's `sharpe_ratio`: mean(r − rf) / std(r − rf, ddof = 1) · √P.
 *
 * Inputs: per-period simple returns. Per period when `periodsPerYear` is omitted (what the Probabilistic
 * Sharpe Ratio expects), annualised by √P otherwise; √P assumes independent returns. Non-finite values are
 * dropped; n < 2 → NaN. Zero dispersion follows IEEE division like numpy: ±Infinity for a non-zero mean
 * excess return, NaN for a zero one.
 *
 * @example
 * sharpeRatio([0.01, 0.03, -0.01]); // 0.5 (mean 0.01, std 0.02)
 * sharpeRatio([0.01, 0.03, -0.01], { periodsPerYear: 252 }); // 0.5·√252 ≈ 7.937
 */
export function sharpeRatio(returns: ArrayLike<number>, options: SharpeOptions = {}): number {
  const scale = periodsPerYearOrOne(options);
  const riskFree = options.riskFree ?? 0;
  const excess = finiteValues(returns).map((r) => r - riskFree);
  if (excess.length < 2) return NaN;
  return (sampleMean(excess) / Math.sqrt(sampleVariance(excess, 1))) * Math.sqrt(scale);
}
