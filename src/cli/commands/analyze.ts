/**
 * `kronos analyze [--as-of T] [--window DAYS] [--wait] [--json]`: starts an analysis on the worker
 * (metaAnalysisWorkflow); with --wait, follows its `progress` query until it ends and prints its summary.
 * `kronos analyze --dry-run [--json] [--database-url URL]` runs the same aggregation, diagnostics and
 * proposal rules in this process instead, without Temporal, and writes nothing.
 */
import type { Command } from 'commander';
import { isoTime, positiveInteger } from '../options.js';
import type { AnalyzeOptions } from '../actions/analyze.js';

export function registerAnalyzeCommand(program: Command): void {
  program
    .command('analyze')
    .description('analyse the trading history now: on the worker through Temporal (metaAnalysisWorkflow), or in-process with --dry-run')
    .option('--as-of <time>', 'end of the analysis window, an ISO time (default: now)', isoTime)
    .option('--window <days>', 'length of the analysis window in days (default 90)', positiveInteger)
    .option('--wait', 'follow the analysis with a live progress display until it ends')
    .option('--json', 'print JSON: the workflow id, or with --wait the summary, or with --dry-run the whole report')
    .option(
      '--dry-run',
      'aggregate, diagnose and generate proposals in this process, without Temporal; stores no run or proposal (only the caches of episodes and daily rollups)',
    )
    .option('--full', "with --dry-run: recompute every day's trade rollup instead of only the new and changed days")
    .option('--database-url <url>', 'PostgreSQL URL for --dry-run (default: DATABASE_URL, else the local kronos database)')
    .action(async (opts: AnalyzeOptions) => {
      // Two actions: the dry run loads the database and the analysis code, the other only the Temporal client.
      if (opts.dryRun) {
        const { analyzeInProcess } = await import('../actions/analyze-dry-run.js');
        await analyzeInProcess(opts);
      } else {
        const { analyzeOnTemporal } = await import('../actions/analyze.js');
        await analyzeOnTemporal(opts);
      }
    });
}
