/** Where a proposal stands (the data contract's `status`). */
export const PROPOSAL_STATUSES = ['PENDING', 'APPROVED', 'REJECTED', 'APPLIED', 'EXPIRED', 'SUPERSEDED', 'CONFLICT', 'REVERTED'] as const;
export type ProposalStatus = (typeof PROPOSAL_STATUSES)[number];
