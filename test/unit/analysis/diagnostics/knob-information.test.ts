import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KnobOutcomeCell, KnobVersion } from '../../../../src/analysis/aggregates.js';
import { sampleHypergeometric } from '../../../../src/analysis/diagnostics/hypergeometric-tables.js';
import { knobInformationCells } from '../../../../src/analysis/diagnostics/knob-information.js';
import { createRng } from '../../../../src/analysis/stats/rng.js';
import { emptyAggregates } from './fixtures.js';

test('hypergeometric draws have the textbook mean and variance', () => {
  const rng = createRng(11);
  const [N, K, n] = [2000, 600, 300];
  const draws = Array.from({ length: 20000 }, () => sampleHypergeometric(rng, N, K, n));
  const mean = draws.reduce((s, x) => s + x, 0) / draws.length;
  const variance = draws.reduce((s, x) => s + (x - mean) ** 2, 0) / (draws.length - 1);
  const expectedVariance = (n * K * (N - K) * (N - n)) / (N * N * (N - 1));
  assert.ok(Math.abs(mean - (n * K) / N) < 0.2, `mean ${mean}`);
  assert.ok(Math.abs(variance / expectedVariance - 1) < 0.05, `variance ${variance} vs ${expectedVariance}`);
  assert.equal(sampleHypergeometric(rng, 10, 10, 4), 4);
});

/** Versions v1…v4: `lookback` matters (win rate 0.7 at 60, 0.4 at 20), `zscore` varies independently and does not. */
const versions: KnobVersion[] = [
  { config_version_id: 'v1', strategy_id: 's', version_no: 1, knobs: { lookback: 20, zscore: 1.5, width: 1, depth: 'a' } },
  { config_version_id: 'v2', strategy_id: 's', version_no: 2, knobs: { lookback: 60, zscore: 1.5, width: 1, depth: 'a' } },
  { config_version_id: 'v3', strategy_id: 's', version_no: 3, knobs: { lookback: 60, zscore: 2.5, width: 2, depth: 'b' } },
  { config_version_id: 'v4', strategy_id: 's', version_no: 4, knobs: { lookback: 20, zscore: 2.5, width: 2, depth: 'b' } },
];

function outcomes(version: string, regime: string, n: number, winRate: number): KnobOutcomeCell {
  const wins = Math.round(n * winRate);
  return { strategy_id: 's', config_version_id: version, regime_label: regime, n, wins, losses: n - wins, sum: 0, sum_sq: 0 };
}

test('the knob that matters is found given the regime and the other knobs; the inert one is not; knobs that moved together are confounded', () => {
  const cells = knobInformationCells(
    emptyAggregates({
      knob_versions: versions,
      knob_outcomes: ['CALM', 'STORM'].flatMap((regime) => [
        outcomes('v1', regime, 150, 0.4),
        outcomes('v2', regime, 150, 0.7),
        outcomes('v3', regime, 150, 0.7),
        outcomes('v4', regime, 150, 0.4),
      ]),
    }),
    3,
  );
  const lookback = cells.find((c) => c.subject.knob === 'lookback')!;
  assert.equal(lookback.kind, 'KNOB_MATTERS');
  assert.ok((lookback.p as number) < 1e-6, `p ${lookback.p}`);
  const confounded = cells.find((c) => c.kind === 'KNOBS_CONFOUNDED')!;
  assert.equal(confounded.subject.knobs, 'depth,width,zscore');
  assert.equal(confounded.extra.identifiable, false);
  assert.ok((confounded.p as number) > 0.05, 'the group that moved together carries no effect here');
});

test('a knob that never varies within a regime, once the others are fixed, is not identifiable', () => {
  const cells = knobInformationCells(
    emptyAggregates({
      knob_versions: versions.slice(0, 2),
      knob_outcomes: [outcomes('v1', 'CALM', 100, 0.4), outcomes('v2', 'STORM', 100, 0.7)],
    }),
    3,
  );
  assert.equal(cells[0].status, 'insufficient');
  assert.match(cells[0].reason ?? '', /not identifiable/);
});
