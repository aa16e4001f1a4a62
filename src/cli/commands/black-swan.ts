/**
 * `kronos black-swan review --event ID [--wait] [--json]`: the SOP review of one black-swan event;
 * `kronos black-swan watch status|pause|resume`: the watcher that starts those reviews by itself.
 */
import type { Command } from 'commander';
import { BLACK_SWAN_WATCH_SCHEDULE_ID } from '../../temporal/schedule-constants.js';
import type { BlackSwanReviewOptions } from '../actions/black-swan-review.js';
import type { WatchControl, WatchControlOptions } from '../actions/black-swan-watch.js';

export function registerBlackSwanCommands(program: Command): void {
  const blackSwan = program.command('black-swan').description('reviews after black-swan events');
  blackSwan
    .command('review')
    .description('review the emergency SOPs that ran for an event and propose SOP_TEMPLATE changes (joins a review already running)')
    .requiredOption('--event <id>', 'black_swan_events.event_id')
    .option('--wait', 'follow the review until it ends')
    .option('--json', 'print the result as JSON (with --wait), or the workflow id')
    .action(async (opts: BlackSwanReviewOptions) => {
      const { reviewBlackSwan } = await import('../actions/black-swan-review.js');
      await reviewBlackSwan(opts);
    });
  const watch = blackSwan
    .command('watch')
    .description('the watcher that starts interim and final reviews of new events by itself')
    .option('--schedule-id <id>', 'schedule id', BLACK_SWAN_WATCH_SCHEDULE_ID);
  const scheduleId = () => watch.opts<{ scheduleId: string }>().scheduleId;
  watch
    .command('status')
    .description('whether it runs, how often it looks, and the reviews its recent looks started')
    .option('--json', 'print the status as JSON')
    .action(async (opts: { json?: boolean }) => {
      const { showWatchStatus } = await import('../actions/black-swan-watch.js');
      await showWatchStatus(scheduleId(), opts);
    });
  for (const [control, description] of [
    ['pause', 'stop starting reviews (those running go on) until resumed'],
    ['resume', 'start the reviews that are due again; the first look finds what was missed'],
  ] as const) {
    watch
      .command(control)
      .description(description)
      .option('--by <name>', "who, for the schedule's note")
      .option('--reason <text>', "why, for the schedule's note")
      .action(async (opts: WatchControlOptions) => {
        const { controlWatch } = await import('../actions/black-swan-watch.js');
        await controlWatch(scheduleId(), control, opts);
      });
  }
}
