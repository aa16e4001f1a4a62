/**
 * Wilson score interval for a binomial proportion k/n at critical value z (Wilson 1927):
 *
 *   (p̂ + z²/2n ∓ z·√(p̂(1 − p̂)/n + z²/4n²)) / (1 + z²/n),  p̂ = k/n.
 *
 * Unlike the Wald interval it stays inside [0, 1] and keeps its coverage for small n and p̂ near 0 or 1
 * (an error rate of 0/20 still gets a non-empty interval). n = 0 → [NaN, NaN].
 *
 * @example
 * wilsonInterval(0, 20, 1.959964); // [0, 0.1611]
 */
export function wilsonInterval(k: number, n: number, z: number): [number, number] {
  if (n === 0) return [NaN, NaN];
  const p = k / n;
  const denominator = 1 + (z * z) / n;
  const centre = (p + (z * z) / (2 * n)) / denominator;
  const halfWidth = (z / denominator) * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n));
  return [Math.max(0, centre - halfWidth), Math.min(1, centre + halfWidth)];
}
