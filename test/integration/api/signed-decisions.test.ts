/**
 * The API signs each decision with its own key for the identity the bearer token maps to, and the
 * approval workflow of a target whose policy says `identity: "signed"` accepts it as that identity only
 * when the key is registered to speak for it. Without a key the API's decisions are refused there; a key
 * file others may read stops `kronos api` at start.
 */
import assert from 'node:assert/strict';
import { chmodSync, copyFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startApiServer } from '../../../src/api/server.js';
import { createLogger } from '../../../src/observability/logger.js';
import { proposalStatus } from '../../../src/temporal/proposal-client.js';
import { type ApiTestBed, pendingApproval, startApiTestBed } from '../../support/api-fixture.js';
import { changeLog, dbStatus, liveVersionId } from '../../support/approval-fixture.js';
import { runKronos } from '../../support/run-cli.js';
import { createTestKeys, type TestKeys } from '../../support/signing-keys.js';

let bed: ApiTestBed;
let keys: TestKeys;

before(async () => {
  // The API's key may speak for alice only.
  keys = await createTestKeys({ registered: { 'kronos-api': 'alice' } });
  bed = await startApiTestBed('api-signed', { signingKey: keys.keyOf('kronos-api'), approversPath: keys.approversPath });
});

after(async () => {
  await bed?.close();
  keys?.remove();
});

const signed = { rule: { identity: 'signed' as const } };

describe('decisions through the API on a signed target', () => {
  test("alice's approval, signed by the API's key for her, is applied and recorded as verified", async () => {
    const proposal = await pendingApproval(bed, signed);
    const res = await bed.call('POST', `/proposals/${proposal.proposalId}/approve`, { as: 'alice', body: { reason: 'evidence checked' } });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.status, 'APPLIED');
    assert.equal(res.body.workflow.decision.identity.verifiedBy, 'alice');
    assert.deepEqual(
      (await changeLog(bed.database.db, proposal.targetId)).map((l) => [l.action, l.actor]),
      [['APPLY', 'alice']],
    );
    const received = await bed.database.db
      .selectFrom('meta_proposal_events')
      .select('detail_json')
      .where('proposal_id', '=', proposal.proposalId)
      .where('kind', '=', 'DECISION_RECEIVED')
      .executeTakeFirstOrThrow();
    const detail = received.detail_json as Record<string, unknown>;
    assert.deepEqual([detail.claimed_by, detail.verified_by, detail.signer, detail.verified], ['alice', 'alice', 'kronos-api', true]);
  });

  test("bob's approval is refused with a 409: the API's key is not registered to speak for him; nothing changes", async () => {
    const proposal = await pendingApproval(bed, signed);
    const res = await bed.call('POST', `/proposals/${proposal.proposalId}/approve`, { as: 'bob', body: { reason: 'evidence checked' } });
    assert.equal(res.status, 409);
    assert.match(res.body.message, /^key ed25519:\S+ belongs to kronos-api, who may not sign for bob$/);
    assert.equal((await proposalStatus(bed.client, proposal.proposalId)).status, 'PENDING');
    assert.equal(await dbStatus(bed.database.db, proposal.proposalId), 'PENDING');
    assert.equal(await liveVersionId(bed.database.db, proposal.targetId), proposal.baseVersionId);
  });

  test('an API without a signing key sends claimed names, which the signed target refuses', async () => {
    const unsigned = await startApiServer({
      db: bed.database.db,
      temporal: bed.client,
      taskQueue: bed.worker.taskQueue,
      logger: createLogger({ level: 'warn', fields: { service: 'api-test' } }),
      settings: { host: '127.0.0.1', port: 0, bodyLimit: 16 * 1024, tokens: new Map([[bed.tokens.alice, 'alice']]), signingKey: null },
    });
    try {
      const proposal = await pendingApproval(bed, signed);
      const res = await fetch(`${unsigned.url}/proposals/${proposal.proposalId}/approve`, {
        method: 'POST',
        headers: { authorization: `Bearer ${bed.tokens.alice}`, 'content-type': 'application/json' },
        body: JSON.stringify({ reason: 'evidence checked' }),
      });
      assert.equal(res.status, 409);
      assert.equal(
        ((await res.json()) as { message: string }).message,
        'STRATEGY_CONFIG decisions must be signed: sign with `kronos approve`, or use the review page',
      );
      assert.equal(await dbStatus(bed.database.db, proposal.proposalId), 'PENDING');
    } finally {
      await unsigned.close();
    }
  });

  test('`kronos api` refuses a signing key file others may read, in one line', async () => {
    const loose = path.join(path.dirname(keys.approversPath), 'loose.pem');
    copyFileSync(path.join(keys.keysDir, 'kronos-api.pem'), loose);
    chmodSync(loose, 0o640);
    const result = await runKronos(['api'], { KRONOS_API_SIGNING_KEY_FILE: loose, KRONOS_API_TOKENS: `${bed.tokens.alice}=alice` });
    assert.equal(result.code, 1);
    assert.equal(result.stderr, `kronos: key file ${loose} has mode 0640: others may read it; chmod 600 ${loose}\n`);
  });
});
