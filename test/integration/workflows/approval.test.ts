/**
 * proposalApprovalWorkflow on the real dev server and PostgreSQL: approval through the real `temporal
 * workflow signal` command and through `kronos approve`, rejection, refusals that leave the workflow
 * waiting, auto-apply and expiry at the end of a short review window, revert, a conflict with a change
 * made by hand, continue-as-new with the state carried over.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import type { Client } from '@temporalio/client';
import { setProposalStatus } from '../../../src/db/repositories/proposals.js';
import { findTemporalCli } from '../../../src/temporal/cli-binary.js';
import {
  approveProposal,
  DecisionRefusedError,
  proposalStatus,
  rejectProposal,
  revertAppliedProposal,
  startProposalApproval,
} from '../../../src/temporal/proposal-client.js';
import { approvalInputFor, changeByHand, changeLog, dbStatus, eventually, liveVersionId, pendingProposal, testRule } from '../../support/approval-fixture.js';
import type { TestDatabase } from '../../support/database.js';
import { openWorkflowTestBed, recordHistory, type TestWorker, testTemporalAddress, type WorkflowTestBed } from '../../support/temporal.js';

const run = promisify(execFile);

let bed: WorkflowTestBed;
let database: TestDatabase;
let client: Client;
let worker: TestWorker;

before(async () => {
  bed = await openWorkflowTestBed({ label: 'approval' });
  ({ database, client, worker } = bed);
});

after(() => bed?.close());

async function start(options: Parameters<typeof pendingProposal>[1] & { rule?: Parameters<typeof testRule>[0]; inconclusive?: string } = {}) {
  const proposal = await pendingProposal(database.db, options);
  const input = approvalInputFor(proposal, testRule(options.rule), {
    confidence: options.confidence ?? 0.8,
    autoApplicable: options.autoApplicable ?? true,
    proposedBy: options.proposedBy ?? 'kronos',
    ...(options.inconclusive ? { inconclusive: options.inconclusive } : {}),
  });
  const handle = await startProposalApproval(client, input, worker.taskQueue);
  return { proposal, handle };
}

const statusIs = (proposalId: string, wanted: string) => async () => {
  const status = await proposalStatus(client, proposalId);
  return status.status === wanted ? status : undefined;
};

async function kronos(...args: string[]) {
  return run(process.execPath, ['bin/kronos.js', ...args], {
    env: { ...process.env, TEMPORAL_ADDRESS: testTemporalAddress(), DATABASE_URL: database.url },
  }).then(
    (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
    (err: { code: number; stdout: string; stderr: string }) => ({ code: err.code, stdout: err.stdout, stderr: err.stderr }),
  );
}

describe('proposalApprovalWorkflow', () => {
  test('approved with the real `temporal workflow signal` command: applied once, then verified after the evaluation period', async () => {
    const { proposal, handle } = await start({ rule: { evaluation_period: '3s' } });
    const temporal = findTemporalCli();
    assert.ok(temporal, 'the temporal CLI is built');
    await run(temporal, [
      'workflow',
      'signal',
      '--address',
      testTemporalAddress(),
      '--namespace',
      'default',
      '--workflow-id',
      `proposal-${proposal.proposalId}`,
      '--name',
      'approve',
      '--input',
      '{"by":"alice","reason":"ok"}',
    ]);
    const final = await handle.result();
    assert.equal(final.status, 'APPLIED');
    assert.equal(final.decision?.by, 'alice');
    assert.equal(final.decision?.via, 'signal');
    assert.ok(final.verification, 'post-apply verification ran');
    assert.equal(await dbStatus(database.db, proposal.proposalId), 'APPLIED');
    assert.notEqual(await liveVersionId(database.db, proposal.targetId), proposal.baseVersionId);
    const log = await changeLog(database.db, proposal.targetId);
    assert.deepEqual(
      log.map((l) => [l.action, l.actor, l.actor_type]),
      [['APPLY', 'alice', 'HUMAN']],
    );
    await recordHistory(handle, 'approval-approved-by-signal');
  });

  test('approved with `kronos approve`, which prints where the proposal ended', async () => {
    const { proposal } = await start();
    const result = await kronos('approve', proposal.proposalId, '--by', 'bob', '--reason', 'evidence checked');
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, new RegExp(`proposal ${proposal.proposalId}: APPLIED \\(approve by bob\\)`));
    assert.equal(await dbStatus(database.db, proposal.proposalId), 'APPLIED');
  });

  test('rejected through the update: REJECTED in the workflow and in PostgreSQL, the config untouched', async () => {
    const { proposal, handle } = await start();
    const status = await rejectProposal(client, proposal.proposalId, { by: 'bob', reason: 'too broad' });
    assert.equal(status.status, 'REJECTED');
    assert.equal((await handle.result()).status, 'REJECTED');
    const row = await database.db
      .selectFrom('meta_controller_config_proposals')
      .selectAll()
      .where('proposal_id', '=', proposal.proposalId)
      .executeTakeFirstOrThrow();
    assert.equal(row.status, 'REJECTED');
    assert.equal(row.decided_by, 'bob');
    assert.equal(await liveVersionId(database.db, proposal.targetId), proposal.baseVersionId);
  });

  test('self-approval and unknown approvers are refused, by update and by signal, and the workflow keeps waiting', async () => {
    const { proposal, handle } = await start({ proposedBy: 'alice' });
    await assert.rejects(approveProposal(client, proposal.proposalId, { by: 'alice', reason: 'mine' }), (err: unknown) => {
      assert.ok(err instanceof DecisionRefusedError);
      assert.match(err.message, /four-eyes/);
      return true;
    });
    await assert.rejects(approveProposal(client, proposal.proposalId, { by: 'mallory', reason: 'trust me' }), DecisionRefusedError);
    const cli = await kronos('approve', proposal.proposalId, '--by', 'mallory', '--reason', 'x');
    assert.equal(cli.code, 1);
    assert.equal(cli.stderr.trim(), 'kronos: refused: mallory is not an allowed approver for this target type');

    await handle.signal('approve', { by: 'alice', reason: 'mine' });
    await handle.signal('approve', { by: 'mallory', reason: 'trust me' });
    await handle.signal('approve', 'not an object');
    await handle.signal('reject', { reason: 'no by' });
    const status = await eventually(async () => {
      const s = await proposalStatus(client, proposal.proposalId);
      return s.refusalCount === 4 ? s : undefined;
    });
    assert.equal(status.status, 'PENDING');
    assert.equal(status.phase, 'REVIEW');
    assert.deepEqual(
      status.refusals.map((r) => [r.action, r.by]),
      [
        ['approve', 'alice'],
        ['approve', 'mallory'],
        ['approve', ''],
        ['reject', ''],
      ],
    );
    assert.match(status.refusals[0]?.reason ?? '', /four-eyes/);
    assert.match(status.refusals[2]?.reason ?? '', /malformed payload/);
    const audit = await eventually(async () => {
      const rows = await database.db
        .selectFrom('meta_proposal_events')
        .selectAll()
        .where('proposal_id', '=', proposal.proposalId)
        .where('kind', '=', 'REFUSED')
        .execute();
      return rows.length === 4 ? rows : undefined;
    });
    assert.equal(audit.length, 4);
    // Refused updates never reached history; refused signals did not fail the workflow task.
    const history = await handle.fetchHistory();
    const kinds = history.events?.map((e) => e.eventType) ?? [];
    assert.ok(!kinds.some((k) => String(k).includes('UPDATE_ACCEPTED')), 'no accepted update in history');
    assert.ok(!kinds.some((k) => String(k).includes('WORKFLOW_TASK_FAILED')), 'no failed workflow task');

    // It still takes a good decision.
    const applied = await approveProposal(client, proposal.proposalId, { by: 'bob', reason: 'ok' });
    assert.equal(applied.status, 'APPLIED');
    await handle.terminate('evaluation period not needed by this test');
    await recordHistory(handle, 'approval-refused-then-approved-by-update');
  });

  test('a decided proposal refuses a second decision, and an unknown id says so in one line', async () => {
    const { proposal, handle } = await start();
    await rejectProposal(client, proposal.proposalId, { by: 'bob', reason: 'no' });
    await handle.result();
    await assert.rejects(approveProposal(client, proposal.proposalId, { by: 'alice', reason: 'yes' }), {
      name: 'DecisionRefusedError',
      message: `proposal ${proposal.proposalId} is already REJECTED (its approval workflow has finished)`,
    });
    const [cli, unknown] = await Promise.all([
      kronos('approve', proposal.proposalId, '--by', 'alice', '--reason', 'yes'),
      kronos('reject', 'no-such-proposal', '--by', 'bob', '--reason', 'x'),
    ]);
    assert.equal(cli.stderr.trim(), `kronos: refused: proposal ${proposal.proposalId} is already REJECTED (its approval workflow has finished)`);
    assert.equal(await dbStatus(database.db, proposal.proposalId), 'REJECTED');
    assert.equal(unknown.code, 1);
    assert.equal(unknown.stderr.trim(), 'kronos: no approval workflow for proposal no-such-proposal (workflow id proposal-no-such-proposal)');
  });

  test('auto-applied (actor AUTO) when the review window ends and the policy allows it', async () => {
    const { proposal, handle } = await start({ confidence: 0.9, rule: { review_window: '2s', evaluation_period: '1s' } });
    const final = await handle.result();
    assert.equal(final.status, 'APPLIED');
    assert.equal(final.decision?.action, 'auto-apply');
    const log = await changeLog(database.db, proposal.targetId);
    assert.deepEqual(
      log.map((l) => [l.action, l.actor_type]),
      [['APPLY', 'AUTO']],
    );
    const row = await database.db
      .selectFrom('meta_controller_config_proposals')
      .select(['status', 'applied_by'])
      .where('proposal_id', '=', proposal.proposalId)
      .executeTakeFirstOrThrow();
    assert.deepEqual(row, { status: 'APPLIED', applied_by: 'AUTO' });
    await recordHistory(handle, 'approval-auto-applied');
  });

  test('expired when the review window ends and the confidence is too low', async () => {
    const { proposal, handle } = await start({ confidence: 0.2, rule: { review_window: '2s' } });
    const final = await handle.result();
    assert.equal(final.status, 'EXPIRED');
    assert.match(final.decision?.reason ?? '', /confidence 0.200 is below the minimum/);
    assert.equal(await dbStatus(database.db, proposal.proposalId), 'EXPIRED');
    assert.equal(await liveVersionId(database.db, proposal.targetId), proposal.baseVersionId);
    await recordHistory(handle, 'approval-expired');
  });

  test("inconclusive evidence at the window's end: neither auto-applied nor expired, it waits PENDING for a person, who then decides", async () => {
    const why = 'the 95 % interval of the expected mean_return change, [-0.00100, 0.00400], includes zero';
    const { proposal, handle } = await start({ confidence: 0.95, rule: { review_window: '2s', evaluation_period: '1s' }, inconclusive: why });
    const waiting = await eventually(async () => {
      const status = await proposalStatus(client, proposal.proposalId);
      return status.waitingForPerson ? status : undefined;
    });
    assert.ok(Date.now() >= Date.parse(waiting.reviewDeadline), 'waits only once the window ended');
    assert.equal(waiting.phase, 'REVIEW');
    assert.equal(waiting.waitingForPerson, why);
    assert.equal(await dbStatus(database.db, proposal.proposalId), 'PENDING');
    assert.equal(await liveVersionId(database.db, proposal.targetId), proposal.baseVersionId, 'not applied by the timer');
    const approved = await approveProposal(client, proposal.proposalId, { by: 'alice', reason: 'read the evidence' });
    assert.equal(approved.decision?.by, 'alice');
    const final = await handle.result();
    assert.equal(final.status, 'APPLIED');
    assert.deepEqual(
      (await changeLog(database.db, proposal.targetId)).map((l) => [l.action, l.actor_type]),
      [['APPLY', 'HUMAN']],
    );
    await recordHistory(handle, 'approval-inconclusive-waits');
  });

  test('the review window on the real server: the deadline is one window after the start, and a decision after it is refused', async () => {
    const startedAt = Date.now();
    const { proposal, handle } = await start({ confidence: 0.2, rule: { review_window: '3s' } });
    const waiting = await proposalStatus(client, proposal.proposalId);
    assert.equal(waiting.phase, 'REVIEW');
    const deadline = Date.parse(waiting.reviewDeadline);
    assert.ok(deadline - startedAt >= 2_500 && deadline - startedAt < 8_000, `deadline ${waiting.reviewDeadline}`);
    const final = await handle.result();
    assert.equal(final.status, 'EXPIRED');
    assert.ok(Date.now() >= deadline, 'not closed before the window ended');
    const late = await kronos('approve', proposal.proposalId, '--by', 'alice', '--reason', 'late');
    assert.equal(late.code, 1);
    assert.equal(late.stderr.trim(), `kronos: refused: proposal ${proposal.proposalId} is already EXPIRED (its approval workflow has finished)`);
  });

  test('reverted during the evaluation period: the old config is live again as a new version', async () => {
    const { proposal, handle } = await start();
    await approveProposal(client, proposal.proposalId, { by: 'alice', reason: 'ok' });
    const reverted = await revertAppliedProposal(client, proposal.proposalId, { by: 'bob', reason: 'drawdown' });
    assert.equal(reverted.status, 'REVERTED');
    assert.equal((await handle.result()).status, 'REVERTED');
    const log = await changeLog(database.db, proposal.targetId);
    assert.deepEqual(
      log.map((l) => l.action),
      ['APPLY', 'REVERT'],
    );
    const live = await database.db
      .selectFrom('config_targets')
      .innerJoin('config_versions', 'config_versions.config_version_id', 'config_targets.current_version_id')
      .select('config_json')
      .where('config_targets.target_id', '=', proposal.targetId)
      .executeTakeFirstOrThrow();
    const base = await database.db
      .selectFrom('config_versions')
      .select('config_json')
      .where('config_version_id', '=', proposal.baseVersionId)
      .executeTakeFirstOrThrow();
    assert.deepEqual(live.config_json, base.config_json);
    await recordHistory(handle, 'approval-reverted');
  });

  test('a revert is refused before anything was applied', async () => {
    const { proposal } = await start();
    await assert.rejects(revertAppliedProposal(client, proposal.proposalId, { by: 'bob', reason: 'early' }), {
      name: 'DecisionRefusedError',
      message: 'the proposal is PENDING, not APPLIED: nothing to revert',
    });
    assert.equal((await proposalStatus(client, proposal.proposalId)).status, 'PENDING');
  });

  test('CONFLICT when the config was changed by hand after the proposal: the manual change stays', async () => {
    const { proposal, handle } = await start();
    const manual = await changeByHand(database.db, proposal);
    const status = await approveProposal(client, proposal.proposalId, { by: 'alice', reason: 'ok' });
    assert.equal(status.status, 'CONFLICT');
    assert.equal((await handle.result()).status, 'CONFLICT');
    assert.equal(await dbStatus(database.db, proposal.proposalId), 'CONFLICT');
    assert.equal(await liveVersionId(database.db, proposal.targetId), manual);
    await recordHistory(handle, 'approval-conflict');
  });

  test('closed as SUPERSEDED only when PostgreSQL says so; a forged supersede signal is refused', async () => {
    const { proposal, handle } = await start();
    await handle.signal('supersede', { by: 'mallory', reason: 'forged' });
    const refused = await eventually(async () => {
      const s = await proposalStatus(client, proposal.proposalId);
      return s.refusalCount === 1 ? s : undefined;
    });
    assert.equal(refused.status, 'PENDING');
    assert.match(refused.refusals[0]?.reason ?? '', /not SUPERSEDED in the database/);

    await setProposalStatus(database.db, proposal.proposalId, 'SUPERSEDED', { by: 'kronos', reason: 'a newer proposal' });
    await handle.signal('supersede', { by: 'kronos', reason: 'superseded by a newer run' });
    const final = await handle.result();
    assert.equal(final.status, 'SUPERSEDED');
    assert.equal(await liveVersionId(database.db, proposal.targetId), proposal.baseVersionId);
  });

  test('continues as new while waiting, carrying the refusals and the deadline', async () => {
    const { proposal, handle } = await start({ rule: { evaluation_period: '1s' } });
    const before = await proposalStatus(client, proposal.proposalId);
    // Restart with a tiny history budget: each refused signal adds events until the workflow continues as new.
    await handle.terminate('restart with a small continue-as-new threshold');
    const input = approvalInputFor(proposal, testRule({ evaluation_period: '1s' }), { continueAsNewAfterEvents: 12 });
    const fresh = await client.workflow.start('proposalApprovalWorkflow', {
      workflowId: `proposal-${proposal.proposalId}`,
      taskQueue: worker.taskQueue,
      args: [input],
    });
    for (let i = 0; i < 4; i += 1) await fresh.signal('approve', { by: 'mallory', reason: `try ${i}` });
    await eventually(async () => ((await fresh.describe()).runId !== fresh.firstExecutionRunId ? true : undefined));
    const carried = await proposalStatus(client, proposal.proposalId);
    assert.equal(carried.refusalCount, 4, 'the refusals were carried over');
    assert.equal(carried.status, 'PENDING');
    assert.ok(before.reviewDeadline <= carried.reviewDeadline);
    const applied = await approveProposal(client, proposal.proposalId, { by: 'alice', reason: 'ok' });
    assert.equal(applied.status, 'APPLIED');
    assert.equal((await changeLog(database.db, proposal.targetId)).length, 1);
    await eventually(statusIs(proposal.proposalId, 'APPLIED'));
    await recordHistory(client.workflow.getHandle(fresh.workflowId, fresh.firstExecutionRunId), 'approval-continued-as-new');
  });
});
