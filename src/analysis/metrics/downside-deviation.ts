import { finiteValues } from '../stats/finite-values.js';
import { type PeriodOptions, periodsPerYearOrOne } from './periods.js';

export interface DownsideOptions extends PeriodOptions {
  /** Minimum acceptable return PER PERIOD; 0 when omitted. */
  mar?: number;
}

/**
 * Target downside deviation as empyrical's `downside_risk`: √(Σ min(r − MAR, 0)² / n) · √P.
 *
 * The sum runs over ALL n observations (returns above the target contribute 0), not only the negative
 * ones: taking the standard deviation of the losing returns alone is the common mistake (zipline#747,
 * pyfolio#158). Per period unless `periodsPerYear` is given. Non-finite values are dropped; empty → NaN.
 *
 * @example
 * downsideDeviation([0.02, -0.01, 0.03, -0.02]); // √((0.0001 + 0.0004)/4) ≈ 0.01118
 */
export function downsideDeviation(returns: ArrayLike<number>, options: DownsideOptions = {}): number {
  const scale = periodsPerYearOrOne(options);
  const mar = options.mar ?? 0;
  const r = finiteValues(returns);
  if (r.length === 0) return NaN;
  let sumSquares = 0;
  for (const value of r) sumSquares += Math.min(value - mar, 0) ** 2;
  return Math.sqrt(sumSquares / r.length) * Math.sqrt(scale);
}
