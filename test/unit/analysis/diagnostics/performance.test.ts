import assert from 'node:assert/strict';
import { test } from 'node:test';
import { performanceSection } from '../../../../src/analysis/diagnostics/performance.js';
import { cellOf, emptyAggregates, randomDays, range } from './fixtures.js';

const days = range(0, 60);
const dayRegimes = days.map((d) => (d < 20 ? 'CRISIS' : 'CALM'));
const losing = randomDays(range(0, 20), 6, -0.008, 0.01, 1);
const winning = randomDays(range(20, 60), 6, 0.004, 0.01, 2);

function aggregatesWith(crisisDays: Map<number, number[]>) {
  const strategy = new Map([...crisisDays, ...winning]);
  return emptyAggregates({
    active_days: days,
    day_regimes: [...dayRegimes, ...new Array(30).fill(null)],
    performance: [
      cellOf('strategy', { strategy_id: 'alpha' }, strategy),
      cellOf('strategy_regime', { strategy_id: 'alpha', regime_label: 'CRISIS' }, crisisDays),
      cellOf('strategy_regime', { strategy_id: 'alpha', regime_label: 'CALM' }, winning),
    ],
  });
}

test('a strategy that loses in one regime only is tested for that loss; its other regime is not a loss', () => {
  const cells = performanceSection(aggregatesWith(losing));
  const crisis = cells.find((c) => c.subject.regime_label === 'CRISIS')!;
  assert.equal(crisis.kind, 'STRATEGY_LOSES_IN_REGIME');
  assert.equal(crisis.status, 'tested');
  assert.ok((crisis.p as number) < 1e-6, `p ${crisis.p}`);
  assert.ok(crisis.ci[1] < 0 && crisis.effect < 0);
  assert.deepEqual(crisis.subject, { strategy_id: 'alpha', regime_label: 'CRISIS' });
  const calm = cells.find((c) => c.subject.regime_label === 'CALM')!;
  assert.ok((calm.p as number) > 0.5, 'a winning regime is no loss');
  const strategy = cells.find((c) => c.subject.dimension === 'strategy')!;
  assert.equal(strategy.kind, null, 'the strategy cell is described and tested against 0, never an actionable finding');
  for (const key of ['win_rate', 'sharpe_annualised', 'sortino_annualised', 'max_drawdown', 'profit_factor'])
    assert.equal(typeof strategy.extra[key], 'number', key);
});

test('a cell under its minimum sample is insufficient, never tested', () => {
  const few = new Map([
    [0, [-0.05, -0.04]],
    [1, [-0.03]],
  ]);
  const crisis = performanceSection(aggregatesWith(few)).find((c) => c.subject.regime_label === 'CRISIS')!;
  assert.equal(crisis.status, 'insufficient');
  assert.equal(crisis.p, null);
  assert.match(crisis.reason ?? '', /fewer than/);
});

test('the same aggregates and seed give the same cells', () => {
  assert.deepEqual(performanceSection(aggregatesWith(losing)), performanceSection(aggregatesWith(losing)));
});
