/**
 * The synthetic history's clock: a fixed as-of time (so seeding never depends on when it runs), the
 * spans before it, and the trading sessions (weekdays, 13:30–20:00 UTC) in which decisions happen.
 */

export const DAY_MS = 86_400_000;
export const HOUR_MS = 3_600_000;

/** The end of the synthetic history; the default analysis window is the WINDOW_DAYS before it. */
export const AS_OF = Date.parse('2026-06-29T00:00:00Z');
export const WINDOW_DAYS = 90;
/** Live trading (decisions, trades, positions, black-swan events) spans this many days before AS_OF. */
export const LIVE_DAYS = 180;
/** Regimes and universe snapshots reach back this far, so that backtests have them too. */
export const REGIME_DAYS = 360;
/** The first config versions and company profiles date from here. */
export const ORIGIN_DAYS = 400;

const SESSION_OPEN_MS = 13.5 * HOUR_MS;
export const SESSION_MS = 6.5 * HOUR_MS;

/** Midnight UTC `days` days before AS_OF. */
export function daysBeforeAsOf(days: number): number {
  return AS_OF - days * DAY_MS;
}

/** Midnight UTC of the day holding `ms`. */
export function startOfDay(ms: number): number {
  return Math.floor(ms / DAY_MS) * DAY_MS;
}

export function isWeekday(ms: number): boolean {
  const day = new Date(ms).getUTCDay();
  return day !== 0 && day !== 6;
}

/** The sessions between two instants, mapping a fraction of the total trading time to an instant. */
export class Sessions {
  /** Midnight UTC of each weekday in [from, to). */
  readonly days: number[] = [];

  constructor(from: number, to: number) {
    for (let day = startOfDay(from); day < to; day += DAY_MS) {
      if (isWeekday(day)) this.days.push(day);
    }
  }

  /**
   * The instant `fraction` ∈ [0, 1) of the way through the trading time; monotone in `fraction`.
   *
   * @example
   * new Sessions(daysBeforeAsOf(7), AS_OF).at(0); // the first session's open, 13:30 UTC
   */
  at(fraction: number): number {
    const position = fraction * this.days.length;
    const index = Math.min(this.days.length - 1, Math.floor(position));
    return this.days[index] + SESSION_OPEN_MS + (position - index) * SESSION_MS;
  }
}

/** `ms` moved forward to the next weekday session when it falls on a weekend, keeping its time of day. */
export function nextWeekday(ms: number): number {
  let moved = ms;
  while (!isWeekday(moved)) moved += DAY_MS;
  return moved;
}

/** ISO date (YYYY-MM-DD) of an instant; used in readable ids. */
export function isoDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}
