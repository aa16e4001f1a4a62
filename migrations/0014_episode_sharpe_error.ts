/**
 * The standard error of each episode's per-trade Sharpe ratio, so every outcome of an episode carries its
 * uncertainty. Episodes are a cache of the contract tables: they are emptied here, and the next build
 * computes every one again (closed episodes included) with the new column and the config features'
 * contract-bounded scale.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE meta_episodes ADD COLUMN se_sharpe double precision;
    DELETE FROM meta_episodes;
    DELETE FROM meta_episode_space;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE meta_episodes DROP COLUMN se_sharpe`.execute(db);
}
