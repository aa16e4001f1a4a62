/**
 * The kinds of a proposal's audit events (meta_proposal_events.kind): every status it moved to after
 * PENDING, its verification, each refused decision message, and each decision message received.
 */
import type { ProposalStatus } from './statuses.js';

export type ProposalEventKind = Exclude<ProposalStatus, 'PENDING'> | 'VERIFIED' | 'REFUSED' | 'DECISION_RECEIVED';
