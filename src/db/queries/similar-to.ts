/**
 * What `kronos similar` and `GET /similar` show: the past episodes nearest to today's environment (of
 * one strategy, or of the whole system), and how each config did among them, the live ones marked.
 * Reads the episodes the last analysis built; builds nothing.
 */
import { type Kysely, sql } from 'kysely';
import { type ConfigOutcome, type EpisodeOutcome, outcomesByConfig } from '../../analysis/diagnostics/similar-conditions.js';
import type { Database } from '../schema.js';
import { nearestEpisodes, queryPoint } from './nearest-episodes.js';

export interface SimilarToQuery {
  /** Episodes are looked at as of then (default: now): neighbours ended by then, today is the latest before it. */
  asOf: string;
  k: number;
  strategyId?: string;
}

export interface SimilarTo {
  as_of: string;
  k: number;
  strategy_id: string | null;
  /** The episode whose environment is today's. */
  now: { episode_id: string; strategy_id: string; period_start: string; regime_label: string | null };
  /** Nearest first. */
  neighbours: EpisodeOutcome[];
  /** Per strategy and config among the neighbours, best first within a strategy; `live` marks each strategy's live config. */
  configs: (ConfigOutcome & { strategy_id: string; live: boolean })[];
  /** The features of the space, in cube order, with their weights. */
  space: { feature: string; weight: number }[];
}

/** Strategy → the config key (md5 of its config_json, as the episodes name configs) of its live STRATEGY_CONFIG. */
export async function liveConfigKeys(db: Kysely<Database>): Promise<Map<string, string>> {
  const live = await db
    .selectFrom('config_targets as t')
    .innerJoin('config_versions as v', 'v.config_version_id', 't.current_version_id')
    .select(['t.target_id', sql<string>`md5(v.config_json::text)`.as('config_key')])
    .where('t.target_type', '=', 'STRATEGY_CONFIG')
    .execute();
  return new Map(live.map((l) => [l.target_id, l.config_key]));
}

/**
 * @example
 * const similar = await similarTo(db, { asOf: new Date().toISOString(), k: 20, strategyId: 'stat_arb' });
 * similar?.configs.find((c) => c.live)?.mean_return; // how the live config did in conditions like today's
 */
export async function similarTo(db: Kysely<Database>, query: SimilarToQuery): Promise<SimilarTo | undefined> {
  const point = await queryPoint(db, query.asOf, query.strategyId);
  if (!point) return undefined;
  const neighbours = await nearestEpisodes(db, { point, k: query.k, strategyId: query.strategyId, endedBy: query.asOf });
  const liveKey = await liveConfigKeys(db);
  const strategies = [...new Set(neighbours.map((e) => e.strategy_id))].sort();
  const configs = strategies.flatMap((strategyId) =>
    outcomesByConfig(neighbours.filter((e) => e.strategy_id === strategyId)).map((o) => ({
      ...o,
      strategy_id: strategyId,
      live: liveKey.get(strategyId) === o.config_key,
    })),
  );
  const space = await db.selectFrom('meta_episode_space').select(['feature', 'weight']).orderBy('position').execute();
  return {
    as_of: query.asOf,
    k: query.k,
    strategy_id: query.strategyId ?? null,
    now: { episode_id: point.episode_id, strategy_id: point.strategy_id, period_start: point.period_start, regime_label: point.regime_label },
    neighbours,
    configs,
    space,
  };
}
