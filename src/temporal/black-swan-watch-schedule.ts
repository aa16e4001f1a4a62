/**
 * The black-swan watch: a Temporal Schedule that starts blackSwanWatchWorkflow every
 * `black_swan.watch.interval` of the policy, skipping a look while the previous one still runs. The
 * worker's stack creates it (or updates its interval) at every start, keeping its paused state, so
 * `kronos black-swan watch pause` survives a restart.
 */
import { type Client, ScheduleAlreadyRunning } from '@temporalio/client';
import { parseDurationMs } from '../proposals/policy-rules.js';
import type { BlackSwanWatchPolicy } from '../proposals/policy.js';
import type { BlackSwanWatchResult } from '../workflows/black-swan-watch.js';
import { existingSchedule } from './schedule.js';
import { BLACK_SWAN_WATCH_SCHEDULE_ID } from './schedule-constants.js';

/** The watch exists once a worker started: say so when it does not. */
const START_A_WORKER = 'a worker creates it when it starts (`kronos worker` or `npm start`)';

export interface BlackSwanWatchOptions {
  taskQueue: string;
  watch: BlackSwanWatchPolicy;
  scheduleId?: string;
}

function watchSchedule(options: BlackSwanWatchOptions) {
  return {
    spec: { intervals: [{ every: parseDurationMs(options.watch.interval) ?? 60_000 }] },
    action: {
      type: 'startWorkflow' as const,
      workflowType: 'blackSwanWatchWorkflow',
      // The server appends each action's time: every look has its own id.
      workflowId: 'kronos-black-swan-watch',
      taskQueue: options.taskQueue,
      args: [],
    },
    // A look missed while the cluster was down is not worth catching up: the next one finds the same events.
    policies: { overlap: 'SKIP' as const, catchupWindow: '1 minute', pauseOnFailure: false },
  };
}

/**
 * Creates the watch schedule, or updates its interval and task queue (keeping its paused state).
 *
 * @example
 * await upsertBlackSwanWatch(client, { taskQueue: 'kronos-meta', watch: loadPolicy().black_swan_watch });
 */
export async function upsertBlackSwanWatch(client: Client, options: BlackSwanWatchOptions): Promise<'created' | 'updated'> {
  const scheduleId = options.scheduleId ?? BLACK_SWAN_WATCH_SCHEDULE_ID;
  const { spec, action, policies } = watchSchedule(options);
  try {
    await client.schedule.create({ scheduleId, spec, action, policies });
    return 'created';
  } catch (err) {
    if (!(err instanceof ScheduleAlreadyRunning)) throw err;
  }
  await client.schedule
    .getHandle(scheduleId)
    .update((previous) => ({ spec, action, policies, state: { paused: previous.state.paused, note: previous.state.note } }));
  return 'updated';
}

export interface BlackSwanWatchStatus {
  scheduleId: string;
  paused: boolean;
  note: string | undefined;
  intervalMs: number | undefined;
  nextLooks: string[];
  /** The latest looks, oldest first, with the reviews each started (once it finished). */
  recentLooks: Array<{ at: string; workflowId: string; started?: string[] }>;
}

/**
 * The watch's state: paused or not, its interval, the next looks and what the recent ones started.
 *
 * @example
 * const status = await blackSwanWatchStatus(client); // { paused: false, intervalMs: 60000, … }
 */
export async function blackSwanWatchStatus(client: Client, scheduleId = BLACK_SWAN_WATCH_SCHEDULE_ID): Promise<BlackSwanWatchStatus> {
  const description = await (await existingSchedule(client, scheduleId, START_A_WORKER)).describe();
  const recentLooks = await Promise.all(
    description.info.recentActions.map(async ({ takenAt, action }) => {
      const look = { at: takenAt.toISOString(), workflowId: action.workflow.workflowId };
      const handle = client.workflow.getHandle(action.workflow.workflowId, action.workflow.firstExecutionRunId);
      const { status } = await handle.describe();
      return status.name === 'COMPLETED' ? { ...look, started: ((await handle.result()) as BlackSwanWatchResult).started } : look;
    }),
  );
  return {
    scheduleId,
    paused: description.state.paused,
    note: description.state.note,
    intervalMs: description.spec.intervals?.[0]?.every,
    nextLooks: description.info.nextActionTimes.map((t) => t.toISOString()),
    recentLooks,
  };
}

/**
 * Pauses or resumes the watch, with a note saying who did it and why.
 *
 * @example
 * await setBlackSwanWatchPaused(client, true, 'paused by alice: drill in progress');
 */
export async function setBlackSwanWatchPaused(client: Client, paused: boolean, note: string, scheduleId = BLACK_SWAN_WATCH_SCHEDULE_ID): Promise<void> {
  const handle = await existingSchedule(client, scheduleId, START_A_WORKER);
  await (paused ? handle.pause(note) : handle.unpause(note));
}
