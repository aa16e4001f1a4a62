/** Which nearest-neighbour index the episodes have, for `kronos db migrate` and `kronos dev` to say. */
import { type Kysely, sql } from 'kysely';
import { MAX_DIMENSIONS } from './queries/episode-space.js';
import type { Database } from './schema.js';

/**
 * One line naming the extension, its version and the index the neighbour queries use.
 *
 * @example
 * await describeNeighbourIndex(db); // 'similar conditions: cube 1.5, GiST index meta_episodes_environment_gist (KNN by <->, at most 100 dimensions)'
 */
export async function describeNeighbourIndex(db: Kysely<Database>): Promise<string> {
  const { rows } = await sql<{ version: string | null; index: string | null }>`
    SELECT (SELECT extversion FROM pg_extension WHERE extname = 'cube') AS version,
      (SELECT indexname FROM pg_indexes WHERE tablename = 'meta_episodes' AND indexdef ILIKE '%USING gist (environment)%') AS index`.execute(db);
  const [{ version, index }] = rows;
  if (!version || !index) return 'similar conditions: no nearest-neighbour index (the cube extension or the GiST index on meta_episodes is missing)';
  return `similar conditions: cube ${version}, GiST index ${index} (KNN by <->, at most ${MAX_DIMENSIONS} dimensions)`;
}
