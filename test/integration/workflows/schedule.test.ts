/**
 * The weekly analysis schedule on the real dev server: created idempotently (a second create updates),
 * Monday 06:00 UTC by default, overlap SKIP, an explicit catch-up window; update keeps the paused state;
 * trigger starts metaAnalysisWorkflow; and the `kronos schedule` commands drive the same functions.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { after, before, test } from 'node:test';
import { promisify } from 'node:util';
import type { Client } from '@temporalio/client';
import { ConfigError } from '../../../src/config.js';
import { existingSchedule, updateAnalysisSchedule, upsertAnalysisSchedule } from '../../../src/temporal/schedule.js';
import { connectTestClient, testTemporalAddress, uniqueTaskQueue } from '../../support/temporal.js';

const run = promisify(execFile);
let client: Client;

before(async () => {
  client = await connectTestClient();
});

after(async () => {
  await client?.connection.close();
});

test('create is idempotent, update keeps the paused state, trigger starts an analysis', async () => {
  const scheduleId = `kronos-test-schedule-${randomBytes(4).toString('hex')}`;
  const taskQueue = uniqueTaskQueue('schedule');
  assert.equal(await upsertAnalysisSchedule(client, { scheduleId, taskQueue }), 'created');
  assert.equal(await upsertAnalysisSchedule(client, { scheduleId, taskQueue }), 'updated');
  const handle = await existingSchedule(client, scheduleId);
  try {
    let description = await handle.describe();
    assert.equal(description.spec.calendars?.length, 1);
    const calendar = description.spec.calendars?.[0];
    assert.deepEqual(calendar?.dayOfWeek, [{ start: 'MONDAY', end: 'MONDAY', step: 1 }]);
    assert.deepEqual(calendar?.hour, [{ start: 6, end: 6, step: 1 }]);
    assert.equal(description.spec.timezone, 'UTC');
    assert.equal(description.policies.overlap, 'SKIP');
    assert.equal(description.policies.catchupWindow, 86_400_000);
    assert.equal(description.info.nextActionTimes[0]?.getUTCDay(), 1, 'next run on a Monday');
    assert.equal(description.info.nextActionTimes[0]?.getUTCHours(), 6);

    await handle.pause('maintenance');
    await updateAnalysisSchedule(client, { scheduleId, taskQueue, day: 'TUESDAY', hour: 7, minute: 30 });
    description = await handle.describe();
    assert.equal(description.state.paused, true, 'still paused after the update');
    assert.equal(description.info.nextActionTimes[0]?.getUTCDay(), 2);
    assert.equal(description.info.nextActionTimes[0]?.getUTCMinutes(), 30);

    await handle.trigger();
    for (let i = 0; i < 50 && description.info.recentActions.length === 0; i += 1) {
      await new Promise((r) => setTimeout(r, 200));
      description = await handle.describe();
    }
    const started = description.info.recentActions[0]?.action.workflow.workflowId ?? '';
    assert.match(started, /^kronos-analysis-scheduled-/);
    const workflow = await client.workflow.getHandle(started).describe();
    assert.equal(workflow.type, 'metaAnalysisWorkflow');
    assert.equal(workflow.taskQueue, taskQueue);
    await client.workflow.getHandle(started).terminate('test over');
  } finally {
    await handle.delete();
  }
  await assert.rejects(existingSchedule(client, scheduleId), (err: unknown) => err instanceof ConfigError && /kronos schedule create/.test(err.message));
});

test('`kronos schedule` creates and describes through the CLI', async () => {
  const scheduleId = `kronos-test-cli-${randomBytes(4).toString('hex')}`;
  const kronos = (...args: string[]) =>
    run(process.execPath, ['bin/kronos.js', 'schedule', '--schedule-id', scheduleId, ...args], {
      env: { ...process.env, TEMPORAL_ADDRESS: testTemporalAddress() },
    });
  assert.match((await kronos('create', '--cron', '15 5 * * FRI')).stdout, /created/);
  const described = JSON.parse((await kronos('describe', '--json')).stdout) as { paused: boolean; overlap: string; nextRuns: string[] };
  assert.equal(described.overlap, 'SKIP');
  assert.equal(new Date(described.nextRuns[0] as string).getUTCDay(), 5);
  await (await existingSchedule(client, scheduleId)).delete();
});
