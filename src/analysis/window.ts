/** The analysis window: the days up to an as-of time that a run looks at. */
import type { AnalysisWindow } from './findings.js';

export const DEFAULT_WINDOW_DAYS = 90;
export const DEFAULT_TIME_ZONE = 'UTC';
const DAY_MS = 86_400_000;
/** Longer windows make the per-day aggregates (days × cells) too large to carry around. */
export const MAX_WINDOW_DAYS = 3660;

/** The time zone's calendar-date formatter; a RangeError naming the zone when it is not an IANA zone. */
function dateFormat(timeZone: string): Intl.DateTimeFormat {
  try {
    return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
  } catch {
    throw new RangeError(`unknown time zone ${JSON.stringify(timeZone)}: use an IANA name such as UTC or America/New_York`);
  }
}

/**
 * The window [as_of − days, as_of), both ends as ISO times, with the time zone whose calendar days are
 * the analysis days. Trades count in it by `closed_at` (a realised result), decisions by `decided_at`.
 *
 * @example
 * resolveWindow({ asOf: new Date('2026-06-29T00:00:00Z') });
 * // { as_of: '2026-06-29T00:00:00.000Z', start: '2026-03-31T00:00:00.000Z', end: '2026-06-29T00:00:00.000Z', days: 90, time_zone: 'UTC' }
 */
export function resolveWindow({
  asOf = new Date(),
  windowDays = DEFAULT_WINDOW_DAYS,
  timeZone = DEFAULT_TIME_ZONE,
}: { asOf?: Date; windowDays?: number; timeZone?: string } = {}): AnalysisWindow {
  if (!(asOf instanceof Date) || Number.isNaN(asOf.getTime())) throw new RangeError('the as-of time is not a valid date');
  if (!Number.isInteger(windowDays) || windowDays < 1 || windowDays > MAX_WINDOW_DAYS) {
    throw new RangeError(`the window must be a whole number of days between 1 and ${MAX_WINDOW_DAYS}, got ${windowDays}`);
  }
  dateFormat(timeZone);
  const end = asOf.getTime();
  return {
    as_of: asOf.toISOString(),
    start: new Date(end - windowDays * DAY_MS).toISOString(),
    end: asOf.toISOString(),
    days: windowDays,
    time_zone: timeZone,
  };
}

/** The window's time zone (UTC for windows stored without one). */
export function windowTimeZone(window: Pick<AnalysisWindow, 'time_zone'>): string {
  return window.time_zone ?? DEFAULT_TIME_ZONE;
}

/** The calendar date (YYYY-MM-DD) of an instant in the window's time zone. */
function localDate(instant: number, timeZone: string): string {
  return dateFormat(timeZone).format(new Date(instant));
}

/**
 * The number of calendar days the window touches in its time zone: day index 0 is the date of `start`,
 * the last is the date of the last instant before `end` (a window that does not start at local midnight
 * touches one more day than its length).
 *
 * @example
 * windowDayCount({ ...window, start: '2026-03-31T06:00:00Z', end: '2026-06-29T06:00:00Z' }); // 91
 */
export function windowDayCount(window: Pick<AnalysisWindow, 'start' | 'end' | 'time_zone'>): number {
  const zone = windowTimeZone(window);
  const first = Date.parse(localDate(Date.parse(window.start), zone));
  const last = Date.parse(localDate(Date.parse(window.end) - 1, zone));
  return Math.round((last - first) / DAY_MS) + 1;
}

/** The calendar date (YYYY-MM-DD, in the window's time zone) of each day index of the window. */
export function windowDayLabels(window: AnalysisWindow): string[] {
  const first = Date.parse(localDate(Date.parse(window.start), windowTimeZone(window)));
  return Array.from({ length: windowDayCount(window) }, (_, i) => new Date(first + i * DAY_MS).toISOString().slice(0, 10));
}
