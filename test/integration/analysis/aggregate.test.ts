/**
 * The aggregation on the real PostgreSQL over a small hand-written history with bad rows in it: the
 * sums match a computation in JavaScript over the same trades, every defect is counted, and the
 * diagnostics run on top without failing. Also: the analysis-run storage, and `kronos analyze --dry-run`.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { after, before, test } from 'node:test';
import { promisify } from 'node:util';
import { diagnose } from '../../../src/analysis/diagnose.js';
import { resolveWindow } from '../../../src/analysis/window.js';
import { aggregate } from '../../../src/db/queries/aggregate.js';
import { decisionCube } from '../../../src/db/queries/decision-cube.js';
import { tradeCube } from '../../../src/db/queries/trade-cube.js';
import {
  createAnalysisRun,
  finishAnalysisRun,
  loadAggregates,
  loadAnalysisWindow,
  loadDiagnostics,
  saveAggregates,
  saveDiagnostics,
  setRunStage,
} from '../../../src/db/repositories/analysis-runs.js';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';

const AS_OF = new Date('2026-06-29T00:00:00Z');
const window = resolveWindow({ asOf: AS_OF, windowDays: 30 });
const day = (i: number, hour = 15) => new Date(Date.parse(window.start) + i * 86_400_000 + hour * 3_600_000);
let database: TestDatabase;

/** Clean returns of strategy alpha: 12 trades a day for 25 days, in regime r1 (days 0–14) and r2 (15–29). */
function cleanReturns(): Array<{ day: number; r: number }> {
  const out: Array<{ day: number; r: number }> = [];
  for (let d = 0; d < 25; d++) for (let k = 0; k < 12; k++) out.push({ day: d, r: ((d * 7 + k * 13) % 17) / 1000 - 0.008 });
  return out;
}

before(async () => {
  database = await createTestDatabase('kronos_aggregate');
  const { db } = database;
  await db
    .insertInto('regime_history')
    .values([
      {
        regime_id: 'r1',
        market: 'US',
        label: 'CALM',
        started_at: day(-5, 0),
        ended_at: day(15, 0),
        features_json: JSON.stringify({ realized_vol: 0.1, dispersion: 0.02 }),
      },
      {
        regime_id: 'r2',
        market: 'US',
        label: 'CRISIS',
        started_at: day(15, 0),
        ended_at: null,
        features_json: JSON.stringify({ realized_vol: 0.5, dispersion: 0.06 }),
      },
    ])
    .execute();
  await db
    .insertInto('config_versions')
    .values({
      config_version_id: 'cv1',
      target_type: 'STRATEGY_CONFIG',
      target_id: 'alpha',
      version_no: 1,
      config_json: JSON.stringify({ knobs: { lookback: 20 } }),
      created_by: 'test',
    })
    .execute();
  const trade = (id: string, d: number, r: number | null, extra: Record<string, unknown> = {}) => ({
    trade_id: id,
    strategy_id: 'alpha',
    instrument_id: `i-${id}`,
    sector: 'TECH',
    side: 'LONG',
    opened_at: day(d, 14),
    closed_at: day(d),
    quantity: 10,
    entry_price: 100,
    exit_price: 101,
    notional: 1000,
    pnl: r === null ? null : r * 1000,
    return_pct: r,
    fees: 1,
    regime_id: d < 15 ? 'r1' : 'r2',
    universe_id: 'u1',
    profile_version_id: null,
    strategy_config_version_id: 'cv1',
    risk_config_version_id: null,
    prompt_template_id: 'tpl1',
    agent_graph_version: 'g1',
    ...extra,
  });
  await db
    .insertInto('trades')
    .values(cleanReturns().map(({ day: d, r }, i) => trade(`t${i}`, d, r)))
    .execute();
  await db
    .insertInto('trades')
    .values([
      trade('nan', 3, Number.NaN),
      trade('inf', 4, Number.POSITIVE_INFINITY),
      trade('null', 5, null),
      trade('ghost-regime', 6, 0.01, { regime_id: 'r9' }),
      trade('ghost-config', 7, 0.01, { strategy_config_version_id: 'cv9' }),
      trade('outside', 8, 0.01, { regime_id: 'r2' }),
      trade('dup-a', 9, 0.002, { instrument_id: 'dup' }),
      trade('dup-b', 9, 0.002, { instrument_id: 'dup' }),
      trade('before-window', -3, 0.5),
    ])
    .execute();
  await db
    .insertInto('pipeline_decisions')
    .values(
      Array.from({ length: 60 }, (_, i) => ({
        decision_id: `d${i}`,
        decided_at: day(i % 25),
        strategy_id: 'alpha',
        instrument_id: 'i1',
        sector: 'TECH',
        regime_id: i % 25 < 15 ? 'r1' : 'r2',
        universe_id: 'u1',
        profile_version_id: null,
        strategy_config_version_id: 'cv1',
        risk_config_version_id: null,
        prompt_template_id: 'tpl1',
        agent_graph_version: 'g1',
        assessment_action: 'ENTER_LONG',
        assessment_score: (i % 10) / 10 + 0.05,
        assessment_error: i % 20 === 0 ? 'PARSE_ERROR' : null,
        risk_action: i % 6 === 0 ? 'BLOCKED' : 'APPROVED',
        risk_override: i % 6 === 0,
        risk_reason: i % 6 === 0 ? 'blackout' : null,
        proposed_notional: 1000,
        approved_notional: i % 6 === 0 ? 0 : 1000,
        forward_return: i === 7 ? Number.NaN : i === 8 ? null : ((i % 7) - 3) / 1000,
        trade_id: null,
      })),
    )
    .execute();
});

after(async () => {
  await database.drop();
});

test('per-cell sums match the same computation over the trades, and every bad row is counted', async () => {
  const agg = await aggregate(database.db, window);
  const valid = [...cleanReturns().map((t) => t.r), 0.01, 0.01, 0.01, 0.002, 0.002];
  const strategy = agg.performance.find((c) => c.dimension === 'strategy' && c.key.strategy_id === 'alpha')!;
  assert.equal(strategy.moments.n, valid.length);
  assert.ok(Math.abs(strategy.moments.sum - valid.reduce((s, r) => s + r, 0)) < 1e-12);
  assert.ok(Math.abs(strategy.moments.sum_sq - valid.reduce((s, r) => s + r * r, 0)) < 1e-12);
  assert.equal(strategy.moments.wins + strategy.moments.losses, valid.filter((r) => r !== 0).length);
  const sorted = [...valid].sort((a, b) => a - b);
  const h = 0.05 * (sorted.length - 1);
  const p05 = sorted[Math.floor(h)] + (h - Math.floor(h)) * (sorted[Math.floor(h) + 1] - sorted[Math.floor(h)]);
  assert.ok(Math.abs(strategy.quantiles!.p05 - p05) < 1e-12, 'the 5 % quantile interpolates as numpy');
  const tail = sorted.slice(0, Math.floor((sorted.length - 1) * 0.05) + 1);
  assert.ok(Math.abs(strategy.quantiles!.es95 - tail.reduce((s, r) => s + r, 0) / tail.length) < 1e-12, 'ES over the empyrical tail count');
  assert.deepEqual(agg.quality, {
    trades: valid.length + 3,
    decisions: 60,
    null_returns: 1,
    non_finite_returns: 2,
    null_forward_returns: 1,
    non_finite_forward_returns: 1,
    unknown_regime_trades: 1,
    unknown_regime_decisions: 0,
    unknown_config_trades: 1,
    duplicate_trades: 1,
    outside_regime_period: 1,
  });
  const regimes = agg.performance
    .filter((c) => c.dimension === 'strategy_regime')
    .map((c) => c.key.regime_label)
    .sort();
  assert.deepEqual(regimes, ['(unknown)', 'CALM', 'CRISIS']);
  assert.equal(agg.day_regimes[0], 'CALM');
  assert.equal(agg.day_regimes[20], 'CRISIS');
  assert.ok(agg.overrides.some((c) => c.rule_id === 'blackout' && c.risk_action === 'BLOCKED'));
  assert.deepEqual(
    agg.knob_versions.map((v) => v.knobs),
    [{ lookback: 20 }],
  );

  const result = diagnose(agg, { seed: 1 });
  assert.ok(result.data_quality.score < 1 && result.data_quality.score > 0.9);
  assert.ok(result.tests > 0);
});

test('on a stretch without bad values the raw reading gives what the screened one gives', async () => {
  const clean = { from: day(10, 0).toISOString(), to: window.end };
  const sleeves = { strategy_id: [], instrument_id: [], sleeve_id: [] };
  const order = (rows: object[]) => rows.map((row) => JSON.stringify(row)).sort();
  assert.deepEqual(order(await tradeCube(database.db, window, clean, sleeves, 'raw')), order(await tradeCube(database.db, window, clean, sleeves, 'screened')));
  assert.deepEqual(order(await decisionCube(database.db, window, clean, 'raw')), order(await decisionCube(database.db, window, clean, 'screened')));
  const dirty = { from: window.start, to: window.end };
  const rawSums = (await tradeCube(database.db, window, dirty, sleeves, 'raw')).map((row) => row.sum);
  assert.ok(
    rawSums.some((sum) => !Number.isFinite(sum)),
    'a NaN return poisons the raw sums of its group, which is what readExactly looks for',
  );
});

test('above the sample cap the quantiles come from a uniform sample, and say so', async () => {
  const sampled = await aggregate(database.db, window, { quantileSampleCap: 100 });
  assert.ok(sampled.quantile_sample_rate > 0.2 && sampled.quantile_sample_rate < 0.4);
  const strategy = sampled.performance.find((c) => c.dimension === 'strategy')!;
  assert.ok(strategy.quantiles!.n < strategy.moments.n && strategy.quantiles!.n > 50, `${strategy.quantiles!.n} sampled`);
  assert.ok(strategy.quantiles!.p05 < strategy.quantiles!.p50 && strategy.quantiles!.p50 < strategy.quantiles!.p95);
});

test('an empty window aggregates to nothing and diagnoses to an empty result', async () => {
  const empty = await aggregate(database.db, resolveWindow({ asOf: new Date('2020-01-01T00:00:00Z'), windowDays: 10 }));
  assert.equal(empty.performance.length, 0);
  const result = diagnose(empty);
  assert.equal(result.data_quality.empty_window, true);
  assert.deepEqual(result.findings, []);
});

test('an analysis run stores its aggregates and diagnostics, and a retried write changes nothing', async () => {
  const { db } = database;
  const runId = 'run-test-1';
  await createAnalysisRun(db, { runId, window, trigger: 'test' });
  await createAnalysisRun(db, { runId, window: resolveWindow({ asOf: new Date('2030-01-01T00:00:00Z') }), trigger: 'retry' });
  assert.deepEqual(await loadAnalysisWindow(db, runId), window);
  assert.equal(await loadAggregates(db, runId), undefined);
  const agg = await aggregate(db, window);
  await saveAggregates(db, runId, agg);
  await setRunStage(db, runId, 'diagnose');
  const result = diagnose((await loadAggregates(db, runId))!, { seed: 3 });
  assert.deepEqual(result, diagnose(agg, { seed: 3 }), 'stored aggregates diagnose as the fresh ones');
  await saveDiagnostics(db, runId, result);
  assert.deepEqual(await loadDiagnostics(db, runId), result);
  await finishAnalysisRun(db, runId, { status: 'COMPLETED', summary: { findings: result.findings.length } });
  await finishAnalysisRun(db, runId, { status: 'FAILED', summary: {}, error: 'late retry' });
  const row = await db.selectFrom('meta_analysis_runs').selectAll().where('run_id', '=', runId).executeTakeFirstOrThrow();
  assert.equal(row.status, 'COMPLETED');
  assert.equal(row.trigger, 'test');
  assert.equal(row.error, null);
});

test('kronos analyze --dry-run --json prints one JSON object and writes nothing', async () => {
  // A live config that breaks its schema is reported, never edited.
  await database.db
    .insertInto('config_versions')
    .values({
      config_version_id: 'risk-broken-v1',
      target_type: 'RISK_CONFIG',
      target_id: 'broken',
      version_no: 1,
      created_by: 'desk',
      config_json: JSON.stringify({ strategy_budget_notional: -5, max_gross_exposure: 1, max_drawdown_stop: 0.2, override_rules: [] }),
    })
    .execute();
  await database.db.insertInto('config_targets').values({ target_type: 'RISK_CONFIG', target_id: 'broken', current_version_id: 'risk-broken-v1' }).execute();
  const count = async () =>
    Promise.all(
      ['meta_analysis_runs', 'meta_controller_config_proposals', 'config_versions'].map(async (table) =>
        Number(
          (
            await database.db
              .selectFrom(table as 'config_versions')
              .select((eb) => eb.fn.countAll().as('n'))
              .executeTakeFirstOrThrow()
          ).n,
        ),
      ),
    );
  const before = await count();
  const { stdout } = await promisify(execFile)(process.execPath, [
    'bin/kronos.js',
    'analyze',
    '--dry-run',
    '--json',
    '--as-of',
    AS_OF.toISOString(),
    '--window',
    '30',
    '--database-url',
    database.url,
  ]);
  const report = JSON.parse(stdout);
  assert.deepEqual(Object.keys(report), ['window', 'data_quality', 'diagnostics', 'proposals']);
  assert.deepEqual(report.window, window);
  assert.ok(Array.isArray(report.proposals));
  assert.ok(report.proposals.every((p: { target_id: string }) => p.target_id !== 'broken'));
  const invalid = report.diagnostics.unproposed.invalid_live.find((c: { target_id: string }) => c.target_id === 'broken');
  assert.equal(invalid?.config_version_id, 'risk-broken-v1');
  assert.match(invalid?.error ?? '', /strategy_budget_notional/);
  assert.deepEqual(await count(), before);
  const refused = await promisify(execFile)(process.execPath, ['bin/kronos.js', 'analyze', '--dry-run', '--wait', '--database-url', database.url]).catch(
    (err: { stderr: string }) => err,
  );
  assert.match((refused as { stderr: string }).stderr, /^kronos: --dry-run runs in this process/m);
});
