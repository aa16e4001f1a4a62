import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compoundAnnualGrowth } from '../../../src/seed/backtest-metrics.js';

test('compound annual growth compounds daily returns over 252-day years', () => {
  assert.ok(Math.abs(compoundAnnualGrowth(new Array(252).fill(0.001)) - (1.001 ** 252 - 1)) < 1e-12);
  assert.ok(Math.abs(compoundAnnualGrowth([0.1, -0.1]) - (0.99 ** 126 - 1)) < 1e-12);
  assert.equal(compoundAnnualGrowth(new Array(10).fill(0)), 0);
  assert.ok(Number.isNaN(compoundAnnualGrowth([])));
});
