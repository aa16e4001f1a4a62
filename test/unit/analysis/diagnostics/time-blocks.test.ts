import assert from 'node:assert/strict';
import { test } from 'node:test';
import { timeBlockRobustness } from '../../../../src/analysis/diagnostics/time-blocks.js';

const days = (sums: number[]) => ({ day: sums.map((_, i) => i * 10), n: sums.map(() => 5), sum: sums });

test('sign consistency and leave-one-block-out over four blocks of the window', () => {
  // Blocks of 10 days: each day is its own block here (window 40 days).
  assert.deepEqual(timeBlockRobustness(days([-0.1, -0.1, -0.1, -0.1]), 40), { blocks: 4, sign_consistency: 1, loo_sign_agreement: 1 });
  // One block carries the whole loss: three of four blocks gain, and leaving that block out flips the sign.
  assert.deepEqual(timeBlockRobustness(days([-1, 0.1, 0.1, 0.1]), 40), { blocks: 4, sign_consistency: 0.25, loo_sign_agreement: 0.75 });
  assert.equal(timeBlockRobustness(days([-0.1]), 40), null, 'one block: nothing to compare');
});
