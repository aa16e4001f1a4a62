/**
 * Webhook notifications of the approval workflow on the real dev server and PostgreSQL, received by local
 * HTTP servers: a new proposal, an auto-apply due within the hour, a refused signal and a verification
 * that found harm each reach the JSON receiver with the review page's link; a Slack-format receiver that
 * fails twice gets its message on the third attempt, while the workflow goes on meanwhile.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import type { Client } from '@temporalio/client';
import { DEFAULT_POLICY_FILE } from '../../../src/proposals/policy.js';
import { approveProposal, proposalStatus, rejectProposal, startProposalApproval } from '../../../src/temporal/proposal-client.js';
import { approveSignal } from '../../../src/workflows/approval-messages.js';
import { approvalInputFor, eventually, pendingProposal, testRule } from '../../support/approval-fixture.js';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';
import { connectTestClient, recordHistory, startTestWorker, type TestWorker, uniqueTaskQueue } from '../../support/temporal.js';
import { insertTrades } from '../proposals/support.js';

const REVIEW_URL = 'https://kronos.example/review';

interface Received {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Record<string, unknown>;
}

/** An HTTP receiver that answers 503 to its first `failures` requests, then 200, and keeps every request. */
async function receiver(failures = 0): Promise<{ server: Server; url: string; received: Received[] }> {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    let text = '';
    req.on('data', (chunk: Buffer) => (text += chunk.toString()));
    req.on('end', () => {
      const status = received.length < failures ? 503 : 200;
      received.push({ status, headers: req.headers, body: JSON.parse(text) as Record<string, unknown> });
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, received };
}

let database: TestDatabase;
let client: Client;
let worker: TestWorker;
let json: Awaited<ReturnType<typeof receiver>>;
let slack: Awaited<ReturnType<typeof receiver>>;

before(async () => {
  [json, slack] = await Promise.all([receiver(), receiver(2)]);
  const policy = JSON.parse(readFileSync(DEFAULT_POLICY_FILE, 'utf8')) as Record<string, unknown>;
  policy.notifications = {
    review_url: REVIEW_URL,
    webhooks: [
      { url: json.url, format: 'json', events: ['proposal.created', 'decision.refused', 'auto_apply.due', 'verification.harm'] },
      { url: slack.url, format: 'slack', events: ['proposal.created'] },
    ],
  };
  const policyPath = path.join(mkdtempSync(path.join(tmpdir(), 'kronos-notify-')), 'policy.json');
  writeFileSync(policyPath, JSON.stringify(policy));
  database = await createTestDatabase();
  client = await connectTestClient();
  worker = await startTestWorker({ db: database.db, taskQueue: uniqueTaskQueue('notifications'), policyPath });
});

after(async () => {
  await worker?.stop();
  await client?.connection.close();
  await database?.drop();
  json?.server.close();
  slack?.server.close();
});

async function start(confidence: number, rule: Parameters<typeof testRule>[0]) {
  const proposal = await pendingProposal(database.db, { confidence });
  const handle = await startProposalApproval(client, approvalInputFor(proposal, testRule(rule), { confidence }), worker.taskQueue);
  return { proposalId: proposal.proposalId, targetId: proposal.targetId, handle };
}

/** The JSON receiver's bodies of one event for one proposal, once some arrived. */
function jsonBodies(proposalId: string, event: string) {
  return async () => {
    const bodies = json.received.filter((r) => r.body.proposal_id === proposalId && r.body.event === event).map((r) => r.body);
    return bodies.length > 0 ? bodies : undefined;
  };
}

test('a new proposal and its coming auto-apply are announced with the link; the Slack receiver gets its message after two failures', async () => {
  const { proposalId, targetId, handle } = await start(0.9, { review_window: '30m' });
  const link = `${REVIEW_URL}/proposals/${proposalId}`;

  const [created] = await eventually(jsonBodies(proposalId, 'proposal.created'), 60_000);
  assert.equal(created.link, link);
  assert.equal(created.target_type, 'STRATEGY_CONFIG');
  assert.equal(created.target_id, targetId);
  assert.match(String(created.summary), /confidence 0\.90: waiting for approve\/reject until /);
  // A 30-minute window: the auto-apply is within the hour from the start.
  const [due] = await eventually(jsonBodies(proposalId, 'auto_apply.due'), 60_000);
  assert.equal(due.link, link);
  assert.equal((due.detail as { auto_apply_at: string }).auto_apply_at, (await proposalStatus(client, proposalId)).reviewDeadline);

  const delivered = await eventually(async () => (slack.received.some((r) => r.status === 200) ? slack.received : undefined), 60_000);
  assert.deepEqual(
    delivered.map((r) => r.status),
    [503, 503, 200],
  );
  const keys = new Set(delivered.map((r) => r.headers['idempotency-key']));
  assert.equal(keys.size, 1, 'every retry carries the same idempotency key');
  const message = delivered[2].body as { text: string; blocks: Array<{ type: string }> };
  assert.ok(message.text.includes(`<${link}|Open proposal ${proposalId}>`), message.text);
  assert.deepEqual(
    message.blocks.map((b) => b.type),
    ['header', 'section', 'context'],
  );
  assert.equal(
    json.received.filter((r) => r.body.proposal_id === proposalId && r.body.event === 'proposal.created').length,
    1,
    'the JSON receiver got it once',
  );

  // The failing receiver held nothing up: the proposal is decided at once.
  const final = await rejectProposal(client, proposalId, { by: 'bob', reason: 'not now' });
  assert.equal(final.status, 'REJECTED');
  assert.equal((await handle.result()).status, 'REJECTED');
});

test('a refused signal is announced with who and why; a proposal that will expire gets no auto-apply notice', async () => {
  const { proposalId, handle } = await start(0.2, { review_window: '30m' });
  await handle.signal(approveSignal, { by: 'mallory', reason: 'trust me' });
  const [refused] = await eventually(jsonBodies(proposalId, 'decision.refused'), 60_000);
  assert.equal(refused.link, `${REVIEW_URL}/proposals/${proposalId}`);
  assert.deepEqual(refused.detail, { action: 'approve', by: 'mallory', reason: 'mallory is not an allowed approver for this target type', via: 'signal' });
  await rejectProposal(client, proposalId, { by: 'bob', reason: 'no' });
  await handle.result();
  await recordHistory(handle, 'approval-notified-refusal');
  assert.equal(json.received.filter((r) => r.body.proposal_id === proposalId && r.body.event === 'auto_apply.due').length, 0);
});

test('a verification that finds the change made things worse is announced with the revert proposal', async () => {
  const { proposalId, targetId, handle } = await start(0.5, { evaluation_period: '3s' });
  assert.equal((await approveProposal(client, proposalId, { by: 'alice', reason: 'ok' })).status, 'APPLIED');
  const { applied_at } = await database.db
    .selectFrom('meta_controller_config_proposals')
    .select('applied_at')
    .where('proposal_id', '=', proposalId)
    .executeTakeFirstOrThrow();
  const appliedAt = new Date(applied_at as Date);
  // The expected impact is judged over two seconds before and after the apply: better before, worse after.
  const twoSecondsInDays = 2 / 86_400;
  await insertTrades(database.db, targetId, new Date(appliedAt.getTime() - 2_000), twoSecondsInDays, 0.002, 60);
  await insertTrades(database.db, targetId, appliedAt, twoSecondsInDays, -0.003, 60);
  const final = await handle.result();
  assert.equal(final.verification?.outcome, 'WORSE');
  const [harm] = await eventually(jsonBodies(proposalId, 'verification.harm'), 60_000);
  assert.equal(harm.link, `${REVIEW_URL}/proposals/${proposalId}`);
  assert.equal((harm.detail as { revert_proposal_id: string }).revert_proposal_id, final.verification?.revertProposalId);
});
