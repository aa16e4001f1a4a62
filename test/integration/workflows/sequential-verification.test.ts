/**
 * The sequential post-apply verification on the real dev server and PostgreSQL: an applied change whose
 * trades turn worse is called WORSE at one of the evaluation phase's looks, weeks before its 30-day
 * evaluation period ends, and a REVERT proposal is stored at once.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { getProposal } from '../../../src/db/repositories/proposals.js';
import { impact } from '../../../src/proposals/expected-impact.js';
import { approveProposal, startProposalApproval } from '../../../src/temporal/proposal-client.js';
import { approvalInputFor, pendingProposal, testRule } from '../../support/approval-fixture.js';
import { openWorkflowTestBed, type WorkflowTestBed } from '../../support/temporal.js';
import { insertTrades } from '../proposals/support.js';

const DAY = 86_400_000;
let bed: WorkflowTestBed;

before(async () => {
  bed = await openWorkflowTestBed({ label: 'sequential-verification' });
});

after(() => bed?.close());

test('harm seen ten days into a thirty-day evaluation period closes the workflow WORSE at once, with a revert proposal', async () => {
  const { database, client, worker } = bed;
  const { db } = database;
  const proposal = await pendingProposal(db, { confidence: 0.5 });
  const predicted = impact('mean_return', { strategy_id: [proposal.targetId] }, 'increase', '30d', 'fewer losing entries', {
    baseline: 0.002,
    expected: 0.004,
  });
  await db
    .updateTable('meta_controller_config_proposals')
    .set({ expected_impact_json: JSON.stringify(predicted) })
    .where('proposal_id', '=', proposal.proposalId)
    .execute();
  // The rule's seven-second period makes the workflow look once a second; the impact's own period is thirty days.
  const handle = await startProposalApproval(client, approvalInputFor(proposal, testRule({ evaluation_period: '7s' }), { confidence: 0.5 }), worker.taskQueue);
  assert.equal((await approveProposal(client, proposal.proposalId, { by: 'alice', reason: 'ok' })).status, 'APPLIED');

  // The apply is moved ten days back, so the days since it exist: 30 days at +0.2 % before, 10 days at −0.3 % after.
  const appliedAt = new Date(Date.now() - 10 * DAY);
  await db.updateTable('meta_controller_config_proposals').set({ applied_at: appliedAt }).where('proposal_id', '=', proposal.proposalId).execute();
  await insertTrades(db, proposal.targetId, new Date(appliedAt.getTime() - 30 * DAY), 30, 0.002, 240);
  await insertTrades(db, proposal.targetId, appliedAt, 10, -0.003, 80);

  const final = await handle.result();
  assert.equal(final.verification?.outcome, 'WORSE');
  assert.match(final.verification?.reason ?? '', /concluded early/);
  assert.ok(Date.parse(final.verification?.dueAt ?? '') - Date.now() > 15 * DAY, 'concluded weeks before the period ends');
  const revertId = final.verification?.revertProposalId;
  assert.ok(revertId);
  const revert = await getProposal(db, revertId);
  assert.equal(revert?.kind, 'REVERT');
  assert.equal(revert?.status, 'PENDING');
  const stored = await db.selectFrom('meta_verifications').selectAll().where('proposal_id', '=', proposal.proposalId).executeTakeFirstOrThrow();
  assert.equal(stored.outcome, 'WORSE');
  assert.equal((stored.realised_json as { early: boolean }).early, true);
});
