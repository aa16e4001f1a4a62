/**
 * The weekly analysis schedule: a Temporal Schedule that starts metaAnalysisWorkflow, Monday 06:00 UTC by
 * default, skipping a run while the previous one is still going, and catching up on runs missed while
 * the cluster was down for at most the catch-up window.
 */
import { type Client, type DayOfWeek, ScheduleAlreadyRunning, type ScheduleHandle, ScheduleNotFoundError, type ScheduleSpec } from '@temporalio/client';
import { ConfigError } from '../config.js';
import type { metaAnalysisWorkflow } from '../workflows/meta-analysis.js';
import { ANALYSIS_SCHEDULE_ID } from './schedule-constants.js';

export interface AnalysisScheduleOptions {
  taskQueue: string;
  scheduleId?: string;
  /** Day of the week; default MONDAY. */
  day?: DayOfWeek;
  /** Default 6. */
  hour?: number;
  /** Default 0. */
  minute?: number;
  /** A cron expression (`0 6 * * MON`); replaces day, hour and minute when given. */
  cron?: string;
  /** IANA time zone of day/hour/minute or the cron expression; default UTC. */
  timezone?: string;
  /** How late a run missed during an outage may still start; default one day. */
  catchupWindow?: string;
  /** The analysis window of each run, in days; the analysis' default when omitted. */
  windowDays?: number;
}

/** Every field a weekly spec needs, or a cron expression; bad values fail with one line. */
export function analysisScheduleSpec(options: AnalysisScheduleOptions): ScheduleSpec {
  const timezone = options.timezone ?? 'UTC';
  if (options.cron !== undefined) {
    if (options.cron.trim().split(/\s+/).length !== 5)
      throw new ConfigError(`cron expression "${options.cron}" must have 5 fields (minute hour day-of-month month day-of-week)`);
    return { cronExpressions: [options.cron.trim()], timezone };
  }
  const hour = options.hour ?? 6;
  const minute = options.minute ?? 0;
  if (!Number.isInteger(hour) || hour < 0 || hour > 23) throw new ConfigError(`hour must be an integer from 0 to 23, got ${hour}`);
  if (!Number.isInteger(minute) || minute < 0 || minute > 59) throw new ConfigError(`minute must be an integer from 0 to 59, got ${minute}`);
  return {
    calendars: [{ dayOfWeek: options.day ?? 'MONDAY', hour, minute, comment: 'weekly Kronos analysis' }],
    timezone,
  };
}

function scheduledAction(options: AnalysisScheduleOptions) {
  return {
    type: 'startWorkflow' as const,
    workflowType: 'metaAnalysisWorkflow',
    // The server appends each action's time, so every scheduled run has its own id (and analysis run id).
    workflowId: 'kronos-analysis-scheduled',
    taskQueue: options.taskQueue,
    args: [{ trigger: 'schedule', ...(options.windowDays !== undefined ? { windowDays: options.windowDays } : {}) }] as Parameters<typeof metaAnalysisWorkflow>,
  };
}

function schedulePolicies(options: AnalysisScheduleOptions) {
  return { overlap: 'SKIP' as const, catchupWindow: options.catchupWindow ?? '1 day', pauseOnFailure: false };
}

/**
 * Creates the schedule, or updates it when it exists (keeping its paused state): safe to run at every boot.
 *
 * @example
 * await upsertAnalysisSchedule(client, { taskQueue: 'kronos-meta', hour: 7 }); // 'created' or 'updated'
 */
export async function upsertAnalysisSchedule(client: Client, options: AnalysisScheduleOptions): Promise<'created' | 'updated'> {
  const scheduleId = options.scheduleId ?? ANALYSIS_SCHEDULE_ID;
  const spec = analysisScheduleSpec(options);
  try {
    await client.schedule.create({ scheduleId, spec, action: scheduledAction(options), policies: schedulePolicies(options) });
    return 'created';
  } catch (err) {
    if (!(err instanceof ScheduleAlreadyRunning)) throw err;
  }
  await updateAnalysisSchedule(client, options);
  return 'updated';
}

/**
 * Replaces the spec, action and policies of an existing schedule (its paused state is kept).
 *
 * @example
 * await updateAnalysisSchedule(client, { taskQueue: 'kronos-meta', cron: '30 5 * * TUE' });
 */
export async function updateAnalysisSchedule(client: Client, options: AnalysisScheduleOptions): Promise<void> {
  const spec = analysisScheduleSpec(options);
  const handle = await existingSchedule(client, options.scheduleId);
  await handle.update((previous) => ({
    spec,
    action: scheduledAction(options),
    policies: schedulePolicies(options),
    state: { paused: previous.state.paused, note: previous.state.note },
  }));
}

/**
 * The handle of a schedule that exists, or a one-line error saying how to create it (`howToCreate`).
 *
 * @example
 * await (await existingSchedule(client)).pause('maintenance');
 */
export async function existingSchedule(
  client: Client,
  scheduleId = ANALYSIS_SCHEDULE_ID,
  howToCreate = 'create it with `npx kronos schedule create`',
): Promise<ScheduleHandle> {
  const handle = client.schedule.getHandle(scheduleId);
  try {
    await handle.describe();
  } catch (err) {
    if (err instanceof ScheduleNotFoundError) throw new ConfigError(`no schedule ${scheduleId}: ${howToCreate}`);
    throw err;
  }
  return handle;
}
