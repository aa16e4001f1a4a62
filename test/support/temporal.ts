/**
 * The Temporal side of integration tests: the dev server the test runner started
 * (KRONOS_TEST_TEMPORAL_ADDRESS), a client, the workflow bundle (built once per test file) and
 * in-process workers on a task queue of the test's own, so concurrent test files never share work.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Client, Connection, type WorkflowHandle } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils.js';
import { bundleWorkflowCode, DefaultLogger, NativeConnection, Runtime, type Worker, type WorkerInterceptors, type WorkflowBundle } from '@temporalio/worker';
import type { Kysely } from 'kysely';
import type { Database } from '../../src/db/schema.js';
import type { LlmSettings } from '../../src/llm/settings.js';
import type { GroundTruth } from '../../src/seed/ground-truth.js';
import { type SeedOptions, seedScenario } from '../../src/seed/seed-scenario.js';
import { createKronosWorker, WORKFLOWS_PATH } from '../../src/worker.js';
import { createTestDatabase, type TestDatabase } from './database.js';

/** The address of the dev server started by scripts/run-tests.ts. */
export function testTemporalAddress(): string {
  const address = process.env.KRONOS_TEST_TEMPORAL_ADDRESS;
  if (!address) throw new Error('KRONOS_TEST_TEMPORAL_ADDRESS is not set: run integration tests through `node --import tsx scripts/run-tests.ts integration`');
  return address;
}

/** A client of the runner's dev server, or of the server at `address` (one a test started itself). */
export async function connectTestClient(address = testTemporalAddress()): Promise<Client> {
  const connection = await Connection.connect({ address });
  return new Client({ connection, namespace: 'default' });
}

/** A task queue no other test uses. */
export function uniqueTaskQueue(label: string): string {
  return `kronos-test-${label}-${randomBytes(4).toString('hex')}`;
}

let bundle: Promise<WorkflowBundle> | undefined;

/** The workflows, bundled once per test file (the bundler takes seconds; workers reuse the bundle). */
export function kronosWorkflowBundle(): Promise<WorkflowBundle> {
  bundle ??= bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, logger: { trace() {}, debug() {}, info() {}, warn() {}, error() {}, log() {} } });
  return bundle;
}

/** Rationales come from the deterministic template in tests: no model is configured. */
export const TEMPLATE_ONLY_LLM: LlmSettings = { apiKey: undefined, baseURL: undefined, model: 'none', timeoutMs: 1_000, maxAttempts: 3 };

export interface TestWorker {
  worker: Worker;
  taskQueue: string;
  /** Shuts the worker down and waits for it. */
  stop(): Promise<void>;
}

/**
 * Runs a Kronos worker in this process against a test database.
 *
 * @example
 * const { stop } = await startTestWorker({ db, taskQueue });
 * try { ... } finally { await stop(); }
 */
let runtimeInstalled = false;

export async function startTestWorker(options: {
  db: Kysely<Database>;
  taskQueue: string;
  policyPath?: string;
  /** The registered public keys of signed decisions; config/approvers.json when omitted. */
  approversPath?: string;
  interceptors?: WorkerInterceptors;
  /** The dev server to poll; the runner's when omitted. */
  address?: string;
}): Promise<TestWorker> {
  if (!runtimeInstalled) {
    // Warnings and errors only: the workers' state changes would drown the test report.
    Runtime.install({ logger: new DefaultLogger('WARN') });
    runtimeInstalled = true;
  }
  const connection = await NativeConnection.connect({ address: options.address ?? testTemporalAddress() });
  const worker = await createKronosWorker({
    connection,
    namespace: 'default',
    taskQueue: options.taskQueue,
    deps: { db: options.db, llm: TEMPLATE_ONLY_LLM, policyPath: options.policyPath, approversPath: options.approversPath },
    workflowBundle: await kronosWorkflowBundle(),
    interceptors: options.interceptors,
  });
  const running = worker.run();
  return {
    worker,
    taskQueue: options.taskQueue,
    async stop() {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await running;
      await connection.close();
    },
  };
}

export interface WorkflowTestBed {
  database: TestDatabase;
  client: Client;
  worker: TestWorker;
  /** The seeded scenario's ground truth, when one was seeded. */
  truth: GroundTruth | undefined;
  close(): Promise<void>;
}

/**
 * What a workflow test file needs: a throwaway database (seeded when asked), a client, and a worker on a
 * task queue of its own (using `workerDb` instead of the database's own handle when given).
 *
 * @example
 * let bed: WorkflowTestBed;
 * before(async () => (bed = await openWorkflowTestBed({ label: 'approval' })));
 * after(() => bed?.close());
 */
export async function openWorkflowTestBed(options: {
  label: string;
  seed?: SeedOptions;
  workerDb?: (database: TestDatabase) => Promise<Kysely<Database>>;
}): Promise<WorkflowTestBed> {
  const database = await createTestDatabase();
  const truth = options.seed ? await seedScenario(database.db, options.seed) : undefined;
  const client = await connectTestClient();
  const db = options.workerDb ? await options.workerDb(database) : database.db;
  const worker = await startTestWorker({ db, taskQueue: uniqueTaskQueue(options.label) });
  return {
    database,
    client,
    worker,
    truth,
    async close() {
      await worker.stop();
      await client.connection.close();
      await database.drop();
    },
  };
}

/** Where recorded histories live; the replay tests replay every file in it. */
export const HISTORIES_DIR = path.join(import.meta.dirname, '..', 'fixtures', 'histories');

/**
 * Saves a finished workflow's history as test/fixtures/histories/<name>.json when the tests run with
 * KRONOS_RECORD_HISTORIES=1 (how the replay fixtures are recorded from real runs); a no-op otherwise.
 *
 * @example
 * await recordHistory(handle, 'approval-approved-by-signal');
 */
export async function recordHistory(handle: WorkflowHandle, name: string): Promise<void> {
  if (process.env.KRONOS_RECORD_HISTORIES !== '1') return;
  const history = await handle.fetchHistory();
  mkdirSync(HISTORIES_DIR, { recursive: true });
  const recorded = { workflowId: handle.workflowId, history: JSON.parse(historyToJSON(history)) as unknown };
  writeFileSync(path.join(HISTORIES_DIR, `${name}.json`), `${JSON.stringify(recorded, null, 1)}\n`);
}
