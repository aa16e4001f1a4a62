/**
 * `kronos schedule create|update|pause|unpause|trigger|delete|describe`: the weekly analysis schedule
 * (Monday 06:00 UTC by default; overlapping runs skipped; missed runs caught up within a window).
 */
import { type Command, InvalidArgumentError, Option } from 'commander';
import { DAYS_OF_WEEK, type DayOfWeek } from '@temporalio/client';
import { loadEnv } from '../../config.js';
import { ANALYSIS_SCHEDULE_ID, type AnalysisScheduleOptions, existingSchedule, updateAnalysisSchedule, upsertAnalysisSchedule } from '../../temporal/schedule.js';
import { positiveInteger } from '../options.js';
import { withTemporalClient } from '../temporal-client.js';

/** The options the spec flags fill (commander names them after the flags). */
type SpecFlags = Omit<AnalysisScheduleOptions, 'taskQueue' | 'scheduleId'>;

function integer(name: string) {
  return (value: string) => {
    const n = Number(value);
    if (!Number.isInteger(n)) throw new InvalidArgumentError(`${name} must be an integer`);
    return n;
  };
}

function dayOfWeek(value: string): DayOfWeek {
  const day = DAYS_OF_WEEK.find((d) => d === value.toUpperCase());
  if (!day) throw new InvalidArgumentError(`expected one of ${DAYS_OF_WEEK.join(', ')}`);
  return day;
}

function withSpecFlags(command: Command): Command {
  return command
    .addOption(new Option('--day <day>', 'day of the week (default MONDAY)').argParser(dayOfWeek))
    .option('--hour <h>', 'hour, 0-23 (default 6)', integer('--hour'))
    .option('--minute <m>', 'minute, 0-59 (default 0)', integer('--minute'))
    .option('--cron <expr>', 'a cron expression instead of day/hour/minute, e.g. "0 6 * * MON"')
    .option('--timezone <tz>', 'IANA time zone (default UTC)')
    .option('--catchup-window <duration>', 'how late a run missed during an outage may still start (default "1 day")')
    .option('--window-days <n>', 'analysis window of each run, in days', positiveInteger);
}

function scheduleOptions(flags: SpecFlags, scheduleId: string): AnalysisScheduleOptions {
  return { ...flags, scheduleId, taskQueue: loadEnv().KRONOS_TASK_QUEUE };
}

export function registerScheduleCommands(program: Command): void {
  const schedule = program
    .command('schedule')
    .description('the weekly analysis schedule in Temporal')
    .option('--schedule-id <id>', 'schedule id', ANALYSIS_SCHEDULE_ID);
  const id = () => schedule.opts<{ scheduleId: string }>().scheduleId;

  withSpecFlags(schedule.command('create').description('create the schedule, or update it when it exists (idempotent)')).action(async (flags: SpecFlags) => {
    const outcome = await withTemporalClient((client) => upsertAnalysisSchedule(client, scheduleOptions(flags, id())));
    console.log(`schedule ${id()} ${outcome}`);
  });
  withSpecFlags(schedule.command('update').description('change the timing of an existing schedule (its paused state is kept)')).action(async (flags: SpecFlags) => {
    await withTemporalClient((client) => updateAnalysisSchedule(client, scheduleOptions(flags, id())));
    console.log(`schedule ${id()} updated`);
  });
  for (const [name, description, act] of [
    ['pause', 'stop starting analyses until unpaused', (h) => h.pause('paused with kronos schedule pause')],
    ['unpause', 'start analyses on schedule again', (h) => h.unpause('unpaused with kronos schedule unpause')],
    ['trigger', 'start one analysis now (skipped if one is running)', (h) => h.trigger('SKIP')],
    ['delete', 'delete the schedule (running analyses go on)', (h) => h.delete()],
  ] as const satisfies ReadonlyArray<readonly [string, string, (h: Awaited<ReturnType<typeof existingSchedule>>) => Promise<void>]>) {
    schedule
      .command(name)
      .description(description)
      .action(async () => {
        await withTemporalClient(async (client) => act(await existingSchedule(client, id())));
        console.log(`schedule ${id()}: ${name} done`);
      });
  }
  schedule
    .command('describe')
    .description('timing, state, next and recent runs')
    .option('--json', 'print the description as JSON')
    .action(async (opts: { json?: boolean }) => {
      const description = await withTemporalClient(async (client) => (await existingSchedule(client, id())).describe());
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
    });
}
