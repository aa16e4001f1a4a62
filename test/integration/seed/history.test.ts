/**
 * A seeded history is internally consistent, its ground truth names cells that exist in the data, and the
 * planted effects are visible in plain SQL aggregates over the analysis window (and absent in the null
 * scenario's same cells).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type Kysely, sql } from 'kysely';
import type { Database } from '../../../src/db/schema.js';
import type { GroundTruth, PlantedEffect } from '../../../src/seed/ground-truth.js';
import { seedScenario } from '../../../src/seed/seed-scenario.js';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';

const SIZES = { trades: 3_000, decisions: 10_000 };
const WINDOW_START = '2026-03-31T00:00:00Z';

let demo: TestDatabase;
let empty: TestDatabase;
let demoTruth: GroundTruth;
let nullTruth: GroundTruth;

before(async () => {
  [demo, empty] = await Promise.all([createTestDatabase(), createTestDatabase()]);
  demoTruth = await seedScenario(demo.db, { scenario: 'demo', seed: 21, ...SIZES });
  nullTruth = await seedScenario(empty.db, { scenario: 'null', seed: 21, ...SIZES });
});

after(async () => {
  await Promise.all([demo?.drop(), empty?.drop()]);
});

/** Rows a query finds; every consistency query below lists violations, so it must find none. */
async function violations(db: Kysely<Database>, query: ReturnType<typeof sql>): Promise<unknown[]> {
  return (await query.execute(db)).rows;
}

async function one<T>(db: Kysely<Database>, query: ReturnType<typeof sql<T>>): Promise<T> {
  return (await query.execute(db)).rows[0];
}

function effect(truth: GroundTruth, kind: PlantedEffect['kind']): PlantedEffect {
  const found = [...truth.effects, ...truth.null_cells].find((e) => e.kind === kind);
  assert.ok(found, `no ${kind} cell`);
  return found;
}

describe('a seeded history', () => {
  test('has the requested sizes and a trade for exactly each executed decision', async () => {
    const counts = await one(
      demo.db,
      sql<{ trades: number; decisions: number; executed: number; linked: number }>`
      SELECT (SELECT count(*)::int FROM trades) AS trades,
             (SELECT count(*)::int FROM pipeline_decisions) AS decisions,
             (SELECT count(*)::int FROM pipeline_decisions WHERE trade_id IS NOT NULL) AS executed,
             (SELECT count(*)::int FROM trades t JOIN pipeline_decisions d ON d.decision_id = t.decision_id AND d.trade_id = t.trade_id) AS linked`,
    );
    assert.deepEqual(counts, { trades: 3_000, decisions: 10_000, executed: 3_000, linked: 3_000 });
    assert.equal(demoTruth.trades, 3_000);
    assert.equal(demoTruth.decisions, 10_000);
  });

  test('trades add up: notional = |quantity × entry|, return = pnl / notional, closed after opened, before as-of', async () => {
    assert.deepEqual(
      await violations(
        demo.db,
        sql`
        SELECT trade_id FROM trades
        WHERE notional <> abs(quantity * entry_price) OR return_pct <> pnl / notional OR closed_at <= opened_at
           OR closed_at > ${demoTruth.as_of}::timestamptz OR side NOT IN ('LONG', 'SHORT') OR sign(quantity) <> CASE side WHEN 'LONG' THEN 1 ELSE -1 END`,
      ),
      [],
    );
  });

  test('the regime of a trade or decision is the period in force at its entry', async () => {
    assert.deepEqual(
      await violations(
        demo.db,
        sql`
        SELECT trade_id FROM trades t JOIN regime_history r USING (regime_id)
        WHERE t.opened_at < r.started_at OR t.opened_at >= coalesce(r.ended_at, 'infinity')
        UNION ALL
        SELECT decision_id FROM pipeline_decisions d LEFT JOIN regime_history r USING (regime_id)
        WHERE r.regime_id IS NULL OR d.decided_at < r.started_at OR d.decided_at >= coalesce(r.ended_at, 'infinity')`,
      ),
      [],
    );
    const periods = await one(
      demo.db,
      sql<{ open: number; gaps: number }>`
      SELECT count(*) FILTER (WHERE ended_at IS NULL)::int AS open,
             count(*) FILTER (WHERE next_start IS NOT NULL AND next_start <> ended_at)::int AS gaps
      FROM (SELECT ended_at, lead(started_at) OVER (ORDER BY started_at) AS next_start FROM regime_history) p`,
    );
    assert.deepEqual(periods, { open: 1, gaps: 0 });
  });

  test('decisions and trades reference config versions, profiles and universes that were in force', async () => {
    assert.deepEqual(
      await violations(
        demo.db,
        sql`
        SELECT d.decision_id FROM pipeline_decisions d
        LEFT JOIN config_versions s ON s.config_version_id = d.strategy_config_version_id
          AND s.target_type = 'STRATEGY_CONFIG' AND s.target_id = d.strategy_id AND s.created_at <= d.decided_at
        LEFT JOIN config_versions r ON r.config_version_id = d.risk_config_version_id
          AND r.target_type = 'RISK_CONFIG' AND r.target_id = d.strategy_id AND r.created_at <= d.decided_at
        LEFT JOIN company_profile_versions p ON p.profile_version_id = d.profile_version_id
          AND p.instrument_id = d.instrument_id AND p.created_at <= d.decided_at
        LEFT JOIN universe_members m ON m.universe_id = d.universe_id AND m.instrument_id = d.instrument_id
        WHERE s.config_version_id IS NULL OR r.config_version_id IS NULL OR p.profile_version_id IS NULL OR m.instrument_id IS NULL
           OR p.sector <> d.sector
           OR NOT EXISTS (SELECT 1 FROM config_versions v WHERE v.target_type = 'PROMPT_TEMPLATE' AND v.created_at <= d.decided_at
                          AND v.config_json->>'active_template_id' = d.prompt_template_id)
        UNION ALL
        SELECT t.trade_id FROM trades t JOIN pipeline_decisions d USING (decision_id)
        WHERE (t.strategy_config_version_id, t.risk_config_version_id, t.prompt_template_id, t.regime_id, t.profile_version_id, t.universe_id)
          IS DISTINCT FROM (d.strategy_config_version_id, d.risk_config_version_id, d.prompt_template_id, d.regime_id, d.profile_version_id, d.universe_id)`,
      ),
      [],
    );
  });

  test("risk overrides name a rule of the strategy's or the global RISK_CONFIG, and blocked decisions keep a forward return", async () => {
    assert.deepEqual(
      await violations(
        demo.db,
        sql`
        SELECT decision_id FROM pipeline_decisions d
        WHERE (risk_override <> (risk_action <> 'APPROVED'))
           OR (risk_override AND NOT EXISTS (
                SELECT 1 FROM config_versions v, jsonb_array_elements(v.config_json->'override_rules') rule
                WHERE v.target_type = 'RISK_CONFIG' AND v.target_id IN (d.strategy_id, 'global') AND rule->>'rule_id' = d.risk_reason))
           OR (risk_action = 'BLOCKED' AND (forward_return IS NULL OR trade_id IS NOT NULL OR approved_notional <> 0))
           OR (risk_action = 'RESIZED' AND (approved_notional >= proposed_notional OR trade_id IS NULL))
           OR (assessment_error IS NOT NULL AND (trade_id IS NOT NULL OR assessment_score IS NOT NULL))
           OR (assessment_score NOT BETWEEN 0 AND 1)
           OR (trade_id IS NOT NULL AND assessment_action NOT IN ('ENTER_LONG', 'ENTER_SHORT'))`,
      ),
      [],
    );
  });

  test('the config DB covers every target type, its targets point at their newest versions, and changes are logged', async () => {
    const types = await demo.db.selectFrom('config_targets').select('target_type').distinct().orderBy('target_type').execute();
    assert.deepEqual(
      types.map((t) => t.target_type),
      ['EXPERIMENT', 'PROMPT_TEMPLATE', 'RISK_CONFIG', 'SOP_TEMPLATE', 'STRATEGY_CONFIG', 'UNIVERSE_RULES'],
    );
    assert.deepEqual(
      await violations(
        demo.db,
        sql`
        SELECT t.target_id FROM config_targets t JOIN config_versions v ON v.config_version_id = t.current_version_id
        WHERE v.version_no <> (SELECT max(version_no) FROM config_versions w WHERE w.target_type = t.target_type AND w.target_id = t.target_id)
        UNION ALL
        SELECT v.config_version_id FROM config_versions v
        WHERE NOT EXISTS (SELECT 1 FROM config_change_log c WHERE c.to_version_id = v.config_version_id AND c.changed_at = v.created_at)`,
      ),
      [],
    );
    const strategyVersions = await one(
      demo.db,
      sql<{ fewest: number }>`
      SELECT min(n)::int AS fewest FROM (SELECT count(*) AS n FROM config_versions WHERE target_type = 'STRATEGY_CONFIG' GROUP BY target_id) c`,
    );
    assert.ok(strategyVersions.fewest >= 3);
  });

  test("backtests: metrics count the run's trades, failed runs have none, trades fall inside the run's period", async () => {
    assert.deepEqual(
      await violations(
        demo.db,
        sql`
        SELECT r.run_id FROM backtest_runs r LEFT JOIN (SELECT run_id, count(*)::int AS n FROM backtest_trades GROUP BY run_id) b USING (run_id)
        WHERE (r.status = 'COMPLETED' AND (r.metrics_json->>'n_trades')::int IS DISTINCT FROM b.n)
           OR (r.status = 'FAILED' AND b.n IS NOT NULL)
        UNION ALL
        SELECT b.run_id FROM backtest_trades b JOIN backtest_runs r USING (run_id)
        WHERE b.opened_at < r.period_start OR b.closed_at > r.period_end OR b.return_pct <> b.pnl / b.notional`,
      ),
      [],
    );
    const statuses = await demo.db.selectFrom('backtest_runs').select('status').distinct().orderBy('status').execute();
    assert.deepEqual(
      statuses.map((s) => s.status),
      ['COMPLETED', 'FAILED'],
    );
    const keys = await one(
      demo.db,
      sql<{ with_regimes: number; with_lambda: number; missing_some: number }>`
      SELECT count(*) FILTER (WHERE metrics_json ? 'regimes')::int AS with_regimes,
             count(*) FILTER (WHERE metrics_json->'lambda' ? 'by_regime' AND metrics_json->'stab' ? 'score')::int AS with_lambda,
             count(*) FILTER (WHERE NOT (metrics_json ?& array['sortino', 'cagr', 'lambda', 'stab']))::int AS missing_some
      FROM backtest_runs WHERE status = 'COMPLETED'`,
    );
    assert.ok(keys.with_regimes > 0 && keys.with_lambda > 0 && keys.missing_some > 0, JSON.stringify(keys));
  });

  test('SOP executions reference SOP_TEMPLATE versions and the events that triggered them', async () => {
    assert.deepEqual(
      await violations(
        demo.db,
        sql`
        SELECT x.execution_id FROM emergency_sop_executions x
        LEFT JOIN config_versions v ON v.config_version_id = x.sop_version_id AND v.target_type = 'SOP_TEMPLATE' AND v.target_id = x.sop_template_id
        LEFT JOIN black_swan_events e USING (event_id)
        WHERE v.config_version_id IS NULL OR e.event_id IS NULL OR x.triggered_at < e.detected_at OR v.created_at > e.detected_at`,
      ),
      [],
    );
    const severities = await one(demo.db, sql<{ low: number; high: number }>`SELECT min(severity) AS low, max(severity) AS high FROM black_swan_events`);
    assert.ok(severities.low >= 1 && severities.high <= 5 && severities.high > severities.low);
  });
});

describe('seeding options', () => {
  test('bad sizes and seeds are refused in one line before anything is written', async () => {
    const refusals: [Record<string, number>, RegExp][] = [
      [{ seed: 1.5 }, /^seed must be an integer, got 1.5$/],
      [{ seed: 1, trades: 10 }, /^trades must be an integer of at least 200, got 10$/],
      [{ seed: 1, trades: 1_000, decisions: 1_500 }, /^decisions must be an integer of at least 2.5 per trade \(2500 for 1000 trades\), got 1500$/],
    ];
    for (const [options, message] of refusals) {
      await assert.rejects(
        seedScenario(empty.db, { scenario: 'null', seed: 1, ...options }),
        (err: Error) => err.name === 'SeedError' && message.test(err.message),
      );
    }
  });
});

describe('the ground truth', () => {
  test('names cells that exist in the data', async () => {
    const regime = effect(demoTruth, 'STRATEGY_LOSES_IN_REGIME').subject;
    const labels = await demo.db.selectFrom('regime_history').select('label').where('label', '=', regime.regime_label).execute();
    assert.ok(labels.length > 0);
    const strategies = await demo.db.selectFrom('trades').select('strategy_id').distinct().execute();
    for (const e of demoTruth.effects.filter((x) => x.subject.strategy_id)) {
      assert.ok(
        strategies.some((s) => s.strategy_id === e.subject.strategy_id),
        e.subject.strategy_id,
      );
    }
    const rule = effect(demoTruth, 'OVERRIDE_RULE_DESTROYS_VALUE').subject;
    const ruleOwner = await one(
      demo.db,
      sql<{ n: number }>`
      SELECT count(*)::int AS n FROM config_targets t JOIN config_versions v ON v.config_version_id = t.current_version_id,
        jsonb_array_elements(v.config_json->'override_rules') r
      WHERE t.target_type = 'RISK_CONFIG' AND t.target_id = ${rule.strategy_id} AND r->>'rule_id' = ${rule.rule_id}`,
    );
    assert.equal(ruleOwner.n, 1);
    const template = effect(demoTruth, 'PROMPT_TEMPLATE_ERRORS');
    const available = await one(
      demo.db,
      sql<{ ids: string[] }>`
      SELECT array(SELECT jsonb_array_elements_text(v.config_json->'available_template_ids')) AS ids
      FROM config_targets t JOIN config_versions v ON v.config_version_id = t.current_version_id WHERE t.target_type = 'PROMPT_TEMPLATE'`,
    );
    assert.ok(available.ids.includes(template.subject.prompt_template_id) && available.ids.includes(String(template.extra?.better_template_id)));
    const sop = effect(demoTruth, 'SOP_VERSION_WORSE');
    const sopVersions = await demo.db
      .selectFrom('config_versions')
      .select('config_version_id')
      .where('target_type', '=', 'SOP_TEMPLATE')
      .where('target_id', '=', sop.subject.sop_template_id)
      .where('config_version_id', 'in', [sop.subject.sop_version_id, String(sop.extra?.previous_version_id)])
      .execute();
    assert.equal(sopVersions.length, 2);
    const lbb = effect(demoTruth, 'LIVE_BELOW_BACKTEST');
    const run = await demo.db.selectFrom('backtest_runs').selectAll().where('run_id', '=', String(lbb.extra?.backtest_run_id)).executeTakeFirstOrThrow();
    const newer = await demo.db
      .selectFrom('backtest_runs')
      .select('run_id')
      .where('strategy_id', '=', lbb.subject.strategy_id)
      .where('sleeve_id', 'is', null)
      .where('status', '=', 'COMPLETED')
      .where('created_at', '>', run.created_at)
      .execute();
    assert.equal(run.status, 'COMPLETED');
    assert.deepEqual(newer, []);
    const knob = effect(demoTruth, 'KNOB_MATTERS').subject;
    const knobValues = await one(
      demo.db,
      sql<{ values: number }>`
      SELECT count(DISTINCT config_json->'knobs'->>${knob.knob})::int AS values FROM config_versions
      WHERE target_type = 'STRATEGY_CONFIG' AND target_id = ${knob.strategy_id}`,
    );
    assert.equal(knobValues.values, 2);
  });
});

/** Welch's t of two groups' values, from their count, mean and variance computed in SQL. */
const welch = (a: string, b: string) => sql.raw(`(avg(${a}) - avg(${b})) / sqrt(var_samp(${a}) / count(${a}) + var_samp(${b}) / count(${b}))`);

/** t statistics of each planted cell against the rest, over the analysis window. */
async function plantedStatistics(db: Kysely<Database>): Promise<Record<string, number>> {
  const windowStart = sql`${WINDOW_START}::timestamptz`;
  const regime = await one(
    db,
    sql<{ t: number; mean: number; rest: number }>`
    SELECT avg(return_pct) FILTER (WHERE r.label = 'SIDEWAYS') AS mean, avg(return_pct) FILTER (WHERE r.label <> 'SIDEWAYS') AS rest,
           ${welch("CASE WHEN r.label = 'SIDEWAYS' THEN return_pct END", "CASE WHEN r.label <> 'SIDEWAYS' THEN return_pct END")} AS t
    FROM trades t JOIN regime_history r USING (regime_id) WHERE t.strategy_id = 'momentum' AND closed_at >= ${windowStart}`,
  );
  const live = await one(
    db,
    sql<{ t: number }>`
    WITH latest AS (SELECT run_id FROM backtest_runs WHERE strategy_id = 'mean_reversion' AND sleeve_id IS NULL AND status = 'COMPLETED'
                    ORDER BY created_at DESC LIMIT 1),
         both_sides AS (SELECT return_pct AS live, NULL::float8 AS backtest FROM trades WHERE strategy_id = 'mean_reversion' AND closed_at >= ${windowStart}
                        UNION ALL SELECT NULL, return_pct FROM backtest_trades WHERE run_id = (SELECT run_id FROM latest))
    SELECT ${welch('live', 'backtest')} AS t FROM both_sides`,
  );
  const override = await one(
    db,
    sql<{ t: number }>`
    SELECT ${welch("CASE WHEN risk_reason = 'earnings_blackout' THEN forward_return END", "CASE WHEN risk_action = 'APPROVED' THEN forward_return END")} AS t
    FROM pipeline_decisions WHERE strategy_id = 'event_driven' AND decided_at >= ${windowStart} AND assessment_action LIKE 'ENTER%'`,
  );
  const template = await one(
    db,
    sql<{ t: number }>`
    SELECT ${welch("CASE WHEN prompt_template_id = 'assessment-v7' THEN (assessment_error IS NOT NULL)::int END", "CASE WHEN prompt_template_id <> 'assessment-v7' THEN (assessment_error IS NOT NULL)::int END")} AS t
    FROM pipeline_decisions WHERE decided_at >= ${windowStart}`,
  );
  const knobs = await one(
    db,
    sql<{ active: number; inert: number }>`
    SELECT ${welch("CASE WHEN v.config_json->'knobs'->>'lookback_days' = '60' THEN return_pct END", "CASE WHEN v.config_json->'knobs'->>'lookback_days' = '20' THEN return_pct END")} AS active,
           ${welch("CASE WHEN v.config_json->'knobs'->>'zscore_entry' = '2.5' THEN return_pct END", "CASE WHEN v.config_json->'knobs'->>'zscore_entry' = '1.5' THEN return_pct END")} AS inert
    FROM trades t JOIN config_versions v ON v.config_version_id = t.strategy_config_version_id
    WHERE t.strategy_id = 'stat_arb' AND closed_at >= ${windowStart}`,
  );
  const share = '(pnl_during_event - counterfactual_pnl) / abs(counterfactual_pnl)';
  const sop = await one(
    db,
    sql<{ t: number }>`
    SELECT ${welch(`CASE WHEN sop_version_id = 'sop-market_crash_sop-v3' THEN ${share} END`, `CASE WHEN sop_version_id = 'sop-market_crash_sop-v2' THEN ${share} END`)} AS t
    FROM emergency_sop_executions WHERE triggered_at >= ${windowStart}`,
  );
  return {
    regime_mean: regime.mean,
    regime_rest: regime.rest,
    regime: regime.t,
    live_vs_backtest: live.t,
    override: override.t,
    template: template.t,
    knob: knobs.active,
    inert_knob: knobs.inert,
    sop: sop.t,
  };
}

describe('planted effects in raw aggregates over the analysis window', () => {
  test('each planted cell stands out clearly in the demo scenario', async () => {
    const stats = await plantedStatistics(demo.db);
    assert.ok(stats.regime_mean < -0.005 && stats.regime_rest > 0, JSON.stringify(stats));
    assert.ok(stats.regime < -5, `regime t ${stats.regime}`);
    assert.ok(stats.live_vs_backtest < -4, `live vs backtest t ${stats.live_vs_backtest}`);
    assert.ok(stats.override > 4, `override t ${stats.override}`);
    assert.ok(stats.template > 8, `template t ${stats.template}`);
    assert.ok(stats.knob > 4, `knob t ${stats.knob}`);
    assert.ok(Math.abs(stats.inert_knob) < 3, `inert knob t ${stats.inert_knob}`);
    assert.ok(stats.sop < -4, `SOP t ${stats.sop}`);
  });

  test('the same cells are unremarkable in the null scenario', async () => {
    const stats = await plantedStatistics(empty.db);
    assert.ok(stats.regime_mean > 0, JSON.stringify(stats));
    for (const name of ['regime', 'live_vs_backtest', 'override', 'template', 'knob', 'inert_knob', 'sop']) {
      assert.ok(Math.abs(stats[name]) < 3, `${name} t ${stats[name]} in the null scenario`);
    }
    assert.equal(nullTruth.effects.length, 0);
  });
});
