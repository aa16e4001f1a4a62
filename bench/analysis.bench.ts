/**
 * The analysis at scale: seeds 1M trades and 5M decisions (the demo scenario; a database already holding
 * a history of that size is reused), then measures in one child process, so that seeding does not count
 * in its memory: the analysis' wall time (aggregate + diagnose), the process's peak RSS, and the floor,
 * one plain PostgreSQL aggregate pass over the same rows (count, sum and sum of squares by strategy over
 * the trades and the decisions of the window). Target: at most 3× the floor, peak RSS under 512 MB.
 *
 * Usage: npm run bench:analysis [-- --trades N --decisions N --database-url URL]
 * Results: bench/results/analysis-<date>.json and the "### Analysis" table under README's "## Benchmarks".
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { type Kysely, sql } from 'kysely';
import { diagnose } from '../src/analysis/diagnose.js';
import type { AnalysisWindow } from '../src/analysis/findings.js';
import { createDb, ensureDatabaseExists } from '../src/db/connection.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { aggregate } from '../src/db/queries/aggregate.js';
import type { Database } from '../src/db/schema.js';
import { seedScenario } from '../src/seed/seed-scenario.js';

const { values } = parseArgs({
  options: {
    trades: { type: 'string', default: '1000000' },
    decisions: { type: 'string', default: '5000000' },
    'database-url': { type: 'string', default: process.env.KRONOS_BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/kronos_bench_analysis' },
    measure: { type: 'boolean', default: false },
  },
});
const url = values['database-url'];
const log = (line: string) => console.error(`[${new Date().toISOString().slice(11, 19)}] ${line}`);

interface Measurement {
  window: AnalysisWindow;
  rows: { trades: number; decisions: number };
  analysis_ms: number;
  aggregate_ms: number;
  diagnose_ms: number;
  floor_ms: number;
  ratio_to_floor: number;
  peak_rss_mb: number;
  tests: number;
  findings: number;
  aggregates_bytes: number;
}

/** The window holding every seeded decision and trade: whole days around the first and last. */
async function fullWindow(db: Kysely<Database>): Promise<AnalysisWindow> {
  const { rows } = await sql<{ first: Date; last: Date }>`
    SELECT least((SELECT min(decided_at) FROM pipeline_decisions), (SELECT min(closed_at) FROM trades)) AS first,
           greatest((SELECT max(decided_at) FROM pipeline_decisions), (SELECT max(closed_at) FROM trades)) AS last`.execute(db);
  const day = 86_400_000;
  const start = Math.floor(rows[0].first.getTime() / day) * day;
  const end = (Math.floor(rows[0].last.getTime() / day) + 1) * day;
  return { as_of: new Date(end).toISOString(), start: new Date(start).toISOString(), end: new Date(end).toISOString(), days: (end - start) / day };
}

/** The floor: one aggregate pass over the window's trades and decisions, nothing else. */
async function floorPass(db: Kysely<Database>, window: AnalysisWindow): Promise<number> {
  const started = performance.now();
  await sql`
    SELECT strategy_id, count(*), sum(return_pct), sum(return_pct * return_pct) FROM trades
    WHERE closed_at >= ${window.start}::timestamptz AND closed_at < ${window.end}::timestamptz GROUP BY strategy_id
    UNION ALL
    SELECT strategy_id, count(*), sum(forward_return), sum(forward_return * forward_return) FROM pipeline_decisions
    WHERE decided_at >= ${window.start}::timestamptz AND decided_at < ${window.end}::timestamptz GROUP BY strategy_id`.execute(db);
  return performance.now() - started;
}

async function count(db: Kysely<Database>, table: 'trades' | 'pipeline_decisions'): Promise<number> {
  const row = await db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Runs in the child: warm-up pass, the analysis, then the floor (best of two), with the peak RSS. */
async function measure(): Promise<Measurement> {
  const db = createDb(url, { statementTimeoutMs: 600_000 });
  try {
    const window = await fullWindow(db);
    await floorPass(db, window); // warms the cache for both, so neither pays for reading from disk
    const started = performance.now();
    const aggregates = await aggregate(db, window);
    const aggregated = performance.now();
    const result = diagnose(aggregates, { seed: 1 });
    const finished = performance.now();
    const floor = Math.min(await floorPass(db, window), await floorPass(db, window));
    const analysis = finished - started;
    return {
      window,
      rows: { trades: aggregates.quality.trades, decisions: aggregates.quality.decisions },
      analysis_ms: Math.round(analysis),
      aggregate_ms: Math.round(aggregated - started),
      diagnose_ms: Math.round(finished - aggregated),
      floor_ms: Math.round(floor),
      ratio_to_floor: Number((analysis / floor).toFixed(2)),
      peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
      tests: result.tests,
      findings: result.findings.length,
      aggregates_bytes: JSON.stringify(aggregates).length,
    };
  } finally {
    await db.destroy();
  }
}

/** Seeds the demo history unless the database already holds one of the requested size. */
async function ensureSeeded(trades: number, decisions: number): Promise<void> {
  await ensureDatabaseExists(url);
  const db = createDb(url, { statementTimeoutMs: 3_600_000 });
  try {
    await migrateToLatest(db);
    if ((await count(db, 'trades')) === trades && (await count(db, 'pipeline_decisions')) === decisions) {
      log(`reusing the history in ${new URL(url).pathname.slice(1)} (${trades} trades, ${decisions} decisions)`);
      await sql`ANALYZE trades, pipeline_decisions`.execute(db); // statistics a newer migration may have added
      return;
    }
    log(`seeding ${trades} trades and ${decisions} decisions`);
    let reported = 0;
    await seedScenario(db, {
      scenario: 'demo',
      seed: 1,
      trades,
      decisions,
      reset: true,
      onProgress: (done, total) => {
        if (done / total >= reported + 0.1) {
          reported = Math.floor((done / total) * 10) / 10;
          log(`seeded ${Math.round(reported * 100)}%`);
        }
      },
    });
    await sql`ANALYZE`.execute(db);
  } finally {
    await db.destroy();
  }
}

/** Replaces the "### Analysis" subsection under "## Benchmarks" in README.md (adding either when missing). */
function writeReadmeTable(m: Measurement, date: string): void {
  const readmePath = fileURLToPath(new URL('../README.md', import.meta.url));
  const table = [
    '### Analysis',
    '',
    `\`npm run bench:analysis\` on ${date}: the demo history, ${m.rows.trades.toLocaleString('en')} trades and ${m.rows.decisions.toLocaleString('en')} decisions in a ${m.window.days}-day window, on this 2-core machine.`,
    '',
    '| measure | value | target |',
    '|---|---|---|',
    `| analysis wall time (aggregate + diagnose) | ${(m.analysis_ms / 1000).toFixed(1)} s (aggregate ${(m.aggregate_ms / 1000).toFixed(1)} s, diagnose ${(m.diagnose_ms / 1000).toFixed(1)} s) | |`,
    `| floor: one aggregate pass over the same rows | ${(m.floor_ms / 1000).toFixed(1)} s | |`,
    `| analysis / floor | ${m.ratio_to_floor.toFixed(2)}× | ≤ 3× |`,
    `| peak RSS of the Node process | ${m.peak_rss_mb} MB | < 512 MB |`,
    `| aggregates handed to the diagnostics | ${(m.aggregates_bytes / 1e6).toFixed(1)} MB of JSON | bounded |`,
    '',
    'Where the time goes, and why it is above the floor: [docs/diagnostics.md](docs/diagnostics.md#cost).',
    '',
  ].join('\n');
  let readme = readFileSync(readmePath, 'utf8');
  if (!readme.includes('\n## Benchmarks\n')) readme = `${readme.trimEnd()}\n\n## Benchmarks\n\n`;
  const section = /### Analysis\n[\s\S]*?(?=\n### |\n## |$)/;
  readme = section.test(readme) ? readme.replace(section, table) : readme.replace('\n## Benchmarks\n\n', `\n## Benchmarks\n\n${table}\n`);
  writeFileSync(readmePath, readme);
}

if (values.measure) {
  console.log(JSON.stringify(await measure()));
} else {
  await ensureSeeded(Number(values.trades), Number(values.decisions));
  log('measuring the analysis and the floor in a fresh process');
  const output = execFileSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--measure', '--database-url', url], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 16 * 1024 * 1024,
  });
  const m = JSON.parse(output) as Measurement;
  const date = new Date().toISOString().slice(0, 10);
  writeFileSync(fileURLToPath(new URL(`./results/analysis-${date}.json`, import.meta.url)), `${JSON.stringify({ date, ...m }, null, 2)}\n`);
  writeReadmeTable(m, date);
  console.log(JSON.stringify(m, null, 2));
}
