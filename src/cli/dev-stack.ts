/**
 * The local stack behind `npm start`: the Temporal dev server with its Web UI, the database (migrated,
 * demo history seeded when empty), the worker, the weekly schedule, one analysis at once, and the API
 * with its review page. Everything it starts, it stops, in reverse order: the API, the worker (drained),
 * the connections, the dev server, the database.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Client } from '@temporalio/client';
import { DefaultLogger, Runtime, type Worker } from '@temporalio/worker';
import type { Kysely } from 'kysely';
import { type ApiSettings, loadApiSettings } from '../api/settings.js';
import { type RunningApi, startApiServer } from '../api/server.js';
import { type KronosEnv, loadEnv, stateDir } from '../config.js';
import { type OpenedDatabase, openDatabase } from '../db/embedded.js';
import { migrateToLatest } from '../db/migrate.js';
import { describeNeighbourIndex } from '../db/neighbour-index.js';
import type { Database } from '../db/schema.js';
import { temporalRuntimeTelemetry } from '../observability/metrics.js';
import { llmSettings } from '../llm/settings.js';
import type { ApproverEntry } from '../proposals/approver-keys.js';
import { loadPolicy } from '../proposals/policy.js';
import { publicKeyText } from '../proposals/signed-decision.js';
import { seedScenario } from '../seed/seed-scenario.js';
import { startAnalysis } from '../temporal/analysis-client.js';
import { upsertBlackSwanWatch } from '../temporal/black-swan-watch-schedule.js';
import { ensureTemporalCli } from '../temporal/cli-binary.js';
import { connectClient } from '../temporal/connection.js';
import { type DevServer, startDevServer } from '../temporal/dev-server.js';
import { upsertAnalysisSchedule } from '../temporal/schedule.js';
import { connectWorker } from '../temporal/worker-connection.js';
import { createKronosWorker } from '../worker.js';
import type { AnalysisSummary } from '../workflows/meta-analysis.js';

export interface DevStackOptions {
  temporalPort: number;
  uiPort: number;
  apiPort: number;
  /** Where the Temporal SDK's Prometheus metrics are served. */
  metricsPort: number;
  scenario: string;
  seed: number;
  trades: number;
  log: (line: string) => void;
}

export interface DevStack {
  temporalAddress: string;
  uiUrl: string | undefined;
  apiUrl: string;
  metricsUrl: string;
  /** Identity → bearer token, for the review page and the API (generated when none are configured). */
  tokens: Map<string, string>;
  database: OpenedDatabase;
  /** The analysis started with the stack; resolves with its summary. */
  firstAnalysis: Promise<AnalysisSummary>;
  firstAnalysisId: string;
  client: Client;
  stop(): Promise<void>;
}

/** Demo tokens for the policy's approvers when the environment configures none. */
function apiSettingsForDev(env: KronosEnv, port: number): ApiSettings {
  const settings = loadApiSettings({ ...process.env, KRONOS_API_PORT: String(port) });
  if (settings.tokens.size > 0) return settings;
  const targets = Object.values(loadPolicy(env.KRONOS_POLICY_FILE).targets);
  const approvers = new Set(targets.flatMap((rule) => rule.approvers));
  for (const identity of approvers) settings.tokens.set(randomBytes(16).toString('hex'), identity);
  return settings;
}

/**
 * Without KRONOS_API_SIGNING_KEY_FILE, the API signs with a key made for this run, which the stack's own
 * worker accepts for the tokens' identities (and nobody else's: the key exists in this process only).
 */
function signWithRunKey(settings: ApiSettings): { settings: ApiSettings; extraApprovers: ApproverEntry[] } {
  if (settings.signingKey) return { settings, extraApprovers: [] };
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const entry = { name: 'kronos-api', public_key: publicKeyText(publicKey), signs_for: [...new Set(settings.tokens.values())] };
  return { settings: { ...settings, signingKey: privateKey }, extraApprovers: [entry] };
}

/** Seeds the demo history when the trading tables are empty; returns the time its history ends at. */
async function seedWhenEmpty(db: Kysely<Database>, options: DevStackOptions): Promise<string | undefined> {
  const anyTrade = await db.selectFrom('trades').select('trade_id').limit(1).executeTakeFirst();
  if (anyTrade) {
    const last = await db
      .selectFrom('trades')
      .select((eb) => eb.fn.max('closed_at').as('last'))
      .executeTakeFirst();
    return last?.last ? new Date(last.last).toISOString() : undefined;
  }
  options.log(`seeding the '${options.scenario}' history (seed ${options.seed}, ${options.trades} trades)…`);
  const truth = await seedScenario(db, { scenario: options.scenario, seed: options.seed, trades: options.trades });
  options.log(`seeded: ${truth.trades} trades, ${truth.decisions} decisions, ${truth.effects.length} planted effects`);
  return truth.as_of;
}

/**
 * Brings the stack up and returns handles to it; `stop()` undoes everything.
 *
 * @example
 * const stack = await startDevStack({ temporalPort: 7233, uiPort: 8233, apiPort: 8080, scenario: 'demo', seed: 1, trades: 20000, log: console.log });
 * await stack.firstAnalysis;
 * await stack.stop();
 */
export async function startDevStack(options: DevStackOptions): Promise<DevStack> {
  const env = loadEnv();
  const stops: Array<() => Promise<unknown>> = [];
  const stop = async () => {
    for (const fn of stops.reverse()) await fn().catch((err: unknown) => options.log(`while stopping: ${String(err)}`));
  };
  try {
    // No shutdown signals of the runtime's own: `kronos dev` stops the stack itself, in order.
    Runtime.install({ logger: new DefaultLogger('WARN'), shutdownSignals: [], ...temporalRuntimeTelemetry(options.metricsPort) });
    // The Temporal CLI first: when it is missing and cannot be built, say so before seeding anything.
    if (!env.TEMPORAL_ADDRESS) await ensureTemporalCli(options.log);
    const database = await openDatabase(env, { log: options.log });
    stops.push(() => database.close());
    await migrateToLatest(database.db);
    options.log(await describeNeighbourIndex(database.db));
    const asOf = await seedWhenEmpty(database.db, options);

    let devServer: DevServer | undefined;
    if (!env.TEMPORAL_ADDRESS) {
      const dir = path.join(stateDir(env), 'dev');
      mkdirSync(dir, { recursive: true });
      devServer = await startDevServer({
        port: options.temporalPort,
        uiPort: options.uiPort,
        dbFile: path.join(dir, 'temporal.sqlite'),
        log: options.log,
        ownProcessGroup: true,
      });
      stops.push(() => devServer!.stop());
    }
    const address = devServer?.address;

    const client = await connectClient(address);
    stops.push(() => client.connection.close());
    const { settings, extraApprovers } = signWithRunKey(apiSettingsForDev(env, options.apiPort));
    const { connection, namespace } = await connectWorker(address);
    stops.push(() => connection.close());
    const worker: Worker = await createKronosWorker({
      connection,
      namespace,
      taskQueue: env.KRONOS_TASK_QUEUE,
      deps: { db: database.db, llm: llmSettings(env), policyPath: env.KRONOS_POLICY_FILE, approversPath: env.KRONOS_APPROVERS_FILE, extraApprovers },
    });
    const running = worker.run();
    // Drained before its connection closes: the worker holds a reference to it until run() settles.
    stops.push(async () => {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await running;
    });

    await upsertAnalysisSchedule(client, { taskQueue: env.KRONOS_TASK_QUEUE });
    await upsertBlackSwanWatch(client, { taskQueue: env.KRONOS_TASK_QUEUE, watch: loadPolicy(env.KRONOS_POLICY_FILE).black_swan_watch });
    const handle = await startAnalysis(client, { trigger: 'startup', asOf });

    const api: RunningApi = await startApiServer({ db: database.db, temporal: client, settings });
    stops.push(() => api.close());

    const tokens = new Map([...settings.tokens].map(([token, identity]) => [identity, token]));
    return {
      temporalAddress: address ?? env.TEMPORAL_ADDRESS ?? '',
      uiUrl: devServer?.uiUrl,
      apiUrl: api.url,
      metricsUrl: `http://127.0.0.1:${options.metricsPort}/metrics`,
      tokens,
      database,
      firstAnalysis: handle.result(),
      firstAnalysisId: handle.workflowId,
      client,
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}
