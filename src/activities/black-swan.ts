/**
 * The black-swan review's first step: find the event and the SOP templates that ran for it, and choose
 * the analysis window (ending after the event's last SOP execution, long enough to hold earlier events
 * run under earlier SOP versions, which the SOP diagnostics compare against).
 */
import { blackSwanEventSpan } from '../db/queries/black-swan-events.js';
import type { ActivityDeps } from './deps.js';
import { notFound } from './failures.js';

/** SOP versions are compared across events, which are rare: a year of history. */
export const BLACK_SWAN_WINDOW_DAYS = 365;

export interface BlackSwanReviewPlan {
  eventId: string;
  severity: number;
  /** ISO end of the analysis window: just after the event and its SOP executions ended. */
  asOf: string;
  windowDays: number;
  /** The SOP templates that ran for the event: the only targets the review may propose changes to. */
  sopTemplateIds: string[];
}

/**
 * The black-swan activities, bound to the worker's database.
 *
 * @example
 * const plan = await createBlackSwanActivities({ db, llm }).prepareBlackSwanReview('evt-17');
 */
export function createBlackSwanActivities({ db }: ActivityDeps) {
  return {
    async prepareBlackSwanReview(eventId: string): Promise<BlackSwanReviewPlan> {
      const event = await blackSwanEventSpan(db, eventId);
      if (!event) throw notFound(`black-swan event ${eventId}`);
      return {
        eventId,
        severity: event.severity,
        // One second past the end, so the window (which ends at as-of) includes the event's last execution.
        asOf: new Date(new Date(event.ended_at).getTime() + 1_000).toISOString(),
        windowDays: BLACK_SWAN_WINDOW_DAYS,
        sopTemplateIds: event.sop_template_ids,
      };
    },
  };
}
