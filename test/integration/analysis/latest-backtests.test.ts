/**
 * The backtests an analysis compares with: the latest completed run of each strategy, preferring one on a
 * config version the live trades used, and its sums whether or not its trades were read ahead.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { latestBacktests, readAheadBacktestDays } from '../../../src/db/queries/backtests.js';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';

const AS_OF = '2026-06-29T00:00:00.000Z';
const at = (day: number) => new Date(Date.UTC(2026, 0, 1 + day, 15));
let database: TestDatabase;

function run(runId: string, configVersionId: string, createdDay: number) {
  return {
    run_id: runId,
    strategy_id: 'alpha',
    sleeve_id: null,
    config_version_id: configVersionId,
    config_json: '{}',
    universe_id: null,
    period_start: at(0),
    period_end: at(30),
    created_at: at(createdDay),
    status: 'COMPLETED',
    metrics_json: JSON.stringify({ sharpe: 1 }),
  };
}

function trades(runId: string, returns: number[]) {
  return returns.map((r, i) => ({
    run_id: runId,
    trade_id: `${runId}-${i}`,
    instrument_id: 'x',
    sector: null,
    side: 'LONG',
    opened_at: at(i),
    closed_at: at(i),
    notional: 100,
    pnl: r * 100,
    return_pct: r,
    regime_id: null,
  }));
}

before(async () => {
  database = await createTestDatabase('kronos_latest_backtests');
  await database.db
    .insertInto('backtest_runs')
    .values([run('bt-live-config', 'cv-live', 40), run('bt-newest', 'cv-other', 50)])
    .execute();
  await database.db
    .insertInto('backtest_trades')
    .values([...trades('bt-live-config', [0.01, 0.02, -0.01]), ...trades('bt-newest', [0.05, 0.05])])
    .execute();
});

after(async () => {
  await database.drop();
});

test('without live config versions the newest run is chosen, and what was read ahead is what a fresh read gives', async () => {
  const none = { strategy_id: [], config_version_id: [] };
  const readAhead = await readAheadBacktestDays(database.db, AS_OF);
  assert.deepEqual([...readAhead.keys()], ['bt-newest']);
  const fresh = await latestBacktests(database.db, AS_OF, none);
  assert.deepEqual(await latestBacktests(database.db, AS_OF, none, readAhead), fresh);
  assert.equal(fresh[0].run_id, 'bt-newest');
  assert.equal(fresh[0].trades.n, 2);
});

test('a run on the live config version is preferred, and read even though another run was read ahead', async () => {
  const readAhead = await readAheadBacktestDays(database.db, AS_OF);
  const [chosen] = await latestBacktests(database.db, AS_OF, { strategy_id: ['alpha'], config_version_id: ['cv-live'] }, readAhead);
  assert.equal(chosen.run_id, 'bt-live-config');
  assert.equal(chosen.same_config_as_live, true);
  assert.equal(chosen.trades.n, 3);
  assert.ok(Math.abs(chosen.trades.sum - 0.02) < 1e-12);
  assert.deepEqual(
    chosen.daily_pnl.map((p) => Math.round(p * 1e9) / 1e9),
    [1, 2, -1],
  );
  assert.equal(chosen.daily_span_days, 3);
});
