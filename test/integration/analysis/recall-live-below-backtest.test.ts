/** Recall of the live_below_backtest scenario's planted effect across 20 seeds (see recall-support.ts). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyseSeeds, describeMisses, MIN_RECALL, recall, SEEDS } from './recall-support.js';

test(`live_below_backtest: the planted cell is a finding in at least ${MIN_RECALL * 100}% of ${SEEDS} seeds`, async () => {
  const runs = await analyseSeeds('live_below_backtest');
  assert.ok(recall(runs) >= MIN_RECALL, `recall ${recall(runs)}:\n${describeMisses(runs)}`);
});
