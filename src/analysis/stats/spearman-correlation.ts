import { type Alternative, studentTPValue } from './alternative.js';
import { finitePairs } from './finite-values.js';
import { pearsonCorrelation } from './pearson-correlation.js';
import { averageRanks } from './ranks.js';

export interface CorrelationResult {
  rho: number;
  p: number;
  /** Pairs used (both values finite). */
  n: number;
}

/**
 * Spearman's rank correlation with its p-value, as scipy.stats.spearmanr: ρ = Pearson's r of the average
 * ranks (ties share ranks); p from t = ρ·√((n − 2)/(1 − ρ²)) with n − 2 degrees of freedom. Used for
 * calibration: does a higher assessment score go with better outcomes ('greater')?
 *
 * Pairs with a non-finite member are dropped. n < 3 → p NaN (ρ needs n ≥ 2); a constant series → NaN.
 * |ρ| = 1 → p = 0.
 *
 * @example
 * spearmanCorrelation([0.2, 0.5, 0.9, 0.4], [-0.01, 0.02, 0.03, 0.0]); // { rho: 1, p: 0, n: 4 }
 */
export function spearmanCorrelation(x: ArrayLike<number>, y: ArrayLike<number>, alternative: Alternative = 'two-sided'): CorrelationResult {
  const pairs = finitePairs(x, y);
  const n = pairs.x.length;
  const rho = pearsonCorrelation(averageRanks(pairs.x), averageRanks(pairs.y));
  const t = rho * Math.sqrt((n - 2) / (1 - rho * rho));
  return { rho, p: n < 3 ? NaN : studentTPValue(t, n - 2, alternative), n };
}
