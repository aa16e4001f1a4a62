/** Episodes written straight into meta_episodes for the readers' tests (CLI, API): two configs of one strategy on a line. */
import { type Kysely, sql } from 'kysely';
import type { Database } from '../../src/db/schema.js';

/**
 * Ten closed weekly episodes of `strategyId` from 2026-01-05, at environment (i / 10, 0): the even ones
 * with config key `calm` (mean +1 %), the odd ones `live` (mean 0); and today's open one at (0, 0).
 */
export async function insertEpisodes(db: Kysely<Database>, strategyId = 's1'): Promise<void> {
  await sql`
    INSERT INTO meta_episodes (episode_id, strategy_id, config_version_id, config_key, regime_id, regime_label, period_start, period_end, closed,
      environment_json, config_features_json, n, mean_return, max_drawdown, environment)
    SELECT ${strategyId} || ':e' || g, ${strategyId}, CASE WHEN g % 2 = 0 THEN 'v-calm' ELSE 'v-live' END, CASE WHEN g % 2 = 0 THEN 'calm' ELSE 'live' END,
      'r' || g, 'SIDEWAYS', timestamptz '2026-01-05' + g * interval '7 days', timestamptz '2026-01-12' + g * interval '7 days', true,
      '{}'::jsonb, '{}'::jsonb, 10, CASE WHEN g % 2 = 0 THEN 0.01 ELSE 0 END, -0.01, cube(ARRAY[g / 10.0, 0])
    FROM generate_series(0, 9) g
    UNION ALL
    SELECT ${strategyId} || ':now', ${strategyId}, 'v-live', 'live', 'r-now', 'LOW_VOL_BULL', timestamptz '2026-06-22', timestamptz '2026-06-29', false,
      '{}'::jsonb, '{}'::jsonb, 4, 0.002, 0, cube(ARRAY[0.0, 0])`.execute(db);
}

/**
 * Renames the two configs of {@link insertEpisodes} after a proposal on the same strategy: `live` becomes
 * the strategy's live config and `calm` the proposal's proposed config, keyed as the episodes key configs.
 */
export async function keyEpisodesByProposal(db: Kysely<Database>, strategyId: string, proposalId: string): Promise<void> {
  await sql`
    UPDATE meta_episodes e SET config_key = CASE e.config_key
      WHEN 'live' THEN (SELECT md5(v.config_json::text) FROM config_targets t JOIN config_versions v ON v.config_version_id = t.current_version_id
                        WHERE t.target_type = 'STRATEGY_CONFIG' AND t.target_id = ${strategyId})
      ELSE (SELECT md5(p.proposed_config_json::text) FROM meta_controller_config_proposals p WHERE p.proposal_id = ${proposalId}) END
    WHERE e.strategy_id = ${strategyId}`.execute(db);
}
