/**
 * The failures a rationale run raises instead of storing a result. Everything else that can go wrong with a
 * model (a 400, a refusal, invalid JSON, a schema mismatch, an ungrounded reply) ends in the template and is
 * stored, not thrown. The activity adapter maps these classes to Temporal failures; this module knows nothing
 * of Temporal.
 */

/** Why a model call may succeed when tried again later. */
export type TransientKind = 'RATE_LIMITED' | 'SERVER_ERROR' | 'TIMEOUT' | 'CONNECTION';

/** A failure worth retrying: rate limit, server error, timeout or connection failure. */
export class LlmTransientError extends Error {
  override name = 'LlmTransientError';

  constructor(
    readonly kind: TransientKind,
    message: string,
    /** The server's Retry-After (429), in milliseconds, when it sent one. */
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

/** The caller's abort signal fired (the activity was cancelled); nothing was stored. */
export class LlmCancelledError extends Error {
  override name = 'LlmCancelledError';
}
