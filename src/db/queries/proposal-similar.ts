/**
 * Similar conditions for one proposal, as its review page shows them: the past episodes of the
 * proposal's strategy nearest to the environment it was made in, how the proposed and the live config
 * did among them, and the strategy's episodes drawn in two dimensions (the first two principal
 * components of the space) for a chart coloured by outcome. The projection is computed here rather than
 * in the page because the page would otherwise need every episode's whole vector; it gets two numbers each.
 */
import { type Kysely, sql } from 'kysely';
import { type ConfigOutcome, type EpisodeOutcome, outcomesByConfig } from '../../analysis/diagnostics/similar-conditions.js';
import { principalComponents, projectOnto } from '../../analysis/stats/principal-components.js';
import type { Database } from '../schema.js';
import { nearestEpisodes, queryPoint } from './nearest-episodes.js';
import { liveConfigKeys, type SimilarTo } from './similar-to.js';

/** Most recent episodes drawn in the projection: enough history for a picture, a bounded answer. */
export const MAX_PROJECTED_EPISODES = 2000;

export type ConfigRole = 'proposed' | 'live' | 'other';

export interface ProposalSimilarQuery {
  strategyId: string;
  /** The proposal's creation: the conditions it was made in, and no look-ahead past them. */
  asOf: string;
  k: number;
  /** The proposal's config: the config itself (a STRATEGY_CONFIG change) or a version the strategy ran (an experiment's); null when it names none. */
  proposed: { configJson: unknown } | { configVersionId: string } | null;
}

export interface ProjectedEpisode {
  episode_id: string;
  config_key: string;
  role: ConfigRole;
  n: number;
  mean_return: number;
  /** Among the k nearest to the proposal's conditions. */
  neighbour: boolean;
  x: number;
  y: number;
}

export interface ProposalSimilar {
  as_of: string;
  k: number;
  strategy_id: string;
  now: SimilarTo['now'] & { x: number; y: number };
  proposed_config_key: string | null;
  live_config_key: string | null;
  /** Nearest first. */
  neighbours: (EpisodeOutcome & { role: ConfigRole })[];
  /** The proposed config's outcome among the neighbours (null: it did not run in them). */
  proposed: ConfigOutcome | null;
  live: ConfigOutcome | null;
  projection: {
    /** Share of the episodes' variance along each of the two axes. */
    explained: number[];
    episodes: ProjectedEpisode[];
  };
}

/** `(0.1, -2)` → [0.1, -2]: a point cube's text. */
export function cubeCoordinates(text: string): number[] {
  return text
    .replace(/[()\s]/g, '')
    .split(',')
    .map(Number);
}

/** The config key the episodes would give the proposal's config (md5 of its config_json, or of the version id when its config is unknown, as episodes.ts does). */
async function proposedKey(db: Kysely<Database>, proposed: ProposalSimilarQuery['proposed']): Promise<string | null> {
  if (proposed === null) return null;
  const key =
    'configJson' in proposed
      ? sql<{ key: string }>`SELECT md5(${JSON.stringify(proposed.configJson)}::jsonb::text) AS key`
      : sql<{
          key: string;
        }>`SELECT md5(coalesce((SELECT config_json::text FROM config_versions WHERE config_version_id = ${proposed.configVersionId}), ${proposed.configVersionId})) AS key`;
  return (await key.execute(db)).rows[0].key;
}

/**
 * Undefined when the strategy has no episode before `asOf` (an analysis builds them).
 *
 * @example
 * const similar = await proposalSimilar(db, { strategyId: 'stat_arb', asOf: proposal.created_at, k: 20, proposed: { configJson: proposal.proposed_config_json } });
 * similar?.proposed?.mean_return; // how the proposed config did in conditions like the proposal's
 */
export async function proposalSimilar(db: Kysely<Database>, query: ProposalSimilarQuery): Promise<ProposalSimilar | undefined> {
  const point = await queryPoint(db, query.asOf, query.strategyId);
  if (!point) return undefined;
  const [neighbours, proposedConfigKey, live, history] = await Promise.all([
    nearestEpisodes(db, { point, k: query.k, strategyId: query.strategyId, endedBy: query.asOf }),
    proposedKey(db, query.proposed),
    liveConfigKeys(db),
    db
      .selectFrom('meta_episodes')
      .select(['episode_id', 'config_key', 'n', 'mean_return', sql<string>`environment::text`.as('environment')])
      .where('strategy_id', '=', query.strategyId)
      .where('period_start', '<', new Date(query.asOf))
      .where('environment', 'is not', null)
      .orderBy('period_start', 'desc')
      .orderBy('episode_id')
      .limit(MAX_PROJECTED_EPISODES)
      .execute(),
  ]);
  const liveConfigKey = live.get(query.strategyId) ?? null;
  const roleOf = (key: string): ConfigRole => (key === proposedConfigKey ? 'proposed' : key === liveConfigKey ? 'live' : 'other');
  const outcomes = outcomesByConfig(neighbours);
  const near = new Set(neighbours.map((e) => e.episode_id));
  const coordinates = history.map((e) => cubeCoordinates(e.environment));
  const pc = principalComponents(coordinates, 2);
  const onPlane = (c: number[]) => {
    const [x = 0, y = 0] = projectOnto(pc, c);
    return { x, y };
  };
  return {
    as_of: query.asOf,
    k: query.k,
    strategy_id: query.strategyId,
    now: {
      episode_id: point.episode_id,
      strategy_id: point.strategy_id,
      period_start: point.period_start,
      regime_label: point.regime_label,
      ...onPlane(cubeCoordinates(point.environment)),
    },
    proposed_config_key: proposedConfigKey,
    live_config_key: liveConfigKey,
    neighbours: neighbours.map((e) => ({ ...e, role: roleOf(e.config_key) })),
    proposed: outcomes.find((o) => o.config_key === proposedConfigKey) ?? null,
    live: outcomes.find((o) => o.config_key === liveConfigKey) ?? null,
    projection: {
      explained: pc.variances.map((v) => (pc.totalVariance > 0 ? v / pc.totalVariance : 0)),
      episodes: history.map((e, i) => ({
        episode_id: e.episode_id,
        config_key: e.config_key,
        role: roleOf(e.config_key),
        n: e.n,
        mean_return: e.mean_return,
        neighbour: near.has(e.episode_id),
        ...onPlane(coordinates[i]),
      })),
    },
  };
}
