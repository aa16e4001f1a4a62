/**
 * The episodes on the real PostgreSQL and on PGlite: built by SQL from a seeded history, incrementally
 * (a closed episode is never rewritten), their outcomes the trades' own numbers, the space within cube's
 * limit, and the neighbour query answered by the GiST index (EXPLAIN) on both.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { type Kysely, sql } from 'kysely';
import { openEmbeddedDatabase } from '../../../src/db/embedded.js';
import { migrateToLatest } from '../../../src/db/migrate.js';
import { fitEpisodeSpace, MAX_DIMENSIONS } from '../../../src/db/queries/episode-space.js';
import { buildEpisodes } from '../../../src/db/queries/episodes.js';
import { nearestEpisodes, neighbourSql, queryPoint } from '../../../src/db/queries/nearest-episodes.js';
import type { Database } from '../../../src/db/schema.js';
import { sharpeMoments, sharpeVarianceFactor } from '../../../src/analysis/stats/probabilistic-sharpe-ratio.js';
import { seedScenario } from '../../../src/seed/seed-scenario.js';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';

const DAY_MS = 86_400_000;
let testDb: TestDatabase;
let asOf: string;

before(async () => {
  testDb = await createTestDatabase('kronos_episodes');
  asOf = (await seedScenario(testDb.db, { scenario: 'null', seed: 3, trades: 3000 })).as_of;
});
after(async () => {
  await testDb.drop();
});

async function plan(db: Kysely<Database>, query: Parameters<typeof neighbourSql>[0]): Promise<string> {
  const { rows } = await sql<{ 'QUERY PLAN': string }>`EXPLAIN ${neighbourSql(query)}`.execute(db);
  return rows.map((row) => row['QUERY PLAN']).join('\n');
}

test('episodes are built incrementally, and a closed episode is never rewritten', async () => {
  const db = testDb.db;
  const earlier = new Date(Date.parse(asOf) - 40 * DAY_MS).toISOString();
  const first = await buildEpisodes(db, earlier);
  assert.ok(first.written > 0 && first.written === first.total, JSON.stringify(first));
  const closedBefore = await db
    .selectFrom('meta_episodes')
    .select(['episode_id', 'built_at', 'n', 'mean_return'])
    .where('closed', '=', true)
    .orderBy('episode_id')
    .execute();
  assert.ok(closedBefore.length > 0);
  const open = first.total - closedBefore.length;

  const second = await buildEpisodes(db, asOf);
  const closedAfter = await db
    .selectFrom('meta_episodes')
    .select(['episode_id', 'built_at', 'n', 'mean_return'])
    .where(
      'episode_id',
      'in',
      closedBefore.map((e) => e.episode_id),
    )
    .orderBy('episode_id')
    .execute();
  assert.deepEqual(closedAfter, closedBefore, 'closed episodes kept as they were');
  assert.ok(second.written >= open && second.written < second.total, JSON.stringify({ second, open }));

  // Every trade of the history lies in exactly one episode, and each strategy's trade-weighted mean is its trades' mean.
  const { rows } = await sql<{ strategy_id: string; trades: number; episodes_n: number; mean: number; episodes_mean: number }>`
    WITH t AS (
      SELECT t.strategy_id, count(*)::int AS trades, avg(t.return_pct) AS mean FROM trades t JOIN regime_history r USING (regime_id)
      WHERE t.closed_at <= ${asOf}::timestamptz AND t.opened_at >= r.started_at AND t.opened_at < coalesce(r.ended_at, 'infinity') GROUP BY t.strategy_id
    ),
    e AS (SELECT strategy_id, sum(n)::int AS episodes_n, sum(n * mean_return) / sum(n) AS episodes_mean FROM meta_episodes GROUP BY strategy_id)
    SELECT * FROM t JOIN e USING (strategy_id) ORDER BY strategy_id`.execute(db);
  assert.ok(rows.length >= 4);
  for (const row of rows) {
    assert.equal(row.episodes_n, row.trades, row.strategy_id);
    assert.ok(Math.abs(row.episodes_mean - row.mean) < 1e-12, row.strategy_id);
  }
  const periods = await db.selectFrom('meta_episodes').select(['period_start', 'period_end']).execute();
  assert.ok(periods.every((p) => p.period_end.getTime() - p.period_start.getTime() <= 7 * DAY_MS && p.period_end > p.period_start));
});

test("an episode's Sharpe carries its standard error, and entry_threshold keeps the contract's 0–1 scale", async () => {
  const db = testDb.db;
  await buildEpisodes(db, asOf);
  const largest = await db.selectFrom('meta_episodes').selectAll().orderBy('n', 'desc').orderBy('episode_id').limit(1).executeTakeFirstOrThrow();
  const trades = await sql<{ return_pct: number }>`
    SELECT return_pct FROM trades
    WHERE strategy_id = ${largest.strategy_id} AND strategy_config_version_id = ${largest.config_version_id} AND regime_id = ${largest.regime_id}
      AND opened_at >= ${largest.period_start} AND opened_at < ${largest.period_end} AND closed_at <= ${asOf}::timestamptz`.execute(db);
  assert.equal(trades.rows.length, largest.n);
  const moments = sharpeMoments(trades.rows.map((t) => t.return_pct));
  const expected = Math.sqrt(sharpeVarianceFactor(moments) / (moments.n - 1));
  assert.ok(largest.se_sharpe !== null && Math.abs(largest.se_sharpe - expected) < 1e-9 * expected, `${largest.se_sharpe} against ${expected}`);

  const { rows } = await sql<{ features: Record<string, number>; config: { entry_threshold?: number } }>`
    SELECT e.config_features_json AS features, v.config_json AS config
    FROM meta_episodes e JOIN config_versions v USING (config_version_id) WHERE v.config_json ? 'entry_threshold'`.execute(db);
  assert.ok(rows.length > 0);
  for (const row of rows) assert.equal(row.features.entry_threshold, row.config.entry_threshold);
});

test('the space standardises within cube’s dimension limit and the neighbours come nearest first', async () => {
  const db = testDb.db;
  await buildEpisodes(db, asOf);
  const features = await fitEpisodeSpace(db);
  assert.ok(features.length > 5 && features.length <= MAX_DIMENSIONS);
  assert.ok(features.some((f) => f.feature === 'regime.realized_vol') && features.some((f) => f.feature === 'trades.realised_vol'));
  const { rows } = await sql<{
    dims: number;
    missing: number;
  }>`SELECT min(cube_dim(environment)) AS dims, count(*) FILTER (WHERE environment IS NULL)::int AS missing FROM meta_episodes`.execute(db);
  assert.deepEqual(rows[0], { dims: features.length, missing: 0 });
  const point = await queryPoint(db, asOf, 'stat_arb');
  assert.ok(point);
  const neighbours = await nearestEpisodes(db, { point, k: 10, strategyId: 'stat_arb', endedBy: asOf });
  assert.equal(neighbours.length, 10);
  assert.ok(
    neighbours.every((e, i) => e.strategy_id === 'stat_arb' && e.period_start < point.period_start && (i === 0 || e.distance >= neighbours[i - 1].distance)),
  );
});

test('the neighbour query is a KNN scan of the GiST index on PostgreSQL', async () => {
  const db = testDb.db;
  // Enough rows that the planner prefers the index to a sort (replicas of the episodes, slightly moved).
  await sql`
    INSERT INTO meta_episodes (episode_id, strategy_id, config_version_id, config_key, regime_id, regime_label, period_start, period_end, closed,
      environment_json, config_features_json, n, mean_return, max_drawdown, environment)
    SELECT episode_id || ':copy' || g, strategy_id, config_version_id, config_key, regime_id, regime_label, period_start, period_end, closed,
      environment_json, config_features_json, n, mean_return, max_drawdown, cube_enlarge(environment, g * 0.001, cube_dim(environment))
    FROM meta_episodes, generate_series(1, 40) g`.execute(db);
  await sql`ANALYZE meta_episodes`.execute(db);
  const point = await queryPoint(db, asOf, 'stat_arb');
  assert.ok(point);
  const explained = await plan(db, { point, k: 20, strategyId: 'stat_arb', endedBy: asOf });
  assert.match(explained, /Index Scan using meta_episodes_environment_gist/);
  assert.match(explained, /Order By: \(environment <-> /);
});

test('the neighbour query is a KNN scan of the GiST index on PGlite, whose cube the embedded database loads', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'kronos-pglite-episodes-'));
  const handle = await openEmbeddedDatabase(dir);
  try {
    await migrateToLatest(handle.db);
    await sql`
      INSERT INTO meta_episodes (episode_id, strategy_id, config_version_id, config_key, regime_id, regime_label, period_start, period_end, closed,
        environment_json, config_features_json, n, mean_return, max_drawdown, environment)
      SELECT 'e' || g, 's' || (g % 4), 'v' || (g % 7), 'k' || (g % 7), 'r' || (g / 10), 'SIDEWAYS',
        timestamptz '2025-01-06' + g * interval '1 hour', timestamptz '2025-01-06' + (g + 1) * interval '1 hour', true, '{}'::jsonb, '{}'::jsonb, 5, 0.001, -0.01,
        cube(ARRAY[sin(g), cos(g), sin(g * 0.37), cos(g * 0.71)])
      FROM generate_series(1, 5000) g`.execute(handle.db);
    await sql`ANALYZE meta_episodes`.execute(handle.db);
    const point = { episode_id: 'now', strategy_id: 's1', period_start: '2026-01-01T00:00:00Z', regime_label: 'SIDEWAYS', environment: '(0.5, 0.5, 0.5, 0.5)' };
    const explained = await plan(handle.db, { point, k: 20, endedBy: '2026-01-01T00:00:00Z' });
    assert.match(explained, /Index Scan using meta_episodes_environment_gist/);
    const neighbours = await nearestEpisodes(handle.db, { point, k: 5, endedBy: '2026-01-01T00:00:00Z' });
    assert.equal(neighbours.length, 5);
    assert.ok(neighbours.every((e, i) => i === 0 || e.distance >= neighbours[i - 1].distance));
  } finally {
    await handle.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
