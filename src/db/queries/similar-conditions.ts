/**
 * The similar-conditions step of the aggregation: brings the episodes up to date (closed ones stay as
 * they are), refits the space, and for every strategy with a live STRATEGY_CONFIG finds its k nearest
 * past episodes to today's environment on the index, and its siblings' k nearest to the same point.
 */
import { type Kysely, sql } from 'kysely';
import type { SiblingNeighbours, SimilarConditions, StrategyNeighbours } from '../../analysis/diagnostics/similar-conditions.js';
import type { Database } from '../schema.js';
import { fitEpisodeSpace } from './episode-space.js';
import { buildEpisodes } from './episodes.js';
import { DEFAULT_NEIGHBOURS, nearestEpisodes, type QueryPoint, queryPoint } from './nearest-episodes.js';

/** The knob names a STRATEGY_CONFIG sets (its `knobs` object's keys). */
function knobNames(configJson: unknown): Set<string> {
  const knobs = (configJson as { knobs?: unknown } | null)?.knobs;
  return new Set(typeof knobs === 'object' && knobs !== null && !Array.isArray(knobs) ? Object.keys(knobs) : []);
}

/** The strategy's versions whose config is one of `keys`, by config (newest version first). */
async function configsByKey(db: Kysely<Database>, strategyId: string, keys: string[]): Promise<StrategyNeighbours['configs']> {
  const configs = await db
    .selectFrom('config_versions')
    .select(['config_version_id', 'config_json', sql<string>`md5(config_json::text)`.as('config_key')])
    .where('target_type', '=', 'STRATEGY_CONFIG')
    .where('target_id', '=', strategyId)
    .where(sql<boolean>`md5(config_json::text) = ANY(${keys})`)
    .orderBy('version_no', 'desc')
    .execute();
  const byKey: StrategyNeighbours['configs'] = {};
  for (const c of configs) (byKey[c.config_key] ??= { config_json: c.config_json, config_version_ids: [] }).config_version_ids.push(c.config_version_id);
  return byKey;
}

/**
 * Builds the episodes up to `asOf`, refits the space, and for every strategy with a live STRATEGY_CONFIG:
 * today's environment, its k nearest past episodes of that strategy, and the configs they ran (by
 * content: versions with the same config_json are one); and for each sibling (another strategy whose
 * live config sets a knob of the same name) the sibling's own k episodes nearest to this strategy's today.
 *
 * @example
 * const similar = await similarConditions(db, '2026-06-29T00:00:00Z', 40);
 */
export async function similarConditions(db: Kysely<Database>, asOf: string, k = DEFAULT_NEIGHBOURS): Promise<SimilarConditions> {
  await buildEpisodes(db, asOf);
  await fitEpisodeSpace(db);
  const live = await db
    .selectFrom('config_targets as t')
    .innerJoin('config_versions as v', 'v.config_version_id', 't.current_version_id')
    .select(['t.target_id as strategy_id', 'v.config_version_id', 'v.config_json', sql<string>`md5(v.config_json::text)`.as('config_key')])
    .where('t.target_type', '=', 'STRATEGY_CONFIG')
    .orderBy('t.target_id')
    .execute();
  const neighboursOf = async (target: (typeof live)[number], point: QueryPoint): Promise<SiblingNeighbours> => {
    const neighbours = await nearestEpisodes(db, { point, k, strategyId: target.strategy_id, endedBy: asOf });
    const keys = [...new Set([target.config_key, ...neighbours.map((e) => e.config_key)])];
    return {
      strategy_id: target.strategy_id,
      live_config_version_id: target.config_version_id,
      live_config_key: target.config_key,
      neighbours,
      configs: await configsByKey(db, target.strategy_id, keys),
    };
  };
  const knobsOf = new Map(live.map((target) => [target.strategy_id, knobNames(target.config_json)]));
  const strategies: StrategyNeighbours[] = [];
  for (const target of live) {
    const point = await queryPoint(db, asOf, target.strategy_id);
    if (!point) continue;
    const knobs = knobsOf.get(target.strategy_id) ?? new Set<string>();
    const siblings: SiblingNeighbours[] = [];
    for (const other of live) {
      if (other.strategy_id !== target.strategy_id && [...(knobsOf.get(other.strategy_id) ?? [])].some((name) => knobs.has(name)))
        siblings.push(await neighboursOf(other, point));
    }
    strategies.push({
      ...(await neighboursOf(target, point)),
      now: { episode_id: point.episode_id, period_start: point.period_start, regime_label: point.regime_label },
      siblings,
    });
  }
  return { k, strategies };
}
