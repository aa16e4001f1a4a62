/**
 * A fake OpenAI-compatible server for tests: node:http on 127.0.0.1 at a random port, implementing
 * `POST /v1/chat/completions` with scripted replies (one per request, in order) and recording every
 * request it receives. The real `openai` client talks to it over real HTTP.
 */
import { type IncomingMessage, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { LlmSettings } from '../../src/llm/settings.js';

/** One scripted answer. */
export type ScriptedReply =
  /** An HTTP response: status, extra headers, and a body (JSON-encoded unless a string). */
  | { kind: 'respond'; status: number; headers?: Record<string, string>; body: unknown }
  /** Accept the request and never answer (until the client gives up). */
  | { kind: 'hang' };

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  /** The parsed JSON body. */
  body: any;
  /** When the request arrived (Date.now()). */
  receivedAt: number;
  /** Settles when the exchange ends: `aborted` when the client closed the connection before an answer. */
  ended: Promise<'answered' | 'aborted'>;
}

export interface FakeOpenAiServer {
  /** The base URL to give the client, ending in `/v1`. */
  baseURL: string;
  requests: RecordedRequest[];
  /** Appends replies to the script. */
  script(...replies: ScriptedReply[]): void;
  /** LLM settings pointing at this server (key `test-key`, model `fake-model-1`, 2 s timeout, 3 attempts). */
  settings(overrides?: Partial<LlmSettings>): LlmSettings;
  /** Resolves once `count` requests have arrived. */
  waitForRequests(count: number): Promise<void>;
  close(): Promise<void>;
}

/** A chat.completion body whose single message has the given content (and optional refusal). */
export function completionBody(content: string | null, options: { finishReason?: string; refusal?: string; model?: string } = {}): unknown {
  return {
    id: 'chatcmpl-fake',
    object: 'chat.completion',
    created: 1_700_000_000,
    model: options.model ?? 'fake-model-1',
    choices: [
      {
        index: 0,
        finish_reason: options.finishReason ?? 'stop',
        logprobs: null,
        message: { role: 'assistant', content, refusal: options.refusal ?? null },
      },
    ],
    usage: { prompt_tokens: 812, completion_tokens: 164, total_tokens: 976 },
  };
}

/** A 200 reply carrying `value` as the message content, JSON-encoded. */
export function jsonReply(value: unknown): ScriptedReply {
  return { kind: 'respond', status: 200, body: completionBody(JSON.stringify(value)) };
}

/** An error reply in OpenAI's error shape. */
export function errorReply(status: number, message: string, headers: Record<string, string> = {}): ScriptedReply {
  return { kind: 'respond', status, headers, body: { error: { message, type: 'fake_error', code: null, param: null } } };
}

/**
 * Starts the server; an unscripted request gets a 599 so a test that sends too many fails loudly.
 *
 * @example
 * const server = await startFakeOpenAiServer();
 * server.script(jsonReply({ summary: '…' }));
 * const client = new OpenAI({ apiKey: 'test', baseURL: server.baseURL });
 */
export async function startFakeOpenAiServer(): Promise<FakeOpenAiServer> {
  const script: ScriptedReply[] = [];
  const requests: RecordedRequest[] = [];
  const waiters: { count: number; resolve: () => void }[] = [];

  const answer = (reply: ScriptedReply | undefined, res: ServerResponse): void => {
    if (reply?.kind === 'hang') return;
    const { status, headers = {}, body } = reply ?? { status: 599, body: { error: { message: 'no scripted reply left' } } };
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(text);
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      requests.push({
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        body: raw ? JSON.parse(raw) : undefined,
        receivedAt: Date.now(),
        ended: new Promise((resolve) => res.on('close', () => resolve(res.writableFinished ? 'answered' : 'aborted'))),
      });
      for (const waiter of waiters.filter((w) => requests.length >= w.count)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
      if (req.method !== 'POST' || req.url !== '/v1/chat/completions') {
        answer(errorReply(404, `no route ${req.method} ${req.url}`), res);
        return;
      }
      answer(script.shift(), res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  const baseURL = `http://127.0.0.1:${port}/v1`;
  return {
    baseURL,
    requests,
    settings: (overrides = {}) => ({ apiKey: 'test-key', baseURL, model: 'fake-model-1', timeoutMs: 2_000, maxAttempts: 3, ...overrides }),
    script: (...replies) => script.push(...replies),
    waitForRequests: (count) => (requests.length >= count ? Promise.resolve() : new Promise((resolve) => waiters.push({ count, resolve }))),
    close: () =>
      new Promise((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
