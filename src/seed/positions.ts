/** Open-position snapshots: every Friday close of the live span and at AS_OF, a handful per strategy. */
import { AS_OF, DAY_MS, HOUR_MS, LIVE_DAYS, daysBeforeAsOf, isoDay } from './calendar.js';
import { InstrumentPicker } from './instrument-picker.js';
import type { Random } from './random.js';
import { round } from './round.js';
import type { Row } from './tables.js';
import type { World } from './world/build-world.js';
import { priceAt } from './world/instruments.js';
import { STRATEGIES } from './world/strategies.js';

function snapshotTimes(): number[] {
  const times: number[] = [];
  for (let day = daysBeforeAsOf(LIVE_DAYS); day < AS_OF; day += DAY_MS) {
    if (new Date(day).getUTCDay() === 5) times.push(day + 20 * HOUR_MS);
  }
  times.push(AS_OF);
  return times;
}

/**
 * The positions rows (a few thousand whatever the trade count).
 *
 * @example
 * positionRows(world, Random.stream(1, 'positions')).length; // ≈ 27 snapshots × 5 strategies × 6–10
 */
export function positionRows(world: World, rng: Random): Row[] {
  const picker = new InstrumentPicker();
  const rows: Row[] = [];
  for (const at of snapshotTimes()) {
    for (const strategy of STRATEGIES) {
      const snapshot = world.universes.get(strategy.universe)!.at(at);
      const held = new Set<string>();
      const count = rng.int(6, 10);
      for (let k = 0; k < count; k++) {
        const instrument = picker.pick(rng, strategy, snapshot);
        if (held.has(instrument.instrument_id)) continue;
        held.add(instrument.instrument_id);
        const price = priceAt(instrument, at);
        const side = rng.chance(strategy.longShare) ? 1 : -1;
        const quantity = side * Math.max(1, Math.round((strategy.maxPositionNotional * rng.between(0.3, 1)) / price));
        const marketValue = round(quantity * price, 2);
        rows.push([
          `ps-${strategy.id}-${isoDay(at)}-${instrument.instrument_id}`,
          strategy.id,
          instrument.instrument_id,
          at,
          quantity,
          marketValue,
          round(Math.abs(marketValue) * (0.002 + 0.03 * rng.normal()), 2),
        ]);
      }
    }
  }
  return rows;
}
