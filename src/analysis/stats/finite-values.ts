/**
 * The missing-value policy shared by every metric and test in this library: values that are not finite
 * numbers (NaN, ±Infinity, null, undefined) are data errors, not observations. They are dropped before
 * any computation and counted, so a caller can report how many rows were unusable.
 */

/** A series with its non-finite entries removed, and how many were removed. */
export interface FiniteSample {
  values: number[];
  dropped: number;
}

/**
 * The finite entries of `values`, in their original order, and the count of the others.
 *
 * @example
 * finiteSample([0.01, NaN, -0.02, Infinity]); // { values: [0.01, -0.02], dropped: 2 }
 */
export function finiteSample(values: ArrayLike<number | null | undefined>): FiniteSample {
  const kept: number[] = [];
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v === 'number' && Number.isFinite(v)) kept.push(v);
  }
  return { values: kept, dropped: values.length - kept.length };
}

/**
 * The finite entries of `values` (see {@link finiteSample}).
 *
 * @example
 * finiteValues([1, NaN, 2]); // [1, 2]
 */
export function finiteValues(values: ArrayLike<number | null | undefined>): number[] {
  return finiteSample(values).values;
}

/**
 * Paired observations kept only where both members are finite, in their original order. Used by the
 * paired statistics (correlation, regression), where dropping one side alone would misalign the pairs.
 *
 * @example
 * finitePairs([1, NaN, 3], [4, 5, 6]); // { x: [1, 3], y: [4, 6], dropped: 1 }
 */
export function finitePairs(x: ArrayLike<number | null | undefined>, y: ArrayLike<number | null | undefined>): { x: number[]; y: number[]; dropped: number } {
  if (x.length !== y.length) throw new RangeError(`paired series differ in length: ${x.length} vs ${y.length}`);
  const keptX: number[] = [];
  const keptY: number[] = [];
  for (let i = 0; i < x.length; i++) {
    const a = x[i];
    const b = y[i];
    if (typeof a === 'number' && Number.isFinite(a) && typeof b === 'number' && Number.isFinite(b)) {
      keptX.push(a);
      keptY.push(b);
    }
  }
  return { x: keptX, y: keptY, dropped: x.length - keptX.length };
}
