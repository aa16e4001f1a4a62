/**
 * What a workflow tells people about (a new proposal, a refused decision, an auto-apply due soon, a
 * verification that found harm): small and plain, so it travels through workflow history; the
 * notification activity turns it into webhook bodies.
 */
import type { NotificationEvent } from '../proposals/policy.js';

export interface Notification {
  event: NotificationEvent;
  proposalId: string;
  targetType: string;
  targetId: string;
  /** One line saying what happened. */
  summary: string;
  /** The event's facts: who was refused and why, when the auto-apply happens, the verdict. */
  detail: Record<string, string | number | boolean | null>;
}

export const NOTIFICATION_TITLES: Record<NotificationEvent, string> = {
  'proposal.created': 'New proposal to review',
  'decision.refused': 'Decision refused',
  'auto_apply.due': 'Auto-apply within the hour',
  'verification.harm': 'Applied change made things worse',
};
