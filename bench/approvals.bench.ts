/**
 * Approvals against the platform, and many waiting approvals in bounded memory, on one real dev server:
 *
 * 1. At concurrency 1, 8 and 64: Kronos' proposal approval workflows (approve update → apply activity,
 *    a compare-and-swap transaction → APPLIED) against a bare Temporal baseline (a workflow waiting for an
 *    update whose handler runs one activity doing one PostgreSQL write; bench/bare-temporal/), each worker
 *    in its own process with the same sticky cache bound. Throughput and approve-to-done latency, and
 *    Kronos' as ratios to the baseline's.
 * 2. At each waiting count (default 10,000 and 50,000): that many approval workflows waiting, far more
 *    than the worker's sticky cache holds (KRONOS_WORKER_MEMORY_MIB, default 1024 MiB), then a sample of
 *    them approved at concurrency 64 (most evicted, so each replays its history first): the
 *    approve-to-APPLIED latency and the Kronos worker's peak RSS while the workflows start and are approved.
 *
 * Usage: npm run bench:approvals [-- --waiting 10000,50000 --sample 1000 --ladder 1:100,8:500,64:2000]
 * Results: bench/results/approvals-<date>.json, and rows for README's "### Approvals" tables.
 */
import { writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Client, Connection } from '@temporalio/client';
import { DEFAULT_WORKER_MEMORY_MIB } from '../src/config.js';
import { startDevServer } from '../src/temporal/dev-server.js';
import { approveProposal, startProposalApproval } from '../src/temporal/proposal-client.js';
import { maxCachedWorkflowsFor } from '../src/temporal/workflow-cache.js';
import { approvalInputFor, type PendingProposal, testRule } from '../test/support/approval-fixture.js';
import { createTestDatabase } from '../test/support/database.js';
import { LIVE_CONFIG, proposalRow } from '../test/support/proposal-fixture.js';
import { spawnWorkerProcess, WORKER_READY } from '../test/support/worker-process.js';
import { approve as bareApprove, bareApprovalWorkflow } from './bare-temporal/workflows.js';

const { values } = parseArgs({
  options: {
    waiting: { type: 'string', default: '10000,50000' },
    sample: { type: 'string', default: '1000' },
    ladder: { type: 'string', default: '1:100,8:500,64:2000' },
  },
});
const waitingCounts = values.waiting.split(',').map(Number);
const sample = Number(values.sample);
const ladder = values.ladder.split(',').map((step) => {
  const [concurrency, approvals] = step.split(':').map(Number);
  return { concurrency: concurrency as number, approvals: approvals as number };
});
if ([...waitingCounts, sample, ...ladder.flatMap((s) => [s.concurrency, s.approvals])].some((n) => !Number.isInteger(n) || n < 1)) {
  throw new Error('--waiting, --sample and --ladder take positive whole numbers (e.g. --ladder 1:100,8:500)');
}
const memoryBudgetMiB = Number(process.env.KRONOS_WORKER_MEMORY_MIB ?? DEFAULT_WORKER_MEMORY_MIB);
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
    void memoryMiB(pid, 'VmRSS').then(
      (rss) => (peak = Math.max(peak, rss)),
      () => undefined,
    );
  }, 500);
  return {
    stop() {
      clearInterval(timer);
      return peak;
    },
  };
}

/** Latency figures of one batch of approvals, in ms, and its throughput. */
interface BatchResult {
  approvals: number;
  seconds: number;
  per_second: number;
  median_ms: number;
  p99_ms: number;
  max_ms: number;
}

/** Runs `approveOne` over `items` at `concurrency`, timing each call from sending to its answer. */
async function timedBatch<T>(items: T[], concurrency: number, approveOne: (item: T) => Promise<void>): Promise<BatchResult> {
  const latencies: number[] = [];
  const startedAt = performance.now();
  await pool(items, concurrency, async (item) => {
    const sent = performance.now();
    await approveOne(item);
    latencies.push(performance.now() - sent);
  });
  const seconds = (performance.now() - startedAt) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    approvals: items.length,
    seconds: Number(seconds.toFixed(2)),
    per_second: Number((items.length / seconds).toFixed(1)),
    median_ms: Math.round(percentile(latencies, 0.5)),
    p99_ms: Math.round(percentile(latencies, 0.99)),
    max_ms: Math.round(latencies.at(-1) as number),
  };
}

const ratio = (a: number, b: number) => Number((a / b).toFixed(2));
/** `count` items spread evenly over `items` (so that few of them are still in the worker's cache). */
const spread = <T>(items: T[], count: number): T[] =>
  Array.from({ length: Math.min(count, items.length) }, (_, i) => items[Math.floor((i * items.length) / Math.min(count, items.length))] as T);

const ladderTotal = ladder.reduce((sum, step) => sum + step.approvals, 0);
// The waiting phase tops up what each size's approved sample took away.
const total = ladderTotal + Math.max(...waitingCounts) + sample * waitingCounts.length;
const server = await startDevServer({ log });
const database = await createTestDatabase('kronos_bench');
const taskQueue = 'kronos-bench-approvals';
const bareTaskQueue = 'kronos-bench-bare';
const worker = spawnWorkerProcess({ databaseUrl: database.url, temporalAddress: server.address, taskQueue });
const bareWorker = spawnWorkerProcess({
  databaseUrl: database.url,
  temporalAddress: server.address,
  taskQueue: bareTaskQueue,
  entry: 'bench/bare-temporal/worker.ts',
});
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
      .values(
        batch.map((p) => ({
          config_version_id: p.baseVersionId,
          target_type: 'STRATEGY_CONFIG',
          target_id: p.targetId,
          version_no: 1,
          config_json: JSON.stringify(LIVE_CONFIG),
          created_by: 'bench',
        })),
      )
      .execute();
    await database.db
      .insertInto('config_targets')
      .values(batch.map((p) => ({ target_type: 'STRATEGY_CONFIG', target_id: p.targetId, current_version_id: p.baseVersionId })))
      .execute();
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

  await Promise.all([worker.waitForOutput(WORKER_READY, 120_000), bareWorker.waitForOutput('bare worker polling', 120_000)]);
  const workerPid = worker.child.pid as number;
  // Bundling the workflows at start-up has its own peak; the phases' are sampled from here on.
  const rssAtReady = await memoryMiB(workerPid, 'VmRSS');
  const client = new Client({ connection: await Connection.connect({ address: server.address }) });
  // Long windows: nothing times out during the run; every workflow waits for its approval.
  const rule = testRule({ review_window: '24h', evaluation_period: '24h' });
  const startKronos = (batch: PendingProposal[]) =>
    pool(batch, 64, async (p) => void (await startProposalApproval(client, approvalInputFor(p, rule), taskQueue)));
  let notApplied = 0;
  const approveKronos = async (p: PendingProposal) => {
    const status = await approveProposal(client, p.proposalId, { by: 'alice', reason: 'bench' });
    if (status.status !== 'APPLIED') notApplied += 1;
  };

  const ladderResults = [];
  let offset = 0;
  for (const { concurrency, approvals } of ladder) {
    const batch = proposals.slice(offset, offset + approvals);
    offset += approvals;
    log(`concurrency ${concurrency}: ${approvals} Kronos and ${approvals} bare approvals`);
    await startKronos(batch);
    const bareIds = batch.map((p) => `bare-${p.proposalId}`);
    await pool(bareIds, 64, async (id) => void (await client.workflow.start(bareApprovalWorkflow, { taskQueue: bareTaskQueue, workflowId: id, args: [id] })));
    const kronos = await timedBatch(batch, concurrency, approveKronos);
    const bare = await timedBatch(
      bareIds,
      concurrency,
      async (id) => void (await client.workflow.getHandle(id).executeUpdate(bareApprove, { args: ['alice'] })),
    );
    ladderResults.push({
      concurrency,
      kronos,
      bare,
      throughput_ratio: ratio(kronos.per_second, bare.per_second),
      median_latency_ratio: ratio(kronos.median_ms, bare.median_ms),
      p99_latency_ratio: ratio(kronos.p99_ms, bare.p99_ms),
    });
    log(`  Kronos ${kronos.per_second}/s, median ${kronos.median_ms} ms; bare ${bare.per_second}/s, median ${bare.median_ms} ms`);
  }

  const waitingResults = [];
  let waiting = 0;
  let started = 0;
  const waitingPool = proposals.slice(ladderTotal);
  const approved = new Set<string>();
  for (const count of waitingCounts.sort((a, b) => a - b)) {
    const sampler = sampleRss(workerPid);
    log(`starting approval workflows up to ${count} waiting`);
    const startedAt = Date.now();
    // Approved ones have left the waiting set: top it up to `count`.
    await startKronos(waitingPool.slice(started, started + count - waiting));
    started += count - waiting;
    waiting = count;
    // Every workflow has run its first task once its search attribute says PENDING.
    const query = `TaskQueue="${taskQueue}" AND ProposalStatus="PENDING"`;
    while ((await client.workflow.count(query)).count < waiting) await new Promise((resolve) => setTimeout(resolve, 2000));
    const startSeconds = (Date.now() - startedAt) / 1000;
    const rssWaiting = await memoryMiB(workerPid, 'VmRSS');
    log(`${waiting} waiting after ${startSeconds.toFixed(0)} s, worker RSS ${rssWaiting} MiB; approving ${sample} of them`);
    const approvedSample = spread(
      waitingPool.slice(0, started).filter((p) => !approved.has(p.proposalId)),
      sample,
    );
    for (const p of approvedSample) approved.add(p.proposalId);
    const result = await timedBatch(approvedSample, 64, approveKronos);
    waiting -= approvedSample.length;
    const peak = Math.max(sampler.stop(), await memoryMiB(workerPid, 'VmRSS'));
    waitingResults.push({
      waiting: count,
      start_seconds: Number(startSeconds.toFixed(1)),
      worker_rss_waiting_mib: rssWaiting,
      worker_peak_rss_mib: peak,
      approve: result,
    });
    log(`  median ${result.median_ms} ms, p99 ${result.p99_ms} ms, worker peak RSS ${peak} MiB`);
  }
  const changes = await database.db
    .selectFrom('config_change_log')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();

  const result = {
    date: new Date().toISOString(),
    machine: { cpus: os.cpus().length, node: process.version, load_average_at_end: os.loadavg().map((l) => Number(l.toFixed(1))) },
    worker_memory_budget_mib: memoryBudgetMiB,
    max_cached_workflows: maxCachedWorkflowsFor(memoryBudgetMiB),
    worker_rss_at_ready_mib: rssAtReady,
    ladder: ladderResults,
    waiting: waitingResults,
    not_applied: notApplied,
    config_changes: Number(changes.n),
    worker_peak_rss_including_bundling_mib: await memoryMiB(workerPid, 'VmHWM'),
  };
  const file = path.join('bench', 'results', `approvals-${result.date.slice(0, 10)}.json`);
  writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  console.log(JSON.stringify(result, null, 2));
  console.log(
    `\n| concurrency | Kronos approvals/s | bare approvals/s | throughput ratio | Kronos median / p99 (ms) | bare median / p99 (ms) | median ratio |`,
  );
  for (const r of ladderResults) {
    console.log(
      `| ${r.concurrency} | ${r.kronos.per_second} | ${r.bare.per_second} | ${r.throughput_ratio} | ${r.kronos.median_ms} / ${r.kronos.p99_ms} | ${r.bare.median_ms} / ${r.bare.p99_ms} | ${r.median_latency_ratio} |`,
    );
  }
  console.log(`\n| waiting | cache bound | approved (sample) | median / p99 (ms) | approvals/s | worker RSS waiting (MiB) | worker peak RSS (MiB) |`);
  for (const r of waitingResults) {
    console.log(
      `| ${r.waiting} | ${result.max_cached_workflows} | ${r.approve.approvals} | ${r.approve.median_ms} / ${r.approve.p99_ms} | ${r.approve.per_second} | ${r.worker_rss_waiting_mib} | ${r.worker_peak_rss_mib} |`,
    );
  }
  log(`written to ${file}`);
  await client.connection.close();
} finally {
  await Promise.all([worker.stop(), bareWorker.stop()]);
  await database.drop();
  await server.stop();
}
