import assert from 'node:assert/strict';
import { test } from 'node:test';
import { policyForTarget } from '../../../src/proposals/policy.js';
import {
  autoApplyDecision,
  inconclusiveEvidence,
  parseDurationMs,
  refuseApproval,
  refuseRejection,
  refuseRevert,
  type TargetPolicy,
} from '../../../src/proposals/policy-rules.js';
import { testPolicy } from './fixtures.js';

const rule: TargetPolicy = {
  ...policyForTarget(testPolicy(), 'STRATEGY_CONFIG'),
  min_confidence: 0.6,
  require_track_record: { min_verified: 3, min_hit_rate: 0.5 },
};
const goodRecord = { verified: 4, improved: 3, hit_rate: 0.75 };
const facts = { confidence: 0.7, autoApplicable: true, revertedBefore: false, trackRecord: goodRecord };

test('durations parse to milliseconds; malformed ones are null', () => {
  assert.equal(parseDurationMs('72h'), 259_200_000);
  assert.equal(parseDurationMs('1.5s'), 1_500);
  assert.equal(parseDurationMs('250ms'), 250);
  assert.equal(parseDurationMs('2w'), 1_209_600_000);
  for (const bad of ['', '72', 'h', '3 days', '-1h', '0s']) assert.equal(parseDurationMs(bad), null, bad);
});

test('approval refusals: missing identity, decided proposal, unknown approver, four-eyes', () => {
  const pending = { proposedBy: 'kronos', status: 'PENDING' };
  assert.equal(refuseApproval(rule, pending, 'alice'), null);
  assert.equal(refuseApproval(rule, pending, ' '), 'the identity of whoever decides is missing');
  assert.equal(refuseApproval(rule, { ...pending, status: 'APPLIED' }, 'alice'), 'the proposal is already APPLIED');
  assert.equal(refuseApproval(rule, pending, 'mallory'), 'mallory is not an allowed approver for this target type');
  assert.equal(refuseApproval(rule, { proposedBy: 'alice', status: 'PENDING' }, 'alice'), 'alice proposed this change and may not approve it (four-eyes rule)');
  assert.equal(refuseApproval({ ...rule, four_eyes: false }, { proposedBy: 'alice', status: 'PENDING' }, 'alice'), null);
  assert.equal(refuseApproval({ ...rule, approvers: ['*'] }, pending, 'mallory'), null);
});

test('a proposer may reject their own proposal; other rejection checks hold', () => {
  assert.equal(refuseRejection(rule, { proposedBy: 'alice', status: 'PENDING' }, 'alice'), null);
  assert.equal(refuseRejection(rule, { proposedBy: 'kronos', status: 'REJECTED' }, 'bob'), 'the proposal is already REJECTED');
  assert.match(refuseRejection(rule, { proposedBy: 'kronos', status: 'PENDING' }, 'eve') ?? '', /not an allowed approver/);
});

test('auto-apply needs every condition, each refusal saying which failed', () => {
  assert.equal(autoApplyDecision(rule, facts).apply, true);
  const refusals: [Partial<TargetPolicy>, Partial<typeof facts>, number | undefined, RegExp][] = [
    [{ auto_apply: false }, {}, undefined, /auto-apply is off/],
    [{}, { autoApplicable: false }, undefined, /guardrail failed/],
    [{}, { confidence: 0.59 }, undefined, /confidence 0\.590 is below the minimum 0\.600/],
    [{}, { revertedBefore: true }, undefined, /reverted before/],
    [{}, { trackRecord: { verified: 2, improved: 2, hit_rate: 1 } }, undefined, /only 2 verified outcomes/],
    [{}, { trackRecord: { verified: 10, improved: 4, hit_rate: 0.4 } }, undefined, /hit rate of this kind is 0\.400/],
    [{}, {}, 3, /severity 3 is above the auto-apply ceiling 2/],
  ];
  for (const [rulePatch, factPatch, severity, reason] of refusals) {
    const decision = autoApplyDecision({ ...rule, ...rulePatch }, { ...facts, ...factPatch }, severity);
    assert.equal(decision.apply, false, String(reason));
    assert.match(decision.reason, reason);
  }
  assert.equal(autoApplyDecision(rule, facts, 2).apply, true);
  assert.equal(
    autoApplyDecision(
      { ...rule, require_track_record: { min_verified: 0, min_hit_rate: 0.9 } },
      { ...facts, trackRecord: { verified: 0, improved: 0, hit_rate: null } },
    ).apply,
    true,
  );
});

test('policy-rules.ts imports nothing, so the workflow sandbox can bundle it', async () => {
  const { readFile } = await import('node:fs/promises');
  const source = await readFile(new URL('../../../src/proposals/policy-rules.ts', import.meta.url), 'utf8');
  assert.doesNotMatch(source, /^\s*import\s/m);
});

test('revert refusals: missing identity, a proposal not APPLIED, unknown approver; the proposer may revert', () => {
  assert.equal(refuseRevert(rule, { status: 'APPLIED' }, 'alice'), null);
  assert.equal(refuseRevert(rule, { status: 'APPLIED' }, ''), 'the identity of whoever decides is missing');
  assert.equal(refuseRevert(rule, { status: 'REJECTED' }, 'alice'), 'the proposal is REJECTED, not APPLIED: nothing to revert');
  assert.equal(refuseRevert(rule, { status: 'APPLIED' }, 'mallory'), 'mallory is not an allowed approver for this target type');
});

test('evidence is inconclusive exactly when the 95 % interval of the expected change includes zero, and then never auto-applies', () => {
  assert.equal(inconclusiveEvidence({ metric: 'mean_return', change_ci: [0.001, 0.004] }), null);
  assert.equal(inconclusiveEvidence({ metric: 'error_rate', change_ci: [-0.2, -0.05] }), null);
  assert.equal(inconclusiveEvidence(null), null, 'nothing live moves: not judged');
  assert.equal(
    inconclusiveEvidence({ metric: 'mean_return', change_ci: [-0.001, 0.004] }),
    'the 95 % interval of the expected mean_return change, [-0.00100, 0.00400], includes zero',
  );
  assert.match(inconclusiveEvidence({ metric: 'loss_avoided', change_ci: [0, 12] }) ?? '', /\[0\.00, 12\.0\], includes zero/);
  const why = inconclusiveEvidence({ metric: 'mean_return', change_ci: [-0.001, 0.004] });
  assert.equal(autoApplyDecision(rule, facts).apply, true);
  assert.deepEqual(autoApplyDecision(rule, { ...facts, confidence: 0.99, inconclusive: why }), {
    apply: false,
    reason: `the evidence is inconclusive (${why}): the proposal waits for a person`,
  });
});
