import assert from 'node:assert/strict';
import { test } from 'node:test';
import { clusteredDifference, clusteredMean, subtractDays } from '../../../../src/analysis/diagnostics/clustered-mean.js';
import { oneSampleTTest } from '../../../../src/analysis/stats/one-sample-t-test.js';
import { cellOf, randomDays, range } from './fixtures.js';

test('with one trade per day the clustered test is the one-sample t-test', () => {
  const days = randomDays(range(0, 40), 1, 0.001, 0.01, 3);
  const cell = cellOf('strategy', { strategy_id: 's' }, days);
  const clustered = clusteredMean(cell.daily, 'two-sided', 0);
  const plain = oneSampleTTest([...days.values()].flat(), 0, 'two-sided');
  assert.ok(Math.abs(clustered.p - plain.p) < 1e-9, `${clustered.p} vs ${plain.p}`);
});

test('a common daily shock widens the clustered interval against the naive one', () => {
  const shocks = randomDays(range(0, 30), 1, 0, 0.02, 4);
  const days = new Map([...randomDays(range(0, 30), 10, 0, 0.002, 5)].map(([d, rs]) => [d, rs.map((r) => r + shocks.get(d)![0])]));
  const cell = cellOf('strategy', { strategy_id: 's' }, days);
  const clustered = clusteredMean(cell.daily, 'two-sided', 0);
  const naive = oneSampleTTest([...days.values()].flat(), 0, 'two-sided');
  assert.ok(clustered.se > 2 * ((naive.ci[1] - naive.ci[0]) / 2 / 1.97), 'the clustered standard error counts the shared shocks');
  assert.equal(clustered.days, 30);
  assert.ok(clustered.ci[0] < clustered.estimate && clustered.estimate < clustered.ci[1]);
});

test('a losing cell is worse than the rest', () => {
  const bad = cellOf('strategy_regime', { strategy_id: 's', regime_label: 'X' }, randomDays(range(0, 20), 5, -0.01, 0.01, 6));
  const rest = cellOf('strategy_regime', { strategy_id: 's', regime_label: 'Y' }, randomDays(range(20, 60), 5, 0.003, 0.01, 7));
  const diff = clusteredDifference(bad.daily, rest.daily, 'less');
  assert.ok(diff.p < 1e-6);
  assert.ok(diff.ci[1] < 0);
});

test('subtractDays takes a cell out of its whole', () => {
  const part = { day: [1, 2], n: [1, 2], sum: [0.1, 0.2], sum_sq: [0.01, 0.02] };
  const whole = { day: [1, 2, 3], n: [3, 2, 1], sum: [0.4, 0.2, 0.05], sum_sq: [0.05, 0.02, 0.0025] };
  const rest = subtractDays(whole, part);
  assert.deepEqual(rest.day, [1, 3]);
  assert.deepEqual(rest.n, [2, 1]);
  assert.ok(Math.abs(rest.sum[0] - 0.3) < 1e-12);
  assert.ok(Math.abs(rest.sum_sq![0] - 0.04) < 1e-12);
});
