/**
 * The HTTP API: proposals and analysis runs to read, approve/reject/revert sent to the approval workflow as
 * updates with the authenticated caller as the approver (signed with the API's key when it has one), analyses to trigger, health, readiness, metrics,
 * the OpenAPI description, and the review page.
 */
import swagger from '@fastify/swagger';
import type { Client } from '@temporalio/client';
import Fastify, { type FastifyBaseLogger } from 'fastify';
import type { Kysely } from 'kysely';
import type { Registry } from 'prom-client';
import { TASK_QUEUE } from '../config.js';
import type { Database } from '../db/schema.js';
import { createLogger, type Logger } from '../observability/logger.js';
import { createServiceMetrics } from '../observability/metrics.js';
import { requireIdentity } from './auth.js';
import { installErrorHandlers } from './errors.js';
import type { RouteDependencies } from './route-dependencies.js';
import { registerAnalysisRunRoutes } from './routes/analysis-runs.js';
import { registerCalibrationRoutes } from './routes/calibration.js';
import { registerHealthRoutes } from './routes/health.js';
import { registerMetricsRoute } from './routes/metrics.js';
import { registerProposalRoutes } from './routes/proposals.js';
import { registerReviewPage } from './routes/review-page.js';
import { registerSimilarRoutes } from './routes/similar.js';
import type { ApiSettings } from './settings.js';
import { useZodSchemas, type ZodApp, type ZodTypeProvider, zodToOpenApi } from './zod-schemas.js';

export interface ApiDependencies {
  db: Kysely<Database>;
  temporal: Client;
  settings: ApiSettings;
  /** JSON-lines logger; one for the `api` service when omitted. */
  logger?: Logger;
  /** Service metrics; read from `db` when omitted. */
  metrics?: Registry;
  /** Where analyses are started; KRONOS_TASK_QUEUE's default when omitted. */
  taskQueue?: string;
}

/**
 * Builds the app without listening, for tests (`app.inject`) and for {@link startApiServer}.
 *
 * @example
 * const app = await buildApiServer({ db, temporal, settings: loadApiSettings() });
 * const res = await app.inject({ method: 'GET', url: '/health' });
 */
export async function buildApiServer(deps: ApiDependencies): Promise<ZodApp> {
  const logger = deps.logger ?? createLogger({ fields: { service: 'api' } });
  const loggerInstance: FastifyBaseLogger = logger;
  const app: ZodApp = Fastify({ loggerInstance, bodyLimit: deps.settings.bodyLimit }).withTypeProvider<ZodTypeProvider>();
  useZodSchemas(app);
  installErrorHandlers(app);
  await app.register(swagger, {
    openapi: {
      info: {
        title: 'Kronos API',
        version: '1',
        description: 'Proposals of config changes to review, approve, reject and revert; analysis runs to read and trigger.',
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    },
    transform: zodToOpenApi,
  });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  const routeDeps: RouteDependencies = { db: deps.db, temporal: deps.temporal, taskQueue: deps.taskQueue ?? TASK_QUEUE, signingKey: deps.settings.signingKey };
  registerHealthRoutes(app, routeDeps);
  registerMetricsRoute(app, deps.metrics ?? createServiceMetrics(deps.db));
  registerReviewPage(app);
  await app.register(async (authenticated: ZodApp) => {
    authenticated.addHook('onRequest', requireIdentity(deps.settings.tokens));
    registerProposalRoutes(authenticated, routeDeps);
    registerAnalysisRunRoutes(authenticated, routeDeps);
    registerSimilarRoutes(authenticated, routeDeps);
    registerCalibrationRoutes(authenticated, routeDeps);
  });
  return app;
}

export interface RunningApi {
  /** e.g. `http://127.0.0.1:8080`. */
  url: string;
  app: ZodApp;
  close(): Promise<void>;
}

/**
 * Builds the app and listens on the settings' host and port (port 0: a free one).
 *
 * @example
 * const api = await startApiServer({ db, temporal, settings: loadApiSettings() });
 * console.log(`review page: ${api.url}/review/`);
 * await api.close();
 */
export async function startApiServer(deps: ApiDependencies): Promise<RunningApi> {
  const app = await buildApiServer(deps);
  await app.listen({ host: deps.settings.host, port: deps.settings.port });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : deps.settings.port;
  const host = deps.settings.host.includes(':') ? `[${deps.settings.host}]` : deps.settings.host;
  return { url: `http://${host}:${port}`, app, close: () => app.close() };
}
