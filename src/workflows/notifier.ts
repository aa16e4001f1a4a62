/**
 * Webhook notifications from a workflow, fire and forget: each one is an activity (NOTIFY_STEP, with its
 * own retries) that the workflow's flow never waits for, so a slow or broken receiver delays no decision.
 * The workflow only lets deliveries in flight finish before it continues as new or closes.
 */
import { log, patched, proxyActivities } from '@temporalio/workflow';
import type { KronosActivities } from '../activities/index.js';
import type { Notification } from '../notifications/notification.js';
import { NOTIFY_STEP } from './activity-options.js';

const deliveries = proxyActivities<KronosActivities>(NOTIFY_STEP);

/** Workflows started before notifications existed replay without them. */
const NOTIFICATIONS_PATCH = 'webhook-notifications';

export class Notifier {
  private inFlight = 0;

  constructor(private readonly subject: Pick<Notification, 'proposalId' | 'targetType' | 'targetId'>) {}

  /** Whether this run sends notifications (false while replaying a history from before them). */
  enabled(): boolean {
    return patched(NOTIFICATIONS_PATCH);
  }

  /** Starts the delivery and returns at once; a delivery that fails for good is logged. */
  send(event: Notification['event'], summary: string, detail: Notification['detail'] = {}): void {
    if (!this.enabled()) return;
    const { proposalId, targetType, targetId } = this.subject;
    this.inFlight += 1;
    void deliveries
      .notify({ event, proposalId, targetType, targetId, summary, detail })
      .catch((err: unknown) => log.warn('a notification was not delivered', { event, proposalId, error: String(err) }))
      .finally(() => {
        this.inFlight -= 1;
      });
  }

  /** No delivery is in flight. */
  settled(): boolean {
    return this.inFlight === 0;
  }
}
