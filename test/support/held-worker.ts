/**
 * The Kronos worker process with one test-only interceptor: the activities named in
 * KRONOS_TEST_HOLD_AFTER_ACTIVITIES run to completion (their transaction committed) and then hang before
 * reporting, printing a marker line, so a test can kill the process in exactly that window.
 */
import type { ActivityExecuteInput, ActivityInboundCallsInterceptor, Next } from '@temporalio/worker';
import { Context } from '@temporalio/activity';
import { runWorkerProcess } from '../../src/worker.js';
import { HOLD_ENV, HOLD_MARKER } from './worker-process.js';

const held = new Set((process.env[HOLD_ENV] ?? '').split(',').filter(Boolean));

class HoldAfterCompletion implements ActivityInboundCallsInterceptor {
  async execute(input: ActivityExecuteInput, next: Next<ActivityInboundCallsInterceptor, 'execute'>): Promise<unknown> {
    const result = await next(input);
    const activityType = Context.current().info.activityType;
    if (held.has(activityType)) {
      console.log(`${HOLD_MARKER} ${activityType}`);
      await new Promise(() => undefined);
    }
    return result;
  }
}

await runWorkerProcess({ interceptors: { activity: [() => ({ inbound: new HoldAfterCompletion() })] } });
