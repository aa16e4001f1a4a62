import { finiteValues } from './finite-values.js';

/** Optimal block lengths for the two block bootstraps (in observations, not rounded). */
export interface BlockLengths {
  /** Mean block length for the stationary bootstrap (arch's `b_sb`). */
  stationary: number;
  /** Block length for the circular block bootstrap (arch's `b_cb`). */
  circular: number;
}

/**
 * Data-driven block length for time-series bootstraps: Politis & White (2004) with the Patton, Politis &
 * White (2009) correction, computed exactly as arch's `optimal_block_length`:
 *
 * - autocovariances γ̂_k = Σ_{t>k}(x_t − x̄)(x_{t−k} − x̄)/n;
 * - m̂ = the first lag after which k_n = max(5, ⌊log₁₀ n⌋) consecutive |autocorrelations| fall inside
 *   2√(log₁₀ n/n), then M = min(2·max(m̂, 1), ⌈√n⌉ + k_n) (M = ⌈√n⌉ + k_n if no such lag);
 * - with the flat-top window λ(s) = 1 for |s| ≤ ½, 2(1 − |s|) otherwise:
 *   Ĝ = Σ_{k=1}^{M} 2λ(k/M)·k·γ̂_k, σ̂² = γ̂₀ + Σ_{k=1}^{M} 2λ(k/M)·γ̂_k;
 * - b = (2Ĝ²/D̂)^{1/3}·n^{1/3} with D̂_SB = 2σ̂⁴ and D̂_CB = (4/3)σ̂⁴, capped at ⌈min(3√n, n/3)⌉.
 *
 * (arch's autocorrelation for the stopping rule normalises by sums over n − k − 1 terms; kept as is so the
 * lengths match arch.) Non-finite values are dropped. Fewer than 4 values or a constant series → 1 for both:
 * there is no dependence to preserve. A result below 1 (white noise) is returned as computed; the
 * bootstraps use at least 1.
 *
 * @example
 * optimalBlockLength(dailyReturns); // { stationary: 3.2, circular: 3.7 } for mildly autocorrelated data
 */
export function optimalBlockLength(values: ArrayLike<number>): BlockLengths {
  const x = finiteValues(values);
  const n = x.length;
  let mean = 0;
  for (const v of x) mean += v / n;
  const eps = x.map((v) => v - mean);
  if (n < 4 || eps.every((e) => e === 0)) return { stationary: 1, circular: 1 };

  const bMax = Math.ceil(Math.min(3 * Math.sqrt(n), n / 3));
  const kn = Math.max(5, Math.floor(Math.log10(n)));
  const mMax = Math.ceil(Math.sqrt(n)) + kn;
  const band = 2 * Math.sqrt(Math.log10(n) / n);
  const dot = (from: number, to: number, lag: number) => {
    let sum = 0;
    for (let t = from; t < to; t++) sum += eps[t] * eps[t - lag];
    return sum;
  };
  const acv: number[] = [];
  const absAcorr: number[] = [];
  let firstQuietLag: number | null = null;
  for (let lag = 0; lag <= mMax; lag++) {
    const cross = dot(lag, n, lag);
    const tail = dot(lag + 1, n, 0);
    const head = dot(0, n - lag - 1, 0);
    acv.push(cross / n);
    absAcorr.push(Math.abs(cross) / Math.sqrt(tail * head));
    if (lag >= kn && firstQuietLag === null && absAcorr.slice(lag - kn, lag).every((a) => a < band)) firstQuietLag = lag - kn;
  }
  const m = Math.min(firstQuietLag === null ? mMax : 2 * Math.max(firstQuietLag, 1), mMax);

  let g = 0;
  let longRunVariance = acv[0];
  for (let k = 1; k <= m; k++) {
    const weight = k / m <= 0.5 ? 1 : 2 * (1 - k / m);
    g += 2 * weight * k * acv[k];
    longRunVariance += 2 * weight * acv[k];
  }
  const length = (d: number) => Math.min(((2 * g * g) / d) ** (1 / 3) * n ** (1 / 3), bMax);
  return { stationary: length(2 * longRunVariance ** 2), circular: length((4 / 3) * longRunVariance ** 2) };
}
