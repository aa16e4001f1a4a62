/**
 * Errors retrying cannot fix, as non-retryable ApplicationFailures with a clear type: bad input or a bad
 * policy (zod validation, ConfigError, a proposal that fails its schema) and ids that do not exist. Everything else (a dropped connection,
 * a timeout) stays retryable.
 */
import { ApplicationFailure } from '@temporalio/activity';
import { ZodError } from 'zod';
import { ConfigError } from '../config.js';
import { InvalidProposalError, ProposalNotFoundError } from '../proposals/errors.js';

export const FAILURE_TYPES = {
  invalidInput: 'INVALID_INPUT',
  invalidConfig: 'INVALID_CONFIG',
  notFound: 'NOT_FOUND',
} as const;

/** A non-retryable failure saying what does not exist. */
export function notFound(what: string): ApplicationFailure {
  return ApplicationFailure.nonRetryable(`${what} does not exist`, FAILURE_TYPES.notFound);
}

/**
 * The non-retryable failure for an error retrying cannot fix, or undefined for any other error.
 *
 * @example
 * throw permanentFailure(err) ?? err;
 */
export function permanentFailure(err: unknown): ApplicationFailure | undefined {
  if (err instanceof ZodError) {
    const issue = err.issues[0];
    return ApplicationFailure.nonRetryable(`invalid input at ${issue?.path.join('.') || '(root)'}: ${issue?.message}`, FAILURE_TYPES.invalidInput);
  }
  if (err instanceof ConfigError) return ApplicationFailure.nonRetryable(err.message, FAILURE_TYPES.invalidConfig);
  // RangeError: an as-of time or window the analysis cannot take.
  if (err instanceof InvalidProposalError || err instanceof RangeError) return ApplicationFailure.nonRetryable(err.message, FAILURE_TYPES.invalidInput);
  if (err instanceof ProposalNotFoundError) return ApplicationFailure.nonRetryable(err.message, FAILURE_TYPES.notFound);
  return undefined;
}

/**
 * Runs an activity's body, turning validation and configuration errors into non-retryable failures.
 *
 * @example
 * return failFastOnBadInput(() => storeProposals(db, runId, drafts));
 */
export async function failFastOnBadInput<T>(body: () => Promise<T>): Promise<T> {
  try {
    return await body();
  } catch (err) {
    throw permanentFailure(err) ?? err;
  }
}
