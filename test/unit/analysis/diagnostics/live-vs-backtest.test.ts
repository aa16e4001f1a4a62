import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { BacktestAggregate, PerformanceCellAggregate } from '../../../../src/analysis/aggregates.js';
import { liveVsBacktestSection } from '../../../../src/analysis/diagnostics/live-vs-backtest.js';
import { cellOf, emptyAggregates, momentsOf, randomDays, range } from './fixtures.js';

function sleeveRun(sleeve: string, returns: number[]): BacktestAggregate {
  return {
    run_id: `bt-${sleeve}`,
    strategy_id: 's',
    sleeve_id: sleeve,
    config_version_id: null,
    same_config_as_live: true,
    created_at: '',
    period_start: '',
    period_end: '',
    metrics: {},
    trades: momentsOf(returns),
    regimes: {},
    daily_pnl: [],
    daily_span_days: 0,
  };
}

const backtestReturns = (seed: number) => [...randomDays(range(0, 200), 5, 0.01, 0.01, seed).values()].flat();

function assertPooled(attributed: PerformanceCellAggregate[]): void {
  const live = cellOf('strategy', { strategy_id: 's' }, randomDays(range(0, 60), 20, -0.004, 0.01, 3));
  const agg = emptyAggregates({
    active_days: range(0, 60),
    day_regimes: range(0, 60).map(() => 'CALM'),
    performance: [live, ...attributed],
    backtests: [sleeveRun('a', backtestReturns(1)), sleeveRun('b', backtestReturns(2))],
  });
  const cells = liveVsBacktestSection(agg, 1).filter((c) => c.kind === 'LIVE_BELOW_BACKTEST');
  const pooled = cells.find((c) => c.subject.sleeve_id === undefined)!;
  assert.equal(pooled.status, 'tested');
  assert.equal(pooled.extra.level, "strategy, its sleeves' backtests pooled");
  assert.equal(pooled.extra.backtest_run_id, 'bt-a,bt-b');
  assert.ok((pooled.p as number) < 1e-6, `p ${pooled.p}`);
  for (const sleeve of cells.filter((c) => c.subject.sleeve_id !== undefined)) {
    assert.equal(sleeve.status, 'insufficient');
    assert.match(sleeve.reason ?? '', /compared at the strategy level/);
  }
}

test('overlapping sleeves leave no live trade attributable: the strategy is compared with its sleeves pooled, and says so', () => {
  assertPooled([]);
});

test('overlapping sleeves leave a few live trades attributable (instruments only one sleeve traded): still compared pooled', () => {
  assertPooled([
    cellOf('sleeve', { strategy_id: 's', sleeve_id: 'a' }, randomDays(range(0, 12), 1, 0.002, 0.01, 5)),
    cellOf('sleeve', { strategy_id: 's', sleeve_id: 'b' }, randomDays(range(0, 60), 2, -0.004, 0.01, 6)),
  ]);
});
