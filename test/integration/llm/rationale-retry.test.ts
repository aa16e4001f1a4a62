import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, Worker, bundleWorkflowCode } from '@temporalio/worker';
import { createRationaleActivities } from '../../../src/activities/rationale.js';
import { errorReply, jsonReply } from '../../support/fake-openai-server.js';
import { GROUNDED_RATIONALE, insertProposal, readProposal } from '../../support/proposal-fixture.js';
import { rationaleTestBed } from '../../support/rationale-test-bed.js';

const bed = rationaleTestBed();
// The dev server scripts/run-tests.ts started for the integration suite.
const address = process.env.KRONOS_TEST_TEMPORAL_ADDRESS;
const silent = { trace() {}, debug() {}, info() {}, warn() {}, error() {}, log() {} };
Runtime.install({ logger: new DefaultLogger('ERROR') });

test('on the real Temporal server a 429 is retried after Retry-After, not after the policy backoff', async () => {
  assert.ok(address, 'KRONOS_TEST_TEMPORAL_ADDRESS is not set: run through `node --import tsx scripts/run-tests.ts integration`');
  const proposalId = await insertProposal(bed.db);
  // Retry-After 1 s; the step's policy would wait 20 s before the second attempt.
  bed.server.script(errorReply(429, 'Rate limit reached', { 'retry-after': '1' }), jsonReply(GROUNDED_RATIONALE));
  const requestsBefore = bed.server.requests.length;

  const workflowBundle = await bundleWorkflowCode({ workflowsPath: path.join(import.meta.dirname, 'workflows', 'rationale-step.ts'), logger: silent });
  const taskQueue = `kronos-test-rationale-${proposalId}`;
  const connection = await NativeConnection.connect({ address });
  const worker = await Worker.create({
    connection,
    taskQueue,
    workflowBundle,
    activities: createRationaleActivities({ db: bed.db, llm: bed.server.settings() }),
  });
  const client = new Client({ connection: await Connection.connect({ address }) });
  try {
    const result = await worker.runUntil(client.workflow.execute('rationaleStep', { taskQueue, workflowId: `rationale-${proposalId}`, args: [proposalId] }));
    assert.deepEqual(result, { proposalId, status: 'LLM_GROUNDED' });
  } finally {
    await connection.close();
    await client.connection.close();
  }

  const [limited, answered] = bed.server.requests.slice(requestsBefore);
  assert.ok(limited && answered, 'two attempts reached the model server');
  const gapMs = answered.receivedAt - limited.receivedAt;
  assert.ok(gapMs >= 900 && gapMs < 10_000, `second attempt ${gapMs} ms after the first`);
  assert.equal((await readProposal(bed.db, proposalId)).rationale_status, 'LLM_GROUNDED');
});
