import { studentTPValue } from './alternative.js';
import { finitePairs } from './finite-values.js';
import { centredSums } from './centred-sums.js';

export interface RegressionResult {
  slope: number;
  intercept: number;
  /** Standard error of the slope, √(SSR/(n − 2) / Σ(x − x̄)²). */
  se: number;
  /** Two-sided p-value of slope = 0 from t = slope/se with n − 2 degrees of freedom. */
  p: number;
  r2: number;
  n: number;
}

/**
 * Ordinary least squares of y on x (scipy.stats.linregress): slope = Σ(x − x̄)(y − ȳ)/Σ(x − x̄)²,
 * intercept = ȳ − slope·x̄, with the slope's standard error and two-sided p-value (n − 2 df).
 *
 * Pairs with a non-finite member are dropped. n < 2 or constant x → NaN; n = 2 → se and p NaN.
 *
 * @example
 * linearRegressionSlope([1, 2, 3, 4], [2, 4, 5, 8]); // { slope: 1.9, intercept: 0, … }
 */
export function linearRegressionSlope(x: ArrayLike<number>, y: ArrayLike<number>): RegressionResult {
  const pairs = finitePairs(x, y);
  const n = pairs.x.length;
  const { meanX, meanY, sxx, syy, sxy } = centredSums(pairs.x, pairs.y);
  const slope = n < 2 || sxx === 0 ? NaN : sxy / sxx;
  const residual = Math.max(0, syy - slope * sxy);
  const se = n > 2 ? Math.sqrt(residual / (n - 2) / sxx) : NaN;
  return {
    slope,
    intercept: meanY - slope * meanX,
    se,
    p: studentTPValue(slope / se, n - 2, 'two-sided'),
    r2: syy === 0 ? NaN : (slope * sxy) / syy,
    n,
  };
}
