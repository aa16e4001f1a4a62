/** `kronos report RUN_ID [--out FILE]`: the HTML report of one analysis run, to a file or stdout. */
import type { Command } from 'commander';
import type { ReportOptions } from '../actions/report.js';

export function registerReportCommand(program: Command): void {
  program
    .command('report')
    .description('write the HTML report of an analysis run (its findings, charts and proposals)')
    .argument('<run-id>', 'the analysis run id (the analysis workflow id)')
    .option('--out <file>', 'write to this file instead of stdout')
    .option('--database-url <url>', 'PostgreSQL URL (default: DATABASE_URL, else the local kronos database)')
    .action(async (runId: string, opts: ReportOptions) => {
      const { writeRunReport } = await import('../actions/report.js');
      await writeRunReport(runId, opts);
    });
}
