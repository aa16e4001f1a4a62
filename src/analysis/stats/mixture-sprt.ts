/**
 * The normal-mixture sequential probability ratio test (mSPRT; Robbins 1970, Johari, Pekelis & Walsh
 * 2017, as Optimizely and Eppo run it) on an estimate θ̂ with variance V: against H₀ θ = 0, the
 * likelihood ratio mixed over θ ~ N(0, τ²) is
 *
 *   Λ = √(V / (V + τ²)) · exp(τ² θ̂² / (2 V (V + τ²)))
 *
 * a nonnegative martingale under H₀ when θ̂/V accrues as a random walk, so by Ville's inequality
 * P(Λ ever ≥ 1/α) ≤ α: the test may be looked at after every observation and stopped at the first
 * crossing. Inverting it gives the always-valid confidence sequence θ̂ ± half-width.
 */

/** The mixture likelihood ratio Λ of an estimate with variance `variance` and mixing variance `tau2`. */
export function mixtureLikelihoodRatio(estimate: number, variance: number, tau2: number): number {
  if (!(variance > 0) || !(tau2 > 0)) return Number.NaN;
  return Math.sqrt(variance / (variance + tau2)) * Math.exp((tau2 * estimate * estimate) / (2 * variance * (variance + tau2)));
}

/**
 * Half-width of the always-valid (1 − α) confidence sequence at one look: {θ : Λ(θ̂ − θ) < 1/α}.
 *
 * @example
 * confidenceSequenceHalfWidth(1, 1, 0.05); // √(2 · (ln 2 + 2 ln 20)) ≈ 3.66, against 1.96 at a fixed horizon
 */
export function confidenceSequenceHalfWidth(variance: number, tau2: number, alpha: number): number {
  if (!(variance > 0) || !(tau2 > 0) || !(alpha > 0 && alpha < 1)) return Number.NaN;
  return Math.sqrt(((variance * (variance + tau2)) / tau2) * (Math.log((variance + tau2) / variance) + 2 * Math.log(1 / alpha)));
}

/** One look of a sequential test: the estimate so far and its variance. */
export interface SequentialLook {
  estimate: number;
  variance: number;
}

export interface SequentialDecision {
  /** Index of the first look whose Λ reached 1/α; null when none did. */
  crossedAt: number | null;
  /** The always-valid p-value after the last look (or at the crossing): min over looks of 1/Λ, at most 1. */
  p: number;
  /** The confidence sequence at the crossing, or at the last look. */
  ci: [number, number] | null;
  /** The look the decision rests on (the crossing, or the last). */
  look: SequentialLook | null;
}

/**
 * Runs the mSPRT over its looks in order and stops at the first with Λ ≥ 1/α.
 *
 * @example
 * sequentialDecision([{ estimate: 0.1, variance: 1 }, { estimate: 3, variance: 0.1 }], 1, 0.05).crossedAt; // 1
 */
export function sequentialDecision(looks: SequentialLook[], tau2: number, alpha: number): SequentialDecision {
  let p = 1;
  let last: SequentialLook | null = null;
  for (const [i, look] of looks.entries()) {
    const ratio = mixtureLikelihoodRatio(look.estimate, look.variance, tau2);
    if (!Number.isFinite(ratio) && !Number.isNaN(ratio)) p = 0;
    else if (ratio > 0) p = Math.min(p, 1 / ratio);
    last = look;
    if (p <= alpha) return { crossedAt: i, p, ci: interval(look, tau2, alpha), look };
  }
  return { crossedAt: null, p, ci: last ? interval(last, tau2, alpha) : null, look: last };
}

function interval(look: SequentialLook, tau2: number, alpha: number): [number, number] | null {
  const half = confidenceSequenceHalfWidth(look.variance, tau2, alpha);
  return Number.isFinite(half) ? [look.estimate - half, look.estimate + half] : null;
}
