/**
 * Rounds to `digits` decimals: stored attributes, prices and configs read like real ones.
 *
 * @example
 * round(0.123456, 3); // 0.123
 */
export function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
