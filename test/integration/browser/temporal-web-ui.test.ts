/**
 * The Temporal Web UI of a real dev server (`temporal server start-dev` with its UI) in headless Chromium,
 * used the way README.md tells a reviewer to: a pending proposal is found with the `ProposalStatus="PENDING"`
 * filter and its current details read under User Metadata; More Actions → Send an Update → approve shows a
 * refusal in the dialog and records nothing, then applies the proposal for an allowed approver; More
 * Actions → Send a Signal → reject records a refusal in the `status` query (Queries → Run Query) and
 * the workflow keeps waiting, then rejects the proposal for an allowed approver. On a target whose policy
 * wants signed decisions, a typed name is refused in the dialog and the JSON `kronos sign` prints, pasted
 * as the Data, applies the proposal. Every outcome is checked in the workflow and in PostgreSQL. Screenshots are kept under test-artifacts/temporal-web-ui/.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Client } from '@temporalio/client';
import type { FrameLocator, Locator, Page } from 'playwright-core';
import { type DevServer, startDevServer } from '../../../src/temporal/dev-server.js';
import { proposalStatus, startProposalApproval } from '../../../src/temporal/proposal-client.js';
import type { DecisionPayload } from '../../../src/workflows/approval-messages.js';
import { approvalInputFor, dbStatus, eventually, type PendingProposal, pendingProposal, testRule } from '../../support/approval-fixture.js';
import { openTestBrowser, type TestBrowser } from '../../support/browser.js';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';
import { runKronos } from '../../support/run-cli.js';
import { createTestKeys, type TestKeys } from '../../support/signing-keys.js';
import { connectTestClient, startTestWorker, type TestWorker, uniqueTaskQueue } from '../../support/temporal.js';

let server: DevServer;
let database: TestDatabase;
let client: Client;
let worker: TestWorker;
let browser: TestBrowser;
let page: Page;
let keys: TestKeys;

before(async () => {
  keys = await createTestKeys({ registered: { bob: undefined } });
  // A dev server of its own: the one the test runner shares has no UI.
  server = await startDevServer({ ui: true });
  database = await createTestDatabase();
  client = await connectTestClient(server.address);
  worker = await startTestWorker({ db: database.db, taskQueue: uniqueTaskQueue('web-ui'), address: server.address, approversPath: keys.approversPath });
  browser = await openTestBrowser('temporal-web-ui');
  page = browser.page;
});

after(async () => {
  await browser?.close();
  await worker?.stop();
  await client?.connection.close();
  await database?.drop();
  await server?.stop();
  keys?.remove();
});

/** A pending proposal whose approval workflow runs under the test rule (alice and bob approve, four-eyes). */
async function startPending(proposedBy: string, identity: 'signed' | 'claimed' = 'claimed'): Promise<PendingProposal> {
  const proposal = await pendingProposal(database.db, { proposedBy });
  await startProposalApproval(client, approvalInputFor(proposal, testRule({ identity }), { proposedBy }), worker.taskQueue);
  return proposal;
}

async function openWorkflow(proposalId: string): Promise<void> {
  await page.goto(`${server.uiUrl}/namespaces/default/workflows/proposal-${proposalId}`);
  await page.getByRole('heading', { name: `proposal-${proposalId}` }).waitFor();
}

/** More Actions → Send an Update / Send a Signal, with the workflow's message `name` chosen in the dialog. */
async function openMessageDialog(kind: 'update' | 'signal', name: string): Promise<Locator> {
  const title = kind === 'update' ? 'Send an Update' : 'Send a Signal';
  await page.getByRole('button', { name: 'More Actions' }).click();
  await page.getByRole('menuitem', { name: title }).click();
  const dialog = page.getByRole('dialog', { name: title });
  await dialog.getByRole('button', { name: kind === 'update' ? 'Select an Update' : 'Select a signal' }).click();
  // Each message is listed with the description the workflow registered for it.
  await dialog.getByRole('option', { name: `${name} the proposal: {"by": "<name>", "reason": "<text>"}` }).click();
  return dialog;
}

/** Types `request` as the dialog's Data and submits it. */
async function submit(dialog: Locator, request: DecisionPayload): Promise<void> {
  const data = dialog.locator('[role=textbox][data-language=json]');
  await data.fill(JSON.stringify(request));
  // Tab out of the box first, as README.md says: the box reformats its JSON when it loses focus, which
  // moves the Submit button, and a click that takes the focus away from the box lands beside the button.
  await data.press('Tab');
  await dialog.getByRole('button', { name: 'Submit' }).click();
}

/** User Metadata → Current Details: the workflow's current details, rendered in a frame titled "output". */
async function openCurrentDetails(): Promise<FrameLocator> {
  await page.getByRole('tab', { name: 'User Metadata' }).click();
  return page.getByTitle('output').contentFrame();
}

async function updatesAccepted(proposalId: string): Promise<number> {
  const history = await client.workflow.getHandle(`proposal-${proposalId}`).fetchHistory();
  return (history.events ?? []).filter((event) => event.workflowExecutionUpdateAcceptedEventAttributes).length;
}

describe('Temporal Web UI', () => {
  test('Send an Update → approve: refusals appear in the dialog and record nothing; an approver applies the proposal', async () => {
    const proposal = await startPending('alice');

    // Workflows, filtered as README.md says, lead to the proposal's workflow.
    const list = `${server.uiUrl}/namespaces/default/workflows?query=${encodeURIComponent('ProposalStatus="PENDING"')}`;
    await eventually(async () => {
      await page.goto(list);
      // Visibility is eventually consistent: the page is loaded again until the workflow is listed.
      return page
        .getByRole('link', { name: `proposal-${proposal.proposalId}` })
        .waitFor({ timeout: 2_000 })
        .then(
          () => true,
          () => undefined,
        );
    });
    await browser.shot('pending-list');
    await page.getByRole('link', { name: `proposal-${proposal.proposalId}` }).click();
    await page.getByRole('heading', { name: `proposal-${proposal.proposalId}` }).waitFor();
    await (
      await openCurrentDetails()
    )
      .getByText(`Proposal ${proposal.proposalId} is PENDING — STRATEGY_CONFIG ${proposal.targetId}, confidence 0.80: waiting for approve/reject until`)
      .waitFor();
    await browser.shot('current-details');

    const dialog = await openMessageDialog('update', 'approve');
    await submit(dialog, { by: 'carol', reason: 'evidence checked' });
    await dialog.getByRole('alert').filter({ hasText: 'carol is not an allowed approver for this target type' }).waitFor();
    await browser.shot('update-refused-not-an-approver');
    // The same dialog stays open for another try.
    await submit(dialog, { by: 'alice', reason: 'my own change' });
    await dialog.getByRole('alert').filter({ hasText: 'alice proposed this change and may not approve it (four-eyes rule)' }).waitFor();
    await browser.shot('update-refused-four-eyes');

    const refused = await proposalStatus(client, proposal.proposalId);
    assert.equal(refused.status, 'PENDING');
    assert.equal(refused.phase, 'REVIEW');
    assert.equal(refused.refusalCount, 0, 'a refused update is not recorded in the workflow');
    assert.equal(await updatesAccepted(proposal.proposalId), 0, 'nor in its history');
    assert.equal(await dbStatus(database.db, proposal.proposalId), 'PENDING');

    await submit(dialog, { by: 'bob', reason: 'evidence checked' });
    await dialog.waitFor({ state: 'hidden' });
    await page.getByText('Update successful').waitFor();
    await browser.shot('update-approved');

    const applied = await proposalStatus(client, proposal.proposalId);
    assert.equal(applied.status, 'APPLIED');
    assert.equal(applied.phase, 'EVALUATION');
    assert.deepEqual([applied.decision?.action, applied.decision?.by, applied.decision?.via], ['approve', 'bob', 'update']);
    assert.equal(await updatesAccepted(proposal.proposalId), 1);
    assert.equal(await dbStatus(database.db, proposal.proposalId), 'APPLIED');

    await page.reload();
    await (await openCurrentDetails()).getByText(`Proposal ${proposal.proposalId} is APPLIED (approve by bob)`).waitFor();
    await browser.shot('current-details-applied');
  });

  test('Send a Signal → reject: a refusal is recorded in the status query and the workflow waits; an approver rejects the proposal', async () => {
    const proposal = await startPending('kronos');
    await openWorkflow(proposal.proposalId);

    const refusedDialog = await openMessageDialog('signal', 'reject');
    await submit(refusedDialog, { by: 'carol', reason: 'not mine to decide' });
    await refusedDialog.waitFor({ state: 'hidden' });
    await page.getByText('Workflow signaled.').waitFor();
    await browser.shot('signal-refused-sent');

    const refused = await eventually(async () => {
      const status = await proposalStatus(client, proposal.proposalId);
      return status.refusalCount > 0 ? status : undefined;
    });
    assert.equal(refused.status, 'PENDING');
    assert.equal(refused.phase, 'REVIEW');
    assert.deepEqual(
      refused.refusals.map(({ action, by, reason, via }) => ({ action, by, reason, via })),
      [{ action: 'reject', by: 'carol', reason: 'carol is not an allowed approver for this target type', via: 'signal' }],
    );
    assert.equal(await dbStatus(database.db, proposal.proposalId), 'PENDING');

    // Queries → status shows the refusal.
    await page.getByRole('tab', { name: 'Queries' }).click();
    await page.getByRole('button', { name: 'Run Query' }).click();
    await page.getByText('"carol is not an allowed approver for this target type"').waitFor();
    await browser.shot('signal-refusal-in-status');

    await openWorkflow(proposal.proposalId);
    const dialog = await openMessageDialog('signal', 'reject');
    await submit(dialog, { by: 'bob', reason: 'not now' });
    await dialog.waitFor({ state: 'hidden' });
    await page.getByText('Workflow signaled.').waitFor();

    const rejected = await client.workflow.getHandle(`proposal-${proposal.proposalId}`).result();
    assert.equal(rejected.status, 'REJECTED');
    assert.deepEqual(
      [rejected.decision?.action, rejected.decision?.by, rejected.decision?.reason, rejected.decision?.via],
      ['reject', 'bob', 'not now', 'signal'],
    );
    assert.equal(await dbStatus(database.db, proposal.proposalId), 'REJECTED');
    await openWorkflow(proposal.proposalId);
    await page.getByText('Completed', { exact: true }).first().waitFor();
    await browser.shot('signal-rejected');
  });

  test('a signed target: a typed name is refused in the dialog; the JSON of `kronos sign`, pasted as the Data, applies the proposal', async () => {
    const proposal = await startPending('alice', 'signed');
    await openWorkflow(proposal.proposalId);
    const dialog = await openMessageDialog('update', 'approve');
    await submit(dialog, { by: 'bob', reason: 'evidence checked' });
    await dialog
      .getByRole('alert')
      .filter({ hasText: 'STRATEGY_CONFIG decisions must be signed: sign with `kronos approve`, or use the review page' })
      .waitFor();
    await browser.shot('update-refused-unsigned');
    assert.equal(await dbStatus(database.db, proposal.proposalId), 'PENDING');

    const signed = await runKronos(['sign', 'approve', proposal.proposalId, '--by', 'bob', '--reason', 'evidence checked'], { KRONOS_KEYS_DIR: keys.keysDir });
    assert.equal(signed.code, 0, signed.stderr);
    await submit(dialog, JSON.parse(signed.stdout) as DecisionPayload);
    await dialog.waitFor({ state: 'hidden' });
    await page.getByText('Update successful').waitFor();
    await browser.shot('update-approved-signed');

    const applied = await proposalStatus(client, proposal.proposalId);
    assert.equal(applied.status, 'APPLIED');
    assert.equal(applied.decision?.identity?.verifiedBy, 'bob');
    assert.equal(await dbStatus(database.db, proposal.proposalId), 'APPLIED');
  });
});
