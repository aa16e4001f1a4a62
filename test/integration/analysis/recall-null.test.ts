/** The null scenario across 20 seeds (see recall-support.ts): runs with any finding stay at or below the FDR level. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyseSeeds, FDR, SEEDS } from './recall-support.js';

test(`null: runs with any finding are at most ${FDR * 100}% of ${SEEDS} seeds`, async () => {
  const runs = await analyseSeeds('null');
  const withFindings = runs.filter(({ result }) => result.findings.length > 0);
  assert.ok(
    withFindings.length / runs.length <= FDR,
    withFindings.map(({ truth, result }) => `seed ${truth.seed}: ${result.findings.map((f) => f.id).join('; ')}`).join('\n'),
  );
});
