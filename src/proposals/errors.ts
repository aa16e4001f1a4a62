/**
 * The failures of proposal handling that retrying cannot fix. The activities map them to non-retryable
 * Temporal failures (src/activities/failures.ts); this module knows nothing of Temporal.
 */

/** An unknown proposal id; the message is one line naming it. */
export class ProposalNotFoundError extends Error {
  override name = 'ProposalNotFoundError';

  constructor(readonly proposalId: string) {
    super(`proposal ${proposalId} does not exist`);
  }
}

/** A draft whose proposed config fails its schema: it is never stored. */
export class InvalidProposalError extends Error {
  override name = 'InvalidProposalError';
}
