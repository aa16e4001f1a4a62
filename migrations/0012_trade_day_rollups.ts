/**
 * Daily rollups of the trades: the trade cube's finest-grain sums per closing day (in a time zone), so a
 * window's cube is a merge of its days, and each day's fingerprint (count and an order-independent sum of
 * row hashes over the columns the cube reads), so a run recomputes only the days whose trades changed.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE meta_trade_day_rollups (
      time_zone text NOT NULL,
      day date NOT NULL,
      strategy_id text,
      strategy_config_version_id text,
      regime_id text,
      sector text,
      universe_id text,
      prompt_template_id text,
      agent_graph_version text,
      instrument_id text,
      profile_version_id text,
      rows double precision NOT NULL,
      n double precision NOT NULL,
      sum double precision NOT NULL,
      sum_sq double precision NOT NULL,
      sum_cube double precision NOT NULL,
      sum_quad double precision NOT NULL,
      wins double precision NOT NULL,
      losses double precision NOT NULL,
      downside_sq double precision NOT NULL,
      gross_profit double precision NOT NULL,
      gross_loss double precision NOT NULL,
      pnl double precision NOT NULL,
      notional double precision NOT NULL,
      null_returns double precision NOT NULL,
      non_finite_returns double precision NOT NULL,
      first_opened timestamptz,
      last_opened timestamptz
    );
    CREATE INDEX meta_trade_day_rollups_day ON meta_trade_day_rollups (time_zone, day);

    CREATE TABLE meta_trade_day_fingerprints (
      time_zone text NOT NULL,
      day date NOT NULL,
      trades bigint NOT NULL,
      row_hash_sum numeric NOT NULL,
      longest_hold_seconds double precision,
      refreshed_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (time_zone, day)
    );
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE meta_trade_day_fingerprints; DROP TABLE meta_trade_day_rollups`.execute(db);
}
