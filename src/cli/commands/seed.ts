/**
 * `kronos seed --scenario NAME --seed N [--world standard|varied]`: writes a deterministic synthetic trading history with planted
 * effects, and its ground truth (`--truth FILE`). Refuses a database that already holds a history unless
 * `--reset`. A progress bar goes to stderr when it is a terminal.
 */
import type { Command } from 'commander';
// Plain values (no generator, no database), needed here for the help text.
import { DEFAULT_DECISIONS_PER_TRADE, DEFAULT_TRADES } from '../../seed/history-sizes.js';
import { SCENARIO_NAMES, WORLD_KINDS } from '../../seed/scenarios.js';
import type { SeedCommandOptions } from '../actions/seed.js';

export function registerSeedCommand(program: Command): void {
  program
    .command('seed')
    .description('write a deterministic synthetic trading history with planted effects, and its ground truth')
    .requiredOption('--scenario <name>', `what to plant: ${SCENARIO_NAMES.join(', ')}`)
    .requiredOption('--seed <n>', 'integer seed: the same scenario, seed and sizes give the same rows')
    .option(
      '--world <kind>',
      `the kind of world: ${WORLD_KINDS.join(', ')} (default standard; varied draws names, sleeve layouts, a market move and event shocks per seed)`,
    )
    .option('--trades <n>', `live trades (default ${DEFAULT_TRADES})`)
    .option('--decisions <n>', `pipeline decisions (default ${DEFAULT_DECISIONS_PER_TRADE} per trade)`)
    .option('--truth <file>', 'write the ground truth (planted effects and null cells) to this JSON file')
    .option('--database-url <url>', 'PostgreSQL URL (default: DATABASE_URL, else the local kronos database)')
    .option('--reset', 'replace the history already in the database (empties the input and config tables first)')
    .action(async (opts: SeedCommandOptions) => {
      const { seedHistory } = await import('../actions/seed.js');
      await seedHistory(opts);
    });
}
