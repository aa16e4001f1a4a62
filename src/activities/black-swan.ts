/**
 * The black-swan activities: the review's first step (find the event and the SOP templates that ran for
 * it, and choose the analysis window, ending after the event's last SOP execution and long enough to hold
 * earlier events run under earlier SOP versions, which the SOP diagnostics compare against), and the
 * watcher's look for events whose review is due.
 */
import { blackSwanEventSpan } from '../db/queries/black-swan-events.js';
import { loadPolicy } from '../proposals/policy.js';
import { parseDurationMs } from '../proposals/policy-rules.js';
import { blackSwanInterimWorkflowId, blackSwanWorkflowId } from '../proposals/black-swan-review-ids.js';
import type { ActivityDeps } from './deps.js';
import { failFastOnBadInput, notFound } from './failures.js';

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

/** At most this many reviews start per look; the next look starts the rest. */
export const MAX_REVIEWS_PER_LOOK = 20;

/** A review the watcher should start: `workflowId` is the review's analysis run id once it runs. */
export interface BlackSwanReviewDue {
  eventId: string;
  stage: 'interim' | 'final';
  workflowId: string;
}

/**
 * The black-swan activities, bound to the worker's database.
 *
 * @example
 * const plan = await createBlackSwanActivities({ db, llm }).prepareBlackSwanReview('evt-17');
 */
export function createBlackSwanActivities({ db, policyPath }: ActivityDeps) {
  return {
    /**
     * Events detected or resolved within the policy's lookback whose review has no analysis run yet:
     * an interim review for an unresolved event at or above `interim_min_severity`, the final review for
     * a resolved one. Oldest first, at most MAX_REVIEWS_PER_LOOK.
     */
    async blackSwanReviewsDue(): Promise<BlackSwanReviewDue[]> {
      const watch = (await failFastOnBadInput(async () => loadPolicy(policyPath))).black_swan_watch;
      const since = new Date(Date.now() - (parseDurationMs(watch.lookback) ?? 0));
      const events = await db
        .selectFrom('black_swan_events')
        .select(['event_id', 'resolved_at'])
        .where((eb) => eb.or([eb('detected_at', '>=', since), eb('resolved_at', '>=', since)]))
        .where((eb) => eb.or([eb('resolved_at', 'is not', null), eb('severity', '>=', watch.interim_min_severity)]))
        .orderBy('detected_at')
        .orderBy('event_id')
        .execute();
      const candidates: BlackSwanReviewDue[] = events.map((e) =>
        e.resolved_at === null
          ? { eventId: e.event_id, stage: 'interim', workflowId: blackSwanInterimWorkflowId(e.event_id) }
          : { eventId: e.event_id, stage: 'final', workflowId: blackSwanWorkflowId(e.event_id) },
      );
      if (candidates.length === 0) return [];
      const reviewed = await db
        .selectFrom('meta_analysis_runs')
        .select('run_id')
        .where(
          'run_id',
          'in',
          candidates.map((c) => c.workflowId),
        )
        .execute();
      const done = new Set(reviewed.map((r) => r.run_id));
      return candidates.filter((c) => !done.has(c.workflowId)).slice(0, MAX_REVIEWS_PER_LOOK);
    },

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
