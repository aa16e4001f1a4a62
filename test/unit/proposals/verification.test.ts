import assert from 'node:assert/strict';
import { test } from 'node:test';
import { impact } from '../../../src/proposals/expected-impact.js';
import { judgeVerification, revertDraft, verificationWindows } from '../../../src/proposals/verification.js';
import { STRATEGY, testPolicy } from './fixtures.js';

const more = impact('mean_return', { strategy_id: ['momentum'] }, 'increase', '14d', 'fewer losing trades');
const less = impact('error_rate', { prompt_template_id: ['a', 'b'] }, 'decrease', '7d', 'fewer errors');

test('the windows are one evaluation period either side of the apply', () => {
  const w = verificationWindows(new Date('2025-01-01T00:00:00Z'), '14d');
  assert.equal(w.before.start.toISOString(), '2024-12-18T00:00:00.000Z');
  assert.equal(w.after.end.toISOString(), '2025-01-15T00:00:00.000Z');
  assert.equal(w.dueAt.toISOString(), '2025-01-15T00:00:00.000Z');
  assert.throws(() => verificationWindows(new Date(), 'soon'), /malformed evaluation period "soon"/);
});

test('a significant move in the expected direction is IMPROVED, against it WORSE, else NO_CHANGE', () => {
  const before = { n: 400, mean: -0.002, variance: 1e-4 };
  assert.equal(judgeVerification(more, before, { n: 380, mean: 0.001, variance: 1e-4 }).outcome, 'IMPROVED');
  assert.equal(judgeVerification(more, before, { n: 380, mean: -0.005, variance: 1e-4 }).outcome, 'WORSE');
  assert.equal(judgeVerification(more, before, { n: 380, mean: -0.0019, variance: 1e-4 }).outcome, 'NO_CHANGE');
  const errors = judgeVerification(less, { n: 1000, mean: 0.1, variance: 0.09 }, { n: 1000, mean: 0.03, variance: 0.03 });
  assert.equal(errors.outcome, 'IMPROVED');
  assert.ok((errors.realised.improvement ?? 0) > 0 && (errors.realised.delta ?? 0) < 0);
  assert.ok((errors.realised.p ?? 1) < 1e-6);
});

test('too few rows on either side is INSUFFICIENT_DATA', () => {
  assert.equal(judgeVerification(more, { n: 29, mean: 0, variance: 1 }, { n: 500, mean: 1, variance: 1 }).outcome, 'INSUFFICIENT_DATA');
  assert.equal(judgeVerification(more, { n: 0, mean: null, variance: null }, { n: 500, mean: 1, variance: 1 }).outcome, 'INSUFFICIENT_DATA');
});

test('a WORSE change gets a revert proposal back to its snapshot', () => {
  const original = {
    proposal_id: 'prp_1',
    target_type: 'STRATEGY_CONFIG' as const,
    target_id: 'momentum',
    kind: 'ENTRY_THRESHOLD',
    current_config_snapshot_json: { config_version_id: 'cv-3', version_no: 3, config_json: STRATEGY },
    expected_impact_json: more,
  };
  const live = { config_version_id: 'cv-prp_1-apply', version_no: 4, config_json: { ...STRATEGY, entry_threshold: 0.6 } };
  const { realised } = judgeVerification(more, { n: 400, mean: 0.002, variance: 1e-4 }, { n: 380, mean: -0.003, variance: 1e-4 });
  const draft = revertDraft(original, live, realised, testPolicy());
  assert.equal(draft.kind, 'REVERT');
  assert.deepEqual(draft.proposed_config_json, STRATEGY);
  assert.equal(draft.current_config_snapshot_json.config_version_id, 'cv-prp_1-apply');
  assert.equal(draft.evidence_json.reverts_proposal_id, 'prp_1');
  assert.deepEqual(draft.diff_json, [{ path: 'entry_threshold', op: 'replace', from: 0.6, to: 0.5 }]);
  assert.equal(draft.auto_applicable, false, 'lowering a threshold adds risk, and no tail risk is known');
  assert.match(draft.deterministic_rationale_text, /Revert ENTRY_THRESHOLD proposal prp_1/);
});
