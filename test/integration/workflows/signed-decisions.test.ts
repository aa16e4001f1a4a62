/**
 * Signed decisions on the real dev server and PostgreSQL, for a target whose policy says `identity:
 * "signed"`: a forged `by` through the real `temporal workflow signal` and `temporal workflow update
 * execute` commands is refused, recorded and changes nothing; a decision signed by a registered key is
 * applied, pasted from `kronos sign` into `temporal ... --input` or sent by `kronos approve`; a signature
 * for another proposal or action, an expired one, a reused nonce and an unknown key are refused; the CLI
 * refuses a key file others may read.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { chmodSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import type { Client } from '@temporalio/client';
import type { ProposalEventKind } from '../../../src/proposals/event-kinds.js';
import { signDecision, type SignedAction } from '../../../src/proposals/signed-decision.js';
import { findTemporalCli } from '../../../src/temporal/cli-binary.js';
import { proposalStatus, startProposalApproval } from '../../../src/temporal/proposal-client.js';
import type { ApprovalStatus } from '../../../src/workflows/approval-messages.js';
import { approvalInputFor, changeLog, dbStatus, eventually, liveVersionId, pendingProposal, testRule } from '../../support/approval-fixture.js';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';
import { runKronos } from '../../support/run-cli.js';
import { createTestKeys, type TestKeys } from '../../support/signing-keys.js';
import { connectTestClient, startTestWorker, type TestWorker, testTemporalAddress, uniqueTaskQueue } from '../../support/temporal.js';

const run = promisify(execFile);

let database: TestDatabase;
let client: Client;
let worker: TestWorker;
let keys: TestKeys;

before(async () => {
  // alice's key is registered; bob has a key nobody registered.
  keys = await createTestKeys({ registered: { alice: undefined }, unregistered: ['bob'] });
  database = await createTestDatabase();
  client = await connectTestClient();
  worker = await startTestWorker({ db: database.db, taskQueue: uniqueTaskQueue('signed'), approversPath: keys.approversPath });
});

after(async () => {
  await worker?.stop();
  await client?.connection.close();
  await database?.drop();
  keys?.remove();
});

async function startSigned(options: { proposedBy?: string } = {}) {
  const proposal = await pendingProposal(database.db, options);
  const input = approvalInputFor(proposal, testRule({ identity: 'signed' }), { proposedBy: options.proposedBy ?? 'kronos' });
  const handle = await startProposalApproval(client, input, worker.taskQueue);
  return { proposal, handle };
}

/** `temporal workflow signal|update execute` for the proposal's workflow; never rejects, the exit code tells. */
async function temporal(kind: 'signal' | 'update', proposalId: string, name: string, input: unknown) {
  const binary = findTemporalCli();
  assert.ok(binary, 'the temporal CLI is built');
  const command = kind === 'signal' ? ['workflow', 'signal'] : ['workflow', 'update', 'execute'];
  const args = [
    ...command,
    '--address',
    testTemporalAddress(),
    '--namespace',
    'default',
    '--workflow-id',
    `proposal-${proposalId}`,
    '--name',
    name,
    '--input',
    JSON.stringify(input),
  ];
  return run(binary, args).then(
    (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
    (err: { code: number; stdout: string; stderr: string }) => ({ code: err.code, stdout: err.stdout, stderr: err.stderr }),
  );
}

const kronosEnv = () => ({ TEMPORAL_ADDRESS: testTemporalAddress(), DATABASE_URL: database.url, KRONOS_KEYS_DIR: keys.keysDir });

/** Waits until the workflow has recorded `count` refusals, and returns its status. */
function refusals(proposalId: string, count: number): Promise<ApprovalStatus> {
  return eventually(async () => {
    const status = await proposalStatus(client, proposalId);
    return status.refusalCount >= count ? status : undefined;
  });
}

async function auditEvents(proposalId: string, kind: ProposalEventKind) {
  return database.db
    .selectFrom('meta_proposal_events')
    .selectAll()
    .where('proposal_id', '=', proposalId)
    .where('kind', '=', kind)
    .orderBy('event_id')
    .execute();
}

/** Nothing changed: the workflow and PostgreSQL say PENDING, the live config is the base version, no change log. */
async function assertUnchanged(proposal: { proposalId: string; targetId: string; baseVersionId: string }) {
  const status = await proposalStatus(client, proposal.proposalId);
  assert.equal(status.status, 'PENDING');
  assert.equal(status.phase, 'REVIEW');
  assert.equal(await dbStatus(database.db, proposal.proposalId), 'PENDING');
  assert.equal(await liveVersionId(database.db, proposal.targetId), proposal.baseVersionId);
  assert.deepEqual(await changeLog(database.db, proposal.targetId), []);
}

function signedBy(name: string, claim: { proposal_id: string; action: SignedAction; issued_at?: string }) {
  return signDecision({ by: name, reason: 'evidence checked', ...claim }, keys.keyOf(name));
}

describe('signed decisions', () => {
  test('a forged `by` through `temporal workflow signal` and `temporal workflow update execute` is refused, recorded, and changes nothing', async () => {
    const { proposal } = await startSigned();
    const signal = await temporal('signal', proposal.proposalId, 'approve', { by: 'alice', reason: 'trust me' });
    assert.equal(signal.code, 0, signal.stderr);
    let status = await refusals(proposal.proposalId, 1);
    const reason = 'STRATEGY_CONFIG decisions must be signed: sign with `kronos approve`, or use the review page';
    assert.deepEqual(
      status.refusals.map((r) => [r.via, r.by, r.reason]),
      [['signal', 'alice', reason]],
    );
    assert.ok(status.refusals[0]?.sentBy, 'the sender Temporal recorded is kept beside the refusal');

    const update = await temporal('update', proposal.proposalId, 'approve', { by: 'alice', reason: 'trust me' });
    assert.notEqual(update.code, 0);
    assert.match(update.stderr, /decisions must be signed: sign with `kronos approve`, or use the review page/);
    status = await refusals(proposal.proposalId, 2);
    assert.equal(status.refusals[1]?.via, 'update');

    // A signature of alice's with the name changed to bob's is no signature of bob's.
    const tampered = { ...signedBy('alice', { proposal_id: proposal.proposalId, action: 'approve' }), by: 'bob' };
    await temporal('signal', proposal.proposalId, 'approve', tampered);
    status = await refusals(proposal.proposalId, 3);
    assert.match(status.refusals[2]?.reason ?? '', /^the signature does not match the decision \(key ed25519:\S+ of alice\)$/);

    // The refusal is in the workflow's state first; its audit row follows.
    const audit = await eventually(async () => {
      const rows = await auditEvents(proposal.proposalId, 'REFUSED');
      return rows.length === 3 ? rows : undefined;
    });
    assert.deepEqual(
      audit.map((e) => [e.actor, (e.detail_json as { reason: string }).reason === reason]),
      [
        ['alice', true],
        ['alice', true],
        ['bob', false],
      ],
    );
    await assertUnchanged(proposal);
  });

  test('`kronos sign approve` pasted into `temporal workflow update execute --input` is applied, with the signer, the claim and the sender in the audit log', async () => {
    const { proposal } = await startSigned();
    const signed = await runKronos(['sign', 'approve', proposal.proposalId, '--by', 'alice', '--reason', 'evidence checked'], kronosEnv());
    assert.equal(signed.code, 0, signed.stderr);
    const payload = JSON.parse(signed.stdout) as Record<string, string>;
    assert.deepEqual(Object.keys(payload), ['proposal_id', 'action', 'by', 'reason', 'issued_at', 'nonce', 'key_id', 'signature']);

    const update = await temporal('update', proposal.proposalId, 'approve', payload);
    assert.equal(update.code, 0, update.stderr);
    // The update answers once the change is applied; the workflow then watches it for its evaluation period.
    const final = await proposalStatus(client, proposal.proposalId);
    assert.equal(final.status, 'APPLIED');
    assert.equal(final.decision?.identity?.verifiedBy, 'alice');
    assert.equal(final.decision?.identity?.keyId, payload.key_id);
    assert.deepEqual(
      (await changeLog(database.db, proposal.targetId)).map((l) => [l.action, l.actor]),
      [['APPLY', 'alice']],
    );
    const [received] = await auditEvents(proposal.proposalId, 'DECISION_RECEIVED');
    const detail = received?.detail_json as Record<string, unknown>;
    assert.equal(detail.claimed_by, 'alice');
    assert.equal(detail.verified_by, 'alice');
    assert.equal(detail.verified, true);
    assert.equal(detail.nonce, payload.nonce);
    assert.equal(detail.via, 'update');
    assert.equal(typeof detail.sent_by, 'string', 'the temporal CLI identity is recorded as a hint');
  });

  test('`kronos approve --by alice` signs with her key and is applied; through a signal the same signed JSON is applied', async () => {
    const first = await startSigned();
    const approved = await runKronos(['approve', first.proposal.proposalId, '--by', 'alice', '--reason', 'evidence checked'], kronosEnv());
    assert.equal(approved.code, 0, approved.stderr);
    assert.match(approved.stdout, new RegExp(`proposal ${first.proposal.proposalId}: APPLIED \\(approve by alice\\)`));
    assert.equal((await proposalStatus(client, first.proposal.proposalId)).decision?.identity?.verifiedBy, 'alice');

    const second = await startSigned();
    const signal = await temporal(
      'signal',
      second.proposal.proposalId,
      'reject',
      signedBy('alice', { proposal_id: second.proposal.proposalId, action: 'reject' }),
    );
    assert.equal(signal.code, 0, signal.stderr);
    const final = await second.handle.result();
    assert.equal(final.status, 'REJECTED');
    assert.equal(final.decision?.identity?.verifiedBy, 'alice');
    assert.equal(await dbStatus(database.db, second.proposal.proposalId), 'REJECTED');
  });

  test('a signature for another proposal, for another action, an expired one and one by an unregistered key are each refused', async () => {
    const { proposal } = await startSigned();
    const other = await startSigned();
    const id = proposal.proposalId;
    const elevenMinutesAgo = new Date(Date.now() - 11 * 60_000).toISOString();
    const attempts: Array<[unknown, RegExp]> = [
      [
        signedBy('alice', { proposal_id: other.proposal.proposalId, action: 'approve' }),
        new RegExp(`^the signature is for proposal ${other.proposal.proposalId}, not ${id}$`),
      ],
      [signedBy('alice', { proposal_id: id, action: 'reject' }), /^the signature is for reject, not approve$/],
      [
        signedBy('alice', { proposal_id: id, action: 'approve', issued_at: elevenMinutesAgo }),
        /^the signature expired: issued at .*, accepted for 10 minutes; sign again$/,
      ],
      [signedBy('bob', { proposal_id: id, action: 'approve' }), /^unknown signing key ed25519:\S+: register its public key in the approvers file$/],
    ];
    for (const [i, [payload]] of attempts.entries()) {
      await temporal('signal', id, 'approve', payload);
      await refusals(id, i + 1);
    }
    const status = await proposalStatus(client, id);
    attempts.forEach(([, reason], i) => assert.match(status.refusals[i]?.reason ?? '', reason));
    assert.equal((await auditEvents(id, 'REFUSED')).length, 4);
    await assertUnchanged(proposal);
  });

  test('a signed decision is accepted once: a copy sent beside it is refused for its nonce', async () => {
    // Both copies wait in history until a worker polls, so both pass the policy's check of the state and
    // reach the identity check together, as a replayed copy racing the original would.
    const taskQueue = uniqueTaskQueue('signed-replay');
    const proposal = await pendingProposal(database.db);
    await startProposalApproval(client, approvalInputFor(proposal, testRule({ identity: 'signed' })), taskQueue);
    const payload = signedBy('alice', { proposal_id: proposal.proposalId, action: 'approve' });
    for (let i = 0; i < 2; i += 1) assert.equal((await temporal('signal', proposal.proposalId, 'approve', payload)).code, 0);
    const late = await startTestWorker({ db: database.db, taskQueue, approversPath: keys.approversPath });
    try {
      const status = await eventually(async () => {
        const s = await proposalStatus(client, proposal.proposalId);
        return s.status === 'APPLIED' && s.refusalCount === 1 ? s : undefined;
      });
      assert.equal(
        status.refusals[0]?.reason,
        `this signed decision was used before on proposal ${proposal.proposalId} (its nonce is accepted once): sign a new one`,
      );
      assert.deepEqual(
        (await changeLog(database.db, proposal.targetId)).map((l) => [l.action, l.actor]),
        [['APPLY', 'alice']],
      );
      assert.equal((await auditEvents(proposal.proposalId, 'DECISION_RECEIVED')).length, 1);
    } finally {
      await late.stop();
    }
  });

  test('the CLI refuses a key file others may read, in one line, and sends nothing', async () => {
    const { proposal } = await startSigned();
    const file = path.join(keys.keysDir, 'alice.pem');
    chmodSync(file, 0o644);
    try {
      for (const args of [
        ['approve', proposal.proposalId],
        ['sign', 'approve', proposal.proposalId],
      ]) {
        const result = await runKronos([...args, '--by', 'alice', '--reason', 'x'], kronosEnv());
        assert.equal(result.code, 1);
        assert.equal(result.stderr, `kronos: key file ${file} has mode 0644: others may read it; chmod 600 ${file}\n`);
        assert.equal(result.stdout, '');
      }
    } finally {
      chmodSync(file, 0o600);
    }
    assert.equal((await proposalStatus(client, proposal.proposalId)).refusalCount, 0);
    await assertUnchanged(proposal);
  });
});
