import { type SharpeOptions, sharpeRatio } from './sharpe-ratio.js';

/**
 * Annualised Sharpe ratio of a DAILY series: mean(d − rf)/std(d − rf, ddof = 1)·√P with P = 252 unless
 * `periodsPerYear` says otherwise (365 for markets that trade every day).
 *
 * `daily` may be daily returns or daily PnL in currency: with rf = 0 the ratio does not depend on the
 * scale. Every day of the window must be present, with 0 for days without a trade; leaving those days out
 * inflates the ratio. Same edge cases as {@link sharpeRatio}.
 *
 * @example
 * annualisedSharpeFromDaily([120, -40, 0, 75, -10]); // mean 29 / std √4380 ≈ 66.18, · √252 ≈ 6.956
 */
export function annualisedSharpeFromDaily(daily: ArrayLike<number>, options: SharpeOptions = {}): number {
  return sharpeRatio(daily, { ...options, periodsPerYear: options.periodsPerYear ?? 252 });
}
