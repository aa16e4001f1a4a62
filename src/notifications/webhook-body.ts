/**
 * The bodies Kronos posts to a webhook: its own JSON (`json`), or a Slack incoming-webhook message
 * (`slack`: `text` for notifications and clients without blocks, `blocks` for the message itself). Both
 * carry the review page's link to the proposal.
 */
import type { NotificationPolicy } from '../proposals/policy.js';
import { NOTIFICATION_TITLES, type Notification } from './notification.js';

export type WebhookFormat = NotificationPolicy['webhooks'][number]['format'];

/** Where the review page shows a proposal. */
export function proposalLink(reviewUrl: string, proposalId: string): string {
  return `${reviewUrl.replace(/\/+$/, '')}/proposals/${encodeURIComponent(proposalId)}`;
}

/**
 * The body of one delivery; `id` is the same on every retry of it, so a receiver can drop repeats.
 *
 * @example
 * webhookBody('slack', notification, { id: 'run-1/3', link: 'https://kronos.example/review/proposals/p1', sentAt: new Date() });
 */
export function webhookBody(format: WebhookFormat, notification: Notification, meta: { id: string; link: string; sentAt: Date }): Record<string, unknown> {
  const title = NOTIFICATION_TITLES[notification.event];
  if (format === 'slack') {
    const text = `${title}: ${notification.summary} <${meta.link}|Open proposal ${notification.proposalId}>`;
    return {
      text,
      blocks: [
        { type: 'header', text: { type: 'plain_text', text: title } },
        { type: 'section', text: { type: 'mrkdwn', text: `${notification.summary}\n<${meta.link}|Open proposal ${notification.proposalId}>` } },
        { type: 'context', elements: [{ type: 'mrkdwn', text: `${notification.targetType} ${notification.targetId} · ${notification.event}` }] },
      ],
    };
  }
  return {
    id: meta.id,
    event: notification.event,
    title,
    summary: notification.summary,
    proposal_id: notification.proposalId,
    target_type: notification.targetType,
    target_id: notification.targetId,
    link: meta.link,
    detail: notification.detail,
    sent_at: meta.sentAt.toISOString(),
  };
}
