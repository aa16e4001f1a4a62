/** `kronos report`: renders one analysis run's HTML report to a file or stdout. */
import { writeFile } from 'node:fs/promises';
import { ConfigError } from '../../config.js';
import { loadRunReportData, renderRunReport } from '../../api/run-report.js';
import { withDatabase } from '../database.js';

export interface ReportOptions {
  out?: string;
  databaseUrl?: string;
}

export async function writeRunReport(runId: string, opts: ReportOptions): Promise<void> {
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
}
