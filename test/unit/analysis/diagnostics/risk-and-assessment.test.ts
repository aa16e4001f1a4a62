import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CalibrationCell, OverrideCell } from '../../../../src/analysis/aggregates.js';
import { assessmentQualitySection } from '../../../../src/analysis/diagnostics/assessment-quality.js';
import { riskOverridesSection } from '../../../../src/analysis/diagnostics/risk-overrides.js';
import { emptyAggregates } from './fixtures.js';

/** An override cell of n decisions with mean forward return `mean` and sd `sd`. */
function decisions(regime: string, action: string, rule: string | null, n: number, mean: number, sd: number): OverrideCell {
  return {
    strategy_id: 'ev', regime_label: regime, risk_action: action, rule_id: rule, n, n_forward: n,
    sum_forward: n * mean, sum_sq_forward: (n - 1) * sd * sd + n * mean * mean, forgone_pnl: rule ? n * mean * 1000 : 0, traded_pnl: 0, n_override: rule ? n : 0,
  };
}

test('a rule whose blocked decisions did better than the approved ones is tested as destroying value', () => {
  const agg = emptyAggregates({
    overrides: [
      decisions('CALM', 'APPROVED', null, 400, 0.003, 0.01),
      decisions('CALM', 'BLOCKED', 'blackout', 80, 0.02, 0.01),
      decisions('CALM', 'BLOCKED', 'harmless', 80, 0.003, 0.01),
      decisions('STORM', 'APPROVED', null, 100, -0.01, 0.01),
    ],
  });
  const cells = riskOverridesSection(agg);
  const blackout = cells.find((c) => c.subject.rule_id === 'blackout')!;
  assert.equal(blackout.kind, 'OVERRIDE_RULE_DESTROYS_VALUE');
  assert.ok((blackout.p as number) < 1e-9);
  assert.ok(Math.abs(blackout.effect - 0.017) < 1e-9, 'compared within the regime it fired in, not with the stormy approvals');
  assert.ok((cells.find((c) => c.subject.rule_id === 'harmless')!.p as number) > 0.2);
});

test('a template that errs more than the other templates of its slot is tested; better_template_id names the best peer', () => {
  const agg = emptyAggregates({
    template_slots: { v6: 'assessment', v7: 'assessment', v5: 'assessment' },
    assessment: [
      { prompt_template_id: 'v7', agent_graph_version: 'g1', error: null, n: 300 },
      { prompt_template_id: 'v7', agent_graph_version: 'g1', error: 'PARSE_ERROR', n: 100 },
      { prompt_template_id: 'v6', agent_graph_version: 'g1', error: null, n: 970 },
      { prompt_template_id: 'v6', agent_graph_version: 'g1', error: 'TIMEOUT', n: 30 },
      { prompt_template_id: 'v5', agent_graph_version: 'g1', error: null, n: 900 },
      { prompt_template_id: 'v5', agent_graph_version: 'g1', error: 'TIMEOUT', n: 50 },
    ],
  });
  const v7 = assessmentQualitySection(agg).find((c) => c.subject.prompt_template_id === 'v7')!;
  assert.equal(v7.kind, 'PROMPT_TEMPLATE_ERRORS');
  assert.deepEqual(v7.subject, { prompt_template_id: 'v7', slot: 'assessment' });
  assert.ok((v7.p as number) < 1e-12);
  assert.equal(v7.extra.better_template_id, 'v6');
});

test('entries on low scores that lose are tested, with the score threshold', () => {
  const bucket = (b: number, mean: number): CalibrationCell => ({
    strategy_id: 'm', score_bucket: b, executed: true, n: 100, n_forward: 100, sum_forward: 100 * mean,
    sum_sq_forward: 99 * 0.01 ** 2 + 100 * mean * mean, sum_score: 100 * (b + 0.5) / 10, sum_sq_score: 100 * ((b + 0.5) / 10) ** 2 + 0.5, sum_score_forward: 100 * mean * (b + 0.5) / 10,
  });
  const agg = emptyAggregates({ calibration: [bucket(2, -0.01), bucket(3, -0.008), bucket(6, 0.004), bucket(7, 0.005), bucket(8, 0.006), bucket(9, 0.007)] });
  const cells = assessmentQualitySection(agg);
  const low = cells.find((c) => c.kind === 'LOW_SCORE_LOSES')!;
  assert.equal(low.extra.score_threshold, 0.4);
  assert.ok((low.p as number) < 1e-9);
  const slope = cells.find((c) => c.metric === 'score_slope')!;
  assert.ok(slope.effect > 0 && (slope.p as number) < 1e-6, 'a higher score comes before a better outcome');
});
