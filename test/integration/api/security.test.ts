/**
 * The API's security on the real stack: who may call, what is refused and how. Decisions go to real
 * approval workflows, whose validators apply the policy and the four-eyes rule to the token's identity.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { proposalStatus } from '../../../src/temporal/proposal-client.js';
import { type ApiTestBed, pendingApproval, startApiTestBed } from '../../support/api-fixture.js';
import { dbStatus } from '../../support/approval-fixture.js';

let bed: ApiTestBed;

before(async () => {
  bed = await startApiTestBed('api-security', { bodyLimit: 4 * 1024 });
});

after(async () => {
  await bed?.close();
});

describe('authentication', () => {
  test('no token: 401 with a JSON error, on reads and on decisions', async () => {
    const proposal = await pendingApproval(bed);
    for (const [method, path, body] of [
      ['GET', '/proposals', undefined],
      ['GET', `/proposals/${proposal.proposalId}`, undefined],
      ['POST', `/proposals/${proposal.proposalId}/approve`, { reason: 'no token' }],
      ['POST', '/analysis-runs', {}],
    ] as const) {
      const res = await bed.call(method, path, { body });
      assert.equal(res.status, 401, `${method} ${path}`);
      assert.deepEqual(res.body, { error: 'unauthorized', message: 'missing bearer token: send Authorization: Bearer <token>' });
    }
    assert.equal(await dbStatus(bed.database.db, proposal.proposalId), 'PENDING');
  });

  test('a wrong token, or a scheme other than Bearer: 401', async () => {
    const wrong = await bed.call('GET', '/proposals', { token: `${bed.tokens.alice}x` });
    assert.equal(wrong.status, 401);
    assert.equal(wrong.body.message, 'unknown bearer token');
    const basic = await fetch(`${bed.api.url}/proposals`, { headers: { authorization: `Basic ${bed.tokens.alice}` } });
    assert.equal(basic.status, 401);
  });

  test('health, readiness, metrics, the OpenAPI description and the review page need no token', async () => {
    assert.equal((await bed.call('GET', '/health')).status, 200);
    const ready = await bed.call('GET', '/ready');
    assert.equal(ready.status, 200);
    assert.deepEqual(ready.body, { status: 'ready', checks: { database: { status: 'ok' }, temporal: { status: 'ok' } } });
    const openapi = await bed.call('GET', '/openapi.json');
    assert.equal(openapi.status, 200);
    assert.ok(openapi.body.paths['/proposals/{id}/approve'].post.requestBody, 'the approve body is described');
    assert.deepEqual(openapi.body.components.securitySchemes.bearer, { type: 'http', scheme: 'bearer' });
    const page = await fetch(`${bed.api.url}/review/`);
    assert.equal(page.status, 200);
    assert.match(page.headers.get('content-security-policy') ?? '', /script-src 'self'/);
  });
});

describe('decisions', () => {
  test('self-approval: 409 with the four-eyes reason, and the workflow still waits', async () => {
    const proposal = await pendingApproval(bed, { proposedBy: 'alice' });
    const res = await bed.call('POST', `/proposals/${proposal.proposalId}/approve`, { as: 'alice', body: { reason: 'my own change' } });
    assert.equal(res.status, 409);
    assert.equal(res.body.error, 'refused');
    assert.match(res.body.message, /alice proposed this change and may not approve it \(four-eyes rule\)/);
    const status = await proposalStatus(bed.client, proposal.proposalId);
    assert.equal(status.status, 'PENDING');
    assert.equal(status.phase, 'REVIEW');
    assert.equal(await dbStatus(bed.database.db, proposal.proposalId), 'PENDING');
  });

  test('an identity the policy does not list: 409 naming it', async () => {
    const proposal = await pendingApproval(bed);
    const res = await bed.call('POST', `/proposals/${proposal.proposalId}/approve`, { as: 'carol', body: { reason: 'looks fine' } });
    assert.equal(res.status, 409);
    assert.equal(res.body.message, 'carol is not an allowed approver for this target type');
  });

  test('the approver is the token, not the body: a "by" field is a 400 naming it', async () => {
    const proposal = await pendingApproval(bed, { proposedBy: 'alice' });
    const res = await bed.call('POST', `/proposals/${proposal.proposalId}/approve`, { as: 'alice', body: { reason: 'x', by: 'bob' } });
    assert.equal(res.status, 400);
    assert.equal(res.body.error, 'bad_request');
    assert.match(res.body.message, /^body: Unrecognized key: "by"/);
  });

  test('malformed bodies: 400 naming the field', async () => {
    const proposal = await pendingApproval(bed);
    const path = `/proposals/${proposal.proposalId}/reject`;
    const missing = await bed.call('POST', path, { as: 'bob', body: {} });
    assert.equal(missing.status, 400);
    assert.match(missing.body.message, /^body\.reason: /);
    const blank = await bed.call('POST', path, { as: 'bob', body: { reason: '   ' } });
    assert.equal(blank.status, 400);
    assert.equal(blank.body.message, 'body.reason: give a reason');
    const wrongType = await bed.call('POST', path, { as: 'bob', body: { reason: 42 } });
    assert.match(wrongType.body.message, /^body\.reason: Invalid input: expected string/);
    const notJson = await bed.call('POST', path, { as: 'bob', rawBody: '{"reason": ' });
    assert.equal(notJson.status, 400);
    assert.equal(notJson.body.error, 'bad_request');
    const badQuery = await bed.call('GET', '/proposals?status=MAYBE', { as: 'bob' });
    assert.equal(badQuery.status, 400);
    assert.match(badQuery.body.message, /^query\.status: /);
    assert.equal(await dbStatus(bed.database.db, proposal.proposalId), 'PENDING');
  });

  test('a body over the limit: 413, before anything is decided', async () => {
    const proposal = await pendingApproval(bed);
    const res = await bed.call('POST', `/proposals/${proposal.proposalId}/approve`, { as: 'bob', body: { reason: 'x'.repeat(5 * 1024) } });
    assert.equal(res.status, 413);
    assert.equal(res.body.error, 'payload_too_large');
    assert.equal(await dbStatus(bed.database.db, proposal.proposalId), 'PENDING');
  });

  test('an unknown proposal: 404 on reads and decisions', async () => {
    for (const [method, path] of [
      ['GET', '/proposals/prop-does-not-exist'],
      ['GET', '/proposals/prop-does-not-exist/evidence'],
      ['POST', '/proposals/prop-does-not-exist/approve'],
      ['GET', '/analysis-runs/no-such-run'],
      ['GET', '/analysis-runs/no-such-run/report'],
    ] as const) {
      const res = await bed.call(method, path, { as: 'bob', body: method === 'POST' ? { reason: 'x' } : undefined });
      assert.equal(res.status, 404, `${method} ${path}`);
      assert.equal(res.body.error, 'not_found');
    }
  });

  test('approve by another approver: 200, APPLIED in PostgreSQL and in the workflow, with the token identity as approver', async () => {
    const proposal = await pendingApproval(bed, { proposedBy: 'alice' });
    const res = await bed.call('POST', `/proposals/${proposal.proposalId}/approve`, { as: 'bob', body: { reason: 'evidence checked' } });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.status, 'APPLIED');
    assert.equal(res.body.by, 'bob');
    assert.equal(res.body.workflow.decision.by, 'bob');
    assert.equal(res.body.workflow.decision.via, 'update');
    assert.equal(await dbStatus(bed.database.db, proposal.proposalId), 'APPLIED');
    const again = await bed.call('POST', `/proposals/${proposal.proposalId}/reject`, { as: 'alice', body: { reason: 'too late' } });
    assert.equal(again.status, 409);
    assert.equal(again.body.message, 'the proposal is already APPLIED');
  });

  test('a decision on a closed proposal (its approval workflow has finished): 409 naming its status', async () => {
    const proposal = await pendingApproval(bed);
    assert.equal((await bed.call('POST', `/proposals/${proposal.proposalId}/reject`, { as: 'alice', body: { reason: 'no' } })).status, 200);
    await bed.client.workflow.getHandle(`proposal-${proposal.proposalId}`).result();
    const res = await bed.call('POST', `/proposals/${proposal.proposalId}/approve`, { as: 'bob', body: { reason: 'yes after all' } });
    assert.equal(res.status, 409);
    assert.deepEqual(res.body, { error: 'refused', message: `proposal ${proposal.proposalId} is already REJECTED (its approval workflow has finished)` });
    assert.equal(await dbStatus(bed.database.db, proposal.proposalId), 'REJECTED');
  });

  test('reject, then revert of an applied change through the API', async () => {
    const rejected = await pendingApproval(bed);
    const res = await bed.call('POST', `/proposals/${rejected.proposalId}/reject`, { as: 'alice', body: { reason: 'too broad' } });
    assert.equal(res.status, 200);
    assert.equal(res.body.status, 'REJECTED');
    assert.equal(await dbStatus(bed.database.db, rejected.proposalId), 'REJECTED');

    const applied = await pendingApproval(bed);
    assert.equal((await bed.call('POST', `/proposals/${applied.proposalId}/approve`, { as: 'alice', body: { reason: 'ok' } })).body.status, 'APPLIED');
    const reverted = await bed.call('POST', `/proposals/${applied.proposalId}/revert`, { as: 'bob', body: { reason: 'drawdown since' } });
    assert.equal(reverted.status, 200, JSON.stringify(reverted.body));
    assert.equal(reverted.body.status, 'REVERTED');
    assert.equal(await dbStatus(bed.database.db, applied.proposalId), 'REVERTED');
  });
});
