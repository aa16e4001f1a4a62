/**
 * Approvals at scale: starts N proposal approval workflows (default 10,000) on a real dev server, then
 * approves them all through the `approve` update, and reports the approval-to-APPLIED latency (the update
 * returns once the apply activity has committed), the throughput, and the worker process's peak memory.
 *
 * Usage: npm run bench:approvals [-- --proposals N --concurrency C]
 * Results: bench/results/approvals-<date>.json, and a row for README's "### Approvals" table.
 */
import { writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Client, Connection } from '@temporalio/client';
import { startDevServer } from '../src/temporal/dev-server.js';
import { approveProposal, startProposalApproval } from '../src/temporal/proposal-client.js';
import { approvalInputFor, type PendingProposal, testRule } from '../test/support/approval-fixture.js';
import { createTestDatabase } from '../test/support/database.js';
import { LIVE_CONFIG, proposalRow } from '../test/support/proposal-fixture.js';
import { spawnWorkerProcess, WORKER_READY } from '../test/support/worker-process.js';

const { values } = parseArgs({
  options: { proposals: { type: 'string', default: '10000' }, concurrency: { type: 'string', default: '64' } },
});
const total = Number(values.proposals);
const concurrency = Number(values.concurrency);
const log = (line: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${line}`);

/** Runs `task` over `items` with at most `limit` in flight. */
async function pool<T>(items: T[], limit: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) await task(items[next++] as T);
    }),
  );
}

function percentile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number;
}

/** A memory figure of a process from /proc (VmRSS: now; VmHWM: peak since start), in MiB. */
async function memoryMiB(pid: number, field: 'VmRSS' | 'VmHWM'): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Math.round(Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1]) / 1024);
}

/** Samples a process's resident set every half second; `stop()` returns the largest sample. */
function sampleRss(pid: number): { stop(): number } {
  let peak = 0;
  const timer = setInterval(() => {
    void memoryMiB(pid, 'VmRSS').then((rss) => (peak = Math.max(peak, rss)), () => undefined);
  }, 500);
  return {
    stop() {
      clearInterval(timer);
      return peak;
    },
  };
}

const server = await startDevServer({ log });
const database = await createTestDatabase('kronos_bench');
const taskQueue = 'kronos-bench-approvals';
const worker = spawnWorkerProcess({ databaseUrl: database.url, temporalAddress: server.address, taskQueue });
try {
  log(`seeding ${total} targets and pending proposals`);
  const proposals: PendingProposal[] = Array.from({ length: total }, (_, i) => {
    const targetId = `bench-${i}`;
    return { proposalId: `bench-p-${i}`, targetId, baseVersionId: `${targetId}-v1` };
  });
  for (let i = 0; i < total; i += 1000) {
    const batch = proposals.slice(i, i + 1000);
    await database.db
      .insertInto('config_versions')
      .values(batch.map((p) => ({ config_version_id: p.baseVersionId, target_type: 'STRATEGY_CONFIG', target_id: p.targetId, version_no: 1, config_json: JSON.stringify(LIVE_CONFIG), created_by: 'bench' })))
      .execute();
    await database.db.insertInto('config_targets').values(batch.map((p) => ({ target_type: 'STRATEGY_CONFIG', target_id: p.targetId, current_version_id: p.baseVersionId }))).execute();
    await database.db
      .insertInto('meta_controller_config_proposals')
      .values(
        batch.map((p) =>
          proposalRow({
            proposal_id: p.proposalId,
            target_id: p.targetId,
            current_config_snapshot_json: JSON.stringify({ config_version_id: p.baseVersionId, version_no: 1, config_json: LIVE_CONFIG }),
            dedupe_key: `bench:${p.targetId}`,
          }),
        ),
      )
      .execute();
  }

  await worker.waitForOutput(WORKER_READY, 120_000);
  const workerPid = worker.child.pid as number;
  // Bundling the workflows at start-up has its own peak; the run's is sampled from here on.
  const rssAtReady = await memoryMiB(workerPid, 'VmRSS');
  const sampler = sampleRss(workerPid);
  const client = new Client({ connection: await Connection.connect({ address: server.address }) });
  // Long windows: nothing times out during the run; every workflow waits for its approval.
  const rule = testRule({ review_window: '24h', evaluation_period: '24h' });

  log(`starting ${total} approval workflows (${concurrency} at a time)`);
  const startedAt = Date.now();
  await pool(proposals, concurrency, async (p) => {
    await startProposalApproval(client, approvalInputFor(p, rule), taskQueue);
  });
  const startSeconds = (Date.now() - startedAt) / 1000;
  log(`started in ${startSeconds.toFixed(1)} s`);

  log(`approving ${total} proposals (${concurrency} at a time)`);
  const latencies: number[] = [];
  let notApplied = 0;
  const approvedAt = Date.now();
  await pool(proposals, concurrency, async (p) => {
    const sent = performance.now();
    const status = await approveProposal(client, p.proposalId, { by: 'alice', reason: 'bench' });
    latencies.push(performance.now() - sent);
    if (status.status !== 'APPLIED') notApplied += 1;
    if (latencies.length % 1000 === 0) log(`${latencies.length} applied`);
  });
  const approveSeconds = (Date.now() - approvedAt) / 1000;
  const changes = await database.db.selectFrom('config_change_log').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
  const workerPeak = Math.max(sampler.stop(), await memoryMiB(workerPid, 'VmRSS'));
  const workerPeakSinceStart = await memoryMiB(workerPid, 'VmHWM');
  latencies.sort((a, b) => a - b);

  const result = {
    date: new Date().toISOString(),
    machine: { cpus: (await import('node:os')).cpus().length, node: process.version },
    proposals: total,
    concurrency,
    start_seconds: Number(startSeconds.toFixed(1)),
    approve_seconds: Number(approveSeconds.toFixed(1)),
    approvals_per_second: Number((total / approveSeconds).toFixed(1)),
    approval_to_applied_ms: { median: Math.round(percentile(latencies, 0.5)), p99: Math.round(percentile(latencies, 0.99)), max: Math.round(latencies.at(-1) as number) },
    not_applied: notApplied,
    config_changes: Number(changes.n),
    worker_rss_at_ready_mib: rssAtReady,
    worker_peak_rss_mib: workerPeak,
    worker_peak_rss_including_bundling_mib: workerPeakSinceStart,
  };
  const file = path.join('bench', 'results', `approvals-${result.date.slice(0, 10)}.json`);
  writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  console.log(JSON.stringify(result, null, 2));
  console.log(`\n| date | proposals | start (s) | approve (s) | approvals/s | median (ms) | p99 (ms) | worker peak RSS (MiB) |`);
  console.log(
    `| ${result.date.slice(0, 10)} | ${total} | ${result.start_seconds} | ${result.approve_seconds} | ${result.approvals_per_second} | ${result.approval_to_applied_ms.median} | ${result.approval_to_applied_ms.p99} | ${workerPeak} |`,
  );
  log(`written to ${file}`);
  await client.connection.close();
} finally {
  await worker.stop();
  await database.drop();
  await server.stop();
}
