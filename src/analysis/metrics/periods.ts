/**
 * Period convention shared by the ratio metrics: inputs are per-period simple returns, and a ratio is
 * per period unless `periodsPerYear` (P: 252 daily, 52 weekly, 12 monthly) asks for annualisation.
 */
export interface PeriodOptions {
  /** Periods per year used to annualise; omitted → the result stays per period. */
  periodsPerYear?: number;
}

/**
 * The number of periods a per-period quantity is scaled by: P, or 1 when P is omitted.
 *
 * @example
 * periodsPerYearOrOne({ periodsPerYear: 252 }); // 252
 * periodsPerYearOrOne({}); // 1
 */
export function periodsPerYearOrOne(options: PeriodOptions): number {
  const p = options.periodsPerYear;
  if (p === undefined) return 1;
  if (!(Number.isFinite(p) && p > 0)) throw new RangeError(`periodsPerYear must be a positive number, got ${p}`);
  return p;
}
