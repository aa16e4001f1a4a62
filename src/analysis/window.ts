/** The analysis window: the days up to an as-of time that a run looks at. */
import type { AnalysisWindow } from './findings.js';

export const DEFAULT_WINDOW_DAYS = 90;
const DAY_MS = 86_400_000;
/** Longer windows make the per-day aggregates (days × cells) too large to carry around. */
export const MAX_WINDOW_DAYS = 3660;

/**
 * The window [as_of − days, as_of), both ends as ISO times. Trades count in it by `closed_at` (a
 * realised result), decisions by `decided_at`.
 *
 * @example
 * resolveWindow({ asOf: new Date('2026-06-29T00:00:00Z') });
 * // { as_of: '2026-06-29T00:00:00.000Z', start: '2026-03-31T00:00:00.000Z', end: '2026-06-29T00:00:00.000Z', days: 90 }
 */
export function resolveWindow({ asOf = new Date(), windowDays = DEFAULT_WINDOW_DAYS }: { asOf?: Date; windowDays?: number } = {}): AnalysisWindow {
  if (!(asOf instanceof Date) || Number.isNaN(asOf.getTime())) throw new RangeError('the as-of time is not a valid date');
  if (!Number.isInteger(windowDays) || windowDays < 1 || windowDays > MAX_WINDOW_DAYS) {
    throw new RangeError(`the window must be a whole number of days between 1 and ${MAX_WINDOW_DAYS}, got ${windowDays}`);
  }
  const end = asOf.getTime();
  return {
    as_of: asOf.toISOString(),
    start: new Date(end - windowDays * DAY_MS).toISOString(),
    end: asOf.toISOString(),
    days: windowDays,
  };
}

/** The ISO date (YYYY-MM-DD, UTC) of each day index of the window, index 0 being the day of `start`. */
export function windowDayLabels(window: AnalysisWindow): string[] {
  const start = Date.parse(window.start);
  return Array.from({ length: window.days }, (_, i) => new Date(start + i * DAY_MS).toISOString().slice(0, 10));
}
