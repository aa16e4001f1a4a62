import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { BacktestAggregate, SopCell } from '../../../../src/analysis/aggregates.js';
import { blackSwanSopsSection } from '../../../../src/analysis/diagnostics/black-swan-sops.js';
import { dataQuality } from '../../../../src/analysis/diagnostics/data-quality.js';
import { selectTopSleevesLambdaRobust, selectTopSleevesLambdaUplift } from '../../../../src/analysis/diagnostics/sleeve-selection.js';
import { emptyAggregates, momentsOf } from './fixtures.js';

function run(sleeve: string, metrics: Record<string, unknown>): BacktestAggregate {
  return {
    run_id: `bt-${sleeve}`,
    strategy_id: 's',
    sleeve_id: sleeve,
    config_version_id: null,
    same_config_as_live: false,
    created_at: '',
    period_start: '',
    period_end: '',
    metrics,
    trades: momentsOf([]),
    regimes: {},
    daily_pnl: [],
    daily_span_days: 0,
  };
}

const runs = [
  run('a', {
    lambda: {
      baseline_sharpe: 1,
      lambda_sharpe: 1.5,
      by_regime: { X: { baseline_sharpe: 1, lambda_sharpe: 1.1 }, Y: { baseline_sharpe: 1, lambda_sharpe: 1.4 } },
    },
    stab: { score: 0.5 },
  }),
  run('b', { lambda: { baseline_sharpe: 1, lambda_sharpe: 1.2, by_regime: { X: { baseline_sharpe: 1, lambda_sharpe: 1.2 } } }, stab: { score: 1 } }),
  run('c', { lambda: { baseline_sharpe: 1 } }),
  run('d', { lambda: { baseline_sharpe: 0, lambda_sharpe: 0 }, stab: {} }),
];

test('sleeves rank by lambda uplift; a missing key is unknown, never 0', () => {
  const ranking = selectTopSleevesLambdaUplift(runs, 2);
  assert.deepEqual(
    ranking.top.map((s) => s.sleeve_id),
    ['a', 'b'],
  );
  assert.deepEqual(
    ranking.unknown.map((s) => [s.sleeve_id, s.missing]),
    [['c', 'lambda.lambda_sharpe']],
  );
  assert.equal(selectTopSleevesLambdaUplift(runs, 4).top.at(-1)?.sleeve_id, 'd', 'a real 0 uplift ranks as 0');
});

test('the robust ranking takes the worst regime uplift weighted by STAB', () => {
  const ranking = selectTopSleevesLambdaRobust(runs, 3);
  assert.deepEqual(
    ranking.top.map((s) => s.sleeve_id),
    ['b', 'a'],
  );
  assert.ok(Math.abs(ranking.top[1].score - 0.05) < 1e-12, '0.1 worst uplift × 0.5 stab');
  assert.deepEqual(ranking.unknown.map((s) => s.missing).sort(), ['stab.score', 'stab.score']);
});

function sop(event: string, version: string, shares: number[]): SopCell {
  return {
    event_id: event,
    severity: 4,
    event_kind: 'crash',
    sop_template_id: 'crash_sop',
    sop_version_id: version,
    n: shares.length,
    n_valued: shares.length,
    sum_avoided: shares.reduce((s, x) => s + x * 1000, 0),
    sum_sq_avoided: shares.reduce((s, x) => s + (x * 1000) ** 2, 0),
    n_share: shares.length,
    sum_share: shares.reduce((s, x) => s + x, 0),
    sum_sq_share: shares.reduce((s, x) => s + x * x, 0),
    sum_time_to_action: 60 * shares.length,
    n_time_to_action: shares.length,
    sum_exposure_cut: 0.5 * shares.length,
    n_exposure_cut: shares.length,
  };
}

const crashVersions = [
  { sop_template_id: 'crash_sop', sop_version_id: 'v2', version_no: 2, parent_version_id: null },
  { sop_template_id: 'crash_sop', sop_version_id: 'v3', version_no: 3, parent_version_id: 'v2' },
];

test('an SOP version that avoided a smaller share of the loss than its predecessor is tested as worse, events as clusters', () => {
  const agg = emptyAggregates({
    sops: [
      sop('e1', 'v2', [0.6, 0.7, 0.65, 0.62]),
      sop('e2', 'v2', [0.55, 0.6, 0.7]),
      sop('e3', 'v2', [0.7, 0.66]),
      sop('e4', 'v3', [0.2, 0.25, 0.15, 0.22]),
      sop('e5', 'v3', [0.3, 0.2]),
      sop('e6', 'v3', [0.1, 0.18, 0.2]),
    ],
    sop_versions: crashVersions,
  });
  const worse = blackSwanSopsSection(agg).find((c) => c.kind === 'SOP_VERSION_WORSE')!;
  assert.equal(worse.status, 'tested');
  assert.deepEqual(worse.subject, { sop_template_id: 'crash_sop', sop_version_id: 'v3' });
  assert.equal(worse.extra.previous_version_id, 'v2');
  assert.equal(worse.metric, 'loss_avoided_share_diff');
  assert.ok((worse.p as number) < 1e-3, `p ${worse.p}`);
  assert.ok((worse.extra.df as number) < 6, 'six events give a handful of degrees of freedom, not one per execution');
});

test('one event per version is too few clusters: the comparison is refused, and says why', () => {
  const agg = emptyAggregates({ sops: [sop('e1', 'v2', [0.6, 0.7, 0.65, 0.62]), sop('e2', 'v3', [0.2, 0.25, 0.15, 0.22])], sop_versions: crashVersions });
  const worse = blackSwanSopsSection(agg).find((c) => c.kind === 'SOP_VERSION_WORSE')!;
  assert.equal(worse.status, 'insufficient');
  assert.equal(worse.p, null);
  assert.match(worse.reason ?? '', /events/);
});

test('bad rows lower the data-quality score; an empty window scores 0 and says so', () => {
  const base = emptyAggregates();
  const bad = dataQuality({
    ...base,
    quality: { ...base.quality, trades: 100, decisions: 100, non_finite_returns: 5, unknown_regime_trades: 5, null_forward_returns: 40 },
  });
  assert.equal(bad.score, 0.95);
  assert.equal(bad.non_finite_returns, 5);
  assert.ok(bad.notes.some((n) => n.includes('without a forward return')));
  const empty = dataQuality(base);
  assert.equal(empty.empty_window, true);
  assert.equal(empty.score, 0);
});
