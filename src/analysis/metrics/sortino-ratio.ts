import { finiteValues } from '../stats/finite-values.js';
import { sampleMean } from '../stats/sample-moments.js';
import { type DownsideOptions, downsideDeviation } from './downside-deviation.js';
import { periodsPerYearOrOne } from './periods.js';

/**
 * Sortino ratio as empyrical's `sortino_ratio`: mean(r − MAR)·P / (√(Σ min(r − MAR, 0)²/n)·√P), i.e.
 * mean(r − MAR)/DD·√P with the downside deviation DD over ALL observations (see downsideDeviation).
 *
 * Inputs: per-period simple returns; per period unless `periodsPerYear` is given. Non-finite values are
 * dropped; n < 2 → NaN (as empyrical). No return below MAR gives DD = 0 and so +Infinity for a positive
 * mean (all wins), NaN for a zero mean (all zeros): IEEE division, like numpy. No Schwager √2 adjustment.
 *
 * @example
 * sortinoRatio([0.02, -0.01, 0.03, -0.02]); // 0.005 / 0.01118 ≈ 0.4472
 */
export function sortinoRatio(returns: ArrayLike<number>, options: DownsideOptions = {}): number {
  const scale = periodsPerYearOrOne(options);
  const mar = options.mar ?? 0;
  const r = finiteValues(returns);
  if (r.length < 2) return NaN;
  const meanExcess = sampleMean(r.map((value) => value - mar));
  return (meanExcess * scale) / downsideDeviation(r, options);
}
