/**
 * PostgreSQL unreachable for a while (the worker reaches it through a TCP proxy that is stopped, then
 * started again): the activities of an analysis and of an approval fail and are retried with backoff, the
 * worker does not crash, and both workflows complete once the database is back.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { WorkflowHandle } from '@temporalio/client';
import type { Kysely } from 'kysely';
import { createDb } from '../../../src/db/connection.js';
import type { Database } from '../../../src/db/schema.js';
import type { GroundTruth } from '../../../src/seed/ground-truth.js';
import { startAnalysis } from '../../../src/temporal/analysis-client.js';
import { startProposalApproval } from '../../../src/temporal/proposal-client.js';
import { approvalInputFor, changeLog, pendingProposal, testRule } from '../../support/approval-fixture.js';
import type { TestDatabase } from '../../support/database.js';
import { startTcpProxy, type TcpProxy } from '../../support/tcp-proxy.js';
import { openWorkflowTestBed, type WorkflowTestBed } from '../../support/temporal.js';

let bed: WorkflowTestBed;
let proxied: Kysely<Database>;
let proxy: TcpProxy;

/** The worker's database handle goes through the proxy. */
async function throughProxy(database: TestDatabase): Promise<Kysely<Database>> {
  const url = new URL(database.url);
  proxy = await startTcpProxy({ host: url.hostname, port: Number(url.port || 5432) });
  url.host = `127.0.0.1:${proxy.port}`;
  proxied = createDb(url.toString(), { connectTimeoutMs: 1_000, onError: () => undefined });
  return proxied;
}

before(async () => {
  bed = await openWorkflowTestBed({ label: 'outage', seed: { scenario: 'demo', seed: 3, trades: 1_000 }, workerDb: throughProxy });
});

after(async () => {
  await bed?.close();
  await proxied?.destroy();
  await proxy?.stop();
});

/** The attempt number and last failure of the workflow's pending activity, if any. */
async function pendingActivity(handle: WorkflowHandle) {
  const { raw } = await handle.describe();
  const pending = raw.pendingActivities?.[0];
  return pending ? { attempt: pending.attempt ?? 0, failure: pending.lastFailure?.message ?? '' } : undefined;
}

async function waitForRetries(handle: WorkflowHandle, attempts: number) {
  for (let i = 0; i < 100; i += 1) {
    const pending = await pendingActivity(handle);
    if (pending && pending.attempt >= attempts) return pending;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`no activity of ${handle.workflowId} reached attempt ${attempts}`);
}

test('activities retry while PostgreSQL is unreachable, and the workflows complete once it is back', async () => {
  const { database, client, worker } = bed;
  const truth = bed.truth as GroundTruth;
  const proposal = await pendingProposal(database.db);
  const approval = await startProposalApproval(client, approvalInputFor(proposal, testRule({ evaluation_period: '1s' })), worker.taskQueue);

  await proxy.stop();
  const analysis = await startAnalysis(client, { asOf: truth.as_of, windowDays: truth.window_days, trigger: 'test' }, { taskQueue: worker.taskQueue });
  await approval.signal('approve', { by: 'alice', reason: 'ok' });

  const analysisRetry = await waitForRetries(analysis, 3);
  const applyRetry = await waitForRetries(approval, 3);
  assert.match(analysisRetry.failure, /ECONNREFUSED|connect|timeout/i, analysisRetry.failure);
  assert.match(applyRetry.failure, /ECONNREFUSED|connect|timeout/i, applyRetry.failure);
  assert.equal((await changeLog(database.db, proposal.targetId)).length, 0, 'nothing applied while the database was away');

  await proxy.start();
  const summary = await analysis.result();
  assert.equal(summary.stage, 'done');
  const run = await database.db.selectFrom('meta_analysis_runs').select('status').where('run_id', '=', analysis.workflowId).executeTakeFirstOrThrow();
  assert.equal(run.status, 'COMPLETED');
  const final = await approval.result();
  assert.equal(final.status, 'APPLIED');
  assert.equal((await changeLog(database.db, proposal.targetId)).length, 1);
});
