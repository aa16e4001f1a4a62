/** How far a level's mean return sits from its stratum's, summed over levels and strata, in units of the stratum's variance. */

/** A stratum's returns per level of X: count and sum per level, and the stratum's Σx² over all levels. */
export interface ReturnStratum {
  n: number[];
  sum: number[];
  sum_sq: number;
}

/**
 * Σ_z Σ_x (S_xz − n_xz·m_z)² / (n_xz·v_z): the one-way ANOVA between-level statistic pooled over strata,
 * with m_z and v_z the stratum's mean and per-trade variance. Stratum totals do not change when levels
 * are shuffled within strata, so v_z is the same under every permutation and the statistic ranks them
 * like the between-level sum of squares. Strata without variance add nothing; NaN when none has any.
 *
 * @example
 * betweenLevelVariance([{ n: [2, 2], sum: [2, -2], sum_sq: 4 }]); // 3: each level sums 2 from the mean 0, over n·v = 2·4/3
 */
export function betweenLevelVariance(strata: readonly ReturnStratum[]): number {
  let statistic = 0;
  let informative = false;
  for (const z of strata) {
    const nz = z.n.reduce((a, b) => a + b, 0);
    const sz = z.sum.reduce((a, b) => a + b, 0);
    if (nz < 2) continue;
    const mean = sz / nz;
    const variance = (z.sum_sq - nz * mean * mean) / (nz - 1);
    if (!(variance > 1e-15)) continue;
    informative = true;
    z.n.forEach((nx, i) => {
      if (nx > 0) statistic += (z.sum[i] - nx * mean) ** 2 / (nx * variance);
    });
  }
  return informative ? statistic : NaN;
}
