/**
 * When does a number someone wrote stand for a number in the evidence? Either it lies within
 * {@link RELATIVE_TOLERANCE} of it, or it equals it rounded to the digits written: `0.0123` stands for
 * 0.012345 (written to 4 decimals, off by less than half a unit of the last digit), `1.23%` stands for the
 * fraction 0.0123, `0.3` does not stand for 0.36.
 */

/** A written number within half a percent of an evidence value matches it, whatever its digits. */
export const RELATIVE_TOLERANCE = 0.005;

/** A number as it was written: its value and the rounding its digits imply. */
export interface WrittenNumber {
  /** The characters as written, e.g. `1.23%`. */
  text: string;
  value: number;
  /** Half a unit of the last digit written (0.005 for `1.23`): how far rounding may have moved it. */
  halfUnit: number;
  /** Written with a percent sign: it may stand for `value / 100`. */
  percent: boolean;
}

// A signed decimal (thousands separators allowed), optional exponent and percent sign; not part of a word
// or an identifier such as `s1`, `v2`, `HIGH_VOL_3` or `tmpl-4`.
const NUMBER_IN_TEXT = /(?<![\p{L}\p{N}_.]|[\p{L}_]-)([-+\u2212]?(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d*\.\d+|\d+)(?:[eE][-+]?\d+)?)(\s?%)?(?![\p{L}\p{N}_])/gu;

/**
 * Reads one written number.
 *
 * @example
 * readWrittenNumber('1.23%') // { text: '1.23%', value: 1.23, halfUnit: 0.005, percent: true }
 */
export function readWrittenNumber(text: string): WrittenNumber | undefined {
  const percent = /%\s*$/.test(text);
  const plain = text.replace(/%\s*$/, '').replace(/,/g, '').replace('\u2212', '-').trim();
  const value = Number(plain);
  if (plain === '' || !Number.isFinite(value)) return undefined;
  const [mantissa = '', exponent = '0'] = plain.toLowerCase().split('e');
  const decimals = (mantissa.split('.')[1]?.length ?? 0) - Number(exponent);
  return { text, value, halfUnit: 5 / 10 ** (decimals + 1), percent };
}

/**
 * A number from JSON (a cited metric's value), with the rounding its shortest decimal form implies.
 *
 * @example
 * writtenNumberOf(0.0123).halfUnit // 0.00005
 */
export function writtenNumberOf(value: number): WrittenNumber {
  return readWrittenNumber(String(value)) ?? { text: String(value), value, halfUnit: 0, percent: false };
}

/**
 * Every number written in a text, skipping digits inside words and identifiers.
 *
 * @example
 * numbersInText('Raise entry_threshold from 0.55 to 0.6: trades of s1 lost 1.23% on average.').map((n) => n.text)
 * // ['0.55', '0.6', '1.23%']
 */
export function numbersInText(text: string): WrittenNumber[] {
  return [...text.matchAll(NUMBER_IN_TEXT)].flatMap((match) => readWrittenNumber(match[0].trim()) ?? []);
}

/**
 * Whether a written number stands for `actual`. A percentage may stand for `actual` as a fraction
 * (`1.23%` for 0.0123) or as a value already in percent. With `ignoreSign`, `1.2%` stands for -0.012
 * (prose says "a loss of 1.2%").
 *
 * @example
 * matchesValue(readWrittenNumber('1.23%')!, 0.012345, { ignoreSign: false }) // true
 * matchesValue(readWrittenNumber('0.3')!, 0.36, { ignoreSign: false }) // false
 */
export function matchesValue(written: WrittenNumber, actual: number, options: { ignoreSign: boolean }): boolean {
  const readings = written.percent ? [{ value: written.value / 100, halfUnit: written.halfUnit / 100 }, written] : [written];
  return readings.some(({ value, halfUnit }) => {
    const difference = options.ignoreSign ? Math.abs(Math.abs(value) - Math.abs(actual)) : Math.abs(value - actual);
    return difference <= Math.max(halfUnit, RELATIVE_TOLERANCE * Math.abs(actual), 1e-12);
  });
}
