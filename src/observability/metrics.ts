/**
 * Prometheus metrics. Kronos' own are read from PostgreSQL at scrape time (proposal statuses, the config
 * change log, analysis runs, rationale latencies), so they are right whichever process did the work (API,
 * worker, CLI) and survive restarts. The Temporal SDK's metrics (workflow and activity task latencies,
 * polls, slots) are exported by the worker's runtime through its own Prometheus endpoint.
 */
import type { RuntimeOptions } from '@temporalio/worker';
import type { Kysely } from 'kysely';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { configChangeCount, finishedRunDurations, proposalCountsByStatus, rationaleFailureCounts, rationaleLatenciesMs } from '../db/queries/service-counts.js';
import type { Database } from '../db/schema.js';
import { PROPOSAL_STATUSES } from '../proposals/statuses.js';

/** Rationale statuses (src/llm/generate-rationale.ts) that mean the model's answer was used; anything else after a model call is a failure. */
export const LLM_SUCCESS_STATUSES = ['LLM_GROUNDED'] as const;

/**
 * The Runtime options that export the Temporal SDK's metrics for Prometheus on `host:port` (`/metrics`),
 * durations in seconds and counters with `_total`, as Prometheus naming expects.
 * Pass them to `Runtime.install` once, before the first worker or connection is created.
 *
 * @example
 * Runtime.install(temporalRuntimeTelemetry(9464));
 * // curl http://127.0.0.1:9464/metrics → temporal_workflow_task_schedule_to_start_latency_seconds_bucket{…}
 */
export function temporalRuntimeTelemetry(port: number, host = '127.0.0.1'): RuntimeOptions {
  return {
    telemetryOptions: {
      metrics: {
        prometheus: { bindAddress: `${host}:${port}`, countersTotalSuffix: true, unitSuffix: true, useSecondsForDurations: true },
      },
    },
  };
}

/** Histogram buckets in seconds: an analysis takes seconds to tens of minutes. */
const ANALYSIS_BUCKETS = [1, 5, 15, 30, 60, 120, 300, 600, 1_200, 1_800, 3_600];
/** Histogram buckets in seconds: a model call takes a fraction of a second to a minute. */
const LLM_BUCKETS = [0.25, 0.5, 1, 2, 5, 10, 20, 30, 60];

/**
 * A registry with the process' default metrics and Kronos' service metrics, all read from `db` when scraped:
 * - `kronos_proposals{status}` (gauge): proposals in each status;
 * - `kronos_approvals_total`, `kronos_auto_applies_total`, `kronos_reverts_total` (counters): APPLY by a
 *   person, APPLY by the policy, and REVERT rows of config_change_log (append-only, hence monotonic);
 * - `kronos_analysis_duration_seconds{status}` (histogram): finished analysis runs, start to finish;
 * - `kronos_llm_latency_seconds` (histogram): model calls made for rationales;
 * - `kronos_llm_failures_total{status,reason}` (counter): rationales where a model was asked but its answer
 *   was not used, by rationale status (LLM_UNGROUNDED, TEMPLATE_FALLBACK) and reason (TIMEOUT, INVALID_JSON, …).
 *
 * @example
 * const registry = createServiceMetrics(db);
 * const text = await registry.metrics();
 */
export function createServiceMetrics(db: Kysely<Database>): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });

  new Gauge({
    name: 'kronos_proposals',
    help: 'Proposals in meta_controller_config_proposals, by status.',
    labelNames: ['status'],
    registers: [registry],
    async collect() {
      const counts = await proposalCountsByStatus(db);
      for (const status of PROPOSAL_STATUSES) this.set({ status }, counts.get(status) ?? 0);
    },
  });

  const changeCounter = (name: string, help: string, action: 'APPLY' | 'REVERT', actorType?: 'AUTO' | 'HUMAN') =>
    new Counter({
      name,
      help,
      registers: [registry],
      async collect() {
        const total = await configChangeCount(db, action, actorType);
        this.reset();
        this.inc(total);
      },
    });
  changeCounter('kronos_approvals_total', 'Proposals applied after a person approved them (config_change_log APPLY by HUMAN).', 'APPLY', 'HUMAN');
  changeCounter('kronos_auto_applies_total', 'Proposals applied by the policy when the review window ended (APPLY by AUTO).', 'APPLY', 'AUTO');
  changeCounter('kronos_reverts_total', 'Applied proposals reverted (config_change_log REVERT).', 'REVERT');

  new Histogram({
    name: 'kronos_analysis_duration_seconds',
    help: 'Wall time of finished analysis runs, from start to finish, by final status.',
    labelNames: ['status'],
    buckets: ANALYSIS_BUCKETS,
    registers: [registry],
    async collect() {
      const rows = await finishedRunDurations(db);
      this.reset();
      for (const row of rows) this.observe({ status: row.status }, Math.max(0, row.seconds));
    },
  });

  new Histogram({
    name: 'kronos_llm_latency_seconds',
    help: 'Latency of the model calls made for proposal rationales.',
    buckets: LLM_BUCKETS,
    registers: [registry],
    async collect() {
      const latencies = await rationaleLatenciesMs(db);
      this.reset();
      for (const ms of latencies) this.observe(ms / 1_000);
    },
  });

  new Counter({
    name: 'kronos_llm_failures_total',
    help: 'Rationales whose model call gave no usable answer (the template was stored instead), by rationale status and reason.',
    labelNames: ['status', 'reason'],
    registers: [registry],
    async collect() {
      const rows = await rationaleFailureCounts(db, LLM_SUCCESS_STATUSES);
      this.reset();
      for (const row of rows) this.inc({ status: row.status, reason: row.reason }, row.n);
    },
  });

  return registry;
}
