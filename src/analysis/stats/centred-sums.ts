import { sampleMean } from './sample-moments.js';

/** Means and centred sums of squares and cross-products of two aligned series. */
export interface CentredSums {
  meanX: number;
  meanY: number;
  /** Σ(x − x̄)² */
  sxx: number;
  /** Σ(y − ȳ)² */
  syy: number;
  /** Σ(x − x̄)(y − ȳ) */
  sxy: number;
}

/**
 * The centred sums correlation and least squares are built from, in two passes for accuracy. Clean,
 * equal-length input (see finitePairs); empty input → NaN means and zero sums.
 *
 * @example
 * centredSums([1, 2, 3], [2, 4, 7]); // { meanX: 2, meanY: 4.333…, sxx: 2, syy: 12.667, sxy: 5 }
 */
export function centredSums(x: readonly number[], y: readonly number[]): CentredSums {
  const meanX = sampleMean(x);
  const meanY = sampleMean(y);
  let sxx = 0;
  let syy = 0;
  let sxy = 0;
  for (let i = 0; i < x.length; i++) {
    const dx = x[i] - meanX;
    const dy = y[i] - meanY;
    sxx += dx * dx;
    syy += dy * dy;
    sxy += dx * dy;
  }
  return { meanX, meanY, sxx, syy, sxy };
}
