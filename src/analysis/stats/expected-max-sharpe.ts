import normalQuantile from '@stdlib/stats-base-dists-normal-quantile';

const EULER_MASCHERONI = 0.5772156649015329;

/**
 * Expected maximum Sharpe ratio among N independent trials whose true Sharpe is zero (Bailey & López de
 * Prado 2014), the benchmark SR₀ the Deflated Sharpe Ratio tests against:
 *
 *   SR₀ = √V · ( (1 − γ)·Φ⁻¹(1 − 1/N) + γ·Φ⁻¹(1 − 1/(N·e)) ),  γ = 0.5772… (Euler–Mascheroni)
 *
 * `trialsVariance` V is the variance of the per-period Sharpe ratios of EVERY trial tried (not only the
 * winner); `trials` N may be fractional (an effective count of independent trials, e.g. after clustering
 * correlated configs). N ≤ 1 → 0: with a single trial there is no selection to deflate for.
 *
 * @example
 * expectedMaxSharpe({ trialsVariance: 0.01, trials: 100 }); // 0.1·(0.4228·2.3263 + 0.5772·2.6802) ≈ 0.2531
 */
export function expectedMaxSharpe({ trialsVariance, trials }: { trialsVariance: number; trials: number }): number {
  if (!(trialsVariance >= 0) || Number.isNaN(trials)) return NaN;
  if (trials <= 1) return 0;
  const z = (p: number) => normalQuantile(p, 0, 1);
  return Math.sqrt(trialsVariance) * ((1 - EULER_MASCHERONI) * z(1 - 1 / trials) + EULER_MASCHERONI * z(1 - 1 / (trials * Math.E)));
}
