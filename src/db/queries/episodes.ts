/**
 * Builds the episodes (meta_episodes) from the contract tables, in one statement: one row per strategy,
 * STRATEGY_CONFIG version in force at entry, and period (the entry regime's spell cut at UTC week
 * boundaries), with the environment of the period, the config's features and the outcome of its trades.
 * Incremental: only trades opened since the oldest open episode (or the newest episode's end) are read,
 * and a closed episode is never rewritten. See docs/similar-conditions.md.
 */
import { type Kysely, sql } from 'kysely';
import type { Database } from '../schema.js';

/** An episode closes this long after its period ends: the trades opened in it have closed by then. */
export const EPISODE_CLOSE_AFTER_DAYS = 14;

export interface EpisodeBuild {
  /** Episodes inserted or brought up to date (open ones, and those that closed now). */
  written: number;
  /** Episodes in the table after the build. */
  total: number;
}

/**
 * Writes the episodes of the trades opened and closed before `asOf`.
 *
 * @example
 * const { written } = await buildEpisodes(db, '2026-06-29T00:00:00Z');
 */
export async function buildEpisodes(db: Kysely<Database>, asOf: string): Promise<EpisodeBuild> {
  // The per-episode mixes are MATERIALIZED: the planner estimates one row for each CTE, and an inlined
  // aggregate on the inner side of its nested loop would be recomputed once per episode (7x slower).
  const result = await sql`
    WITH mark AS (
      SELECT coalesce((SELECT min(period_start) FROM meta_episodes WHERE NOT closed), (SELECT max(period_end) FROM meta_episodes), '-infinity'::timestamptz) AS since
    ),
    t AS (
      SELECT tr.trade_id, tr.strategy_id, tr.strategy_config_version_id AS config_version_id, tr.regime_id, tr.instrument_id,
        tr.universe_id, tr.profile_version_id, tr.return_pct, tr.closed_at, r.label AS regime_label, r.features_json AS regime_features,
        greatest(r.started_at, date_trunc('week', tr.opened_at, 'UTC')) AS period_start,
        least(coalesce(r.ended_at, 'infinity'), date_trunc('week', tr.opened_at, 'UTC') + interval '7 days') AS period_end
      FROM trades tr JOIN regime_history r ON r.regime_id = tr.regime_id
      WHERE tr.opened_at >= (SELECT since FROM mark) AND tr.opened_at < ${asOf}::timestamptz AND tr.closed_at <= ${asOf}::timestamptz
        AND tr.opened_at >= r.started_at AND tr.opened_at < coalesce(r.ended_at, 'infinity')
        AND tr.return_pct > '-Infinity'::float8 AND tr.return_pct < 'Infinity'::float8 AND tr.strategy_config_version_id IS NOT NULL
    ),
    market AS (
      SELECT regime_id, period_start, stddev_samp(return_pct) AS realised_vol FROM t GROUP BY regime_id, period_start
    ),
    dispersion AS (
      SELECT regime_id, period_start, stddev_samp(m) AS dispersion
      FROM (SELECT regime_id, period_start, avg(return_pct) AS m FROM t GROUP BY regime_id, period_start, instrument_id) per_instrument
      GROUP BY regime_id, period_start
    ),
    curve AS (
      SELECT t.*, sum(return_pct) OVER (PARTITION BY strategy_id, config_version_id, regime_id, period_start ORDER BY closed_at, trade_id) AS cum FROM t
    ),
    drawdown AS (
      SELECT curve.*, cum - greatest(0, max(cum) OVER (PARTITION BY strategy_id, config_version_id, regime_id, period_start ORDER BY closed_at, trade_id)) AS below_peak
      FROM curve
    ),
    outcome_sums AS (
      SELECT strategy_id, config_version_id, regime_id, period_start, min(period_end) AS period_end, min(regime_label) AS regime_label,
        (array_agg(regime_features))[1] AS regime_features, count(*)::int AS n, avg(return_pct) AS mean_return, stddev_samp(return_pct) AS sd_return,
        avg(return_pct ^ 2) AS m2, avg(return_pct ^ 3) AS m3, avg(return_pct ^ 4) AS m4,
        avg((return_pct > 0)::int) AS hit_rate, least(0, min(below_peak)) AS max_drawdown, mode() WITHIN GROUP (ORDER BY universe_id) AS universe_id
      FROM drawdown GROUP BY strategy_id, config_version_id, regime_id, period_start
    ),
    outcome AS (
      -- The Sharpe ratio's standard error for returns that are not normal (Mertens 2002, as in the PSR):
      -- √((1 − skew·S + (kurtosis − 1)/4·S²) / (n − 1)), the moments central and by the population.
      SELECT o.*, CASE WHEN o.n > 1 AND o.sd_return > 0 THEN sqrt(greatest(0,
          1 - central.skew * o.mean_return / o.sd_return + (central.kurtosis - 1) / 4 * (o.mean_return / o.sd_return) ^ 2) / (o.n - 1)) END AS se_sharpe
      FROM outcome_sums o, LATERAL (
        SELECT (o.m3 - 3 * o.mean_return * o.m2 + 2 * o.mean_return ^ 3) / nullif(o.m2 - o.mean_return ^ 2, 0) ^ 1.5 AS skew,
          (o.m4 - 4 * o.mean_return * o.m3 + 6 * o.mean_return ^ 2 * o.m2 - 3 * o.mean_return ^ 4) / nullif(o.m2 - o.mean_return ^ 2, 0) ^ 2 AS kurtosis
      ) central
    ),
    sector_mix AS MATERIALIZED (
      SELECT universe_id, jsonb_object_agg('sector_mix.' || sector, share) AS mix
      FROM (
        SELECT universe_id, coalesce(sector, 'unknown') AS sector,
          sum(coalesce(weight, 1)) / nullif(sum(sum(coalesce(weight, 1))) OVER (PARTITION BY universe_id), 0) AS share
        FROM universe_members WHERE universe_id IN (SELECT universe_id FROM outcome) GROUP BY universe_id, coalesce(sector, 'unknown')
      ) shares WHERE share IS NOT NULL GROUP BY universe_id
    ),
    attributes AS (
      SELECT t.strategy_id, t.config_version_id, t.regime_id, t.period_start, a.key, a.value
      FROM t JOIN company_profile_versions p ON p.profile_version_id = t.profile_version_id,
        jsonb_each(CASE WHEN jsonb_typeof(p.attributes_json) = 'object' THEN p.attributes_json ELSE '{}'::jsonb END) a
    ),
    profile_mix AS MATERIALIZED (
      SELECT strategy_id, config_version_id, regime_id, period_start, jsonb_object_agg(feature, value) AS mix
      FROM (
        SELECT strategy_id, config_version_id, regime_id, period_start, 'profile.' || key AS feature, avg((value #>> '{}')::float8) AS value
        FROM attributes WHERE jsonb_typeof(value) = 'number' GROUP BY strategy_id, config_version_id, regime_id, period_start, key
        UNION ALL
        SELECT strategy_id, config_version_id, regime_id, period_start, 'profile.' || key || '=' || (value #>> '{}'),
          count(*)::float8 / sum(count(*)) OVER (PARTITION BY strategy_id, config_version_id, regime_id, period_start, key)
        FROM attributes WHERE jsonb_typeof(value) = 'string' GROUP BY strategy_id, config_version_id, regime_id, period_start, key, value #>> '{}'
      ) features GROUP BY strategy_id, config_version_id, regime_id, period_start
    ),
    flat AS (
      SELECT v.config_version_id, v.target_id, e.key AS path, e.value
      FROM config_versions v, jsonb_each(v.config_json) e
      WHERE v.target_type = 'STRATEGY_CONFIG' AND jsonb_typeof(v.config_json) = 'object' AND jsonb_typeof(e.value) <> 'object'
      UNION ALL
      SELECT v.config_version_id, v.target_id, e.key || '.' || i.key, i.value
      FROM config_versions v, jsonb_each(v.config_json) e, jsonb_each(e.value) i
      WHERE v.target_type = 'STRATEGY_CONFIG' AND jsonb_typeof(v.config_json) = 'object' AND jsonb_typeof(e.value) = 'object'
    ),
    config_items AS (
      SELECT config_version_id, target_id, path AS feature, (value #>> '{}')::float8 AS x, true AS scaled FROM flat WHERE jsonb_typeof(value) = 'number'
      UNION ALL
      SELECT config_version_id, target_id, path, CASE WHEN value = 'true'::jsonb THEN 1 ELSE 0 END, false FROM flat WHERE jsonb_typeof(value) = 'boolean'
      UNION ALL
      SELECT config_version_id, target_id, path || '=' || (value #>> '{}'), 1, false FROM flat WHERE jsonb_typeof(value) = 'string'
      UNION ALL
      SELECT f.config_version_id, f.target_id, f.path || '=' || (el.item #>> '{}'), 1, false FROM flat f, jsonb_array_elements(f.value) AS el(item) WHERE jsonb_typeof(f.value) = 'array'
    ),
    config_features AS MATERIALIZED (
      SELECT config_version_id, jsonb_object_agg(feature, value) AS features
      FROM (
        SELECT config_version_id, feature,
          -- entry_threshold has the contract's range, 0–1, as it is; the contract bounds no other number,
          -- so each is scaled over the range the strategy's versions span
          CASE WHEN scaled AND feature <> 'entry_threshold' THEN coalesce((x - min(x) OVER w) / nullif(max(x) OVER w - min(x) OVER w, 0), 0) ELSE x END AS value
        FROM config_items WINDOW w AS (PARTITION BY target_id, feature)
      ) scaled GROUP BY config_version_id
    )
    INSERT INTO meta_episodes (episode_id, strategy_id, config_version_id, config_key, regime_id, regime_label, period_start, period_end, closed,
      environment_json, config_features_json, n, mean_return, sd_return, se_mean_return, sharpe, se_sharpe, hit_rate, se_hit_rate, max_drawdown, built_at)
    SELECT o.strategy_id || ':' || o.config_version_id || ':' || o.regime_id || ':' || to_char(o.period_start AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
      o.strategy_id, o.config_version_id, md5(coalesce(v.config_json::text, o.config_version_id)), o.regime_id, o.regime_label, o.period_start, o.period_end,
      o.period_end + make_interval(days => ${EPISODE_CLOSE_AFTER_DAYS}) <= ${asOf}::timestamptz,
      (SELECT coalesce(jsonb_object_agg('regime.' || f.key, f.value), '{}'::jsonb)
         FROM jsonb_each(CASE WHEN jsonb_typeof(o.regime_features) = 'object' THEN o.regime_features ELSE '{}'::jsonb END) f WHERE jsonb_typeof(f.value) = 'number')
        || jsonb_strip_nulls(jsonb_build_object('trades.realised_vol', m.realised_vol, 'trades.dispersion', d.dispersion))
        || coalesce(s.mix, '{}'::jsonb) || coalesce(p.mix, '{}'::jsonb),
      coalesce(c.features, '{}'::jsonb), o.n, o.mean_return, o.sd_return, o.sd_return / sqrt(o.n), o.mean_return / nullif(o.sd_return, 0), o.se_sharpe,
      o.hit_rate, sqrt(o.hit_rate * (1 - o.hit_rate) / o.n), o.max_drawdown, now()
    FROM outcome o
    LEFT JOIN config_versions v ON v.config_version_id = o.config_version_id
    LEFT JOIN market m ON m.regime_id = o.regime_id AND m.period_start = o.period_start
    LEFT JOIN dispersion d ON d.regime_id = o.regime_id AND d.period_start = o.period_start
    LEFT JOIN sector_mix s ON s.universe_id = o.universe_id
    LEFT JOIN profile_mix p ON (p.strategy_id, p.config_version_id, p.regime_id, p.period_start) = (o.strategy_id, o.config_version_id, o.regime_id, o.period_start)
    LEFT JOIN config_features c ON c.config_version_id = o.config_version_id
    ON CONFLICT (episode_id) DO UPDATE SET
      period_end = excluded.period_end, closed = excluded.closed, environment_json = excluded.environment_json,
      config_features_json = excluded.config_features_json, n = excluded.n, mean_return = excluded.mean_return, sd_return = excluded.sd_return,
      se_mean_return = excluded.se_mean_return, sharpe = excluded.sharpe, se_sharpe = excluded.se_sharpe, hit_rate = excluded.hit_rate, se_hit_rate = excluded.se_hit_rate,
      max_drawdown = excluded.max_drawdown, built_at = excluded.built_at
    WHERE NOT meta_episodes.closed`.execute(db);
  const { total } = await db
    .selectFrom('meta_episodes')
    .select((eb) => eb.fn.countAll<string>().as('total'))
    .executeTakeFirstOrThrow();
  return { written: Number(result.numAffectedRows ?? 0), total: Number(total) };
}
