/**
 * Trades entered outside their regime's period: the trade cube settles the count for groups entirely
 * inside or outside the period, and a group that straddles the regime's start is counted trade by trade.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { resolveWindow } from '../../../src/analysis/window.js';
import { aggregate } from '../../../src/db/queries/aggregate.js';
import { tradeCube } from '../../../src/db/queries/trade-cube.js';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';

const AS_OF = new Date('2026-06-29T00:00:00Z');
const window = resolveWindow({ asOf: AS_OF, windowDays: 20 });
const at = (dayIndex: number, hour: number) => new Date(Date.parse(window.start) + dayIndex * 86_400_000 + hour * 3_600_000);
let database: TestDatabase;

function trade(id: string, instrument: string, openedDay: number, closedDay: number) {
  return {
    trade_id: id,
    strategy_id: 'alpha',
    instrument_id: instrument,
    sector: 'TECH',
    side: 'LONG',
    opened_at: at(openedDay, 10),
    closed_at: at(closedDay, 15),
    quantity: 1,
    entry_price: 100,
    exit_price: 101,
    notional: 100,
    pnl: 1,
    return_pct: 0.01,
    fees: 0,
    regime_id: 'late',
    universe_id: 'u1',
    profile_version_id: null,
    strategy_config_version_id: null,
    risk_config_version_id: null,
    prompt_template_id: null,
    agent_graph_version: null,
  };
}

before(async () => {
  database = await createTestDatabase('kronos_regime_period');
  // The regime starts on day 5 of the window.
  await database.db
    .insertInto('regime_history')
    .values({ regime_id: 'late', market: 'US', label: 'CALM', started_at: at(5, 0), ended_at: null, features_json: '{}' })
    .execute();
  await database.db
    .insertInto('trades')
    .values([
      trade('inside', 'i1', 6, 7),
      trade('straddle-before', 'i2', 3, 8), // opened before the regime: outside
      trade('straddle-after', 'i2', 6, 8), // same group, opened inside
      trade('before-a', 'i3', 1, 2), // a group wholly outside
      trade('before-b', 'i3', 2, 2),
    ])
    .execute();
});

after(async () => {
  await database.drop();
});

/** The trade cube's own counts: settled outside, and left unresolved. */
async function cubeCounts(): Promise<{ outside: number; unresolved: number }> {
  const rows = (
    await tradeCube(database.db, window, { from: window.start, to: window.end }, { strategy_id: [], instrument_id: [], sleeve_id: [] }, 'raw')
  ).filter((row) => row.set === 'strategy_config_regime');
  return { outside: rows.reduce((s, row) => s + row.outside_regime_period, 0), unresolved: rows.reduce((s, row) => s + row.outside_unresolved, 0) };
}

test('a group straddling the regime start is resolved trade by trade, the others by their range', async () => {
  assert.deepEqual(await cubeCounts(), { outside: 2, unresolved: 2 });
  const agg = await aggregate(database.db, window);
  assert.equal(agg.quality.trades, 5);
  assert.equal(agg.quality.outside_regime_period, 3);
});

test('groups wholly inside or outside need no second pass and count the same', async () => {
  await database.db.deleteFrom('trades').where('trade_id', '=', 'straddle-before').execute();
  assert.deepEqual(await cubeCounts(), { outside: 2, unresolved: 0 });
  const agg = await aggregate(database.db, window);
  assert.equal(agg.quality.outside_regime_period, 2);
});
