/** `kronos similar [--target TYPE:ID] [--k N] [--as-of TIME] [--json]`: the past episodes nearest to today's environment. */
import { type Command, InvalidArgumentError } from 'commander';
// A module of plain values (it imports nothing), needed here to refuse a bad --target.
import { strategyOfTarget } from '../../proposals/strategy-target.js';
import type { SimilarOptions } from '../actions/similar.js';
import { isoTime, positiveInteger } from '../options.js';

/** The strategy of a --target value, refused in one line when it names none. */
function targetStrategy(value: string): string {
  const parsed = strategyOfTarget(value);
  if ('error' in parsed) throw new InvalidArgumentError(parsed.error);
  return parsed.strategyId;
}

export function registerSimilarCommand(program: Command): void {
  program
    .command('similar')
    .description("the past episodes whose environment is nearest to today's, and how each config did in them")
    .option('--target <type:id>', 'one strategy: STRATEGY_CONFIG:<strategy_id> (or EXPERIMENT:<strategy_id>)', targetStrategy)
    .option('--k <n>', 'how many neighbours', positiveInteger, 20)
    .option('--as-of <time>', 'look as of this time (default: now)', isoTime)
    .option('--json', 'print JSON')
    .option('--database-url <url>', 'PostgreSQL URL (default: DATABASE_URL, else the local kronos database)')
    .action(async (opts: SimilarOptions) => {
      const { printSimilar } = await import('../actions/similar.js');
      await printSimilar(opts);
    });
}
