import assert from 'node:assert/strict';
import { test } from 'node:test';
import { requestTimeoutMs } from '../../../src/activities/rationale.js';
import { loadEnv } from '../../../src/config.js';
import { retryAfterMs } from '../../../src/llm/chat-client.js';
import { DEFAULT_LLM_MAX_ATTEMPTS, llmSettings } from '../../../src/llm/settings.js';

test('LLM settings come from the environment; no key means no model', () => {
  assert.deepEqual(
    llmSettings(
      loadEnv({ OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: 'http://127.0.0.1:11434/v1', KRONOS_LLM_MODEL: 'llama3.1', KRONOS_LLM_TIMEOUT_MS: '15000' }),
    ),
    { apiKey: 'sk-test', baseURL: 'http://127.0.0.1:11434/v1', model: 'llama3.1', timeoutMs: 15_000, maxAttempts: DEFAULT_LLM_MAX_ATTEMPTS },
  );
  assert.equal(llmSettings(loadEnv({ OPENAI_API_KEY: '' })).apiKey, undefined);
});

test('Retry-After is read in milliseconds, seconds or as an HTTP date', () => {
  assert.equal(retryAfterMs(new Headers({ 'retry-after-ms': '1500', 'retry-after': '9' })), 1_500);
  assert.equal(retryAfterMs(new Headers({ 'retry-after': '7' })), 7_000);
  assert.equal(retryAfterMs(new Headers({ 'retry-after': '0.25' })), 250);
  const inTenSeconds = new Date(Date.now() + 10_000).toUTCString();
  const fromDate = retryAfterMs(new Headers({ 'retry-after': inTenSeconds })) ?? 0;
  assert.ok(fromDate > 8_000 && fromDate <= 10_000, String(fromDate));
  assert.equal(retryAfterMs(new Headers({ 'retry-after': 'soon' })), undefined);
  assert.equal(retryAfterMs(new Headers()), undefined);
});

test('the request timeout is cut to fit inside the activity start-to-close timeout', () => {
  assert.equal(requestTimeoutMs(30_000, 120_000), 30_000);
  assert.equal(requestTimeoutMs(30_000, 20_000), 16_000);
  assert.equal(requestTimeoutMs(30_000, undefined), 30_000);
});
