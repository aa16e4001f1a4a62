/**
 * The knob_no_effect scenario across 20 seeds (see recall-support.ts): the knob that sets the outcome is
 * reported, and the knob tuned alongside it that never mattered is not (at most the FDR level of runs).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyseSeeds, describeMisses, FDR, MIN_RECALL, recall, reports, SEEDS } from './recall-support.js';

test(`knob_no_effect: the knob that matters is found in at least ${MIN_RECALL * 100}% of ${SEEDS} seeds, the inert one is not`, async () => {
  const runs = await analyseSeeds('knob_no_effect');
  assert.ok(recall(runs) >= MIN_RECALL, `recall ${recall(runs)}:\n${describeMisses(runs)}`);
  const inert = runs.filter(({ truth, result }) => truth.null_cells.some((cell) => cell.kind === 'KNOB_MATTERS' && reports(result.findings, cell)));
  assert.ok(inert.length / runs.length <= FDR, `the inert knob was reported in seeds ${inert.map((r) => r.truth.seed).join(', ')}`);
});
