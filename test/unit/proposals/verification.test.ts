import assert from 'node:assert/strict';
import { test } from 'node:test';
import { impact } from '../../../src/proposals/expected-impact.js';
import { judgeSequential, revertDraft, verificationWindows } from '../../../src/proposals/verification.js';
import { STRATEGY, testPolicy } from './fixtures.js';

const more = impact('mean_return', { strategy_id: ['momentum'] }, 'increase', '14d', 'fewer losing trades');
const less = impact('error_rate', { prompt_template_id: ['a', 'b'] }, 'decrease', '7d', 'fewer errors');

test('the windows are one evaluation period either side of the apply', () => {
  const w = verificationWindows(new Date('2025-01-01T00:00:00Z'), '14d');
  assert.equal(w.before.start.toISOString(), '2024-12-18T00:00:00.000Z');
  assert.equal(w.after.end.toISOString(), '2025-01-15T00:00:00.000Z');
  assert.equal(w.dueAt.toISOString(), '2025-01-15T00:00:00.000Z');
  assert.equal(w.bucketMs, 86_400_000, 'days');
  assert.equal(verificationWindows(new Date(), '7s').bucketMs, 1_000, 'a seventh of a period shorter than a week');
  assert.throws(() => verificationWindows(new Date(), 'soon'), /malformed evaluation period "soon"/);
});

const flat = (n: number, mean: number, jitter = 0.001) => Array.from({ length: n }, (_, i) => mean + (i % 2 === 0 ? jitter : -jitter));

test('a clear move in the expected direction is IMPROVED, against it WORSE, before the end; a small one is NOT_DUE, then INCONCLUSIVE', () => {
  const before = flat(14, -0.002);
  assert.equal(judgeSequential(more, before, flat(6, 0.004), { final: false, guardrails: [] }).outcome, 'IMPROVED');
  const worse = judgeSequential(more, before, flat(6, -0.008), { final: false, guardrails: [] });
  assert.equal(worse.outcome, 'WORSE');
  assert.equal(worse.realised.early, true);
  assert.equal(worse.realised.looks, 5, 'concluded at the first look');
  assert.ok((worse.realised.ci?.[1] ?? 0) < 0 && (worse.realised.p ?? 1) < 0.05);
  assert.equal(judgeSequential(more, before, flat(6, -0.0019), { final: false, guardrails: [] }).outcome, 'NOT_DUE');
  assert.equal(judgeSequential(more, before, flat(14, -0.0019), { final: true, guardrails: [] }).outcome, 'INCONCLUSIVE');
  const errors = judgeSequential(less, flat(7, 0.1, 0.01), flat(7, 0.03, 0.01), { final: true, guardrails: [] });
  assert.equal(errors.outcome, 'IMPROVED');
  assert.ok((errors.realised.improvement ?? 0) > 0 && (errors.realised.delta ?? 0) < 0);
});

test('a guardrail that crosses in its harm direction makes the change WORSE though its own metric looks better', () => {
  const pnlFalls = { metric: 'daily_pnl', harm: 'decrease' as const, before: flat(14, 100, 5), after: flat(6, -50, 5) };
  const verdict = judgeSequential(more, flat(14, -0.002), flat(6, -0.0015), { final: false, guardrails: [pnlFalls] });
  assert.equal(verdict.outcome, 'WORSE');
  assert.deepEqual(
    verdict.realised.guardrails.map((g) => [g.metric, g.breached]),
    [['daily_pnl', true]],
  );
  const pnlRises = { ...pnlFalls, after: flat(6, 300, 5) };
  assert.equal(
    judgeSequential(more, flat(14, -0.002), flat(6, -0.0019), { final: false, guardrails: [pnlRises] }).outcome,
    'NOT_DUE',
    'a guardrail moving the good way is no harm',
  );
});

test('too few buckets on either side is INSUFFICIENT_DATA at the end', () => {
  assert.equal(judgeSequential(more, flat(4, 0), flat(14, 1), { final: true, guardrails: [] }).outcome, 'INSUFFICIENT_DATA');
  assert.equal(judgeSequential(more, [], flat(14, 1), { final: true, guardrails: [] }).outcome, 'INSUFFICIENT_DATA');
  assert.equal(judgeSequential(more, flat(14, 0), flat(3, 1), { final: false, guardrails: [] }).outcome, 'NOT_DUE');
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
  const { realised } = judgeSequential(more, flat(14, 0.002), flat(14, -0.003), { final: true, guardrails: [] });
  const draft = revertDraft(original, live, realised, testPolicy());
  assert.equal(draft.kind, 'REVERT');
  assert.deepEqual(draft.proposed_config_json, STRATEGY);
  assert.equal(draft.current_config_snapshot_json.config_version_id, 'cv-prp_1-apply');
  assert.equal(draft.evidence_json.reverts_proposal_id, 'prp_1');
  assert.deepEqual(draft.diff_json, [{ path: 'entry_threshold', op: 'replace', from: 0.6, to: 0.5 }]);
  assert.equal(draft.auto_applicable, false, 'lowering a threshold adds risk, and no tail risk is known');
  assert.match(draft.deterministic_rationale_text, /Revert ENTRY_THRESHOLD proposal prp_1/);
});
