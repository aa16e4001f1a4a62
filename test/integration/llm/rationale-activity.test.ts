import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ApplicationFailure, CancelledFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { DefaultLogger } from '@temporalio/worker';
import { createRationaleActivities } from '../../../src/activities/rationale.js';
import type { LlmSettings } from '../../../src/llm/settings.js';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';
import { type FakeOpenAiServer, type ScriptedReply, errorReply, startFakeOpenAiServer } from '../../support/fake-openai-server.js';
import { insertProposal, readProposal, withoutRationale } from '../../support/proposal-fixture.js';

let testDb: TestDatabase;
let server: FakeOpenAiServer;
before(async () => {
  [testDb, server] = await Promise.all([createTestDatabase(), startFakeOpenAiServer()]);
});
after(async () => {
  await Promise.all([testDb.drop(), server.close()]);
});

/** Expected failures are asserted, not logged. */
const quiet = { logger: new DefaultLogger('ERROR') };

function mockEnvironment(info: { attempt: number; startToCloseTimeoutMs?: number }) {
  return new MockActivityEnvironment({ startToCloseTimeoutMs: 60_000, ...info }, quiet);
}

function activities(overrides: Partial<LlmSettings> = {}) {
  const llm: LlmSettings = { apiKey: 'test-key', baseURL: server.baseURL, model: 'fake-model-1', timeoutMs: 2_000, maxAttempts: 3, ...overrides };
  return createRationaleActivities({ db: testDb.db, llm });
}

/** Runs the activity as the given attempt, with a start-to-close timeout of 60 s unless told otherwise. */
function runAttempt(proposalId: string, attempt: number, reply: ScriptedReply, options: { startToCloseTimeoutMs?: number; llm?: Partial<LlmSettings> } = {}) {
  server.script(reply);
  const env = mockEnvironment({ attempt, ...(options.startToCloseTimeoutMs ? { startToCloseTimeoutMs: options.startToCloseTimeoutMs } : {}) });
  return env.run(activities(options.llm).generateRationale, proposalId);
}

async function rejectsWithRetryable(run: Promise<unknown>, type: string): Promise<ApplicationFailure> {
  let failure: ApplicationFailure | undefined;
  await assert.rejects(run, (error: unknown) => {
    assert.ok(error instanceof ApplicationFailure, `expected an ApplicationFailure, got ${String(error)}`);
    assert.equal(error.type, type);
    assert.equal(error.nonRetryable, false);
    failure = error;
    return true;
  });
  return failure as ApplicationFailure;
}

test('a 429 becomes a retryable ApplicationFailure whose nextRetryDelay is Retry-After, and nothing is stored', async () => {
  const proposalId = await insertProposal(testDb.db);
  const before = await readProposal(testDb.db, proposalId);
  const failure = await rejectsWithRetryable(runAttempt(proposalId, 1, errorReply(429, 'Rate limit reached', { 'retry-after': '7' })), 'LLM_RATE_LIMITED');
  assert.equal(failure.nextRetryDelay, 7_000);
  assert.deepEqual(await readProposal(testDb.db, proposalId), before);
});

test('a 500 is retried by Temporal up to the bound, then the template is stored', async () => {
  const proposalId = await insertProposal(testDb.db);
  const before = await readProposal(testDb.db, proposalId);
  const requestsBefore = server.requests.length;
  for (const attempt of [1, 2]) {
    const failure = await rejectsWithRetryable(runAttempt(proposalId, attempt, errorReply(500, 'upstream exploded')), 'LLM_SERVER_ERROR');
    assert.equal(failure.nextRetryDelay, undefined, 'Temporal backs off by its policy');
  }
  assert.deepEqual(await runAttempt(proposalId, 3, errorReply(500, 'upstream exploded')), { proposalId, status: 'TEMPLATE_FALLBACK' });
  assert.equal(server.requests.length - requestsBefore, 3, 'one request per attempt: the SDK does not retry');
  const stored = await readProposal(testDb.db, proposalId);
  assert.equal(stored.rationale_status, 'TEMPLATE_FALLBACK');
  assert.deepEqual(withoutRationale(stored), withoutRationale(before));
});

test('a hang times out as a retryable failure, then ends in the template on the last attempt', async () => {
  const proposalId = await insertProposal(testDb.db);
  const fast = { llm: { timeoutMs: 300 } };
  await rejectsWithRetryable(runAttempt(proposalId, 1, { kind: 'hang' }, fast), 'LLM_TIMEOUT');
  assert.deepEqual(await runAttempt(proposalId, 3, { kind: 'hang' }, fast), { proposalId, status: 'TEMPLATE_FALLBACK' });
});

test('the request timeout stays inside the activity start-to-close timeout', async () => {
  const proposalId = await insertProposal(testDb.db);
  const started = Date.now();
  await rejectsWithRetryable(runAttempt(proposalId, 1, { kind: 'hang' }, { startToCloseTimeoutMs: 500, llm: { timeoutMs: 30_000 } }), 'LLM_TIMEOUT');
  assert.ok(Date.now() - started < 2_000, `gave up after ${Date.now() - started} ms`);
});

test('cancelling the activity aborts the request and stores nothing', async () => {
  const proposalId = await insertProposal(testDb.db);
  const before = await readProposal(testDb.db, proposalId);
  server.script({ kind: 'hang' });
  const env = mockEnvironment({ attempt: 1 });
  const running = env.run(activities({ timeoutMs: 20_000 }).generateRationale, proposalId);
  await server.waitForRequests(server.requests.length + 1);
  env.cancel();
  await assert.rejects(running, CancelledFailure);
  assert.equal(await server.requests.at(-1)?.ended, 'aborted');
  assert.deepEqual(await readProposal(testDb.db, proposalId), before);
});

test('an unknown proposal is a non-retryable failure', async () => {
  const env = mockEnvironment({ attempt: 1 });
  await assert.rejects(env.run(activities().generateRationale, 'prop-missing'), (error: unknown) => {
    assert.ok(error instanceof ApplicationFailure);
    assert.equal(error.type, 'PROPOSAL_NOT_FOUND');
    assert.equal(error.nonRetryable, true);
    return true;
  });
});

test('without a key the activity returns the template status and calls nobody', async () => {
  const proposalId = await insertProposal(testDb.db);
  const requestsBefore = server.requests.length;
  const env = mockEnvironment({ attempt: 1 });
  assert.deepEqual(await env.run(activities({ apiKey: undefined }).generateRationale, proposalId), { proposalId, status: 'TEMPLATE_NO_KEY' });
  assert.equal(server.requests.length, requestsBefore);
});
