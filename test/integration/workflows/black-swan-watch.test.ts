/**
 * The black-swan watch on the real dev server and PostgreSQL: events are inserted while a worker runs
 * and the watch schedule looks every two seconds. A severe unresolved event gets its interim review, a
 * mild one none; once resolved, each gets its final review; after the worker restarts and the watch looks
 * again, every review still has exactly one execution and no look started one twice. `kronos black-swan
 * watch pause|resume|status` act on the schedule.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, test } from 'node:test';
import type { Client, WorkflowHandle } from '@temporalio/client';
import { DEFAULT_POLICY_FILE } from '../../../src/proposals/policy.js';
import { blackSwanWatchStatus, upsertBlackSwanWatch } from '../../../src/temporal/black-swan-watch-schedule.js';
import type { BlackSwanWatchResult } from '../../../src/workflows/black-swan-watch.js';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';
import { runKronos } from '../../support/run-cli.js';
import { connectTestClient, recordHistory, startTestWorker, type TestWorker, testTemporalAddress, uniqueTaskQueue } from '../../support/temporal.js';
import { seedScenario } from '../../../src/seed/seed-scenario.js';

const suffix = randomBytes(4).toString('hex');
const scheduleId = `kronos-test-black-swan-watch-${suffix}`;
const taskQueue = uniqueTaskQueue('black-swan-watch');
const severe = `evt-severe-${suffix}`;
const mild = `evt-mild-${suffix}`;
const resolvedAtOnce = `evt-resolved-${suffix}`;

let database: TestDatabase;
let client: Client;
let worker: TestWorker;
let policyPath: string;

before(async () => {
  database = await createTestDatabase();
  await seedScenario(database.db, { scenario: 'demo', seed: 5, trades: 3_000 });
  const policy = JSON.parse(readFileSync(DEFAULT_POLICY_FILE, 'utf8')) as { black_swan: Record<string, unknown> };
  policy.black_swan.watch = { interval: '2s', interim_min_severity: 4, lookback: '1d' };
  policyPath = path.join(mkdtempSync(path.join(tmpdir(), 'kronos-watch-')), 'policy.json');
  writeFileSync(policyPath, JSON.stringify(policy));
  client = await connectTestClient();
  worker = await startTestWorker({ db: database.db, taskQueue, policyPath });
  await upsertBlackSwanWatch(client, { taskQueue, scheduleId, watch: { interval: '2s', interim_min_severity: 4, lookback: '1d' } });
});

after(async () => {
  await client?.schedule
    .getHandle(scheduleId)
    .delete()
    .catch(() => undefined);
  await worker?.stop();
  await client?.connection.close();
  await database?.drop();
});

async function insertEvent(eventId: string, severity: number, resolved: boolean): Promise<void> {
  const now = new Date();
  await database.db
    .insertInto('black_swan_events')
    .values({
      event_id: eventId,
      detected_at: now,
      resolved_at: resolved ? now : null,
      severity,
      kind: 'FLASH_CRASH',
      description: 'inserted by the watch test',
      regime_id: null,
      affected_json: '{}',
    })
    .execute();
}

/** Every execution of a review of this test's events, by workflow id. */
async function reviewExecutions(): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for await (const w of client.workflow.list({ query: `WorkflowType="blackSwanSopReviewWorkflow" AND TaskQueue="${taskQueue}"` })) {
    counts.set(w.workflowId, (counts.get(w.workflowId) ?? 0) + 1);
  }
  return counts;
}

/** The completed looks of this test's watch, with what each started. */
async function completedLooks(): Promise<Array<{ closedAt: Date; result: BlackSwanWatchResult; handle: WorkflowHandle }>> {
  const looks: Array<{ closedAt: Date; result: BlackSwanWatchResult; handle: WorkflowHandle }> = [];
  for await (const w of client.workflow.list({ query: `WorkflowType="blackSwanWatchWorkflow" AND TaskQueue="${taskQueue}" AND ExecutionStatus="Completed"` })) {
    const handle = client.workflow.getHandle(w.workflowId, w.runId);
    looks.push({ closedAt: w.closeTime as Date, result: (await handle.result()) as BlackSwanWatchResult, handle });
  }
  return looks;
}

async function eventually<T>(what: string, probe: () => Promise<T | undefined>): Promise<T> {
  for (let i = 0; i < 240; i++) {
    const value = await probe();
    if (value !== undefined) return value;
    await sleep(500);
  }
  throw new Error(`gave up waiting for ${what}`);
}

async function waitForReviews(ids: string[]): Promise<void> {
  await eventually(`reviews ${ids.join(', ')}`, async () => {
    const executions = await reviewExecutions();
    return ids.every((id) => executions.has(id)) ? true : undefined;
  });
}

test('inserted events get one interim review when severe, one final review once resolved, none twice after a worker restart', async () => {
  await insertEvent(severe, 5, false);
  await insertEvent(mild, 2, false);
  await insertEvent(resolvedAtOnce, 3, true);
  await waitForReviews([`black-swan-${severe}-interim`, `black-swan-${resolvedAtOnce}`]);

  await database.db.updateTable('black_swan_events').set({ resolved_at: new Date() }).where('event_id', 'in', [severe, mild]).execute();
  await waitForReviews([`black-swan-${severe}`, `black-swan-${mild}`]);

  await worker.stop();
  const restartedAt = new Date();
  worker = await startTestWorker({ db: database.db, taskQueue, policyPath });
  // Two looks by the new worker, with every review's run row written by then.
  await eventually('two looks after the restart', async () =>
    (await completedLooks()).filter((l) => l.closedAt > restartedAt).length >= 2 ? true : undefined,
  );

  const expected = [`black-swan-${mild}`, `black-swan-${resolvedAtOnce}`, `black-swan-${severe}`, `black-swan-${severe}-interim`];
  const executions = await reviewExecutions();
  assert.deepEqual([...executions.keys()].sort(), expected);
  for (const [id, count] of executions) assert.equal(count, 1, `${id} ran once`);
  const looks = await completedLooks();
  const started = looks.flatMap((l) => l.result.started).sort();
  assert.deepEqual(started, expected, 'each review was started by exactly one look');
  const starting = looks.find((l) => l.result.started.length > 0);
  assert.ok(starting, 'a look started reviews');
  await recordHistory(starting.handle, 'black-swan-watch');
  for (const id of expected) {
    const summary = (await client.workflow.getHandle(id).result()) as { stage: string; runId: string };
    assert.deepEqual([summary.stage, summary.runId], ['done', id], `${id} ran the review pipeline to its end`);
  }

  const status = await blackSwanWatchStatus(client, scheduleId);
  assert.equal(status.intervalMs, 2_000);
  assert.ok(status.recentLooks.length > 0);
});

test('kronos black-swan watch pause, status and resume act on the schedule', async () => {
  const env = { TEMPORAL_ADDRESS: testTemporalAddress() };
  const watch = (...args: string[]) => runKronos(['black-swan', 'watch', '--schedule-id', scheduleId, ...args], env);

  const paused = await watch('pause', '--by', 'alice', '--reason', 'drill');
  assert.equal(paused.code, 0, paused.stderr);
  assert.equal((await client.schedule.getHandle(scheduleId).describe()).state.paused, true);
  const status = await watch('status');
  assert.match(status.stdout, /PAUSED, looking every 2s \(paused with kronos black-swan watch pause by alice: drill\)/);

  const resumed = await watch('resume');
  assert.equal(resumed.code, 0, resumed.stderr);
  assert.equal((await client.schedule.getHandle(scheduleId).describe()).state.paused, false);
  const json = JSON.parse((await watch('status', '--json')).stdout) as { paused: boolean };
  assert.equal(json.paused, false);

  const missing = await runKronos(['black-swan', 'watch', '--schedule-id', `no-such-${suffix}`, 'status'], env);
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /no schedule no-such-\w+: a worker creates it when it starts/);
});
