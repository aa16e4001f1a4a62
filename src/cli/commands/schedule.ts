/**
 * `kronos schedule create|update|pause|unpause|trigger|delete|describe`: the weekly analysis schedule
 * (Monday 06:00 UTC by default; overlapping runs skipped; missed runs caught up within a window).
 */
import { type Command, InvalidArgumentError, Option } from 'commander';
import type { DayOfWeek } from '@temporalio/client';
// Plain values, so that parsing and help do not load the Temporal client.
import { ANALYSIS_SCHEDULE_ID, DAYS_OF_WEEK } from '../../temporal/schedule-constants.js';
import { positiveInteger } from '../options.js';
import type { SpecFlags, ScheduleControl } from '../actions/schedule.js';

const CONTROLS: Array<{ name: ScheduleControl; description: string }> = [
  { name: 'pause', description: 'stop starting analyses until unpaused' },
  { name: 'unpause', description: 'start analyses on schedule again' },
  { name: 'trigger', description: 'start one analysis now (skipped if one is running)' },
  { name: 'delete', description: 'delete the schedule (running analyses go on)' },
];

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

export function registerScheduleCommands(program: Command): void {
  const schedule = program
    .command('schedule')
    .description('the weekly analysis schedule in Temporal')
    .option('--schedule-id <id>', 'schedule id', ANALYSIS_SCHEDULE_ID);
  const id = () => schedule.opts<{ scheduleId: string }>().scheduleId;

  withSpecFlags(schedule.command('create').description('create the schedule, or update it when it exists (idempotent)')).action(async (flags: SpecFlags) => {
    const { createSchedule } = await import('../actions/schedule.js');
    await createSchedule(id(), flags);
  });
  withSpecFlags(schedule.command('update').description('change the timing of an existing schedule (its paused state is kept)')).action(
    async (flags: SpecFlags) => {
      const { updateSchedule } = await import('../actions/schedule.js');
      await updateSchedule(id(), flags);
    },
  );
  for (const { name, description } of CONTROLS) {
    schedule
      .command(name)
      .description(description)
      .action(async () => {
        const { controlSchedule } = await import('../actions/schedule.js');
        await controlSchedule(id(), name);
      });
  }
  schedule
    .command('describe')
    .description('timing, state, next and recent runs')
    .option('--json', 'print the description as JSON')
    .action(async (opts: { json?: boolean }) => {
      const { describeSchedule } = await import('../actions/schedule.js');
      await describeSchedule(id(), opts);
    });
}
