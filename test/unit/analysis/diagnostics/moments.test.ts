import assert from 'node:assert/strict';
import { test } from 'node:test';
import { meanReturn } from '../../../../src/analysis/metrics/mean-return.js';
import { stdDev } from '../../../../src/analysis/metrics/std-dev.js';
import { winRate } from '../../../../src/analysis/metrics/win-rate.js';
import { momentShape, tradeMetrics } from '../../../../src/analysis/diagnostics/moments.js';
import { kurtosis } from '../../../../src/analysis/stats/kurtosis.js';
import { skewness } from '../../../../src/analysis/stats/skewness.js';
import { momentsOf } from './fixtures.js';

const close = (a: number, b: number, rel = 1e-9) => assert.ok(Math.abs(a - b) <= rel * Math.max(1, Math.abs(b)), `${a} vs ${b}`);
const a = [0.012, -0.004, 0.031, -0.022, 0.005, 0.0, 0.017, -0.009];

test('metrics from sums agree with the metric functions on the raw returns', () => {
  const m = tradeMetrics(momentsOf(a));
  close(m.mean_return, meanReturn(a));
  close(m.std_return, stdDev(a));
  close(m.win_rate, winRate(a));
  close(m.sortino_per_trade, meanReturn(a) / Math.sqrt(a.reduce((s, r) => s + Math.min(r, 0) ** 2, 0) / a.length));
});

test('skewness and raw kurtosis from sums agree with the sample functions', () => {
  const shape = momentShape(momentsOf(a));
  close(shape.skew, skewness(a), 1e-7);
  close(shape.kurtosis, kurtosis(a), 1e-7);
});

test('a single observation or no spread gives NaN, not a number', () => {
  assert.ok(Number.isNaN(tradeMetrics(momentsOf([0.01])).std_return));
  assert.ok(Number.isNaN(tradeMetrics(momentsOf([0.01, 0.02])).profit_factor), 'no losses: profit factor undefined');
});
