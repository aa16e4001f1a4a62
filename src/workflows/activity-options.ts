/**
 * Timeouts and retry policies of Kronos' activities, by kind of step. Every activity is idempotent
 * (unique keys, compare-and-swap), so retrying is always safe; errors that retrying cannot fix arrive
 * as non-retryable ApplicationFailures and stop the retries whatever the policy says.
 */
import type { ActivityOptions, RetryPolicy } from '@temporalio/common';
import { DEFAULT_LLM_MAX_ATTEMPTS } from '../llm/settings.js';

/** Backs off from 1 s to 30 s and keeps trying: a database outage delays a step, it does not fail it. */
const PERSISTENT_RETRY: RetryPolicy = { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '30s' };

/** A few short reads and writes in PostgreSQL (create a run, store proposals, apply a change, audit). */
export const DATABASE_STEP: ActivityOptions = { startToCloseTimeout: '30s', retry: PERSISTENT_RETRY };

const BOUNDED_RETRY: RetryPolicy = { ...PERSISTENT_RETRY, maximumInterval: '1m', maximumAttempts: 30 };

/**
 * A heavy pass over the history in PostgreSQL (aggregate, verify): the activity heartbeats its progress,
 * so a dead worker is noticed after the heartbeat timeout rather than after the half hour.
 */
export const HEAVY_STEP: ActivityOptions = { startToCloseTimeout: '30m', heartbeatTimeout: '20s', retry: BOUNDED_RETRY };

/**
 * CPU-bound statistics in the worker (diagnose): no heartbeat timeout, because synchronous computation
 * cannot heartbeat; the start-to-close timeout bounds it instead.
 */
export const COMPUTE_STEP: ActivityOptions = { startToCloseTimeout: '15m', retry: BOUNDED_RETRY };

/**
 * The LLM rationale: exactly the attempts the activity counts on, because it stores the deterministic
 * rationale on its last attempt; a proposal stays reviewable even if that fails too.
 */
export const RATIONALE_STEP: ActivityOptions = {
  startToCloseTimeout: '2m',
  // The activity heartbeats while the model answers, so a cancellation or a dead worker is noticed.
  heartbeatTimeout: '10s',
  retry: { initialInterval: '2s', backoffCoefficient: 2, maximumInterval: '30s', maximumAttempts: DEFAULT_LLM_MAX_ATTEMPTS },
};

/** Best-effort audit writes from message handlers: bounded, so a handler always finishes. */
export const AUDIT_STEP: ActivityOptions = {
  startToCloseTimeout: '10s',
  retry: { ...PERSISTENT_RETRY, maximumAttempts: 10 },
};

/**
 * A webhook notification: never awaited by the workflow's flow. Backs off from 2 s to 5 min, for about
 * an hour at most, so a receiver that is down for a while still gets it, and one gone for good is dropped.
 */
export const NOTIFY_STEP: ActivityOptions = {
  startToCloseTimeout: '1m',
  scheduleToCloseTimeout: '1h',
  retry: { initialInterval: '2s', backoffCoefficient: 2, maximumInterval: '5m' },
};
