/** `kronos report RUN_ID [--out FILE]`: the HTML report of one analysis run, to a file or stdout. */
import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { ConfigError } from '../../config.js';
import { loadRunReportData, renderRunReport } from '../../observability/run-report.js';
import { withDatabase } from '../database.js';

export function registerReportCommand(program: Command): void {
  program
    .command('report')
    .description('write the HTML report of an analysis run (its findings, charts and proposals)')
    .argument('<run-id>', 'the analysis run id (the analysis workflow id)')
    .option('--out <file>', 'write to this file instead of stdout')
    .option('--database-url <url>', 'PostgreSQL URL (default: DATABASE_URL, else the local kronos database)')
    .action(async (runId: string, opts: { out?: string; databaseUrl?: string }) => {
      const html = await withDatabase({ url: opts.databaseUrl }, async (db) => {
        const data = await loadRunReportData(db, runId);
        if (!data) throw new ConfigError(`no analysis run ${runId} (GET /analysis-runs on the API lists them)`);
        return renderRunReport(data);
      });
      if (opts.out) {
        await writeFile(opts.out, html);
        console.error(`wrote the report of ${runId} to ${opts.out}`);
      } else {
        process.stdout.write(html);
      }
    });
}
