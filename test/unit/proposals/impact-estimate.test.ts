import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ShrunkEffect } from '../../../src/proposals/confidence.js';
import { describeImpactEstimate, estimateImpact } from '../../../src/proposals/impact-estimate.js';
import { finding } from './fixtures.js';

const effect = (shrunk: number, sd: number): ShrunkEffect => ({
  raw: -0.01,
  raw_se: sd,
  shrunk,
  shrunk_sd: sd,
  shrinkage: 0.1,
  prior: null,
  predictive_sd: sd,
});

test('blocking a losing regime: the scope mean rises by share × (rest − θ), money is −θ × notional per week', () => {
  const f = finding(
    'STRATEGY_LOSES_IN_REGIME',
    { strategy_id: 'm', regime_label: 'R' },
    { n: 100, baseline: 0.003, extra: { rest_n: 300, notional: 7_000_000 } },
  );
  const estimate = estimateImpact([{ finding: f, effect: effect(-0.008, 0.001) }], 70)!;
  assert.ok(Math.abs(estimate.change - 0.25 * (0.003 + 0.008)) < 1e-12);
  assert.ok(Math.abs(estimate.money_per_week! - 0.008 * 700_000) < 1e-6);
  const [low, high] = estimate.money_per_week_ci!;
  assert.ok(Math.abs(high - low - 2 * 1.959963984540054 * 0.001 * 700_000) < 1e-6);
  assert.match(estimate.basis[0], /removes 10\.0 trades\/week with mean -0\.80 %/);
  assert.deepEqual(describeImpactEstimate(estimate), [
    'mean_return: +0.00275 (95 % interval [0.00226, 0.00324])',
    'money: +5600/week (95 % interval [4228, 6972]) at the recent activity',
  ]);
});

test('two disjoint cells add up; overlapping sleeves count by the smallest; an unpriced kind says why', () => {
  const a = finding('SECTOR_LOSES', { sector: 'A' }, { n: 100, baseline: 0, extra: { rest_n: 900, notional: 1_000_000 } });
  const b = finding('SECTOR_LOSES', { sector: 'B' }, { n: 100, baseline: 0, extra: { rest_n: 900, notional: 1_000_000 } });
  const both = estimateImpact(
    [
      { finding: a, effect: effect(-0.01, 0.002) },
      { finding: b, effect: effect(-0.01, 0.002) },
    ],
    7,
  )!;
  assert.ok(Math.abs(both.money_per_week! - 20_000) < 1e-6);
  const gap = (shrunk: number) => ({ finding: finding('LIVE_BELOW_BACKTEST', { strategy_id: 's' }, { metric: 'sharpe_gap' }), effect: effect(shrunk, 0.1) });
  const sleeves = estimateImpact([gap(-0.5), gap(-0.3)], 90)!;
  assert.ok(Math.abs(sleeves.change - 0.3) < 1e-12);
  assert.equal(sleeves.money_per_week, null);
  assert.match(sleeves.basis.join(' '), /no money figure/);
  assert.equal(estimateImpact([{ finding: finding('KNOB_MATTERS', { strategy_id: 's', knob: 'k' }), effect: effect(0.01, 0.01) }], 90), null);
});

test("a budget cut scales the strategy's live PnL: a gain when it loses live, a loss when it makes money", () => {
  const gap = (pnl: number) => ({
    finding: finding('LIVE_BELOW_BACKTEST', { strategy_id: 's' }, { metric: 'sharpe_gap', extra: { strategy_live_pnl: pnl, strategy_live_pnl_se: 20_000 } }),
    effect: effect(-0.4, 0.1),
  });
  const losing = estimateImpact([gap(-70_000)], 70, 0.6)!;
  assert.equal(losing.metric, 'live_pnl_per_week');
  assert.ok(Math.abs(losing.money_per_week! - 0.4 * 7_000) < 1e-9, 'keeping 60 % of a −7,000/week strategy saves 2,800/week');
  const [low, high] = losing.money_per_week_ci!;
  assert.ok(Math.abs(high - low - 2 * 1.959963984540054 * 0.4 * 2_000) < 1e-9);
  assert.match(losing.basis[0], /made -7,000\/week \(standard error 2,000\); keeping 60\.00 % of its exposure/);
  const earning = estimateImpact([gap(35_000)], 70, 0.6)!;
  assert.ok(Math.abs(earning.money_per_week! + 0.4 * 3_500) < 1e-9, 'a cut of a strategy that makes money costs money');
  assert.equal(estimateImpact([gap(-70_000)], 70)?.money_per_week, null, 'without the share kept, no money figure');
});

test('sleeves of one strategy behind one budget cut give its basis once', () => {
  const sleeve = (id: string) => ({
    finding: finding(
      'LIVE_BELOW_BACKTEST',
      { strategy_id: 's', sleeve_id: id },
      { metric: 'sharpe_gap', extra: { strategy_live_pnl: -7_000, strategy_live_pnl_se: 1_000 } },
    ),
    effect: effect(-0.4, 0.1),
  });
  const estimate = estimateImpact([sleeve('a'), sleeve('b'), sleeve('c')], 7, 0.5)!;
  assert.equal(estimate.basis.length, 1);
  assert.ok(Math.abs(estimate.money_per_week! - 3_500) < 1e-9, 'the strategy is cut once, not once per sleeve');
});
