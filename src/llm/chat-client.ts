/**
 * One Chat Completions request for a rationale, with structured output, and the classification of
 * everything that can come back. The SDK's own retries are off: the activity's retry policy owns retrying.
 * A transient failure (429, 408, 409, 5xx, timeout, connection) throws {@link LlmTransientError}; the caller's
 * abort throws {@link LlmCancelledError}; an answer that cannot be used (other 4xx, refusal, truncation,
 * invalid JSON, schema mismatch) is returned as `unusable`, since retrying it would only repeat it.
 */
import OpenAI from 'openai';
import type { ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import { LlmCancelledError, LlmTransientError } from './errors.js';
import { RATIONALE_RESPONSE_FORMAT, type Rationale, RationaleSchema } from './rationale-schema.js';
import type { LlmSettings } from './settings.js';
import { cleanUntrustedText } from '../proposals/untrusted-text.js';
import { sanitizeUntrusted } from './untrusted-data.js';

/** Why an answer was not usable. */
export type UnusableReason = 'BAD_REQUEST' | 'REFUSAL' | 'TRUNCATED' | 'EMPTY_REPLY' | 'INVALID_JSON' | 'SCHEMA_MISMATCH';

/** Token counts as the server reported them. */
export type TokenUsage = Record<string, unknown>;

interface ReplyMeta {
  /** The model the server says answered, else the one asked for. */
  model: string;
  usage: TokenUsage | null;
  latencyMs: number;
}

export type ModelReply = ({ kind: 'rationale'; rationale: Rationale } & ReplyMeta) | ({ kind: 'unusable'; reason: UnusableReason; detail: string } & ReplyMeta);

/** Statuses the SDK would retry: request timeout, lock conflict, and every server error. */
function isTransientStatus(status: number): boolean {
  return status === 408 || status === 409 || status >= 500;
}

/**
 * Asks the configured server for a rationale of the given messages.
 *
 * @example
 * const reply = await requestRationale(settings, promptMessages(data), { signal });
 * if (reply.kind === 'rationale') console.log(reply.rationale.summary);
 */
export async function requestRationale(
  settings: LlmSettings,
  messages: ChatCompletionMessageParam[],
  options: { signal?: AbortSignal } = {},
): Promise<ModelReply> {
  const client = new OpenAI({ apiKey: settings.apiKey, baseURL: settings.baseURL, maxRetries: 0, timeout: settings.timeoutMs });
  // The SDK's timeout stops at the response headers; this deadline also bounds reading the body.
  const deadline = AbortSignal.timeout(settings.timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, deadline]) : deadline;
  const started = performance.now();
  const meta = (model: unknown, usage: unknown): ReplyMeta => ({
    model: typeof model === 'string' && model !== '' ? cleanUntrustedText(model, 100) : settings.model,
    usage: usage !== null && typeof usage === 'object' ? (sanitizeUntrusted(usage) as TokenUsage) : null,
    latencyMs: Math.round(performance.now() - started),
  });
  let completion: OpenAI.ChatCompletion;
  try {
    completion = await client.chat.completions.create({ model: settings.model, messages, response_format: RATIONALE_RESPONSE_FORMAT }, { signal });
  } catch (error) {
    if (options.signal?.aborted) throw new LlmCancelledError('the rationale request was cancelled');
    if (deadline.aborted || error instanceof OpenAI.APIConnectionTimeoutError) {
      throw new LlmTransientError('TIMEOUT', `no answer from the model server within ${settings.timeoutMs} ms`);
    }
    if (error instanceof OpenAI.RateLimitError) {
      throw new LlmTransientError('RATE_LIMITED', `rate limited: ${error.message}`, retryAfterMs(error.headers));
    }
    if (error instanceof OpenAI.APIConnectionError) {
      throw new LlmTransientError('CONNECTION', `cannot reach the model server: ${error.message}`);
    }
    if (error instanceof OpenAI.APIError && typeof error.status === 'number') {
      if (isTransientStatus(error.status)) throw new LlmTransientError('SERVER_ERROR', `model server error: ${error.message}`);
      return { kind: 'unusable', reason: 'BAD_REQUEST', detail: cleanUntrustedText(error.message, 300), ...meta(undefined, null) };
    }
    if (error instanceof SyntaxError) {
      return { kind: 'unusable', reason: 'INVALID_JSON', detail: 'the response body is not JSON', ...meta(undefined, null) };
    }
    // Anything else broke the exchange itself (a connection reset while the body was read).
    throw new LlmTransientError('CONNECTION', `the model server's answer was cut off: ${(error as Error).message}`);
  }
  return readReply(completion, meta(completion?.model, completion?.usage));
}

/** Classifies a completed response; never throws. */
function readReply(completion: OpenAI.ChatCompletion, meta: ReplyMeta): ModelReply {
  const unusable = (reason: UnusableReason, detail: string): ModelReply => ({
    kind: 'unusable',
    reason,
    detail: cleanUntrustedText(detail, 300),
    ...meta,
  });
  const choice = Array.isArray(completion?.choices) ? completion.choices[0] : undefined;
  if (!choice?.message) return unusable('EMPTY_REPLY', 'the response has no message');
  if (choice.message.refusal) return unusable('REFUSAL', choice.message.refusal);
  if (choice.finish_reason === 'content_filter') return unusable('REFUSAL', 'stopped by the content filter');
  if (choice.finish_reason === 'length') return unusable('TRUNCATED', 'the answer hit the length limit');
  const content = choice.message.content;
  if (!content) return unusable('EMPTY_REPLY', 'the message has no content');
  let json: unknown;
  try {
    // Some servers wrap JSON in a markdown fence even under a response format.
    json = JSON.parse(content.trim().replace(/^```(?:json)?\s*([\s\S]*?)\s*```$/, '$1'));
  } catch (error) {
    return unusable('INVALID_JSON', (error as Error).message);
  }
  const parsed = RationaleSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return unusable('SCHEMA_MISMATCH', `${issue?.path.join('.') || 'answer'}: ${issue?.message}`);
  }
  return { kind: 'rationale', rationale: parsed.data, ...meta };
}

/**
 * The delay a 429 asks for: `retry-after-ms`, else `Retry-After` in seconds or as an HTTP date.
 *
 * @example
 * retryAfterMs(new Headers({ 'retry-after': '7' })) // 7000
 */
export function retryAfterMs(headers: Headers | undefined): number | undefined {
  const milliseconds = Number.parseFloat(headers?.get('retry-after-ms') ?? '');
  if (Number.isFinite(milliseconds) && milliseconds >= 0) return Math.round(milliseconds);
  const header = headers?.get('retry-after');
  if (!header) return undefined;
  const seconds = Number.parseFloat(header);
  if (Number.isFinite(seconds)) return seconds >= 0 ? Math.round(seconds * 1000) : undefined;
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}
