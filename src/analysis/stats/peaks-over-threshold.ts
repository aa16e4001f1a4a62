import { finiteValues } from './finite-values.js';
import { fitGeneralizedPareto } from './generalized-pareto.js';
import { quantile } from './quantile.js';

export interface PotOptions {
  /** Threshold u as a quantile of the losses; default 0.9 (about 10 % of observations exceed it). */
  thresholdQuantile?: number;
  /** Confidence level q of the tail VaR and ES; default 0.99. Must exceed thresholdQuantile. */
  level?: number;
  /** Fewest exceedances to fit a tail; default 10 (aim for 50+). Below it the estimates are NaN. */
  minExceedances?: number;
}

export interface PotResult {
  /** Threshold u on the loss scale. */
  threshold: number;
  xi: number;
  beta: number;
  /** Losses used. */
  n: number;
  n_exceed: number;
  level: number;
  /** Tail VaR_q on the loss scale (positive = loss). */
  var: number;
  /** Tail ES_q on the loss scale; NaN when undefined (ξ ≥ 1, see es_defined). */
  es: number;
  /** False when ξ ≥ 1: the tail has no finite mean, so Expected Shortfall does not exist (not 0). */
  es_defined: boolean;
}

/**
 * Peaks-over-threshold tail estimates (McNeil & Frey 2000; Gilli & Këllezi 2006) from LOSSES L (pass −r
 * for returns; positive = loss). Losses above the threshold u (the `thresholdQuantile` of L) give
 * excesses L − u, fitted with a Generalized Pareto (fitGeneralizedPareto). With n losses and N_u exceedances:
 *
 *   VaR_q = u + (β/ξ)·(((n/N_u)·(1 − q))^{−ξ} − 1)        (ξ = 0: u − β·ln((n/N_u)(1 − q)))
 *   ES_q  = VaR_q/(1 − ξ) + (β − ξ·u)/(1 − ξ)               (ξ < 1 only)
 *
 * n is ALL losses (not only the positive ones, as empyrical's gpd_risk_estimates uses), so VaR_q is
 * unconditional. No search over thresholds, no silent zeros: too few exceedances give NaN with n_exceed
 * reported. Exceedances are not declustered: with clustered losses the tail is estimated with too much
 * confidence. Non-finite losses are dropped.
 *
 * @example
 * peaksOverThreshold(dailyReturns.map((r) => -r), { thresholdQuantile: 0.9, level: 0.99 });
 * // { threshold: 0.021, xi: 0.28, beta: 0.009, n_exceed: 100, var: 0.041, es: 0.058, es_defined: true, … }
 */
export function peaksOverThreshold(losses: ArrayLike<number>, options: PotOptions = {}): PotResult {
  const { thresholdQuantile = 0.9, level = 0.99, minExceedances = 10 } = options;
  if (!(level > thresholdQuantile && level < 1)) {
    throw new RangeError(`tail level must lie between the threshold quantile ${thresholdQuantile} and 1, got ${level}`);
  }
  const l = finiteValues(losses);
  const n = l.length;
  const threshold = quantile(l, thresholdQuantile);
  const excesses = l.filter((v) => v > threshold).map((v) => v - threshold);
  const nExceed = excesses.length;
  const fit = nExceed >= minExceedances ? fitGeneralizedPareto(excesses) : { xi: NaN, beta: NaN };
  const { xi, beta } = fit;
  const tailShare = (n / nExceed) * (1 - level);
  const valueAtRisk = xi === 0 ? threshold - beta * Math.log(tailShare) : threshold + (beta / xi) * (tailShare ** -xi - 1);
  const esDefined = xi < 1;
  const es = esDefined ? valueAtRisk / (1 - xi) + (beta - xi * threshold) / (1 - xi) : NaN;
  return { threshold, xi, beta, n, n_exceed: nExceed, level, var: valueAtRisk, es, es_defined: Number.isNaN(xi) ? false : esDefined };
}
