/**
 * metaAnalysisWorkflow and blackSwanSopReviewWorkflow end to end on the real dev server and PostgreSQL,
 * over a small seeded `demo` history (every planted effect): the run is stored, proposals are made, each
 * gets one approval workflow (PENDING in the Temporal UI's search attributes), the `progress` query
 * answers, and a black-swan review started twice runs once.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Client } from '@temporalio/client';
import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import type { GroundTruth } from '../../../src/seed/ground-truth.js';
import { startAnalysis } from '../../../src/temporal/analysis-client.js';
import { startBlackSwanReview } from '../../../src/temporal/black-swan-client.js';
import { proposalStatus } from '../../../src/temporal/proposal-client.js';
import { progressQuery } from '../../../src/workflows/analysis-pipeline.js';
import type { ApprovalInput } from '../../../src/workflows/approval-messages.js';
import type { TestDatabase } from '../../support/database.js';
import { openWorkflowTestBed, recordHistory, type TestWorker, type WorkflowTestBed } from '../../support/temporal.js';

let bed: WorkflowTestBed;
let database: TestDatabase;
let client: Client;
let worker: TestWorker;
let truth: GroundTruth;

before(async () => {
  bed = await openWorkflowTestBed({ label: 'analysis', seed: { scenario: 'demo', seed: 11, trades: 3_000 } });
  ({ database, client, worker } = bed);
  truth = bed.truth as GroundTruth;
});

after(() => bed?.close());

describe('blackSwanSopReviewWorkflow', () => {
  test('started twice for one event, it runs once and proposes only SOP_TEMPLATE changes with the expedited window', async () => {
    // The latest event that ran the SOP template the demo history made worse.
    const worse = truth.effects.find((e) => e.kind === 'SOP_VERSION_WORSE');
    assert.ok(worse, 'the demo history plants a worse SOP version');
    const event = await database.db
      .selectFrom('black_swan_events')
      .innerJoin('emergency_sop_executions', 'emergency_sop_executions.event_id', 'black_swan_events.event_id')
      .select(['black_swan_events.event_id', 'black_swan_events.severity'])
      .where('emergency_sop_executions.sop_template_id', '=', worse.subject.sop_template_id as string)
      .orderBy('black_swan_events.detected_at', 'desc')
      .executeTakeFirstOrThrow();
    const [a, b] = await Promise.all([
      startBlackSwanReview(client, event.event_id, { taskQueue: worker.taskQueue }),
      startBlackSwanReview(client, event.event_id, { taskQueue: worker.taskQueue }),
    ]);
    assert.equal(a.workflowId, `black-swan-${event.event_id}`);
    const [resultA, resultB] = await Promise.all([a.result(), b.result()]);
    assert.deepEqual(resultA, resultB);
    const runs: string[] = [];
    for await (const w of client.workflow.list({ query: `WorkflowId="black-swan-${event.event_id}"` })) runs.push(w.runId);
    assert.equal(runs.length, 1, 'one execution');
    // A later trigger gets the completed review.
    const later = await startBlackSwanReview(client, event.event_id, { taskQueue: worker.taskQueue });
    assert.deepEqual(await later.result(), resultA);
    await recordHistory(a, 'black-swan-review');

    const proposals = await database.db
      .selectFrom('meta_controller_config_proposals')
      .select(['proposal_id', 'target_type', 'target_id'])
      .where('analysis_run_id', '=', a.workflowId)
      .execute();
    assert.deepEqual(
      proposals.map((p) => [p.target_type, p.target_id]),
      [['SOP_TEMPLATE', worse.subject.sop_template_id]],
    );
    assert.deepEqual(
      resultA.proposalIds,
      proposals.map((p) => p.proposal_id),
    );
    for (const p of proposals) {
      const approval = client.workflow.getHandle(`proposal-${p.proposal_id}`);
      const status = await proposalStatus(client, p.proposal_id);
      const created = await approval.describe();
      const windowMs = Date.parse(status.reviewDeadline) - created.startTime.getTime();
      assert.ok(windowMs <= 4 * 3_600_000 + 60_000, `expedited review window (${windowMs} ms)`);
      // The event's severity goes with the proposal: above the policy's ceiling it is never auto-applied.
      const started = (await approval.fetchHistory()).events?.[0]?.workflowExecutionStartedEventAttributes?.input?.payloads?.[0];
      const input = defaultPayloadConverter.fromPayload<ApprovalInput>(started as Payload);
      assert.deepEqual([input.severity, input.blackSwan], [event.severity, { eventId: event.event_id, severity: event.severity }]);
    }
  });

  test('an unknown event fails the review with one clear reason', async () => {
    const handle = await startBlackSwanReview(client, 'no-such-event', { taskQueue: worker.taskQueue });
    await assert.rejects(handle.result(), (err: Error & { cause?: { cause?: Error } }) => {
      assert.match(String(err.cause?.cause?.message), /black-swan event no-such-event does not exist/);
      return true;
    });
  });
});

describe('metaAnalysisWorkflow', () => {
  test('analyses the window, stores proposals and starts one approval workflow per proposal', async () => {
    const handle = await startAnalysis(client, { asOf: truth.as_of, windowDays: truth.window_days, trigger: 'test' }, { taskQueue: worker.taskQueue });
    const progress = await handle.query(progressQuery);
    assert.equal(progress.runId, handle.workflowId);
    const summary = await handle.result();
    await recordHistory(handle, 'analysis-demo');

    assert.equal(summary.stage, 'done');
    assert.ok(summary.counts.findings > 0, 'the demo history has findings');
    assert.ok(summary.proposalIds.length > 0, 'and proposals');
    assert.equal(summary.counts.rationalesDone, summary.proposalIds.length);
    assert.equal(summary.counts.approvalsStarted, summary.proposalIds.length);

    const run = await database.db.selectFrom('meta_analysis_runs').selectAll().where('run_id', '=', handle.workflowId).executeTakeFirstOrThrow();
    assert.equal(run.status, 'COMPLETED');
    const ledger = await database.db.selectFrom('meta_hypothesis_tests').select(['finding']).where('analysis_run_id', '=', run.run_id).execute();
    assert.equal(ledger.filter((t) => t.finding).length, summary.counts.findings, 'every finding is in the hypothesis ledger');
    assert.ok(ledger.length > summary.counts.findings, 'and so is every hypothesis tested that did not pass');
    const stored = await database.db
      .selectFrom('meta_controller_config_proposals')
      .select(['proposal_id', 'status', 'rationale_text'])
      .where('analysis_run_id', '=', run.run_id)
      .execute();
    assert.deepEqual(stored.map((p) => p.proposal_id).sort(), [...summary.proposalIds].sort());
    for (const p of stored) {
      assert.equal(p.status, 'PENDING');
      assert.ok(p.rationale_text, `proposal ${p.proposal_id} has a rationale`);
      const status = await proposalStatus(client, p.proposal_id);
      assert.equal(status.phase, 'REVIEW');
    }

    // The Temporal UI's list of what waits, ProposalStatus="PENDING", is every pending proposal.
    const pending = await database.db.selectFrom('meta_controller_config_proposals').select('proposal_id').where('status', '=', 'PENDING').execute();
    const listed: string[] = [];
    for (let attempt = 0; attempt < 50 && listed.length < pending.length; attempt += 1) {
      listed.length = 0;
      for await (const w of client.workflow.list({ query: `ProposalStatus="PENDING" AND TaskQueue="${worker.taskQueue}"` })) listed.push(w.workflowId);
      await new Promise((r) => setTimeout(r, 200));
    }
    assert.deepEqual(listed.sort(), pending.map((p) => `proposal-${p.proposal_id}`).sort());
  });

  test('a second run over the same window makes no duplicate proposal and starts no second approval workflow', async () => {
    const pendingBefore = await database.db.selectFrom('meta_controller_config_proposals').select('proposal_id').where('status', '=', 'PENDING').execute();
    assert.ok(pendingBefore.length > 0, 'the first run left pending proposals');
    const again = await startAnalysis(client, { asOf: truth.as_of, windowDays: truth.window_days, trigger: 'test' }, { taskQueue: worker.taskQueue });
    const summary = await again.result();
    assert.deepEqual(summary.proposalIds, [], 'every change is already proposed');
    assert.equal(summary.counts.proposalsCarriedOver, pendingBefore.length);
    assert.equal(summary.counts.approvalsStarted, 0);
    const duplicated = await database.db
      .selectFrom('meta_controller_config_proposals')
      .select(['dedupe_key', (eb) => eb.fn.countAll<string>().as('n')])
      .where('status', '=', 'PENDING')
      .groupBy('dedupe_key')
      .having((eb) => eb.fn.countAll(), '>', 1)
      .execute();
    assert.deepEqual(duplicated, [], 'no change is proposed twice while open');
  });
});
