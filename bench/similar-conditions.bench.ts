/**
 * The similar-conditions space, measured. Two parts:
 *
 * 1. Leave-one-period-out: on seeded histories (config_by_volatility, where the environment decides which
 *    config does well, and null, where nothing does), each episode's mean return per trade is predicted by
 *    the trade-weighted mean of its k nearest episodes of the same strategy and config from other periods,
 *    in each candidate metric: the plain standardised distance (every feature weight 1), the shipped
 *    group-weighted one (docs/similar-conditions.md), PCA of the standardised features (the components
 *    explaining 90 % of the variance), and no environment at all (the config's mean elsewhere). The error is
 *    the trade-weighted root mean squared error; a learned metric is used only if it beats the plain one.
 * 2. Scale: 100,000 episodes in the space's dimension, the k = 40 neighbour query on the GiST index against
 *    the same query forced to a sequential scan and sort (median of repeated queries at random points), on
 *    two clouds: `resampled`, the seeded histories' own episode points drawn with replacement and jittered
 *    (the correlation of real environment features, which the index prunes on), and `uniform`, independent
 *    uniform coordinates (no structure at all: in 19 dimensions every point is about as far as every other,
 *    the worst case of any exact KNN index, kept to show it).
 *
 * Usage: npm run bench:similar [-- --seeds N --trades N --episodes N --k N]
 * Results: bench/results/similar-conditions-<date>.json
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { type Kysely, sql } from 'kysely';
import { symmetricEigen } from '../src/analysis/stats/symmetric-eigen.js';
import { fitEpisodeSpace, type SpaceFeature } from '../src/db/queries/episode-space.js';
import { buildEpisodes } from '../src/db/queries/episodes.js';
import type { Database } from '../src/db/schema.js';
import { seedScenario } from '../src/seed/seed-scenario.js';
import { createTestDatabase } from '../test/support/database.js';

const { values } = parseArgs({
  options: {
    seeds: { type: 'string', default: '3' },
    trades: { type: 'string', default: '20000' },
    episodes: { type: 'string', default: '100000' },
    k: { type: 'string', default: '10' },
  },
});
const SEEDS = Number(values.seeds);
const TRADES = Number(values.trades);
const EPISODES = Number(values.episodes);
const K = Number(values.k);
const QUERY_K = 40;
const log = (line: string) => console.error(`[${new Date().toISOString().slice(11, 19)}] ${line}`);

interface Episode {
  strategy_id: string;
  config_key: string;
  period_start: string;
  n: number;
  mean_return: number;
  environment_json: Record<string, number>;
}

type Metric = (features: number[]) => number[];

/** z-scores of an episode's features in space order, a missing one at 0 (the mean). */
function standardised(e: Episode, space: SpaceFeature[]): number[] {
  return space.map((f) => (typeof e.environment_json[f.feature] === 'number' ? (e.environment_json[f.feature] - f.mean) / f.sd : 0));
}

/** Projection on the principal components of the z-scores that explain 90 % of their variance. */
function pcaMetric(points: number[][]): { metric: Metric; components: number } {
  const d = points[0].length;
  const cov = Array.from({ length: d }, (_, i) => Array.from({ length: d }, (_, j) => points.reduce((s, p) => s + p[i] * p[j], 0) / points.length));
  const { values, vectors } = symmetricEigen(cov);
  const order = values.map((value, i) => ({ value, i })).sort((x, y) => y.value - x.value);
  const eigenvalues = order.map((o) => o.value);
  const total = eigenvalues.reduce((s, x) => s + Math.max(0, x), 0);
  let kept = 0;
  for (let acc = 0; kept < d && acc < 0.9 * total; kept++) acc += Math.max(0, eigenvalues[kept]);
  const basis = order.slice(0, Math.max(1, kept)).map((o) => vectors.map((row) => row[o.i]));
  return { metric: (z) => basis.map((u) => u.reduce((s, x, i) => s + x * z[i], 0)), components: basis.length };
}

function distance(a: number[], b: number[]): number {
  return Math.sqrt(a.reduce((s, x, i) => s + (x - b[i]) ** 2, 0));
}

/** Trade-weighted RMSE of predicting each episode from its k nearest same-config episodes of other periods. */
function lopoError(episodes: Episode[], points: number[][], k: number | null): number {
  let squared = 0;
  let weight = 0;
  for (let i = 0; i < episodes.length; i++) {
    const e = episodes[i];
    const pool = episodes
      .map((other, j) => ({ other, j }))
      .filter(({ other }) => other.strategy_id === e.strategy_id && other.config_key === e.config_key && other.period_start !== e.period_start);
    if (pool.length === 0) continue;
    const chosen =
      k === null
        ? pool
        : pool
            .map((c) => ({ ...c, d: distance(points[i], points[c.j]) }))
            .sort((x, y) => x.d - y.d)
            .slice(0, k);
    const trades = chosen.reduce((s, c) => s + c.other.n, 0);
    const predicted = chosen.reduce((s, c) => s + c.other.n * c.other.mean_return, 0) / trades;
    squared += e.n * (predicted - e.mean_return) ** 2;
    weight += e.n;
  }
  return Math.sqrt(squared / weight);
}

async function lopo(db: Kysely<Database>, scenario: string, seed: number) {
  await seedScenario(db, { scenario, seed, trades: TRADES, reset: true });
  await buildEpisodes(db, '2026-06-29T00:00:00Z');
  const space = await fitEpisodeSpace(db);
  const episodes = (await db
    .selectFrom('meta_episodes')
    .select(['strategy_id', 'config_key', sql<string>`period_start::text`.as('period_start'), 'n', 'mean_return', 'environment_json'])
    .where('closed', '=', true)
    .execute()) as Episode[];
  const z = episodes.map((e) => standardised(e, space));
  const pca = pcaMetric(z);
  const errors = {
    no_environment: lopoError(episodes, z, null),
    plain_standardised: lopoError(episodes, z, K),
    group_weighted: lopoError(
      episodes,
      z.map((p) => p.map((x, i) => x * space[i].weight)),
      K,
    ),
    pca_90: lopoError(episodes, z.map(pca.metric), K),
  };
  log(`${scenario} seed ${seed}: ${episodes.length} episodes, ${space.length} features, PCA ${pca.components} components: ${JSON.stringify(errors)}`);
  return { scenario, seed, episodes: episodes.length, features: space.length, pca_components: pca.components, rmse: errors };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** SQL of one cube per episode (row `b`: a seeded episode drawn at random): its point jittered, or uniform noise. */
function cloud(kind: 'resampled' | 'uniform', dimensions: number) {
  if (kind === 'uniform') return sql.raw(`cube(ARRAY[${Array.from({ length: dimensions }, () => 'random() * 2 - 1').join(', ')}])`);
  const jittered = Array.from({ length: dimensions }, (_, d) => `cube_ll_coord(b.environment, ${d + 1}) + (random() - 0.5) * ${RESAMPLE_JITTER}`).join(', ');
  return sql.raw(`cube(ARRAY[${jittered}])`);
}

/** Jitter (in standard deviations) added to each coordinate of a resampled episode point. */
const RESAMPLE_JITTER = 0.2;

async function scale(db: Kysely<Database>, dimensions: number, kind: 'resampled' | 'uniform') {
  // The seeded episodes, kept from the first call (later calls find the table already filled).
  await sql`CREATE TABLE IF NOT EXISTS bench_base AS SELECT row_number() OVER (ORDER BY episode_id) AS i, environment FROM meta_episodes WHERE closed AND environment IS NOT NULL`.execute(
    db,
  );
  await sql`TRUNCATE meta_episodes`.execute(db);
  await sql`
    INSERT INTO meta_episodes (episode_id, strategy_id, config_version_id, config_key, regime_id, regime_label, period_start, period_end, closed,
      environment_json, config_features_json, n, mean_return, max_drawdown, environment)
    SELECT 'e' || g, 's' || (g % 5), 'v' || (g % 50), 'k' || (g % 50), 'r' || (g / 20), 'SIDEWAYS', timestamptz '2000-01-03' + g * interval '1 hour',
      timestamptz '2000-01-03' + (g + 1) * interval '1 hour', true, '{}'::jsonb, '{}'::jsonb, 10, 0.001, -0.01, ${cloud(kind, dimensions)}
    FROM (SELECT g, 1 + floor(random() * (SELECT count(*) FROM bench_base))::int AS pick FROM generate_series(1, ${EPISODES}) g) s
    JOIN bench_base b ON b.i = s.pick`.execute(db);
  await sql`VACUUM ANALYZE meta_episodes`.execute(db);
  // Query points from the same cloud: the conditions a query asks about look like the episodes.
  const points = (await sql<{ p: string }>`SELECT environment::text AS p FROM meta_episodes ORDER BY random() LIMIT 26`.execute(db)).rows.map((r) => r.p);
  const query = (p: string) =>
    sql`SELECT episode_id, environment <-> ${p}::cube AS d FROM meta_episodes WHERE closed ORDER BY environment <-> ${p}::cube LIMIT ${QUERY_K}`;
  const time = async (settings: string): Promise<number[]> =>
    db.connection().execute(async (conn) => {
      await sql.raw(settings).execute(conn);
      const ms: number[] = [];
      for (const p of points.slice(1)) {
        const started = performance.now();
        await query(p).execute(conn);
        ms.push(performance.now() - started);
      }
      await sql`RESET ALL`.execute(conn);
      return ms;
    });
  const plan = await db
    .connection()
    .execute(async (conn) =>
      (await sql<{ 'QUERY PLAN': string }>`EXPLAIN (ANALYZE, BUFFERS) ${query(points[0])}`.execute(conn)).rows.map((r) => r['QUERY PLAN']).join(' | '),
    );
  const index = await time('SET enable_seqscan = on');
  const sequential = await time('SET enable_indexscan = off; SET enable_bitmapscan = off');
  const result = { cloud: kind, episodes: EPISODES, dimensions, k: QUERY_K, index_median_ms: median(index), sequential_median_ms: median(sequential), plan };
  log(`scale: ${JSON.stringify(result)}`);
  return { ...result, sequential_over_index: result.sequential_median_ms / result.index_median_ms };
}

const testDb = await createTestDatabase('kronos_bench_similar');
try {
  const runs = [];
  for (const scenario of ['config_by_volatility', 'null']) for (let seed = 1; seed <= SEEDS; seed++) runs.push(await lopo(testDb.db, scenario, seed));
  const dimensions = (
    await testDb.db
      .selectFrom('meta_episode_space')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow()
  ).n;
  const scaled = [];
  for (const kind of ['resampled', 'uniform'] as const) scaled.push(await scale(testDb.db, Number(dimensions), kind));
  const date = new Date().toISOString().slice(0, 10);
  const out = fileURLToPath(new URL(`./results/similar-conditions-${date}.json`, import.meta.url));
  writeFileSync(out, `${JSON.stringify({ date, trades: TRADES, k: K, lopo: runs, scale: scaled }, null, 2)}\n`);
  log(`wrote ${out}`);
} finally {
  await testDb.drop();
}
