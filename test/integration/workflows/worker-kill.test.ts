/**
 * The worker process dies (SIGKILL) right after an activity committed its work and before it reported
 * it: the window in which Temporal cannot know the outcome and runs the activity again. Killed in the
 * middle of an analysis (proposals stored) and in the middle of an apply (config changed); another worker
 * process then finishes each workflow, with no duplicate proposal and exactly one config change.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Client } from '@temporalio/client';
import type { GroundTruth } from '../../../src/seed/ground-truth.js';
import { seedScenario } from '../../../src/seed/seed-scenario.js';
import { startAnalysis } from '../../../src/temporal/analysis-client.js';
import { startProposalApproval } from '../../../src/temporal/proposal-client.js';
import { approvalInputFor, changeLog, dbStatus, liveVersionId, pendingProposal, testRule } from '../../support/approval-fixture.js';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';
import { connectTestClient, recordHistory, testTemporalAddress, uniqueTaskQueue } from '../../support/temporal.js';
import { HOLD_MARKER, spawnWorkerProcess, WORKER_READY, type WorkerProcess } from '../../support/worker-process.js';

let database: TestDatabase;
let client: Client;
let truth: GroundTruth;
const workers: WorkerProcess[] = [];

before(async () => {
  database = await createTestDatabase();
  truth = await seedScenario(database.db, { scenario: 'demo', seed: 5, trades: 2_000 });
  client = await connectTestClient();
});

after(async () => {
  await Promise.all(workers.map((w) => w.stop()));
  await client?.connection.close();
  await database?.drop();
});

function worker(taskQueue: string, holdAfter?: string[]): WorkerProcess {
  const spawned = spawnWorkerProcess({ databaseUrl: database.url, temporalAddress: testTemporalAddress(), taskQueue, holdAfter });
  workers.push(spawned);
  return spawned;
}

describe('a worker killed mid-activity', { concurrency: true }, () => {
  test('in the middle of an analysis: the next worker finishes it without a duplicate proposal', async () => {
    const taskQueue = uniqueTaskQueue('kill-analysis');
    const doomed = worker(taskQueue, ['proposeFromRun']);
    await doomed.waitForOutput(WORKER_READY, 120_000);
    const handle = await startAnalysis(client, { asOf: truth.as_of, windowDays: truth.window_days, trigger: 'test' }, { taskQueue });
    await doomed.waitForOutput(`${HOLD_MARKER} proposeFromRun`, 120_000);
    const storedBeforeKill = await database.db
      .selectFrom('meta_controller_config_proposals')
      .select('proposal_id')
      .where('analysis_run_id', '=', handle.workflowId)
      .execute();
    assert.ok(storedBeforeKill.length > 0, 'the killed attempt had committed its proposals');
    await doomed.kill();

    worker(taskQueue);
    const summary = await handle.result();
    const stored = await database.db
      .selectFrom('meta_controller_config_proposals')
      .select('proposal_id')
      .where('analysis_run_id', '=', handle.workflowId)
      .execute();
    assert.deepEqual(stored.map((p) => p.proposal_id).sort(), storedBeforeKill.map((p) => p.proposal_id).sort(), 'no proposal added by the retry');
    assert.deepEqual([...summary.proposalIds].sort(), stored.map((p) => p.proposal_id).sort());
    assert.equal(summary.counts.approvalsStarted, stored.length, 'one approval workflow per proposal');
    const history = await handle.fetchHistory();
    const proposeAttempts = history.events?.filter(
      (e) => e.activityTaskStartedEventAttributes && e.activityTaskStartedEventAttributes.attempt && e.activityTaskStartedEventAttributes.attempt > 1,
    );
    assert.ok(proposeAttempts && proposeAttempts.length >= 1, 'an activity was retried after the kill');
    await recordHistory(handle, 'analysis-after-worker-kill');
  });

  test('in the middle of an apply: the next worker finishes it with exactly one config change', async () => {
    const taskQueue = uniqueTaskQueue('kill-apply');
    const doomed = worker(taskQueue, ['applyProposal']);
    await doomed.waitForOutput(WORKER_READY, 120_000);
    const proposal = await pendingProposal(database.db);
    const handle = await startProposalApproval(client, approvalInputFor(proposal, testRule({ evaluation_period: '1s' })), taskQueue);
    await handle.signal('approve', { by: 'alice', reason: 'ok' });
    await doomed.waitForOutput(`${HOLD_MARKER} applyProposal`, 120_000);
    assert.equal((await changeLog(database.db, proposal.targetId)).length, 1, 'the killed attempt had committed the change');
    await doomed.kill();

    const successor = worker(taskQueue);
    const final = await handle.result();
    assert.equal(final.status, 'APPLIED');
    assert.equal(final.applyResult?.outcome, 'ALREADY_APPLIED', 'the retry found the change made');
    const log = await changeLog(database.db, proposal.targetId);
    assert.deepEqual(
      log.map((l) => l.action),
      ['APPLY'],
    );
    assert.equal(await liveVersionId(database.db, proposal.targetId), log[0]?.to_version_id);
    const versions = await database.db.selectFrom('config_versions').select('config_version_id').where('target_id', '=', proposal.targetId).execute();
    assert.equal(versions.length, 2, 'the base version and one applied version');
    assert.equal(await dbStatus(database.db, proposal.proposalId), 'APPLIED');
    await recordHistory(handle, 'approval-after-worker-kill');
    // SIGTERM is a graceful shutdown: the worker drains, closes its connections and exits 0.
    assert.equal(await successor.stop(), 0);
    await successor.waitForOutput('kronos worker stopped', 1_000);
  });
});
