/**
 * Nearest-neighbour queries over the episodes: `ORDER BY environment <-> point LIMIT k`, which the GiST
 * index on meta_episodes.environment answers without reading the table (a KNN index scan).
 */
import { type Kysely, sql } from 'kysely';
import type { EpisodeOutcome } from '../../analysis/diagnostics/similar-conditions.js';
import type { Database } from '../schema.js';

/** Neighbours a query returns unless told otherwise. */
export const DEFAULT_NEIGHBOURS = 40;

/** The environment a query is about: an episode's point, and the period it belongs to. */
export interface QueryPoint {
  episode_id: string;
  strategy_id: string;
  period_start: string;
  regime_label: string | null;
  /** The cube as text, `(x1, x2, …)`. */
  environment: string;
}

export interface NeighbourQuery {
  point: QueryPoint;
  k: number;
  /** Only this strategy's episodes. */
  strategyId?: string;
  /** Only closed episodes that ended by then (no look-ahead past the analysis' as-of). */
  endedBy: string;
}

/**
 * The environment of "now": the strategy's most recent episode before `asOf`, or, for the whole
 * system, the episode with the most trades in the most recent period.
 *
 * @example
 * const now = await queryPoint(db, '2026-06-29T00:00:00Z', 'stat_arb');
 */
export async function queryPoint(db: Kysely<Database>, asOf: string, strategyId?: string): Promise<QueryPoint | undefined> {
  let query = db
    .selectFrom('meta_episodes')
    .select([
      'episode_id',
      'strategy_id',
      'regime_label',
      sql<string>`to_json(period_start) #>> '{}'`.as('period_start'),
      sql<string>`environment::text`.as('environment'),
    ])
    .where('period_start', '<', new Date(asOf))
    .where('environment', 'is not', null);
  if (strategyId) query = query.where('strategy_id', '=', strategyId);
  return query.orderBy('period_start', 'desc').orderBy('n', 'desc').orderBy('episode_id').limit(1).executeTakeFirst();
}

/** The SQL of a neighbour query, for running it and for EXPLAIN. */
export function neighbourSql(query: NeighbourQuery) {
  const point = sql`${query.point.environment}::cube`;
  return sql<EpisodeOutcome>`
    SELECT episode_id, strategy_id, config_version_id, config_key, regime_label, to_json(period_start) #>> '{}' AS period_start,
      n, mean_return, se_mean_return, sharpe, se_sharpe, hit_rate, se_hit_rate, max_drawdown, environment <-> ${point} AS distance
    FROM meta_episodes
    WHERE closed AND period_end <= ${query.endedBy}::timestamptz AND period_start < ${query.point.period_start}::timestamptz
      ${query.strategyId ? sql`AND strategy_id = ${query.strategyId}` : sql``}
    ORDER BY environment <-> ${point}
    LIMIT ${query.k}`;
}

/**
 * The k episodes nearest to the point, nearest first, from periods before the point's own.
 *
 * @example
 * const neighbours = await nearestEpisodes(db, { point, k: 20, endedBy: asOf, strategyId: 'stat_arb' });
 */
export async function nearestEpisodes(db: Kysely<Database>, query: NeighbourQuery): Promise<EpisodeOutcome[]> {
  const { rows } = await neighbourSql(query).execute(db);
  return rows;
}
