import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CalibrationCell, OverrideCell } from '../../../../src/analysis/aggregates.js';
import { assessmentQualitySection } from '../../../../src/analysis/diagnostics/assessment-quality.js';
import { riskOverridesSection } from '../../../../src/analysis/diagnostics/risk-overrides.js';
import { emptyAggregates, randomDays, range } from './fixtures.js';

/** Override cells of `perDay` decisions on each of `days`, forward returns with mean `mean` and sd `sd`. */
function decisions(
  regime: string,
  action: string,
  rule: string | null,
  days: number[],
  perDay: number,
  mean: number,
  sd: number,
  seed: number,
): OverrideCell[] {
  return [...randomDays(days, perDay, mean, sd, seed)].map(([day, xs]) => ({
    strategy_id: 'ev',
    regime_label: regime,
    risk_action: action,
    rule_id: rule,
    day,
    n: xs.length,
    n_forward: xs.length,
    sum_forward: xs.reduce((a, x) => a + x, 0),
    sum_sq_forward: xs.reduce((a, x) => a + x * x, 0),
    forgone_pnl: rule ? xs.reduce((a, x) => a + x * 1000, 0) : 0,
    traded_pnl: 0,
    n_override: rule ? xs.length : 0,
  }));
}

test('a rule whose blocked decisions did better than the approved ones is tested as destroying value', () => {
  const agg = emptyAggregates({
    overrides: [
      ...decisions('CALM', 'APPROVED', null, range(0, 40), 10, 0.003, 0.01, 1),
      ...decisions('CALM', 'BLOCKED', 'blackout', range(0, 40), 2, 0.02, 0.01, 2),
      ...decisions('CALM', 'BLOCKED', 'harmless', range(0, 40), 2, 0.003, 0.01, 3),
      ...decisions('STORM', 'APPROVED', null, range(40, 50), 10, -0.01, 0.01, 4),
    ],
  });
  const cells = riskOverridesSection(agg);
  const blackout = cells.find((c) => c.subject.rule_id === 'blackout')!;
  assert.equal(blackout.kind, 'OVERRIDE_RULE_DESTROYS_VALUE');
  assert.equal(blackout.status, 'tested');
  assert.ok((blackout.p as number) < 1e-9, `p ${blackout.p}`);
  assert.ok(Math.abs(blackout.effect - 0.017) < 0.004, 'compared within the regime it fired in, not with the stormy approvals');
  assert.equal(blackout.extra.days, 40);
  const harmless = cells.find((c) => c.subject.rule_id === 'harmless')!;
  assert.equal(harmless.status, 'tested');
  assert.ok((harmless.p as number) > 0.05, `p ${harmless.p}`);
});

test('a regime with too few decisions on a side stays out of the stratified comparison, and is named', () => {
  const agg = emptyAggregates({
    overrides: [
      ...decisions('CALM', 'APPROVED', null, range(0, 30), 10, 0.003, 0.01, 1),
      ...decisions('CALM', 'BLOCKED', 'blackout', range(0, 30), 2, 0.003, 0.01, 2),
      ...decisions('STORM', 'APPROVED', null, range(30, 32), 2, -0.05, 0.01, 3),
      ...decisions('STORM', 'BLOCKED', 'blackout', range(30, 40), 3, 0.02, 0.01, 4),
    ],
  });
  const blackout = riskOverridesSection(agg).find((c) => c.subject.rule_id === 'blackout')!;
  assert.deepEqual(blackout.regimes_covered, ['CALM']);
  assert.equal(blackout.extra.regimes_left_out, 'STORM');
  assert.ok((blackout.p as number) > 0.05, 'four stormy approvals do not make the blocks look good');
});

test('decisions on fewer than five days are too few clusters: the test is refused', () => {
  const agg = emptyAggregates({
    overrides: [
      ...decisions('CALM', 'APPROVED', null, range(0, 4), 30, 0.003, 0.01, 1),
      ...decisions('CALM', 'BLOCKED', 'blackout', range(0, 4), 30, 0.02, 0.01, 2),
    ],
  });
  const blackout = riskOverridesSection(agg).find((c) => c.subject.rule_id === 'blackout')!;
  assert.equal(blackout.status, 'insufficient');
  assert.match(blackout.reason ?? '', /fewer than 5 days/);
});

test('a template that errs more than the other templates of its slot is tested; better_template_id names the best peer', () => {
  const agg = emptyAggregates({
    template_slots: { v6: 'assessment', v7: 'assessment', v5: 'assessment' },
    assessment: range(0, 20).flatMap((day) => [
      { prompt_template_id: 'v7', agent_graph_version: 'g1', error: null, day, n: 15 + (day % 3) },
      { prompt_template_id: 'v7', agent_graph_version: 'g1', error: 'PARSE_ERROR', day, n: 5 + (day % 2) },
      { prompt_template_id: 'v6', agent_graph_version: 'g1', error: null, day, n: 48 + (day % 4) },
      { prompt_template_id: 'v6', agent_graph_version: 'g1', error: 'TIMEOUT', day, n: 1 + (day % 3) },
      { prompt_template_id: 'v5', agent_graph_version: 'g1', error: null, day, n: 45 + (day % 5) },
      { prompt_template_id: 'v5', agent_graph_version: 'g1', error: 'TIMEOUT', day, n: 2 + (day % 3) },
    ]),
  });
  const v7 = assessmentQualitySection(agg).find((c) => c.subject.prompt_template_id === 'v7')!;
  assert.equal(v7.kind, 'PROMPT_TEMPLATE_ERRORS');
  assert.deepEqual(v7.subject, { prompt_template_id: 'v7', slot: 'assessment' });
  assert.ok((v7.p as number) < 1e-12);
  assert.equal(v7.extra.better_template_id, 'v6');
});

test('entries on low scores that lose are tested, with the score threshold', () => {
  const bucket = (b: number, mean: number): CalibrationCell[] =>
    [...randomDays(range(0, 20), 5, mean, 0.01, b)].map(([day, xs]) => ({
      strategy_id: 'm',
      score_bucket: b,
      executed: true,
      day,
      n: xs.length,
      n_forward: xs.length,
      sum_forward: xs.reduce((a, x) => a + x, 0),
      sum_sq_forward: xs.reduce((a, x) => a + x * x, 0),
      sum_score: (xs.length * (b + 0.5)) / 10,
      sum_sq_score: xs.length * ((b + 0.5) / 10) ** 2 + 0.025,
      sum_score_forward: (xs.reduce((a, x) => a + x, 0) * (b + 0.5)) / 10,
    }));
  const agg = emptyAggregates({ calibration: [2, 3, 6, 7, 8, 9].flatMap((b) => bucket(b, b < 5 ? -0.01 : 0.005)) });
  const cells = assessmentQualitySection(agg);
  const low = cells.find((c) => c.kind === 'LOW_SCORE_LOSES')!;
  assert.equal(low.extra.score_threshold, 0.4);
  assert.ok((low.p as number) < 1e-9);
  const slope = cells.find((c) => c.metric === 'score_slope')!;
  assert.ok(slope.effect > 0 && (slope.p as number) < 1e-6, 'a higher score comes before a better outcome');
});
