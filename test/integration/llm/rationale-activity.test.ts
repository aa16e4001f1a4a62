import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ApplicationFailure, CancelledFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { DefaultLogger } from '@temporalio/worker';
import { createRationaleActivities } from '../../../src/activities/rationale.js';
import type { LlmSettings } from '../../../src/llm/settings.js';
import { rationaleTestBed } from '../../support/rationale-test-bed.js';
import { type ScriptedReply, errorReply } from '../../support/fake-openai-server.js';
import { insertProposal, readProposal, withoutRationale } from '../../support/proposal-fixture.js';

const bed = rationaleTestBed();

/** Expected failures are asserted, not logged. */
const quiet = { logger: new DefaultLogger('ERROR') };

function mockEnvironment(info: { attempt: number; startToCloseTimeoutMs?: number }) {
  return new MockActivityEnvironment({ startToCloseTimeoutMs: 60_000, ...info }, quiet);
}

function activities(overrides: Partial<LlmSettings> = {}) {
  return createRationaleActivities({ db: bed.db, llm: bed.server.settings(overrides) });
}

/** Runs the activity as the given attempt, with a start-to-close timeout of 60 s unless told otherwise. */
function runAttempt(proposalId: string, attempt: number, reply: ScriptedReply, options: { startToCloseTimeoutMs?: number; llm?: Partial<LlmSettings> } = {}) {
  bed.server.script(reply);
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
  const proposalId = await insertProposal(bed.db);
  const before = await readProposal(bed.db, proposalId);
  const failure = await rejectsWithRetryable(runAttempt(proposalId, 1, errorReply(429, 'Rate limit reached', { 'retry-after': '7' })), 'LLM_RATE_LIMITED');
  assert.equal(failure.nextRetryDelay, 7_000);
  assert.deepEqual(await readProposal(bed.db, proposalId), before);
});

test('a 500 is retried by Temporal up to the bound, then the template is stored', async () => {
  const proposalId = await insertProposal(bed.db);
  const before = await readProposal(bed.db, proposalId);
  const requestsBefore = bed.server.requests.length;
  for (const attempt of [1, 2]) {
    const failure = await rejectsWithRetryable(runAttempt(proposalId, attempt, errorReply(500, 'upstream exploded')), 'LLM_SERVER_ERROR');
    assert.equal(failure.nextRetryDelay, undefined, 'Temporal backs off by its policy');
  }
  assert.deepEqual(await runAttempt(proposalId, 3, errorReply(500, 'upstream exploded')), { proposalId, status: 'TEMPLATE_FALLBACK' });
  assert.equal(bed.server.requests.length - requestsBefore, 3, 'one request per attempt: the SDK does not retry');
  const stored = await readProposal(bed.db, proposalId);
  assert.equal(stored.rationale_status, 'TEMPLATE_FALLBACK');
  assert.deepEqual(withoutRationale(stored), withoutRationale(before));
});

test('a hang times out as a retryable failure, then ends in the template on the last attempt', async () => {
  const proposalId = await insertProposal(bed.db);
  const fast = { llm: { timeoutMs: 300 } };
  await rejectsWithRetryable(runAttempt(proposalId, 1, { kind: 'hang' }, fast), 'LLM_TIMEOUT');
  assert.deepEqual(await runAttempt(proposalId, 3, { kind: 'hang' }, fast), { proposalId, status: 'TEMPLATE_FALLBACK' });
});

test('the request timeout stays inside the activity start-to-close timeout', async () => {
  const proposalId = await insertProposal(bed.db);
  const started = Date.now();
  await rejectsWithRetryable(runAttempt(proposalId, 1, { kind: 'hang' }, { startToCloseTimeoutMs: 500, llm: { timeoutMs: 30_000 } }), 'LLM_TIMEOUT');
  assert.ok(Date.now() - started < 2_000, `gave up after ${Date.now() - started} ms`);
});

test('cancelling the activity aborts the request and stores nothing', async () => {
  const proposalId = await insertProposal(bed.db);
  const before = await readProposal(bed.db, proposalId);
  bed.server.script({ kind: 'hang' });
  const env = mockEnvironment({ attempt: 1 });
  const running = env.run(activities({ timeoutMs: 20_000 }).generateRationale, proposalId);
  await bed.server.waitForRequests(bed.server.requests.length + 1);
  env.cancel();
  await assert.rejects(running, CancelledFailure);
  assert.equal(await bed.server.requests.at(-1)?.ended, 'aborted');
  assert.deepEqual(await readProposal(bed.db, proposalId), before);
});

test('an unknown proposal is a non-retryable failure', async () => {
  const env = mockEnvironment({ attempt: 1 });
  await assert.rejects(env.run(activities().generateRationale, 'prop-missing'), (error: unknown) => {
    assert.ok(error instanceof ApplicationFailure);
    assert.equal(error.type, 'NOT_FOUND');
    assert.equal(error.nonRetryable, true);
    return true;
  });
});

test('without a key the activity returns the template status and calls nobody', async () => {
  const proposalId = await insertProposal(bed.db);
  const requestsBefore = bed.server.requests.length;
  const env = mockEnvironment({ attempt: 1 });
  assert.deepEqual(await env.run(activities({ apiKey: undefined }).generateRationale, proposalId), { proposalId, status: 'TEMPLATE_NO_KEY' });
  assert.equal(bed.server.requests.length, requestsBefore);
});
