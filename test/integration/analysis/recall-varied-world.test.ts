/**
 * The second kind of world (src/seed/varied/), five seeds per scenario (the 20-seed table is
 * bench/recall.bench.ts): on the null, no run has a finding; where a planted cell shows plainly in its
 * SQL query (day-clustered z above 4), the analysis finds it.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyseSeeds, describeMisses, PLAIN_Z, plainRecall } from './recall-support.js';

const SEEDS = 5;

test(`varied world, null: no run of ${SEEDS} seeds has a finding`, async () => {
  const runs = await analyseSeeds('null', { world: 'varied', seeds: SEEDS });
  const withFindings = runs.filter(({ result }) => result.findings.length > 0);
  assert.equal(
    withFindings.length,
    0,
    withFindings.map(({ truth, result }) => `seed ${truth.seed}: ${result.findings.map((f) => f.id).join('; ')}`).join('\n'),
  );
});

for (const scenario of ['template_errors', 'live_below_backtest']) {
  test(`varied world, ${scenario}: every seed whose planted cell has a plain z above ${PLAIN_Z} reports it`, async () => {
    const runs = await analyseSeeds(scenario, { world: 'varied', seeds: SEEDS });
    const plain = plainRecall(runs);
    assert.ok(plain.runs >= 3, `only ${plain.runs} of ${SEEDS} seeds show the planted cell plainly`);
    assert.equal(plain.recall, 1, describeMisses(runs));
  });
}
