/**
 * The API on a real stack for tests: a throwaway PostgreSQL database, the dev server the test runner
 * started, an in-process Kronos worker on a task queue of the test's own, and the API listening on a free
 * port with three tokens: alice and bob (approvers in the test policy) and carol (not an approver), and
 * optionally the API's signing key with the approvers file that registers it.
 */
import { type KeyObject, randomBytes } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { type RunningApi, startApiServer } from '../../src/api/server.js';
import { createLogger } from '../../src/observability/logger.js';
import { startProposalApproval } from '../../src/temporal/proposal-client.js';
import type { TargetPolicy } from '../../src/proposals/policy-rules.js';
import { approvalInputFor, type PendingProposal, pendingProposal, testRule } from './approval-fixture.js';
import { createTestDatabase, type TestDatabase } from './database.js';
import { connectTestClient, startTestWorker, type TestWorker, uniqueTaskQueue } from './temporal.js';

export const IDENTITIES = ['alice', 'bob', 'carol'] as const;
export type Identity = (typeof IDENTITIES)[number];

export interface ApiTestBed {
  database: TestDatabase;
  client: Client;
  worker: TestWorker;
  api: RunningApi;
  /** identity → its bearer token. */
  tokens: Record<Identity, string>;
  /** Calls the API as `who` (or with `token` verbatim), returning the status and the parsed JSON body. */
  call(method: string, path: string, options?: { as?: Identity; token?: string; body?: unknown; rawBody?: string }): Promise<{ status: number; body: any }>;
  close(): Promise<void>;
}

/**
 * Starts the stack; `close()` stops it and drops the database.
 *
 * @example
 * const bed = await startApiTestBed('security');
 * const { status } = await bed.call('GET', '/proposals', { as: 'alice' });
 */
export async function startApiTestBed(
  label: string,
  options: { bodyLimit?: number; signingKey?: KeyObject; approversPath?: string } = {},
): Promise<ApiTestBed> {
  const database = await createTestDatabase();
  const client = await connectTestClient();
  const taskQueue = uniqueTaskQueue(label);
  const worker = await startTestWorker({ db: database.db, taskQueue, approversPath: options.approversPath });
  const tokens = Object.fromEntries(IDENTITIES.map((who) => [who, randomBytes(24).toString('hex')])) as Record<Identity, string>;
  const api = await startApiServer({
    db: database.db,
    temporal: client,
    taskQueue,
    logger: createLogger({ level: 'warn', fields: { service: 'api-test' } }),
    settings: {
      host: '127.0.0.1',
      port: 0,
      bodyLimit: options.bodyLimit ?? 16 * 1024,
      tokens: new Map(IDENTITIES.map((who) => [tokens[who], who])),
      signingKey: options.signingKey ?? null,
    },
  });
  return {
    database,
    client,
    worker,
    api,
    tokens,
    async call(method, path, { as, token, body, rawBody } = {}) {
      const headers: Record<string, string> = {};
      const bearer = token ?? (as ? tokens[as] : undefined);
      if (bearer !== undefined) headers.authorization = `Bearer ${bearer}`;
      const payload = rawBody ?? (body === undefined ? undefined : JSON.stringify(body));
      if (payload !== undefined) headers['content-type'] = 'application/json';
      const response = await fetch(`${api.url}${path}`, { method, headers, body: payload });
      const text = await response.text();
      let parsed: unknown = text;
      try {
        parsed = JSON.parse(text);
      } catch {
        // not JSON (the metrics text, a report): returned as text
      }
      return { status: response.status, body: parsed };
    },
    async close() {
      await api.close();
      await worker.stop();
      await client.connection.close();
      await database.drop();
    },
  };
}

/**
 * A pending proposal (on a live target of its own) with its approval workflow running under the test rule:
 * alice and bob may approve, four-eyes on, a review window of an hour.
 *
 * @example
 * const proposal = await pendingApproval(bed, { proposedBy: 'alice' });
 */
export async function pendingApproval(
  bed: ApiTestBed,
  options: { proposedBy?: string; confidence?: number; rule?: Partial<TargetPolicy> } = {},
): Promise<PendingProposal> {
  const proposal = await pendingProposal(bed.database.db, options);
  const input = approvalInputFor(proposal, testRule(options.rule), { confidence: options.confidence ?? 0.8, proposedBy: options.proposedBy ?? 'kronos' });
  await startProposalApproval(bed.client, input, bed.worker.taskQueue);
  return proposal;
}
