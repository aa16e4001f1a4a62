/**
 * The rationale activity: a thin adapter from Temporal to src/llm. It hands the domain function the
 * activity's cancellation signal and whether this is the last attempt, keeps the request timeout inside the
 * start-to-close timeout, heartbeats while the model thinks (so a cancellation reaches it), and maps the
 * domain's typed errors to Temporal failures: a 429 becomes a retryable failure whose `nextRetryDelay` is the
 * server's Retry-After. Only the id and the status travel back through history.
 */
import { ApplicationFailure, CancelledFailure, Context } from '@temporalio/activity';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { LlmCancelledError, LlmTransientError } from '../llm/errors.js';
import { type RationaleStatus, generateRationale } from '../llm/generate-rationale.js';
import type { LlmSettings } from '../llm/settings.js';
import { permanentFailure } from './failures.js';

export interface RationaleActivityDeps {
  db: Kysely<Database>;
  llm: LlmSettings;
}

/** Share of the activity's start-to-close timeout one model request may use; the rest is for the database. */
const REQUEST_SHARE_OF_START_TO_CLOSE = 0.8;
const HEARTBEAT_INTERVAL_MS = 2_000;

/**
 * The rationale activities, bound to a database and LLM settings.
 *
 * @example
 * const activities = createRationaleActivities({ db, llm: llmSettings(loadEnv()) });
 * // in a workflow: await generateRationale(proposalId) → { proposalId, status: 'LLM_GROUNDED' }
 */
export function createRationaleActivities({ db, llm }: RationaleActivityDeps) {
  return {
    async generateRationale(proposalId: string): Promise<{ proposalId: string; status: RationaleStatus }> {
      const context = Context.current();
      const settings = { ...llm, timeoutMs: requestTimeoutMs(llm.timeoutMs, context.info.startToCloseTimeoutMs) };
      const heartbeat = setInterval(() => context.heartbeat(), HEARTBEAT_INTERVAL_MS);
      try {
        const outcome = await generateRationale(db, proposalId, settings, {
          signal: context.cancellationSignal,
          lastAttempt: context.info.attempt >= llm.maxAttempts,
        });
        return { proposalId: outcome.proposalId, status: outcome.status };
      } catch (error) {
        throw temporalFailure(error, context.cancellationSignal);
      } finally {
        clearInterval(heartbeat);
      }
    },
  };
}

/**
 * The request timeout: the configured one, shortened to fit inside the activity's start-to-close timeout.
 *
 * @example
 * requestTimeoutMs(30_000, 20_000) // 16000
 */
export function requestTimeoutMs(configuredMs: number, startToCloseMs: number | undefined): number {
  if (!startToCloseMs) return configuredMs;
  return Math.max(1, Math.min(configuredMs, Math.floor(startToCloseMs * REQUEST_SHARE_OF_START_TO_CLOSE)));
}

function temporalFailure(error: unknown, cancellation: AbortSignal): unknown {
  if (error instanceof LlmCancelledError) {
    return cancellation.reason instanceof CancelledFailure ? cancellation.reason : new CancelledFailure(error.message);
  }
  if (error instanceof LlmTransientError) {
    return ApplicationFailure.create({
      message: error.message,
      type: `LLM_${error.kind}`,
      nonRetryable: false,
      nextRetryDelay: error.retryAfterMs && error.retryAfterMs > 0 ? error.retryAfterMs : undefined,
      cause: error,
    });
  }
  return permanentFailure(error) ?? error;
}
