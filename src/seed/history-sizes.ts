/**
 * How big a seeded history is by default and at least: plain values, apart from seed-scenario.ts, so
 * that `kronos seed` can state the defaults in its help without loading the generator.
 */

export const DEFAULT_TRADES = 20_000;
/** Pipeline decisions per trade when `decisions` is not given. */
export const DEFAULT_DECISIONS_PER_TRADE = 3.5;
export const MIN_TRADES = 200;
/** Fewer decisions per trade leave no room for the blocked, errored and idle ones. */
export const MIN_DECISIONS_PER_TRADE = 2.5;
