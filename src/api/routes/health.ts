/** Liveness (`/health`: the process answers) and readiness (`/ready`: PostgreSQL and Temporal answer too). */
import type { Client } from '@temporalio/client';
import { type Kysely, sql } from 'kysely';
import { z } from 'zod';
import type { Database } from '../../db/schema.js';
import type { ZodApp } from '../zod-schemas.js';

/** How long one readiness probe may take before it counts as down. */
const PROBE_TIMEOUT_MS = 2_000;

const checkSchema = z.object({ status: z.enum(['ok', 'down']), message: z.string().optional() });
const readySchema = z.object({ status: z.enum(['ready', 'not_ready']), checks: z.object({ database: checkSchema, temporal: checkSchema }) });

/** Runs one check, counting it as down when it fails or takes longer than the probe timeout. */
async function probe(check: () => Promise<unknown>): Promise<z.infer<typeof checkSchema>> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${PROBE_TIMEOUT_MS} ms`)), PROBE_TIMEOUT_MS);
  });
  try {
    await Promise.race([check(), timeout]);
    return { status: 'ok' };
  } catch (err) {
    return { status: 'down', message: (err instanceof Error ? err.message : String(err)).split('\n')[0] };
  } finally {
    clearTimeout(timer);
  }
}

export function registerHealthRoutes(app: ZodApp, deps: { db: Kysely<Database>; temporal: Client }): void {
  app.get(
    '/health',
    { schema: { summary: 'Liveness: the process answers', tags: ['operations'], response: { 200: z.object({ status: z.literal('ok') }) } } },
    async () => ({ status: 'ok' as const }),
  );
  app.get(
    '/ready',
    {
      schema: {
        summary: 'Readiness: PostgreSQL and Temporal both answer',
        tags: ['operations'],
        response: { 200: readySchema, 503: readySchema },
      },
    },
    async (_request, reply) => {
      const [database, temporal] = await Promise.all([
        probe(() => sql`SELECT 1`.execute(deps.db)),
        probe(() => deps.temporal.connection.workflowService.getSystemInfo({})),
      ]);
      const ready = database.status === 'ok' && temporal.status === 'ok';
      return reply.status(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not_ready', checks: { database, temporal } });
    },
  );
}
