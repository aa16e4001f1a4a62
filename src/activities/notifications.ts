/**
 * The notification activity: posts one notification to every webhook of the policy that subscribes to
 * its event. A failed delivery fails the attempt, and Temporal retries it with backoff (NOTIFY_STEP);
 * webhooks already served are remembered in the heartbeat details and skipped on the retry. Delivery is
 * at least once: the body's `id` and the `Idempotency-Key` header stay the same on every retry.
 */
import { ApplicationFailure, Context } from '@temporalio/activity';
import type { Notification } from '../notifications/notification.js';
import { postWebhook, WebhookRejectedError } from '../notifications/post-webhook.js';
import { proposalLink, webhookBody } from '../notifications/webhook-body.js';
import { loadPolicy } from '../proposals/policy.js';
import type { ActivityDeps } from './deps.js';
import { failFastOnBadInput } from './failures.js';

export const WEBHOOK_REJECTED = 'WEBHOOK_REJECTED';

/**
 * The notification activities, bound to the policy file.
 *
 * @example
 * await createNotificationActivities({ db, llm }).notify({ event: 'proposal.created', proposalId: 'p1', … });
 */
export function createNotificationActivities({ policyPath }: ActivityDeps) {
  return {
    /** Delivers the notification; returns how many webhooks it went to (0 when none subscribes). */
    async notify(notification: Notification): Promise<{ delivered: number }> {
      const { notifications } = await failFastOnBadInput(async () => loadPolicy(policyPath));
      const hooks = notifications.webhooks.filter((hook) => hook.events.includes(notification.event));
      const { info } = Context.current();
      const id = `${info.workflowExecution?.runId ?? info.workflowType ?? 'activity'}/${info.activityId}`;
      const served = new Set(Array.isArray(info.heartbeatDetails) ? (info.heartbeatDetails as string[]) : []);
      const link = proposalLink(notifications.review_url, notification.proposalId);
      const failures: Error[] = [];
      for (const [index, hook] of hooks.entries()) {
        const key = `${index} ${hook.url}`;
        if (served.has(key)) continue;
        try {
          await postWebhook(hook.url, webhookBody(hook.format, notification, { id, link, sentAt: new Date() }), id);
          served.add(key);
          Context.current().heartbeat([...served]);
        } catch (err) {
          failures.push(err as Error);
        }
      }
      if (failures.length === 0) return { delivered: hooks.length };
      const message = `webhook delivery of ${notification.event} for proposal ${notification.proposalId} failed: ${failures.map((f) => f.message).join('; ')}`;
      // Retrying cannot help when every failure is a refusal by the receiver.
      if (failures.every((f) => f instanceof WebhookRejectedError)) throw ApplicationFailure.nonRetryable(message, WEBHOOK_REJECTED);
      throw new Error(message);
    },
  };
}
