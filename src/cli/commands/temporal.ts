/**
 * `kronos temporal ARGS…`: the `temporal` CLI that Kronos found or built (TEMPORAL_CLI_PATH, PATH, the
 * cache), with every argument passed on untouched, so `npx kronos temporal …` works without it on PATH.
 */
import type { Command } from 'commander';

export function registerTemporalCommand(program: Command): void {
  program
    .command('temporal')
    .description('run the Temporal CLI (built once into the cache when missing) with these arguments, e.g. npx kronos temporal workflow list')
    .argument('[args...]', 'passed on to temporal as they are, --help included')
    .helpOption(false)
    .allowUnknownOption()
    .passThroughOptions()
    .action(async (args: string[]) => {
      const { runTemporalCli } = await import('../actions/temporal.js');
      process.exitCode = await runTemporalCli(args);
    });
}
