import gammainc from '@stdlib/math-base-special-gammainc';

/**
 * P(X ≥ x) for X ~ χ² with `df` degrees of freedom: the regularised upper incomplete gamma Q(df/2, x/2),
 * computed directly. 1 − CDF would round to 0 below about 1e-16, and a strong dependence would be
 * reported as p = 0.
 *
 * @example
 * chiSquareUpperTail(3.841, 1); // 0.05
 * chiSquareUpperTail(100, 2); // 1.93e-22 (e^−50), not 0
 */
export function chiSquareUpperTail(x: number, df: number): number {
  if (Number.isNaN(x) || !(df > 0)) return NaN;
  if (x <= 0) return 1;
  return gammainc(x / 2, df / 2, true, true);
}
