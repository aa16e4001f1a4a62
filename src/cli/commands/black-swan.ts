/** `kronos black-swan review --event ID [--wait] [--json]`: the SOP review of one black-swan event. */
import type { Command } from 'commander';
import type { BlackSwanReviewOptions } from '../actions/black-swan-review.js';

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
}
