/**
 * The worker process: one worker on the `kronos-meta` task queue with every workflow and activity,
 * logging through the Temporal runtime logger, shutting down gracefully on SIGINT and SIGTERM.
 *
 * Run it with `kronos worker`, or directly: `node --import tsx src/worker.ts` (DATABASE_URL and the
 * TEMPORAL_* settings come from the environment).
 */
import { fileURLToPath, pathToFileURL } from 'node:url';
import { DefaultLogger, type NativeConnection, Runtime, Worker, type WorkerInterceptors, type WorkflowBundle } from '@temporalio/worker';
import type { Kysely } from 'kysely';
import { type ActivityDeps, createActivities } from './activities/index.js';
import { DEFAULT_WORKER_MEMORY_MIB, databaseUrl, loadEnv } from './config.js';
import { createDb } from './db/connection.js';
import type { Database } from './db/schema.js';
import { llmSettings } from './llm/settings.js';
import { temporalRuntimeTelemetry } from './observability/metrics.js';
import { loadPolicy } from './proposals/policy.js';
import { upsertBlackSwanWatch } from './temporal/black-swan-watch-schedule.js';
import { connectClient } from './temporal/connection.js';
import { maxCachedWorkflowsFor } from './temporal/workflow-cache.js';
import { connectWorker } from './temporal/worker-connection.js';

/** The workflow entry point the worker bundles (TypeScript sources, run through tsx). */
export const WORKFLOWS_PATH = fileURLToPath(new URL('./workflows/index.ts', import.meta.url));

export interface KronosWorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  /** What the activities use: the database, the LLM settings, the policy file. */
  deps: ActivityDeps;
  /** A prebuilt bundle (tests build one per file); the worker bundles WORKFLOWS_PATH otherwise. */
  workflowBundle?: WorkflowBundle;
  interceptors?: WorkerInterceptors;
  /** The memory the worker may use, in MiB: it bounds the sticky workflow cache. */
  memoryBudgetMiB?: number;
}

/**
 * Creates (does not run) a worker with all of Kronos' workflows and activities.
 *
 * @example
 * const worker = await createKronosWorker({ connection, namespace: 'default', taskQueue: 'kronos-meta', deps: { db } });
 * await worker.run(); // until SIGINT/SIGTERM or worker.shutdown()
 */
export async function createKronosWorker(options: KronosWorkerOptions): Promise<Worker> {
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    activities: createActivities(options.deps),
    ...(options.workflowBundle ? { workflowBundle: options.workflowBundle } : { workflowsPath: WORKFLOWS_PATH }),
    interceptors: options.interceptors,
    // Bounded: waiting approvals beyond it are evicted and replay their history when a message arrives.
    maxCachedWorkflows: maxCachedWorkflowsFor(options.memoryBudgetMiB ?? DEFAULT_WORKER_MEMORY_MIB),
    // Long enough for an apply or a rationale in flight to finish; activities are idempotent if it does not.
    shutdownGraceTime: '10s',
  });
}

/**
 * Runs the worker process until a shutdown signal: installs the runtime logger, connects to Temporal
 * and PostgreSQL from the environment, keeps the black-swan watch schedule at the policy's interval, and
 * closes both connections afterwards.
 *
 * @example
 * await runWorkerProcess(); // what `kronos worker` does
 */
export async function runWorkerProcess(extra: { interceptors?: WorkerInterceptors } = {}): Promise<void> {
  const env = loadEnv();
  const telemetry = env.KRONOS_TEMPORAL_METRICS_PORT ? temporalRuntimeTelemetry(env.KRONOS_TEMPORAL_METRICS_PORT) : {};
  Runtime.install({ logger: new DefaultLogger(env.KRONOS_LOG_LEVEL), ...telemetry });
  const logger = Runtime.instance().logger;
  const { connection, namespace } = await connectWorker();
  const db: Kysely<Database> = createDb(databaseUrl(env), {
    statementTimeoutMs: env.KRONOS_DB_STATEMENT_TIMEOUT_MS,
    connectTimeoutMs: env.KRONOS_DB_CONNECT_TIMEOUT_MS,
    onError: (err) => logger.warn(`postgres connection error: ${err.message}`),
  });
  try {
    const worker = await createKronosWorker({
      connection,
      namespace,
      taskQueue: env.KRONOS_TASK_QUEUE,
      deps: { db, llm: llmSettings(env), policyPath: env.KRONOS_POLICY_FILE, approversPath: env.KRONOS_APPROVERS_FILE },
      interceptors: extra.interceptors,
      memoryBudgetMiB: env.KRONOS_WORKER_MEMORY_MIB,
    });
    const client = await connectClient();
    try {
      await upsertBlackSwanWatch(client, { taskQueue: env.KRONOS_TASK_QUEUE, watch: loadPolicy(env.KRONOS_POLICY_FILE).black_swan_watch });
    } finally {
      await client.connection.close();
    }
    logger.info(`kronos worker polling task queue ${env.KRONOS_TASK_QUEUE} in namespace ${namespace}`);
    await worker.run();
    logger.info('kronos worker stopped');
  } finally {
    await db.destroy();
    await connection.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    await runWorkerProcess();
  } catch (err) {
    // One line (an unreachable Temporal, a bad setting), as from `kronos worker`.
    console.error(`kronos worker: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`);
    process.exit(1);
  }
}
