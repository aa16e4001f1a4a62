/**
 * Empirical-Bayes shrinkage of many noisy estimates of the same kind (the normal-normal model):
 * each estimate e_i ~ N(θ_i, s_i²) with its known standard error s_i, and the true effects
 * θ_i ~ N(μ, τ²). μ and τ² come from the estimates themselves by the method of moments of
 * DerSimonian and Laird (1986); each θ_i's posterior then pulls e_i towards μ by the weight
 * B_i = s_i² / (s_i² + τ²), so the best of many cells loses the luck that made it the best
 * (Efron & Morris 1975). The uncertainty of μ̂ is added to the posterior variance (Morris 1983).
 */

export interface ShrinkagePrior {
  /** Estimates the prior was fitted on. */
  k: number;
  /** Precision-weighted mean μ̂ of the estimates (weights 1 / (s_i² + τ²)). */
  mean: number;
  /** Variance of μ̂. */
  meanVariance: number;
  /** Between-cell variance τ² (DerSimonian–Laird, truncated at 0). */
  tau2: number;
}

export interface ShrunkEstimate {
  /** Posterior mean of θ. */
  mean: number;
  /** Posterior standard deviation of θ. */
  sd: number;
  /** B: the share of the pull towards μ̂ (0 = the raw estimate kept, 1 = fully pooled). */
  shrinkage: number;
}

/** Fewest estimates from which τ² is estimated at all: with fewer the raw estimate stands. */
export const MIN_SHRINKAGE_CELLS = 3;

/**
 * The normal-normal prior fitted to estimates and their standard errors (non-finite or non-positive
 * standard errors are ignored); null when fewer than {@link MIN_SHRINKAGE_CELLS} remain.
 *
 * @example
 * fitShrinkagePrior([-0.01, 0.002, 0.001, 0.0], [0.003, 0.003, 0.003, 0.003]); // { k: 4, mean: −0.00175, tau2: ≈ 2.2e-5, … }
 */
export function fitShrinkagePrior(estimates: readonly number[], standardErrors: readonly number[]): ShrinkagePrior | null {
  const pairs = estimates.map((e, i) => ({ e, v: standardErrors[i] ** 2 })).filter(({ e, v }) => Number.isFinite(e) && Number.isFinite(v) && v > 0);
  const k = pairs.length;
  if (k < MIN_SHRINKAGE_CELLS) return null;
  const w = pairs.map(({ v }) => 1 / v);
  const sumW = w.reduce((s, x) => s + x, 0);
  const fixedMean = pairs.reduce((s, { e }, i) => s + w[i] * e, 0) / sumW;
  const cochranQ = pairs.reduce((s, { e }, i) => s + w[i] * (e - fixedMean) ** 2, 0);
  const scale = sumW - w.reduce((s, x) => s + x * x, 0) / sumW;
  const tau2 = scale > 0 ? Math.max(0, (cochranQ - (k - 1)) / scale) : 0;
  const wStar = pairs.map(({ v }) => 1 / (v + tau2));
  const sumWStar = wStar.reduce((s, x) => s + x, 0);
  const mean = pairs.reduce((s, { e }, i) => s + wStar[i] * e, 0) / sumWStar;
  return { k, mean, meanVariance: 1 / sumWStar, tau2 };
}

/**
 * The posterior of one cell's true effect under a fitted prior; with no prior (too few cells) the raw
 * estimate and its standard error (a flat prior).
 *
 * @example
 * shrinkEstimate(-0.01, 0.003, prior); // { mean: −0.0076, sd: 0.0027, shrinkage: 0.29 }
 */
export function shrinkEstimate(estimate: number, standardError: number, prior: ShrinkagePrior | null): ShrunkEstimate {
  const v = standardError ** 2;
  if (prior === null) return { mean: estimate, sd: standardError, shrinkage: 0 };
  const b = prior.tau2 > 0 ? v / (v + prior.tau2) : 1;
  const mean = (1 - b) * estimate + b * prior.mean;
  const variance = (1 - b) * v + b * b * prior.meanVariance;
  return { mean, sd: Math.sqrt(variance), shrinkage: b };
}
