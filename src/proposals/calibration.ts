/**
 * How well confidences work as probabilities: predicted probabilities of improvement against what
 * happened (simulated truth, or verified outcomes). A reliability table in equal-width bins with exact
 * (Clopper–Pearson) binomial 95 % intervals of each bin's realised share, the Brier score with its
 * Murphy decomposition over those bins, and the Brier score of the constant predictor (the base rate).
 */
import binomialCdf from '@stdlib/stats-base-dists-binomial-cdf';

/** One prediction and whether the change truly improved its target metric. */
export interface Forecast {
  probability: number;
  improved: boolean;
}

export interface ReliabilityBin {
  /** The bin's predicted-probability range [lower, upper) (the last bin includes 1). */
  lower: number;
  upper: number;
  n: number;
  /** Mean predicted probability in the bin; null when empty. */
  mean_predicted: number | null;
  /** Share of the bin's changes that improved; null when empty. */
  realised_share: number | null;
  /** Exact binomial 95 % interval of the realised share; null when empty. */
  interval: [number, number] | null;
  /** Whether the mean prediction lies inside that interval (the bin is consistent with the diagonal); null when empty. */
  within: boolean | null;
}

export interface BrierScore {
  n: number;
  /** Mean of (p − outcome)². */
  brier: number;
  /** Murphy's decomposition over the bins: brier ≈ reliability − resolution + uncertainty (lower reliability is better). */
  reliability: number;
  resolution: number;
  uncertainty: number;
  /** brier − (reliability − resolution + uncertainty): the spread of predictions inside the bins, which the binned terms leave out. */
  within_bin: number;
  /** Share of changes that improved. */
  base_rate: number;
  /** Brier score of always predicting the base rate (equal to the uncertainty). */
  constant_brier: number;
}

export interface Calibration {
  bins: ReliabilityBin[];
  score: BrierScore | null;
}

const BISECTION_STEPS = 60;

/** The p in [0, 1] where the decreasing function f crosses the target, by bisection. */
function crossing(f: (p: number) => number, target: number): number {
  let low = 0;
  let high = 1;
  for (let i = 0; i < BISECTION_STEPS; i++) {
    const mid = (low + high) / 2;
    if (f(mid) > target) low = mid;
    else high = mid;
  }
  return (low + high) / 2;
}

/**
 * The exact (Clopper–Pearson) interval of a binomial proportion: successes out of n at the given level.
 *
 * @example
 * binomialInterval(5, 10); // ≈ [0.187, 0.813]
 */
export function binomialInterval(successes: number, n: number, level = 0.95): [number, number] {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`n must be a positive integer, got ${n}`);
  if (!Number.isInteger(successes) || successes < 0 || successes > n) throw new RangeError(`successes must be an integer in [0, ${n}], got ${successes}`);
  const tail = (1 - level) / 2;
  // Lower: P(X ≥ k; p) = tail, i.e. P(X ≤ k − 1; p) = 1 − tail. Upper: P(X ≤ k; p) = tail. Both cdfs fall as p grows.
  const lower = successes === 0 ? 0 : crossing((p) => binomialCdf(successes - 1, n, p), 1 - tail);
  const upper = successes === n ? 1 : crossing((p) => binomialCdf(successes, n, p), tail);
  return [lower, upper];
}

function checked(forecasts: readonly Forecast[]): void {
  for (const f of forecasts) {
    if (!(f.probability >= 0 && f.probability <= 1)) throw new RangeError(`a predicted probability must lie in [0, 1], got ${f.probability}`);
  }
}

function binOf(probability: number, bins: number): number {
  return Math.min(bins - 1, Math.floor(probability * bins));
}

/**
 * The reliability table in `bins` equal-width bins of the predicted probability (deciles by default).
 *
 * @example
 * reliabilityTable([{ probability: 0.95, improved: true }, { probability: 0.05, improved: false }])[9].realised_share; // 1
 */
export function reliabilityTable(forecasts: readonly Forecast[], bins = 10): ReliabilityBin[] {
  checked(forecasts);
  const groups: Forecast[][] = Array.from({ length: bins }, () => []);
  for (const f of forecasts) groups[binOf(f.probability, bins)].push(f);
  return groups.map((group, i) => {
    const range = { lower: i / bins, upper: (i + 1) / bins, n: group.length };
    if (group.length === 0) return { ...range, mean_predicted: null, realised_share: null, interval: null, within: null };
    const meanPredicted = group.reduce((s, f) => s + f.probability, 0) / group.length;
    const improved = group.filter((f) => f.improved).length;
    const interval = binomialInterval(improved, group.length);
    return {
      ...range,
      mean_predicted: meanPredicted,
      realised_share: improved / group.length,
      interval,
      within: meanPredicted >= interval[0] && meanPredicted <= interval[1],
    };
  });
}

/**
 * The Brier score and its Murphy decomposition over the bins of reliabilityTable; null without forecasts.
 *
 * @example
 * brierScore([{ probability: 1, improved: true }, { probability: 0, improved: false }], 10)!.brier; // 0
 */
export function brierScore(forecasts: readonly Forecast[], bins = 10): BrierScore | null {
  checked(forecasts);
  const n = forecasts.length;
  if (n === 0) return null;
  const outcome = (f: Forecast) => (f.improved ? 1 : 0);
  const brier = forecasts.reduce((s, f) => s + (f.probability - outcome(f)) ** 2, 0) / n;
  const baseRate = forecasts.reduce((s, f) => s + outcome(f), 0) / n;
  let reliability = 0;
  let resolution = 0;
  for (const bin of reliabilityTable(forecasts, bins)) {
    if (bin.mean_predicted === null || bin.realised_share === null) continue;
    reliability += (bin.n * (bin.mean_predicted - bin.realised_share) ** 2) / n;
    resolution += (bin.n * (bin.realised_share - baseRate) ** 2) / n;
  }
  const uncertainty = baseRate * (1 - baseRate);
  return {
    n,
    brier,
    reliability,
    resolution,
    uncertainty,
    within_bin: brier - (reliability - resolution + uncertainty),
    base_rate: baseRate,
    constant_brier: uncertainty,
  };
}

/** The reliability table and the Brier score together. */
export function calibration(forecasts: readonly Forecast[], bins = 10): Calibration {
  return { bins: reliabilityTable(forecasts, bins), score: brierScore(forecasts, bins) };
}
