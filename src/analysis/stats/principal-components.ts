/**
 * Principal components of a cloud of points: the centred covariance's eigenvectors, largest variance
 * first, and each point's coordinates on them. Used to draw the episode space in two dimensions.
 */
import { symmetricEigen } from './symmetric-eigen.js';

export interface PrincipalComponents {
  mean: number[];
  /** Unit vectors, largest variance first. */
  components: number[][];
  /** The variance along each component. */
  variances: number[];
  /** The cloud's total variance (the covariance's trace). */
  totalVariance: number;
}

/**
 * The first `count` principal components of `points` (rows of equal length).
 *
 * @example
 * principalComponents([[0, 0], [2, 0], [4, 0.1]], 1).components[0]; // ≈ [1, 0.025] (or its negative)
 */
export function principalComponents(points: readonly number[][], count: number): PrincipalComponents {
  const d = points[0]?.length ?? 0;
  const mean = Array.from({ length: d }, (_, i) => points.reduce((s, p) => s + p[i], 0) / points.length);
  const centred = points.map((p) => p.map((x, i) => x - mean[i]));
  const cov = Array.from({ length: d }, (_, i) => Array.from({ length: d }, (_, j) => centred.reduce((s, p) => s + p[i] * p[j], 0) / points.length));
  const { values, vectors } = symmetricEigen(cov);
  const order = values
    .map((value, i) => ({ value: Math.max(0, value), i }))
    .sort((a, b) => b.value - a.value)
    .slice(0, count);
  return {
    mean,
    components: order.map((o) => vectors.map((row) => row[o.i])),
    variances: order.map((o) => o.value),
    totalVariance: cov.reduce((s, row, i) => s + row[i], 0),
  };
}

/** A point's coordinates on the components. */
export function projectOnto(pc: PrincipalComponents, point: readonly number[]): number[] {
  return pc.components.map((u) => u.reduce((s, x, i) => s + x * (point[i] - pc.mean[i]), 0));
}
