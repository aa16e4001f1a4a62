/** `kronos analyze --dry-run`: the analysis in this process, against the database, printing what it finds. */
import { ConfigError } from '../../config.js';
import type { AnalyzeOptions } from './analyze.js';
import { withDatabase } from '../database.js';
import { describeDryRun, dryRunAnalysis } from '../dry-run-analysis.js';

export async function analyzeInProcess(opts: AnalyzeOptions): Promise<void> {
  if (opts.wait) throw new ConfigError('--dry-run runs in this process; --wait is for analyses on the worker');
  const report = await withDatabase({ url: opts.databaseUrl }, (db) => dryRunAnalysis(db, { asOf: opts.asOf, windowDays: opts.window, full: opts.full }));
  console.log(opts.json ? JSON.stringify(report) : describeDryRun(report));
}
