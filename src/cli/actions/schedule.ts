/** `kronos schedule …`: creates, changes, controls and describes the analysis schedule in Temporal. */
import type { ScheduleHandle } from '@temporalio/client';
import { loadEnv } from '../../config.js';
import { type AnalysisScheduleOptions, existingSchedule, updateAnalysisSchedule, upsertAnalysisSchedule } from '../../temporal/schedule.js';
import { withTemporalClient } from '../temporal-client.js';

/** The options the spec flags fill (commander names them after the flags). */
export type SpecFlags = Omit<AnalysisScheduleOptions, 'taskQueue' | 'scheduleId'>;

/** The subcommands that act on an existing schedule without options. */
export type ScheduleControl = 'pause' | 'unpause' | 'trigger' | 'delete';

const CONTROL: Record<ScheduleControl, (handle: ScheduleHandle) => Promise<void>> = {
  pause: (h) => h.pause('paused with kronos schedule pause'),
  unpause: (h) => h.unpause('unpaused with kronos schedule unpause'),
  trigger: (h) => h.trigger('SKIP'),
  delete: (h) => h.delete(),
};

function scheduleOptions(flags: SpecFlags, scheduleId: string): AnalysisScheduleOptions {
  return { ...flags, scheduleId, taskQueue: loadEnv().KRONOS_TASK_QUEUE };
}

export async function createSchedule(scheduleId: string, flags: SpecFlags): Promise<void> {
  const outcome = await withTemporalClient((client) => upsertAnalysisSchedule(client, scheduleOptions(flags, scheduleId)));
  console.log(`schedule ${scheduleId} ${outcome}`);
}

export async function updateSchedule(scheduleId: string, flags: SpecFlags): Promise<void> {
  await withTemporalClient((client) => updateAnalysisSchedule(client, scheduleOptions(flags, scheduleId)));
  console.log(`schedule ${scheduleId} updated`);
}

export async function controlSchedule(scheduleId: string, control: ScheduleControl): Promise<void> {
  await withTemporalClient(async (client) => CONTROL[control](await existingSchedule(client, scheduleId)));
  console.log(`schedule ${scheduleId}: ${control} done`);
}

export async function describeSchedule(scheduleId: string, opts: { json?: boolean }): Promise<void> {
  const description = await withTemporalClient(async (client) => (await existingSchedule(client, scheduleId)).describe());
  const summary = {
    scheduleId: description.scheduleId,
    paused: description.state.paused,
    note: description.state.note,
    calendars: description.spec.calendars,
    timezone: description.spec.timezone ?? 'UTC',
    overlap: description.policies.overlap,
    catchupWindowMs: description.policies.catchupWindow,
    nextRuns: description.info.nextActionTimes.map((t) => t.toISOString()),
    recentRuns: description.info.recentActions.map((a) => ({ at: a.takenAt.toISOString(), workflowId: a.action.workflow.workflowId })),
    runningWorkflows: description.info.runningActions.map((a) => a.workflow.workflowId),
  };
  if (opts.json) {
    console.log(JSON.stringify(summary, null, 2));
    return;
  }
  console.log(`schedule ${summary.scheduleId}: ${summary.paused ? 'PAUSED' : 'active'}${summary.note ? ` (${summary.note})` : ''}`);
  console.log(`  overlap ${summary.overlap}, catch-up window ${summary.catchupWindowMs / 1000}s, time zone ${summary.timezone}`);
  console.log(`  next runs: ${summary.nextRuns.slice(0, 3).join(', ') || 'none'}`);
  for (const run of summary.recentRuns) console.log(`  ran ${run.at}: ${run.workflowId}`);
  for (const running of summary.runningWorkflows) console.log(`  running: ${running}`);
}
