/**
 * The trade cube as a merge of daily rollups, on the real PostgreSQL: over random sequences of edits to
 * a seeded history (new trades, late closes into past days, corrections, NaN returns, deletions), an
 * incremental run gives the same aggregates, findings and proposals as a full recompute, and the same
 * cube as one pass over the trades; a run recomputes only the changed days and the recent ones.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { type RawBuilder, sql } from 'kysely';
import { diagnose } from '../../../src/analysis/diagnose.js';
import { createRng, randomIndex, type Rng } from '../../../src/analysis/stats/rng.js';
import { resolveWindow } from '../../../src/analysis/window.js';
import { aggregate } from '../../../src/db/queries/aggregate.js';
import { tradeCube } from '../../../src/db/queries/trade-cube.js';
import { refreshTradeDayRollups, tradeCubeFromRollups, wholeDays } from '../../../src/db/queries/trade-day-rollups.js';
import { loadLiveConfigs } from '../../../src/db/repositories/config-store.js';
import { planProposals } from '../../../src/proposals/generate.js';
import { loadPolicy } from '../../../src/proposals/policy.js';
import { seedScenario } from '../../../src/seed/seed-scenario.js';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';

const DAY_MS = 86_400_000;
let database: TestDatabase;
let asOf: number;

before(async () => {
  database = await createTestDatabase('kronos_trade_rollups');
  asOf = Date.parse((await seedScenario(database.db, { scenario: 'regime_loss', seed: 11, trades: 3000 })).as_of);
});
after(async () => {
  await database.drop();
});

/** Equal up to floating sums: integers exactly, other numbers within 1e-12 relative (1e-12 absolute near zero). */
function assertSame(actual: unknown, expected: unknown, where: string): void {
  if (typeof actual === 'number' && typeof expected === 'number') {
    if (Number.isInteger(actual) && Number.isInteger(expected)) assert.equal(actual, expected, where);
    else if (Number.isNaN(expected)) assert.ok(Number.isNaN(actual), where);
    else assert.ok(Math.abs(actual - expected) <= 1e-12 * Math.max(1, Math.abs(actual), Math.abs(expected)), `${where}: ${actual} vs ${expected}`);
    return;
  }
  if (Array.isArray(expected)) {
    assert.ok(Array.isArray(actual) && actual.length === expected.length, `${where}: length ${JSON.stringify(actual)?.length} vs ${expected.length}`);
    expected.forEach((item, i) => assertSame((actual as unknown[])[i], item, `${where}[${i}]`));
    return;
  }
  if (expected !== null && typeof expected === 'object' && !(expected instanceof Date)) {
    assert.ok(actual !== null && typeof actual === 'object', where);
    assert.deepEqual(Object.keys(actual as object).sort(), Object.keys(expected).sort(), where);
    for (const [key, value] of Object.entries(expected)) assertSame((actual as Record<string, unknown>)[key], value, `${where}.${key}`);
    return;
  }
  assert.deepEqual(actual, expected, where);
}

const byKeys = <T extends { set: string; k1: string | null; k2: string | null; k3: string | null; day: number }>(rows: T[]) =>
  [...rows].sort((a, b) => JSON.stringify([a.set, a.k1, a.k2, a.k3, a.day]).localeCompare(JSON.stringify([b.set, b.k1, b.k2, b.k3, b.day])));

/** Inserts a copy of trade `id` with the columns of `changes` (a jsonb object over the row t) replaced. */
async function clone(id: string, changes: RawBuilder<unknown>): Promise<void> {
  await sql`INSERT INTO trades SELECT (jsonb_populate_record(t, ${changes})).* FROM trades t WHERE t.trade_id = ${id}`.execute(database.db);
}

/** One random edit; returns what it did, for the failure message. */
async function randomEdit(rng: Rng, windowStart: number, round: number, step: number): Promise<string> {
  const { db } = database;
  const { rows: picked } = await sql<{ trade_id: string }>`
    SELECT trade_id FROM trades WHERE closed_at >= ${new Date(windowStart).toISOString()}::timestamptz ORDER BY trade_id
    OFFSET ${randomIndex(rng, 2500)} LIMIT 1`.execute(db);
  const id = picked[0]?.trade_id;
  if (id === undefined) return 'none';
  const kind = ['insert', 'late close', 'correction', 'nan', 'regime', 'deletion'][randomIndex(rng, 6)];
  const copy = `${id}-r${round}s${step}`;
  const closeAt = (ms: number) => new Date(ms).toISOString();
  switch (kind) {
    case 'insert': // a new trade closing in the last days
      await clone(
        id,
        sql`jsonb_build_object('trade_id', ${copy}::text, 'opened_at', ${closeAt(asOf - 3 * DAY_MS)}::timestamptz,
        'closed_at', ${closeAt(asOf - rng() * 2 * DAY_MS)}::timestamptz, 'return_pct', t.return_pct + ${rng() / 100})`,
      );
      break;
    case 'late close': // a trade arriving now that closed weeks ago
      await clone(
        id,
        sql`jsonb_build_object('trade_id', ${copy}::text, 'opened_at', t.opened_at - interval '1 day',
        'closed_at', t.closed_at - interval '1 hour', 'pnl', t.pnl * 2, 'return_pct', t.return_pct * 2)`,
      );
      break;
    case 'correction':
      await sql`UPDATE trades SET return_pct = return_pct * ${0.5 + rng()}, pnl = pnl + ${rng() * 10} WHERE trade_id = ${id}`.execute(db);
      break;
    case 'nan':
      await sql`UPDATE trades SET return_pct = 'NaN'::float8 WHERE trade_id = ${id}`.execute(db);
      break;
    case 'regime':
      await sql`UPDATE trades SET regime_id = (SELECT regime_id FROM regime_history ORDER BY regime_id LIMIT 1) WHERE trade_id = ${id}`.execute(db);
      break;
    default:
      await sql`DELETE FROM trades WHERE trade_id = ${id}`.execute(db);
  }
  return `${kind} ${id}`;
}

test('incremental and full recompute agree over random edit sequences, and the cube matches one pass over the trades', async () => {
  const { db } = database;
  const rng = createRng(17);
  const policy = loadPolicy();
  const noSleeves = { strategy_id: [], instrument_id: [], sleeve_id: [] };
  // A window that does not start at midnight (partial first and last days), in UTC and in a zone with a half-hour offset.
  for (const [round, timeZone] of ['UTC', 'UTC', 'Asia/Kolkata', 'UTC'].entries()) {
    const window = resolveWindow({ asOf: new Date(asOf + 5 * 3_600_000), windowDays: 60, timeZone });
    const edits: string[] = [];
    for (let step = 0; step < 4 + randomIndex(rng, 6); step++) edits.push(await randomEdit(rng, Date.parse(window.start), round, step));
    const context = `round ${round} (${timeZone}): ${edits.join(', ')}`;

    const incremental = await aggregate(db, window);
    const days = await wholeDays(db, window);
    const fromRollups = await tradeCubeFromRollups(db, window, days, noSleeves, 'screened');
    const onePass = await tradeCube(db, window, { from: window.start, to: window.end }, noSleeves, 'screened');
    assertSame(byKeys(fromRollups), byKeys(onePass), `cube, ${context}`);

    const full = await aggregate(db, window, { full: true });
    assertSame(incremental, full, `aggregates, ${context}`);
    const [a, b] = [diagnose(incremental), diagnose(full)];
    assertSame(a.findings, b.findings, `findings, ${context}`);
    const live = await loadLiveConfigs(db);
    const plan = (result: typeof a) => planProposals(result, live, policy, { runId: 'r', now: new Date(window.as_of) }).drafts;
    assertSame(plan(a), plan(b), `proposals, ${context}`);
  }
});

test('a run with nothing changed recomputes only the days within the longest holding period', async () => {
  const { db } = database;
  const window = resolveWindow({ asOf: new Date(asOf), windowDays: 60 });
  await refreshTradeDayRollups(db, window, { full: true });
  const { rows } = await sql<{ hold: number }>`
    SELECT max(date_part('epoch', closed_at - opened_at)) AS hold FROM trades
    WHERE closed_at >= ${window.start}::timestamptz AND closed_at < ${window.end}::timestamptz`.execute(db);
  const holdDays = Math.ceil((rows[0]?.hold ?? 0) / 86_400);
  const again = await refreshTradeDayRollups(db, window);
  assert.equal(again.days, 60);
  assert.ok(again.recomputed <= holdDays + 1 && again.recomputed < 60, JSON.stringify({ again, holdDays }));

  const day = new Date(Date.parse(window.start) + 20 * DAY_MS + 3_600_000).toISOString();
  await sql`UPDATE trades SET pnl = pnl + 1 WHERE trade_id = (SELECT trade_id FROM trades WHERE closed_at >= ${day}::timestamptz ORDER BY closed_at LIMIT 1)`.execute(
    db,
  );
  const afterCorrection = await refreshTradeDayRollups(db, window);
  assert.equal(afterCorrection.recomputed, again.recomputed + 1, 'the corrected day, and the recent ones');
});
