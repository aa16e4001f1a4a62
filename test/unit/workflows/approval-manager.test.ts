/**
 * The approval workflow's message handlers and lifecycle moves, outside Temporal: ApprovalManager with
 * ports that record what the workflow would publish and write to the audit log.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ApplicationFailure } from '@temporalio/common';
import { ApprovalManager, type ApprovalPorts } from '../../../src/workflows/approval-manager.js';
import { type ApprovalInput, DECISION_REFUSED, MAX_KEPT_REFUSALS, type MessageRef } from '../../../src/workflows/approval-messages.js';
import { approvalInputFor, testRule } from '../../support/approval-fixture.js';

const START = Date.parse('2026-01-05T06:00:00Z');

type Verify = ApprovalPorts['verifyDecision'];

function manager(extra: Partial<ApprovalInput> = {}, options: { auditFails?: boolean; verify?: Verify } = {}) {
  const events: Array<{ kind: string; actor: string; detail: Record<string, unknown> }> = [];
  const warnings: string[] = [];
  const notified: string[] = [];
  let published = 0;
  const clock = { now: START };
  const input = approvalInputFor(
    { proposalId: 'p-1', targetId: 'strat-1', baseVersionId: 'v1' },
    testRule({ review_window: '1h', evaluation_period: '2h' }),
    extra,
  );
  const approval = new ApprovalManager(input, {
    now: () => clock.now,
    recordEvent: async (kind, actor, detail) => {
      if (options.auditFails) throw new Error('database down');
      events.push({ kind, actor, detail });
    },
    publish: () => {
      published += 1;
    },
    warn: (message) => warnings.push(message),
    checksIdentity: () => options.verify !== undefined,
    notify: (event, summary) => {
      notified.push(`${event}: ${summary}`);
    },
    verifyDecision: (...args) => (options.verify as Verify)(...args),
  });
  return { approval, events, warnings, notified, clock, published: () => published };
}

async function refusalOfAsync(pending: Promise<void>): Promise<string> {
  return pending.then(
    () => assert.fail('not refused'),
    (err: unknown) =>
      refusalOf(() => {
        throw err;
      }),
  );
}

function refusalOf(run: () => void): string {
  try {
    run();
  } catch (err) {
    assert.ok(err instanceof ApplicationFailure, 'refused with an ApplicationFailure');
    assert.equal(err.type, DECISION_REFUSED);
    assert.equal(err.nonRetryable, true);
    return err.message;
  }
  assert.fail('not refused');
}

test('a new review starts PENDING with its deadline one review window ahead', () => {
  const { approval } = manager();
  assert.deepEqual(approval.state, { phase: 'REVIEW', status: 'PENDING', reviewDeadline: '2026-01-05T07:00:00.000Z', refusals: [], refusalCount: 0 });
  assert.equal(approval.reviewDecided(), false);
});

test('the update validator refuses malformed payloads, unknown approvers and self-approval, and accepts a good one', () => {
  const { approval } = manager({ proposedBy: 'alice' });
  assert.match(
    refusalOf(() => approval.validate('approve', 'alice')),
    /malformed payload/,
  );
  assert.equal(
    refusalOf(() => approval.validate('approve', { by: 'mallory', reason: 'x' })),
    'mallory is not an allowed approver for this target type',
  );
  assert.equal(
    refusalOf(() => approval.validate('approve', { by: 'alice', reason: 'mine' })),
    'alice proposed this change and may not approve it (four-eyes rule)',
  );
  assert.doesNotThrow(() => approval.validate('approve', { by: 'bob', reason: 'ok' }));
  assert.doesNotThrow(() => approval.validate('reject', { by: 'alice', reason: 'withdrawn' }), 'a proposer may reject their own change');
  assert.equal(approval.reviewDecided(), false, 'validating decides nothing');
});

test("an accepted update is the review's decision; a second one in the same task is refused", async () => {
  const { approval } = manager();
  await approval.takeUpdate('approve', { by: 'alice', reason: 'ok' }, 'u-1');
  assert.equal(approval.reviewDecided(), true);
  assert.equal(await refusalOfAsync(approval.takeUpdate('reject', { by: 'bob', reason: 'no' }, 'u-2')), 'the proposal is already decided (approve by alice)');
  const decision = approval.reviewDecision();
  assert.deepEqual(decision, { action: 'approve', by: 'alice', reason: 'ok', via: 'update', at: '2026-01-05T06:00:00.000Z' });
  assert.equal(approval.view().decision?.by, 'alice', 'the status query shows the accepted decision');
});

test('a refused signal is recorded in state and in the audit log, and the review goes on', async () => {
  const { approval, events, notified, published } = manager();
  await approval.takeSignal('approve', { by: 'mallory', reason: 'trust me' });
  await approval.takeSignal('reject', { reason: 'no by' });
  assert.equal(approval.state.phase, 'REVIEW');
  assert.equal(approval.reviewDecided(), false);
  assert.deepEqual(
    approval.state.refusals.map((r) => [r.action, r.by, r.via]),
    [
      ['approve', 'mallory', 'signal'],
      ['reject', '', 'signal'],
    ],
  );
  assert.deepEqual(
    events.map((e) => [e.kind, e.actor, e.detail.action]),
    [
      ['REFUSED', 'mallory', 'approve'],
      ['REFUSED', '', 'reject'],
    ],
  );
  assert.equal(published(), 2, 'each refusal is published');
  assert.deepEqual(notified, [
    "decision.refused: mallory's approve was refused: mallory is not an allowed approver for this target type",
    'decision.refused: someone\'s reject was refused: malformed payload: "by" must be a non-empty string',
  ]);
  await approval.takeSignal('approve', { by: 'bob', reason: 'ok' });
  assert.equal(approval.reviewDecision().via, 'signal');
});

test('a signal handler never throws, even when the audit log cannot be written', async () => {
  const { approval, warnings } = manager({}, { auditFails: true });
  await approval.takeSignal('approve', { by: 'mallory', reason: 'x' });
  assert.equal(approval.state.refusalCount, 1);
  assert.deepEqual(warnings, ['could not write the audit event of a refused message']);
});

test('refusals keep the last ones in state and count all', async () => {
  const { approval } = manager();
  for (let i = 0; i < MAX_KEPT_REFUSALS + 5; i++) await approval.takeSignal('approve', { by: `eve-${i}`, reason: 'x' });
  assert.equal(approval.state.refusals.length, MAX_KEPT_REFUSALS);
  assert.equal(approval.state.refusalCount, MAX_KEPT_REFUSALS + 5);
  assert.equal(approval.state.refusals.at(-1)?.by, `eve-${MAX_KEPT_REFUSALS + 4}`);
});

test('the review window ends in auto-apply when the policy allows it, else in expiry', () => {
  assert.equal(manager({ confidence: 0.9 }).approval.reviewDecision().action, 'auto-apply');
  const low = manager({ confidence: 0.2 }).approval.reviewDecision();
  assert.equal(low.action, 'expire');
  assert.match(low.reason, /confidence 0.200 is below the minimum 0.600/);
  assert.equal(manager({ confidence: 0.9, autoApplicable: false }).approval.reviewDecision().action, 'expire');
});

test("inconclusive evidence is never auto-applied: at the window's end the review waits for a person, who still decides", async () => {
  const why = 'the 95 % interval of the expected mean_return change, [-0.00100, 0.00400], includes zero';
  const { approval } = manager({ confidence: 0.9, inconclusive: why });
  const verdict = approval.reviewDecision();
  assert.equal(verdict.action, 'expire');
  assert.match(verdict.reason, /the evidence is inconclusive \(the 95 % interval .* includes zero\): the proposal waits for a person/);
  assert.equal(approval.autoApplyNoticeAt(), undefined, 'no auto-apply to announce');
  assert.equal(approval.inconclusiveEvidence(), why);
  approval.waitForPerson(why);
  assert.equal(approval.state.phase, 'REVIEW');
  assert.equal(approval.view().waitingForPerson, why);
  assert.match(approval.summary(), /waiting for a person to approve or reject \(the 95 % interval/);
  await approval.takeSignal('approve', { by: 'bob', reason: 'looked at it' });
  assert.equal(approval.reviewDecided(), true);
  assert.equal(approval.reviewDecision().action, 'approve');
  assert.equal(manager({ confidence: 0.9 }).approval.inconclusiveEvidence(), null);
});

test('people hear of a new proposal once, in the run that opens its review', () => {
  const opened = manager({ confidence: 0.9 });
  opened.approval.announce();
  assert.equal(opened.notified.length, 1);
  assert.match(opened.notified[0], /^proposal\.created: STRATEGY_CONFIG strat-1, confidence 0\.90: waiting for approve\/reject until /);
  const resumed = manager({ confidence: 0.9, resume: opened.approval.state });
  resumed.approval.announce();
  assert.deepEqual(resumed.notified, [], 'a run continued as new does not announce again');
});

test('people hear of an auto-apply an hour before the window ends, once, and only when it will happen', async () => {
  const { approval: long, notified } = manager({ confidence: 0.9 }, {});
  assert.equal(long.autoApplyNoticeAt(), new Date(Date.parse(long.state.reviewDeadline) - 3_600_000).toISOString());
  long.sendAutoApplyNotice();
  assert.deepEqual(notified, [`auto_apply.due: applies automatically at ${long.state.reviewDeadline} unless someone approves or rejects it first`]);
  assert.equal(long.autoApplyNoticeAt(), undefined, 'told once');
  assert.equal(manager({ confidence: 0.2 }).approval.autoApplyNoticeAt(), undefined, 'it will expire instead');
  const decided = manager({ confidence: 0.9 }).approval;
  await decided.takeSignal('reject', { by: 'bob', reason: 'no' });
  assert.equal(decided.autoApplyNoticeAt(), undefined, 'a person decided');
});

test("a supersede request waits for the database; a person's decision comes first", async () => {
  const { approval, events } = manager();
  approval.takeSupersede({ by: 'kronos', reason: 'newer run' });
  assert.equal(approval.reviewDecided(), true);
  const request = approval.nextSupersede();
  assert.ok(request);
  await approval.superseded(request, 'PENDING');
  assert.equal(approval.state.phase, 'REVIEW');
  assert.deepEqual(
    events.map((e) => e.detail.reason),
    ['the proposal is not SUPERSEDED in the database'],
  );

  approval.takeSupersede({ by: 'kronos', reason: 'newer run' });
  await approval.takeUpdate('approve', { by: 'bob', reason: 'ok' }, 'u-1');
  assert.equal(approval.nextSupersede(), undefined);

  const other = manager().approval;
  other.takeSupersede('not an object');
  assert.equal(other.reviewDecided(), false, 'a malformed supersede is ignored');
});

test('approve → apply → evaluate → revert moves along the lifecycle; reverts are refused outside the evaluation period', async () => {
  const { approval, clock } = manager();
  assert.equal(
    refusalOf(() => approval.validate('revert', { by: 'bob', reason: 'early' })),
    'the proposal is PENDING, not APPLIED: nothing to revert',
  );
  await approval.takeUpdate('approve', { by: 'alice', reason: 'ok' }, 'u-1');
  approval.approve(approval.reviewDecision());
  assert.equal(approval.outcomeReached('approve'), false, 'the update waits for the apply');
  clock.now += 1_000;
  approval.applied({ outcome: 'APPLIED', status: 'APPLIED', reason: 'ok' });
  assert.deepEqual([approval.state.phase, approval.state.status], ['EVALUATION', 'APPLIED']);
  assert.equal(approval.state.phase === 'EVALUATION' && approval.state.evaluationDeadline, '2026-01-05T08:00:01.000Z');
  assert.equal(approval.outcomeReached('approve'), true);

  await approval.takeUpdate('revert', { by: 'bob', reason: 'drawdown' }, 'u-1');
  assert.equal(
    refusalOf(() => approval.validate('revert', { by: 'alice', reason: 'me too' })),
    'a revert of proposal p-1 was already requested by bob',
  );
  assert.equal(approval.revertRequested(), true);
  assert.equal(approval.startRevert().by, 'bob');
  assert.equal(approval.outcomeReached('revert'), false);
  approval.reverted({ outcome: 'REVERTED', status: 'REVERTED', reason: 'drawdown' });
  assert.deepEqual([approval.state.phase, approval.state.status], ['CLOSED', 'REVERTED']);
  assert.equal(approval.view().revertResult?.outcome, 'REVERTED');
  assert.equal(approval.outcomeReached('revert'), true);
});

test('a conflicting apply closes; a verification not yet due keeps watching until it is', () => {
  const conflict = manager().approval;
  conflict.approve(conflict.reviewDecision());
  conflict.applied({ outcome: 'CONFLICT', status: 'CONFLICT', reason: 'changed by hand' });
  assert.deepEqual([conflict.state.phase, conflict.state.status], ['CLOSED', 'CONFLICT']);

  const { approval } = manager({ confidence: 0.9 });
  approval.approve(approval.reviewDecision());
  approval.applied({ outcome: 'APPLIED', status: 'APPLIED', reason: 'auto' });
  approval.startVerifying();
  assert.equal(
    refusalOf(() => approval.validate('revert', { by: 'bob', reason: 'x' })),
    'proposal p-1 can no longer be reverted here (verifying)',
  );
  approval.verified({ outcome: 'NOT_DUE', reason: 'too early', dueAt: '2026-02-01T00:00:00.000Z', revertProposalId: null }, false);
  assert.equal(approval.state.phase, 'EVALUATION');
  assert.equal(approval.view().evaluationDeadline, '2026-02-01T00:00:00.000Z');
  approval.startVerifying();
  approval.verified({ outcome: 'IMPROVED', reason: 'better', dueAt: null, revertProposalId: null }, false);
  assert.deepEqual([approval.state.phase, approval.state.status, approval.view().verification?.outcome], ['CLOSED', 'APPLIED', 'IMPROVED']);
});

test('the sequential verification looks every seventh of a short period, keeps watching while nothing is concluded, and closes on a verdict', () => {
  const { approval, notified } = manager({ confidence: 0.9 });
  approval.approve(approval.reviewDecision());
  approval.applied({ outcome: 'APPLIED', status: 'APPLIED', reason: 'auto' });
  const deadline = approval.view().evaluationDeadline as string;
  // A two-hour period: a look every 2h / 7.
  assert.ok(Math.abs(Date.parse(approval.nextLookAt()) - Date.parse(deadline) - ((2 * 3_600_000) / 7 - 2 * 3_600_000)) <= 1);
  approval.startVerifying();
  // NOT_DUE due at the deadline itself: without the sequential test this would close; with it, it keeps watching.
  approval.verified({ outcome: 'NOT_DUE', reason: 'nothing concluded yet', dueAt: deadline, revertProposalId: null }, true);
  assert.deepEqual([approval.state.phase, approval.view().evaluationDeadline], ['EVALUATION', deadline]);
  approval.startVerifying();
  approval.verified({ outcome: 'WORSE', reason: 'concluded early', dueAt: deadline, revertProposalId: 'p-2' }, true);
  assert.deepEqual([approval.state.phase, approval.view().verification?.revertProposalId], ['CLOSED', 'p-2']);
  assert.deepEqual(notified, ['verification.harm: the applied change made things worse: concluded early'], 'people hear of the harm, not of the looks before');
});

test('a move outside the lifecycle fails loudly instead of corrupting the state', () => {
  const { approval } = manager();
  assert.throws(() => approval.startVerifying(), /expected an applied phase, not REVIEW/);
  assert.throws(() => approval.close(approval.reviewDecision(), 'PENDING'), /phase CLOSED cannot hold status PENDING/);
  assert.equal(approval.state.phase, 'REVIEW');
});

test('the state carried across continue-as-new is resumed as it was', () => {
  const first = manager().approval;
  const resumed = manager({ resume: first.state }).approval;
  assert.deepEqual(resumed.state, first.state);
});

const accepted = (verifiedBy: string | null) => ({
  verifiedBy,
  keyId: verifiedBy ? 'ed25519:k' : null,
  sentBy: 'temporal-cli@host',
  principal: null,
  refusal: null,
});

test("with the identity check: the verdict is kept with the decision, and the message's place in history is passed on", async () => {
  const messages: MessageRef[] = [];
  const { approval } = manager({}, { verify: async (_action, _request, message) => (messages.push(message), accepted('alice')) });
  await approval.takeSignal('approve', { by: 'mallory', reason: 'x' });
  await approval.takeSignal('reject', { reason: 'no by' });
  await approval.takeSignal('approve', { by: 'alice', reason: 'ok' });
  assert.deepEqual(messages, [{ kind: 'signal', name: 'approve', ordinal: 1 }], 'refused signals count by name, and are not checked');
  assert.deepEqual(approval.reviewDecision().identity, { verifiedBy: 'alice', keyId: 'ed25519:k', sentBy: 'temporal-cli@host', principal: null });
  const other = manager({}, { verify: async (_a, _r, message) => (messages.push(message), accepted(null)) }).approval;
  await other.takeUpdate('approve', { by: 'bob', reason: 'ok' }, 'upd-7');
  assert.deepEqual(messages.at(-1), { kind: 'update', updateId: 'upd-7' });
});

test('a refused identity is recorded with who Temporal says sent it; the update fails, the signal does not', async () => {
  const refusal = 'RISK_CONFIG decisions must be signed: sign with `kronos approve`, or use the review page';
  const { approval, events } = manager({}, { verify: async () => ({ ...accepted(null), sentBy: 'webui', refusal }) });
  assert.equal(await refusalOfAsync(approval.takeUpdate('approve', { by: 'alice', reason: 'forged' }, 'u-1')), refusal);
  await approval.takeSignal('approve', { by: 'alice', reason: 'forged' });
  assert.equal(approval.reviewDecided(), false);
  assert.deepEqual(
    approval.state.refusals.map((r) => [r.via, r.by, r.sentBy, r.reason]),
    [
      ['update', 'alice', 'webui', refusal],
      ['signal', 'alice', 'webui', refusal],
    ],
  );
  assert.deepEqual(
    events.map((e) => [e.kind, e.actor, e.detail.sent_by]),
    [
      ['REFUSED', 'alice', 'webui'],
      ['REFUSED', 'alice', 'webui'],
    ],
  );
});

test('four-eyes holds on the verified name, and a failed check refuses without failing the workflow', async () => {
  const proposer = manager({ proposedBy: 'alice' }, { verify: async () => accepted('alice') }).approval;
  await proposer.takeSignal('approve', { by: 'bob', reason: 'claims to be bob' });
  assert.equal(proposer.state.refusals[0]?.reason, 'alice proposed this change and may not approve it (four-eyes rule)');

  const broken = manager(
    {},
    {
      verify: async () => {
        throw new Error('approvers file is not valid JSON');
      },
    },
  );
  await broken.approval.takeSignal('approve', { by: 'bob', reason: 'ok' });
  assert.equal(broken.approval.state.refusals[0]?.reason, 'the identity could not be checked: approvers file is not valid JSON');
  assert.equal(broken.approval.idle(), true);
});

test('while an identity is checked the review is not idle, and a decision taken meanwhile wins', async () => {
  let release: (verdict: ReturnType<typeof accepted>) => void = () => {};
  const { approval } = manager(
    {},
    {
      verify: () =>
        new Promise((resolve) => {
          release = resolve;
        }),
    },
  );
  const first = approval.takeSignal('reject', { by: 'bob', reason: 'no' });
  await Promise.resolve();
  assert.equal(approval.idle(), false);
  approval.approve({ action: 'auto-apply', by: 'kronos', reason: 'window over', via: 'timer', at: 'now' });
  release(accepted(null));
  await first;
  assert.equal(approval.idle(), true);
  assert.equal(approval.state.refusals[0]?.reason, 'the proposal is already APPROVED');
});
