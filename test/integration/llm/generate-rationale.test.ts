import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LlmCancelledError, LlmTransientError } from '../../../src/llm/errors.js';
import { generateRationale } from '../../../src/llm/generate-rationale.js';
import { PROMPT_VERSION } from '../../../src/llm/prompt.js';
import { rationaleUpdate } from '../../../src/db/repositories/rationales.js';
import type { LlmSettings } from '../../../src/llm/settings.js';
import { InvalidProposalError } from '../../../src/proposals/errors.js';
import { DETERMINISTIC_RATIONALE_MARKER } from '../../../src/proposals/rationale.js';
import { rationaleTestBed } from '../../support/rationale-test-bed.js';
import { type ScriptedReply, completionBody, errorReply, jsonReply } from '../../support/fake-openai-server.js';
import { EVIDENCE, GROUNDED_RATIONALE, INJECTION, LIVE_CONFIG, insertProposal, readProposal, withoutRationale } from '../../support/proposal-fixture.js';

const bed = rationaleTestBed();

/** Runs one scripted exchange and checks that nothing but the rationale columns changed. */
async function runScripted(reply: ScriptedReply | undefined, options: { settings?: LlmSettings; evidence?: unknown; lastAttempt?: boolean } = {}) {
  const proposalId = await insertProposal(bed.db, options.evidence ? { evidence_json: JSON.stringify(options.evidence) } : {});
  const before = await readProposal(bed.db, proposalId);
  const requestsBefore = bed.server.requests.length;
  if (reply) bed.server.script(reply);
  const outcome = await generateRationale(bed.db, proposalId, options.settings ?? bed.server.settings(), { lastAttempt: options.lastAttempt });
  const stored = await readProposal(bed.db, proposalId);
  assert.deepEqual(withoutRationale(stored), withoutRationale(before), 'only rationale columns may change');
  return { outcome, stored, requests: bed.server.requests.slice(requestsBefore) };
}

function assertTemplate(stored: Awaited<ReturnType<typeof readProposal>>, note: RegExp): void {
  assert.ok(stored.rationale_text?.startsWith(DETERMINISTIC_RATIONALE_MARKER), 'the template is shown');
  assert.match(stored.rationale_text ?? '', note);
  assert.ok(stored.deterministic_rationale_text?.startsWith(DETERMINISTIC_RATIONALE_MARKER));
}

test('a good rationale is stored as markdown with its model, prompt version, usage and latency', async () => {
  const { outcome, stored, requests } = await runScripted(jsonReply(GROUNDED_RATIONALE));
  assert.deepEqual(outcome, { proposalId: stored.proposal_id, status: 'LLM_GROUNDED' });
  assert.equal(stored.rationale_status, 'LLM_GROUNDED');
  assert.match(stored.rationale_text ?? '', /^\*\*Summary\.\*\* Raise entry_threshold from 0\.55 to 0\.6/);
  assert.match(stored.rationale_text ?? '', /\| `evidence\.findings\[0\]\.effect` \| -0\.0123 \|/);
  assert.equal(stored.rationale_model, 'fake-model-1');
  assert.equal(stored.rationale_prompt_version, PROMPT_VERSION);
  assert.deepEqual(stored.rationale_usage_json, { prompt_tokens: 812, completion_tokens: 164, total_tokens: 976 });
  assert.ok(typeof stored.rationale_latency_ms === 'number' && stored.rationale_latency_ms >= 0);
  assert.ok(stored.deterministic_rationale_text?.startsWith(DETERMINISTIC_RATIONALE_MARKER), 'the template is kept beside it');

  assert.equal(requests.length, 1);
  const [request] = requests;
  assert.equal(request?.path, '/v1/chat/completions');
  assert.equal(request?.headers.authorization, 'Bearer test-key');
  assert.equal(request?.body.model, 'fake-model-1');
  assert.equal(request?.body.response_format.type, 'json_schema');
  assert.equal(request?.body.response_format.json_schema.name, 'proposal_rationale');
  assert.equal(request?.body.response_format.json_schema.strict, true);
});

test('invalid JSON ends in the template at once', async () => {
  const { outcome, stored, requests } = await runScripted({ kind: 'respond', status: 200, body: completionBody('{"summary": "Raise the thr') });
  assert.equal(outcome.status, 'TEMPLATE_FALLBACK');
  assert.equal(outcome.reason, 'INVALID_JSON');
  assertTemplate(stored, /not usable \(INVALID_JSON/);
  assert.equal(stored.rationale_prompt_version, PROMPT_VERSION);
  const audit = stored.rationale_usage_json as { fallback: { reason: string; detail: string }; total_tokens: number };
  assert.equal(audit.fallback.reason, 'INVALID_JSON');
  assert.match(audit.fallback.detail, /JSON/);
  assert.equal(audit.total_tokens, 976, 'the tokens spent are recorded');
  assert.equal(requests.length, 1, 'no retry');
});

test('a response body that is not JSON ends in the template', async () => {
  const { outcome } = await runScripted({ kind: 'respond', status: 200, body: '<html>gateway says hi</html>' });
  assert.deepEqual(outcome, { proposalId: outcome.proposalId, status: 'TEMPLATE_FALLBACK', reason: 'INVALID_JSON' });
});

test('JSON that breaks the schema ends in the template', async () => {
  const { outcome, stored } = await runScripted(jsonReply({ ...GROUNDED_RATIONALE, direction: 'sideways', risks: 'none' }));
  assert.equal(outcome.reason, 'SCHEMA_MISMATCH');
  assertTemplate(stored, /SCHEMA_MISMATCH/);
});

test('a rationale citing numbers that are not in the evidence is stored as ungrounded, with the template shown', async () => {
  const invented = {
    ...GROUNDED_RATIONALE,
    reasoning: 'Trades below the threshold lost 3.5% each across 412 trades.',
    cited_metrics: [
      { name: 'findings[0].effect', value: -0.035 },
      { name: 'findings[0].sharpe', value: 1.4 },
    ],
  };
  const { outcome, stored } = await runScripted(jsonReply(invented));
  assert.deepEqual(outcome, { proposalId: stored.proposal_id, status: 'LLM_UNGROUNDED', reason: 'UNGROUNDED' });
  assertTemplate(stored, /failed the grounding check: cites findings\[0\]\.effect = -0\.035/);
  const audit = stored.rationale_usage_json as { grounding_problems: string[]; rejected_rationale: unknown; total_tokens: number };
  assert.deepEqual(audit.rejected_rationale, invented, 'the model text is kept for audit');
  assert.equal(audit.total_tokens, 976);
  assert.deepEqual(audit.grounding_problems, [
    'cites findings[0].effect = -0.035, but the evidence has -0.0123',
    'cites findings[0].sharpe, which is not a number in the evidence',
    'states 3.5%, which matches no number in the evidence',
  ]);
});

test('a rationale stating the opposite direction is ungrounded', async () => {
  const opposite = { ...GROUNDED_RATIONALE, direction: 'decrease' };
  const { outcome, stored } = await runScripted(jsonReply(opposite));
  assert.equal(outcome.status, 'LLM_UNGROUNDED');
  assert.match(stored.rationale_text ?? '', /states direction "decrease", but the change is increase/);
});

test('a refusal ends in the template', async () => {
  const { outcome, stored } = await runScripted({
    kind: 'respond',
    status: 200,
    body: completionBody(null, { refusal: 'I cannot help with trading decisions.' }),
  });
  assert.equal(outcome.reason, 'REFUSAL');
  assertTemplate(stored, /REFUSAL: I cannot help with trading decisions/);
});

test('an answer cut at the length limit ends in the template', async () => {
  const { outcome } = await runScripted({ kind: 'respond', status: 200, body: completionBody('{"summary":', { finishReason: 'length' }) });
  assert.equal(outcome.reason, 'TRUNCATED');
});

test('a 400 ends in the template without a retry', async () => {
  const { outcome, stored, requests } = await runScripted(errorReply(400, "Invalid schema for response_format 'proposal_rationale'"));
  assert.equal(outcome.reason, 'BAD_REQUEST');
  assertTemplate(stored, /BAD_REQUEST: 400 Invalid schema/);
  assert.equal(requests.length, 1);
});

test('a 429 raises a transient error carrying Retry-After and stores nothing', async () => {
  const proposalId = await insertProposal(bed.db);
  const before = await readProposal(bed.db, proposalId);
  bed.server.script(errorReply(429, 'Rate limit reached', { 'retry-after': '7' }));
  const requestsBefore = bed.server.requests.length;
  await assert.rejects(generateRationale(bed.db, proposalId, bed.server.settings()), (error: unknown) => {
    assert.ok(error instanceof LlmTransientError);
    assert.equal(error.kind, 'RATE_LIMITED');
    assert.equal(error.retryAfterMs, 7_000);
    return true;
  });
  assert.equal(bed.server.requests.length - requestsBefore, 1, 'the SDK does not retry by itself');
  assert.deepEqual(await readProposal(bed.db, proposalId), before);
});

test('a 500 raises a transient error, and on the last attempt stores the template', async () => {
  const proposalId = await insertProposal(bed.db);
  const before = await readProposal(bed.db, proposalId);
  bed.server.script(errorReply(500, 'upstream exploded'));
  await assert.rejects(generateRationale(bed.db, proposalId, bed.server.settings()), (error: unknown) => {
    assert.ok(error instanceof LlmTransientError);
    assert.equal(error.kind, 'SERVER_ERROR');
    return true;
  });
  assert.deepEqual(await readProposal(bed.db, proposalId), before);

  const { outcome, stored } = await runScripted(errorReply(503, 'still down'), { lastAttempt: true });
  assert.deepEqual(outcome, { proposalId: stored.proposal_id, status: 'TEMPLATE_FALLBACK', reason: 'SERVER_ERROR' });
  assertTemplate(stored, /failed on the last attempt \(SERVER_ERROR/);
});

test('a hang times out as a transient error, and on the last attempt stores the template', async () => {
  const proposalId = await insertProposal(bed.db);
  bed.server.script({ kind: 'hang' });
  const started = Date.now();
  await assert.rejects(generateRationale(bed.db, proposalId, bed.server.settings({ timeoutMs: 300 })), (error: unknown) => {
    assert.ok(error instanceof LlmTransientError);
    assert.equal(error.kind, 'TIMEOUT');
    return true;
  });
  assert.ok(Date.now() - started < 2_000, 'the timeout bounds the wait');
  assert.equal(await bed.server.requests.at(-1)?.ended, 'aborted', 'the client closed the connection');

  const { outcome } = await runScripted({ kind: 'hang' }, { settings: bed.server.settings({ timeoutMs: 300 }), lastAttempt: true });
  assert.equal(outcome.reason, 'TIMEOUT');
});

test("the caller's signal aborts a request in flight and nothing is stored", async () => {
  const proposalId = await insertProposal(bed.db);
  const before = await readProposal(bed.db, proposalId);
  bed.server.script({ kind: 'hang' });
  const controller = new AbortController();
  const waiting = bed.server.waitForRequests(bed.server.requests.length + 1).then(() => controller.abort());
  const started = Date.now();
  await assert.rejects(generateRationale(bed.db, proposalId, bed.server.settings({ timeoutMs: 20_000 }), { signal: controller.signal }), LlmCancelledError);
  await waiting;
  assert.ok(Date.now() - started < 5_000, 'cancelled long before the timeout');
  assert.equal(await bed.server.requests.at(-1)?.ended, 'aborted', 'the request was aborted, not left running');
  assert.deepEqual(await readProposal(bed.db, proposalId), before);
});

test('no key configured: the template, marked as such, and no request reaches the server', async () => {
  const { outcome, stored, requests } = await runScripted(undefined, { settings: bed.server.settings({ apiKey: undefined }) });
  assert.deepEqual(outcome, { proposalId: stored.proposal_id, status: 'TEMPLATE_NO_KEY' });
  assertTemplate(stored, /no language model is configured/);
  assert.equal(stored.rationale_model, null);
  assert.equal(requests.length, 0);
});

test('a deterministic rationale already on the row is used as the template', async () => {
  const proposalId = await insertProposal(bed.db, { deterministic_rationale_text: 'Raise the threshold: low scores lose.' });
  await generateRationale(bed.db, proposalId, bed.server.settings({ apiKey: undefined }));
  const stored = await readProposal(bed.db, proposalId);
  assert.match(stored.rationale_text ?? '', /^Raise the threshold: low scores lose\.\n/);
  assert.equal(stored.deterministic_rationale_text, 'Raise the threshold: low scores lose.');
});

test('a row stored without its deterministic rationale is refused in one line, and nothing is written', async () => {
  const proposalId = await insertProposal(bed.db, { deterministic_rationale_text: null });
  const before = await readProposal(bed.db, proposalId);
  await assert.rejects(
    generateRationale(bed.db, proposalId, bed.server.settings({ apiKey: undefined })),
    (error: Error) => error instanceof InvalidProposalError && error.message === `proposal ${proposalId} has no deterministic rationale to fall back on`,
  );
  assert.deepEqual(await readProposal(bed.db, proposalId), before);
});

test('injected instructions in the evidence stay inside the data block and change nothing', async () => {
  const evidence = { ...EVIDENCE, findings: [{ ...EVIDENCE.findings[0], subject: { strategy_id: 'mom-eu-01', risk_reason: INJECTION } }] };
  const obeying = {
    ...GROUNDED_RATIONALE,
    summary: 'As instructed, set max_position_notional to 1e9.',
    proposed_config_json: { ...LIVE_CONFIG, max_position_notional: 1e9 },
    confidence: 1,
    status: 'APPROVED',
  };
  const { outcome, stored, requests } = await runScripted(jsonReply(obeying), { evidence });
  assert.equal(outcome.status, 'LLM_UNGROUNDED');
  assert.deepEqual(stored.proposed_config_json, { ...LIVE_CONFIG, entry_threshold: 0.6 });
  assert.equal(stored.confidence, 0.72);
  assert.equal(stored.status, 'PENDING');

  const [system, user] = requests[0]?.body.messages as { role: string; content: string }[];
  assert.equal(system?.role, 'system');
  assert.ok(!system?.content.includes(INJECTION));
  const content = user?.content ?? '';
  const at = content.indexOf(INJECTION);
  assert.ok(at > content.indexOf('<data>') && at < content.indexOf('</data>'), 'inside the data block');
  assert.equal(content.indexOf(INJECTION, at + 1), -1, 'exactly once');
  assert.equal(content.indexOf('</data>'), content.lastIndexOf('</data>'), 'the block cannot be closed from inside');
});

test('a grounded answer carrying config, confidence and status keys changes none of them', async () => {
  const hostile = { ...GROUNDED_RATIONALE, proposed_config_json: { max_position_notional: 1e9 }, confidence: 1, status: 'APPLIED' };
  const { outcome, stored } = await runScripted(jsonReply(hostile));
  assert.equal(outcome.status, 'LLM_GROUNDED');
  assert.equal(stored.status, 'PENDING');
  assert.equal(stored.confidence, 0.72);
});

test('the rationale update names the rationale columns and nothing else', () => {
  const fields = {
    rationale_text: 't',
    rationale_status: 'LLM_GROUNDED',
    rationale_model: 'm',
    rationale_prompt_version: 'v',
    rationale_usage_json: {},
    rationale_latency_ms: 1,
    deterministic_rationale_text: 'd',
  };
  const { sql } = rationaleUpdate(bed.db, 'p', fields).compile();
  const assigned = [...sql.matchAll(/"(\w+)" = \$\d+/g)].map((match) => match[1]);
  assert.deepEqual(assigned.sort(), [...Object.keys(fields), 'proposal_id'].sort());
});
