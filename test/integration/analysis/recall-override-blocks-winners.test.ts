/** Recall of the override_blocks_winners scenario's planted effect across 20 seeds (see recall-support.ts). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyseSeeds, describeMisses, MIN_RECALL, recall, SEEDS } from './recall-support.js';

test(`override_blocks_winners: the planted cell is a finding in at least ${MIN_RECALL * 100}% of ${SEEDS} seeds`, async () => {
  const runs = await analyseSeeds('override_blocks_winners');
  assert.ok(recall(runs) >= MIN_RECALL, `recall ${recall(runs)}:\n${describeMisses(runs)}`);
});
