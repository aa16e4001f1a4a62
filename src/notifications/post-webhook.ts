/** One POST of a JSON body to a webhook, bounded in time; what went wrong is one line. */

/** How long one delivery may take before it counts as failed (and is retried). */
export const WEBHOOK_TIMEOUT_MS = 10_000;

/** A webhook answered with a status that a retry will not change (a wrong URL, a revoked token). */
export class WebhookRejectedError extends Error {}

/** Statuses worth retrying: the receiver is busy, limiting, or broken for now. */
function retryable(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

/**
 * Posts `body` to `url` with an `Idempotency-Key` header; resolves on a 2xx answer, else throws
 * (WebhookRejectedError for a 4xx other than 408 and 429).
 *
 * @example
 * await postWebhook('https://hooks.slack.com/services/…', { text: 'hello' }, 'run-1/3');
 */
export async function postWebhook(url: string, body: unknown, idempotencyKey: string): Promise<void> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': idempotencyKey },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
    });
  } catch (err) {
    const cause = (err as { cause?: unknown }).cause;
    throw new Error(`${url}: ${cause instanceof Error ? cause.message : err instanceof Error ? err.message : String(err)}`);
  }
  await response.body?.cancel();
  if (response.ok) return;
  const message = `${url} answered ${response.status} ${response.statusText}`.trim();
  throw retryable(response.status) ? new Error(message) : new WebhookRejectedError(message);
}
