import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KnobOutcomeCell, KnobVersion } from '../../../../src/analysis/aggregates.js';
import { knobInformationCells } from '../../../../src/analysis/diagnostics/knob-information.js';
import { emptyAggregates } from './fixtures.js';

/** Versions v1…v4: `lookback` matters (win rate 0.7 at 60, 0.4 at 20), `zscore` varies independently and does not. */
const versions: KnobVersion[] = [
  { config_version_id: 'v1', strategy_id: 's', version_no: 1, knobs: { lookback: 20, zscore: 1.5, width: 1, depth: 'a' } },
  { config_version_id: 'v2', strategy_id: 's', version_no: 2, knobs: { lookback: 60, zscore: 1.5, width: 1, depth: 'a' } },
  { config_version_id: 'v3', strategy_id: 's', version_no: 3, knobs: { lookback: 60, zscore: 2.5, width: 2, depth: 'b' } },
  { config_version_id: 'v4', strategy_id: 's', version_no: 4, knobs: { lookback: 20, zscore: 2.5, width: 2, depth: 'b' } },
];

/** n trades of a version in a regime, spread over ten days from `firstDay`, with the given win rate (±0.1 from day to day). */
function outcomes(version: string, regime: string, n: number, winRate: number, firstDay = 0): KnobOutcomeCell[] {
  return Array.from({ length: 10 }, (_, i) => {
    const perDay = n / 10;
    const wins = Math.round(perDay * (winRate + (i % 2 === 0 ? 0.1 : -0.1)));
    return { strategy_id: 's', config_version_id: version, regime_label: regime, day: firstDay + i, n: perDay, wins, losses: perDay - wins, sum: 0, sum_sq: 0 };
  });
}

test('the knob that matters is found given the regime and the other knobs; the inert one is not; knobs that moved together are confounded', () => {
  const cells = knobInformationCells(
    emptyAggregates({
      knob_versions: versions,
      knob_outcomes: ['CALM', 'STORM'].flatMap((regime, r) => [
        ...outcomes('v1', regime, 150, 0.4, 40 * r),
        ...outcomes('v2', regime, 150, 0.7, 40 * r + 10),
        ...outcomes('v3', regime, 150, 0.7, 40 * r + 20),
        ...outcomes('v4', regime, 150, 0.4, 40 * r + 30),
      ]),
    }),
    3,
  );
  const lookback = cells.find((c) => c.subject.knob === 'lookback')!;
  assert.equal(lookback.kind, 'KNOB_MATTERS');
  assert.equal(lookback.status, 'tested');
  assert.ok((lookback.p as number) < 1e-4, `p ${lookback.p}`);
  assert.equal(lookback.extra.day_units, 80);
  const confounded = cells.find((c) => c.kind === 'KNOBS_CONFOUNDED')!;
  assert.equal(confounded.subject.knobs, 'depth,width,zscore');
  assert.equal(confounded.extra.identifiable, false);
  assert.ok((confounded.p as number) > 0.05, 'the group that moved together carries no effect here');
});

test('a knob that never varies within a regime, once the others are fixed, is not identifiable', () => {
  const cells = knobInformationCells(
    emptyAggregates({
      knob_versions: versions.slice(0, 2),
      knob_outcomes: [...outcomes('v1', 'CALM', 100, 0.4), ...outcomes('v2', 'STORM', 100, 0.7, 10)],
    }),
    3,
  );
  assert.equal(cells[0].status, 'insufficient');
  assert.match(cells[0].reason ?? '', /not identifiable/);
});

test('a knob whose trades on its two levels differ only by shared day shocks is not found: the days are the units', () => {
  // Two levels, each on 6 days; every day's 50 trades win together or lose together (a day shock), with
  // the same win rate at both levels. Trade by trade this looks like a strong effect; day by day it is noise.
  const dayOutcome = [1, 1, 0, 1, 0, 1, 0, 0, 1, 0, 1, 0];
  const knob_outcomes = dayOutcome.map((win, day) => ({
    strategy_id: 's',
    config_version_id: day < 6 ? 'v1' : 'v2',
    regime_label: 'CALM',
    day,
    n: 50,
    wins: win ? 45 : 5,
    losses: win ? 5 : 45,
    sum: 0,
    sum_sq: 0,
  }));
  const cells = knobInformationCells(emptyAggregates({ knob_versions: versions.slice(0, 2), knob_outcomes }), 3);
  const lookback = cells.find((c) => c.subject.knob === 'lookback')!;
  assert.equal(lookback.status, 'tested');
  assert.ok((lookback.p as number) > 0.2, `p ${lookback.p}`);
});

test('a numeric knob re-tuned at every version is conditioned on split at its median, so the knob that matters stays identifiable', () => {
  // Eight versions: `lookback` switches every two versions, `decay` takes a new value at every one.
  const retuned: KnobVersion[] = Array.from({ length: 8 }, (_, i) => ({
    config_version_id: `r${i + 1}`,
    strategy_id: 's',
    version_no: i + 1,
    knobs: { lookback: Math.floor(i / 2) % 2 === 0 ? 20 : 60, decay: [0.91, 0.97, 0.93, 0.95, 0.92, 0.98, 0.94, 0.96][i] },
  }));
  const cells = knobInformationCells(
    emptyAggregates({
      knob_versions: retuned,
      knob_outcomes: retuned.flatMap((v, i) => outcomes(v.config_version_id, 'CALM', 100, v.knobs.lookback === 60 ? 0.7 : 0.4, 10 * i)),
    }),
    3,
  );
  const lookback = cells.find((c) => c.subject.knob === 'lookback')!;
  assert.equal(lookback.status, 'tested', lookback.reason);
  assert.ok((lookback.p as number) < 1e-3, `p ${lookback.p}`);
  assert.equal(lookback.extra.split_at_median, 'decay');
  const decay = cells.find((c) => c.subject.knob === 'decay')!;
  assert.match(String(decay.extra.trades_per_level), /<=0\.94:400 >0\.94:400/);
});

test('a knob that changes how much a trade makes, not how often it wins, is found on the mean return and names its better level', () => {
  // Both levels win on every other trade; at 60 a win makes 3 % and a loss costs 1 %, at 20 a win makes 1 % and a loss costs 1 %.
  const payoff = (version: string, day: number, win: number, loss: number): KnobOutcomeCell => ({
    strategy_id: 's',
    config_version_id: version,
    regime_label: 'CALM',
    day,
    n: 10,
    wins: 5,
    losses: 5,
    sum: 5 * win - 5 * loss + ((day % 3) - 1) * 0.02,
    sum_sq: 5 * win * win + 5 * loss * loss,
  });
  const knob_outcomes = Array.from({ length: 40 }, (_, day) =>
    Math.floor(day / 10) % 2 === 0 ? payoff('v1', day, 0.01, 0.01) : payoff('v2', day, 0.03, 0.01),
  );
  const lookback = knobInformationCells(emptyAggregates({ knob_versions: versions.slice(0, 2), knob_outcomes }), 3).find((c) => c.subject.knob === 'lookback')!;
  assert.equal(lookback.status, 'tested');
  assert.ok((lookback.extra.win_p as number) > 0.5, `win p ${lookback.extra.win_p}`);
  assert.ok((lookback.p as number) < 1e-3, `p ${lookback.p}`);
  assert.equal(lookback.extra.best_level, 60);
});
