import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createRng, probabilityOfBacktestOverfitting, sampleMean } from '../../../../src/analysis/stats/index.js';
import { assertClose, normalDraws } from './reference-math.js';

/**
 * Golden example, T = 4 periods × N = 3 configurations, S = 4 (blocks of one row), metric = mean:
 *   row0 [1, 0, 2], row1 [2, 1, 0], row2 [0, 3, 1], row3 [1, 2, 3]
 * The C(4, 2) = 6 splits, in lexicographic order of the in-sample rows:
 *   IS {0,1}: means [1.5, 0.5, 1]     → n* = 0; OOS {2,3}: [0.5, 2.5, 2]   → rank 1   → ω = 1/4   → λ = ln(1/3)
 *   IS {0,2}: [0.5, 1.5, 1.5] tie     → n* = 1; OOS {1,3}: [1.5, 1.5, 1.5] → rank 2   → ω = 2/4   → λ = 0
 *   IS {0,3}: [1, 1, 2.5]             → n* = 2; OOS {1,2}: [1, 2, 0.5]     → rank 1   → λ = ln(1/3)
 *   IS {1,2}: [1, 2, 0.5]             → n* = 1; OOS {0,3}: [1, 1, 2.5]     → rank 1.5 → ω = 0.375 → λ = ln(0.6)
 *   IS {1,3}: [1.5, 1.5, 1.5] tie     → n* = 0; OOS {0,2}: [0.5, 1.5, 1.5] → rank 1   → λ = ln(1/3)
 *   IS {2,3}: [0.5, 2.5, 2]           → n* = 1; OOS {0,1}: [1.5, 0.5, 1]   → rank 1   → λ = ln(1/3)
 * Every λ ≤ 0, so PBO = 1 (with a strict "<" it would be 5/6: the λ = 0 tie is counted as overfit).
 */
const GOLDEN = [
  [1, 0, 2],
  [2, 1, 0],
  [0, 3, 1],
  [1, 2, 3],
];

describe('probability of backtest overfitting (CSCV)', () => {
  it('reproduces the hand-worked golden example', () => {
    const result = probabilityOfBacktestOverfitting(GOLDEN, { S: 4, metric: 'mean' });
    const third = Math.log(1 / 3);
    const expected = [third, 0, third, Math.log(0.6), third, third];
    result.logits.forEach((l, i) => assertClose(l, expected[i], 1e-9, `split ${i}`));
    assert.equal(result.pbo, 1);
    assert.equal(result.combinations, 6);
    assert.deepEqual(result.is_performance, [1.5, 1.5, 2.5, 2, 1.5, 2.5]);
    assert.deepEqual(result.oos_performance, [0.5, 1.5, 0.5, 1, 0.5, 0.5]);
    assert.equal(result.probability_of_loss, 0);
    assert.ok(result.degradation.slope < 0);
    assert.equal(result.rows_used, 4);
  });

  it('a configuration that dominates in every period is never overfit: PBO 0, λ = ln N', () => {
    const dominated = GOLDEN.map((row) => [row[0], row[1], Math.max(...row) + 1]);
    const result = probabilityOfBacktestOverfitting(dominated, { S: 4, metric: 'mean' });
    assert.equal(result.pbo, 0);
    for (const l of result.logits) assertClose(l, Math.log(3));
  });

  it('the fast Sharpe and mean paths agree with a custom metric computing them plainly', () => {
    const rng = createRng(6);
    const matrix = Array.from({ length: 83 }, () => normalDraws(rng, 5).map((z) => 0.001 + 0.01 * z));
    const plainSharpe = (values: number[]) => {
      const m = sampleMean(values);
      let ss = 0;
      for (const v of values) ss += (v - m) ** 2;
      return m / Math.sqrt(ss / (values.length - 1));
    };
    const fast = probabilityOfBacktestOverfitting(matrix, { S: 8 });
    const plain = probabilityOfBacktestOverfitting(matrix, { S: 8, metric: plainSharpe });
    assert.equal(fast.combinations, 70);
    assert.equal(fast.block_size, 10);
    assert.equal(fast.rows_used, 80); // the 3 oldest rows are left out
    fast.is_performance.forEach((v, i) => assertClose(v, plain.is_performance[i], 1e-9));
    fast.oos_performance.forEach((v, i) => assertClose(v, plain.oos_performance[i], 1e-9));
    assert.equal(fast.pbo, plain.pbo);
    const means = probabilityOfBacktestOverfitting(matrix, { S: 8, metric: 'mean' });
    const plainMeans = probabilityOfBacktestOverfitting(matrix, { S: 8, metric: sampleMean });
    means.oos_performance.forEach((v, i) => assertClose(v, plainMeans.oos_performance[i], 1e-9));
  });

  it('pure noise configurations give a PBO near one half; a real edge gives a low one', () => {
    const rng = createRng(12);
    const noise = Array.from({ length: 320 }, () => normalDraws(rng, 10).map((z) => 0.01 * z));
    const noisy = probabilityOfBacktestOverfitting(noise, { S: 16 });
    assert.equal(noisy.combinations, 12870);
    assert.ok(noisy.pbo > 0.2 && noisy.pbo < 0.8, `noise PBO ${noisy.pbo}`);
    const edge = noise.map((row) => row.map((v, n) => (n === 3 ? v + 0.006 : v)));
    assert.ok(probabilityOfBacktestOverfitting(edge, { S: 16 }).pbo < 0.1);
  });

  it('rejects malformed input with the reason', () => {
    assert.throws(() => probabilityOfBacktestOverfitting(GOLDEN, { S: 3 }), /even/);
    assert.throws(() => probabilityOfBacktestOverfitting(GOLDEN, { S: 6 }), /at least S = 6 rows/);
    assert.throws(
      () =>
        probabilityOfBacktestOverfitting(
          GOLDEN.map((r) => [r[0]]),
          { S: 2 },
        ),
      /2 configurations/,
    );
    assert.throws(
      () =>
        probabilityOfBacktestOverfitting(
          [
            [1, 2],
            [3, NaN],
          ],
          { S: 2 },
        ),
      /row 1, column 1/,
    );
    assert.throws(() => probabilityOfBacktestOverfitting([[1, 2], [3]], { S: 2 }), /row 1 has 1 columns/);
  });
});
