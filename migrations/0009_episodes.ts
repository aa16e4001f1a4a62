/**
 * Episodes: one strategy's live STRATEGY_CONFIG version over one period (a regime spell cut at week
 * boundaries), with its environment, its config and its outcome, and the environment as a point of the
 * similar-conditions space in a `cube` column under a GiST index, so the nearest episodes are found by
 * `ORDER BY environment <-> point` on the index. `cube` is a contrib module of every PostgreSQL build
 * (and of PGlite, loaded by src/db/embedded.ts); its points have at most 100 dimensions.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE EXTENSION IF NOT EXISTS cube;

    CREATE TABLE meta_episodes (
      episode_id text PRIMARY KEY,
      strategy_id text NOT NULL,
      config_version_id text NOT NULL,
      config_key text NOT NULL,
      regime_id text NOT NULL,
      regime_label text,
      period_start timestamptz NOT NULL,
      period_end timestamptz NOT NULL,
      closed boolean NOT NULL,
      environment_json jsonb NOT NULL,
      config_features_json jsonb NOT NULL,
      n integer NOT NULL,
      mean_return double precision NOT NULL,
      sd_return double precision,
      se_mean_return double precision,
      sharpe double precision,
      hit_rate double precision,
      se_hit_rate double precision,
      max_drawdown double precision NOT NULL,
      environment cube,
      built_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX meta_episodes_environment_gist ON meta_episodes USING gist (environment);
    CREATE INDEX meta_episodes_strategy ON meta_episodes (strategy_id, period_start);

    CREATE TABLE meta_episode_space (
      feature text PRIMARY KEY,
      mean double precision NOT NULL,
      sd double precision NOT NULL,
      weight double precision NOT NULL,
      position integer NOT NULL UNIQUE,
      fitted_at timestamptz NOT NULL DEFAULT now()
    );
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE meta_episode_space; DROP TABLE meta_episodes;`.execute(db);
}
