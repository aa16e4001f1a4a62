/**
 * The similar-conditions space: every numeric environment feature of the episodes, standardised over
 * the whole history (z-scores, a feature missing from an episode at the mean), each weighted by
 * 1/√(features in its group) so that the regime's own numbers, the trades' realised volatility and
 * dispersion, the sector mix and the profile mix weigh the same however many features each has. The
 * points go into meta_episodes.environment, a `cube` under a GiST index. See docs/similar-conditions.md.
 */
import { type Kysely, sql } from 'kysely';
import type { Database } from '../schema.js';

/** `cube`'s compiled-in limit (CUBE_MAX_DIM): past it the most widely present features are kept. */
export const MAX_DIMENSIONS = 100;

export interface SpaceFeature {
  feature: string;
  mean: number;
  sd: number;
  weight: number;
  position: number;
}

/**
 * Refits the space over every episode and rewrites each episode's point (one UPDATE): the scale moves
 * with the history, the episodes' measured features do not. Returns the features, in cube order.
 *
 * @example
 * const features = await fitEpisodeSpace(db); // [{ feature: 'regime.realized_vol', mean: 0.2, sd: 0.1, weight: 0.58, position: 1 }, …]
 */
export async function fitEpisodeSpace(db: Kysely<Database>): Promise<SpaceFeature[]> {
  return db.transaction().execute(async (trx) => {
    await sql`DELETE FROM meta_episode_space`.execute(trx);
    await sql`
      WITH observed AS (
        SELECT f.key AS feature, (f.value #>> '{}')::float8 AS x
        FROM meta_episodes e, jsonb_each(e.environment_json) f WHERE jsonb_typeof(f.value) = 'number'
      ),
      stats AS (
        SELECT feature, avg(x) AS mean, stddev_pop(x) AS sd, count(*) AS present FROM observed GROUP BY feature
      ),
      kept AS (
        SELECT *, split_part(feature, '.', 1) AS grp FROM stats
        WHERE sd > 0 ORDER BY present DESC, feature LIMIT ${MAX_DIMENSIONS}
      )
      INSERT INTO meta_episode_space (feature, mean, sd, weight, position)
      SELECT feature, mean, sd, 1 / sqrt(count(*) OVER (PARTITION BY grp)), row_number() OVER (ORDER BY feature) FROM kept`.execute(trx);
    await sql`
      UPDATE meta_episodes e SET environment = (
        SELECT cube(array_agg(coalesce(((e.environment_json ->> s.feature)::float8 - s.mean) / s.sd, 0) * s.weight ORDER BY s.position))
        FROM meta_episode_space s
      )`.execute(trx);
    return trx.selectFrom('meta_episode_space').select(['feature', 'mean', 'sd', 'weight', 'position']).orderBy('position').execute();
  });
}
