import assert from 'node:assert/strict';
import { test } from 'node:test';
import { meanReturn } from '../../../../src/analysis/metrics/mean-return.js';
import { stdDev } from '../../../../src/analysis/metrics/std-dev.js';
import { winRate } from '../../../../src/analysis/metrics/win-rate.js';
import { momentShape, oneSampleFromMoments, tradeMetrics, welchFromMoments } from '../../../../src/analysis/diagnostics/moments.js';
import { kurtosis } from '../../../../src/analysis/stats/kurtosis.js';
import { oneSampleTTest } from '../../../../src/analysis/stats/one-sample-t-test.js';
import { skewness } from '../../../../src/analysis/stats/skewness.js';
import { welchTTest } from '../../../../src/analysis/stats/welch-t-test.js';
import { momentsOf } from './fixtures.js';

const close = (a: number, b: number, rel = 1e-9) => assert.ok(Math.abs(a - b) <= rel * Math.max(1, Math.abs(b)), `${a} vs ${b}`);
const a = [0.012, -0.004, 0.031, -0.022, 0.005, 0.0, 0.017, -0.009];
const b = [0.002, -0.011, -0.006, 0.004, -0.015, 0.001];

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

test('Welch and one-sample tests from sums agree with the tests on raw values', () => {
  const fromSums = welchFromMoments(momentsOf(a), momentsOf(b), 'greater');
  const raw = welchTTest(a, b, { alternative: 'greater' });
  close(fromSums.p, raw.p);
  close(fromSums.diff, raw.diff);
  const one = oneSampleFromMoments(momentsOf(b), 0, 'less');
  close(one.p, oneSampleTTest(b, 0, 'less').p);
});

test('a single observation or no spread gives NaN, not a number', () => {
  assert.ok(Number.isNaN(tradeMetrics(momentsOf([0.01])).std_return));
  assert.ok(Number.isNaN(oneSampleFromMoments(momentsOf([0, 0, 0]), 0, 'less').p));
  assert.ok(Number.isNaN(tradeMetrics(momentsOf([0.01, 0.02])).profit_factor), 'no losses: profit factor undefined');
});
